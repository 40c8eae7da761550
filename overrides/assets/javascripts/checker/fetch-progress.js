// The worker's downloads: Pyodide fetches the Wasm binary, the stdlib, the lock file and the wheel with
// `fetch`; this wraps `fetch` for exactly those URLs to
//   * answer from Cache Storage when an earlier visit (or an earlier, failed attempt) stored the file,
//     so a retry or a second visit downloads nothing it already has;
//   * store each file once it has arrived in full (a versioned cache per folder: new build, new cache);
//   * count the bytes as they arrive, so the page can show progress and tell a slow network from a dead one.
// The response Pyodide gets is the original one (or the cached one), never a re-wrapped stream: Chromium
// compiles the Wasm while it streams in and keeps the compiled code (its Wasm code cache) only for
// responses that come straight from fetch or Cache Storage. Bytes are counted on a clone.

/**
 * @typedef {object} FetchLayerOptions
 * @property {Record<string, number>} sizes  absolute URL -> expected (uncompressed) size
 * @property {Record<string, string>} caches  absolute folder URL -> Cache Storage name
 * @property {(loaded: number, total: number, fromCache: boolean) => void} onProgress
 * @property {(url: string, reason: string) => void} onFailure  a download failed (Pyodide itself may
 *   wait forever when the Wasm binary is missing, so the worker reports this at once)
 */

/** @param {string} href @param {Record<string, string>} folders */
const cacheNameFor = (href, folders) => {
  for (const [folder, name] of Object.entries(folders)) if (href.startsWith(folder)) return name;
  return null;
};

/** Does `body` match a Subresource Integrity value such as "sha256-<base64>"? @param {ArrayBuffer} body @param {string} integrity */
async function matchesIntegrity(body, integrity) {
  const [algorithm, expected] = integrity.trim().split(/-(.*)/s);
  const names = /** @type {Record<string, string>} */ ({ sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" });
  if (!names[algorithm]) return false;
  const digest = new Uint8Array(await crypto.subtle.digest(names[algorithm], body));
  return btoa(String.fromCharCode(...digest)) === expected;
}

/**
 * Wrap `globalThis.fetch` for the URLs in `sizes`.
 * @param {FetchLayerOptions} options
 * @returns {() => void} restores the original fetch
 */
export function trackDownloads({ sizes, caches: folders, onProgress, onFailure }) {
  const original = globalThis.fetch;
  const total = Object.values(sizes).reduce((sum, n) => sum + n, 0);
  /** @type {Map<string, number>} */
  const loaded = new Map();
  let allCached = true;
  const report = () => onProgress([...loaded.values()].reduce((sum, n) => sum + n, 0), total, allCached);
  const storage = typeof caches === "object" && caches ? caches : null; // absent on plain-http hosts

  /** @param {string} href @param {Response} response */
  const count = async (href, response) => {
    if (!response.body) return;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded.set(href, Math.min(sizes[href], (loaded.get(href) ?? 0) + value.byteLength));
      report();
    }
    loaded.set(href, sizes[href]);
    report();
  };

  /** @type {typeof fetch} */
  const tracked = async (input, init) => {
    const href = new URL(input instanceof Request ? input.url : String(input), globalThis.location.href).href;
    if (!(href in sizes)) return original(input, init);
    const name = cacheNameFor(href, folders);
    const cache = storage && name ? await storage.open(name).catch(() => null) : null;
    const hit = cache ? await cache.match(href).catch(() => undefined) : undefined;
    if (hit && (!init?.integrity || (await matchesIntegrity(await hit.clone().arrayBuffer(), init.integrity)))) {
      loaded.set(href, sizes[href]);
      report();
      return hit;
    }
    allCached = false;
    let response;
    try {
      response = await original(input, init);
    } catch (err) {
      onFailure(href, err instanceof Error ? err.message : String(err));
      throw err;
    }
    if (!response.ok) {
      onFailure(href, `HTTP ${response.status}`);
      return response;
    }
    count(href, response.clone()).catch((err) => onFailure(href, err instanceof Error ? err.message : String(err)));
    // Stored only once the whole body arrived (put() rejects on a broken download: nothing half-stored).
    if (cache) cache.put(href, response.clone()).catch(() => {});
    return response;
  };
  globalThis.fetch = tracked;
  return () => {
    globalThis.fetch = original;
  };
}
