// Counts the bytes of the big downloads (Wasm, stdlib, wheel) as Pyodide fetches them, so the page
// can show a real progress bar. Pyodide's own fetches are untouched apart from being observed.

/**
 * Wrap `globalThis.fetch` for the given URLs and report (loaded, total) bytes.
 * @param {Record<string, number>} sizes  absolute URL -> expected (uncompressed) size
 * @param {(loaded: number, total: number) => void} onProgress
 * @param {(url: string, reason: string) => void} onFailure  a tracked download failed (Pyodide itself
 *   may wait forever when the Wasm binary is missing, so the worker reports this at once)
 * @returns {() => void} restores the original fetch
 */
export function trackDownloads(sizes, onProgress, onFailure) {
  const original = globalThis.fetch;
  const total = Object.values(sizes).reduce((sum, n) => sum + n, 0);
  /** @type {Map<string, number>} */
  const loaded = new Map();
  const report = () => onProgress([...loaded.values()].reduce((sum, n) => sum + n, 0), total);

  /** @type {typeof fetch} */
  const tracked = async (input, init) => {
    const href = new URL(input instanceof Request ? input.url : String(input), globalThis.location.href).href;
    if (!(href in sizes)) return original(input, init);
    let response;
    try {
      response = await original(input, init);
    } catch (err) {
      onFailure(href, err instanceof Error ? err.message : String(err));
      throw err;
    }
    if (!response.ok) onFailure(href, `HTTP ${response.status}`);
    if (!response.ok || !response.body) return response;
    const reader = response.body.getReader();
    const body = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          loaded.set(href, sizes[href]);
          report();
          controller.close();
          return;
        }
        loaded.set(href, Math.min(sizes[href], (loaded.get(href) ?? 0) + value.byteLength));
        report();
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  globalThis.fetch = tracked;
  return () => {
    globalThis.fetch = original;
  };
}
