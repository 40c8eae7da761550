// The worker's downloads: Pyodide fetches the Wasm binary, the stdlib, the lock file and the wheel with
// `fetch`; this wraps `fetch` for exactly those URLs to
//   * answer from Cache Storage when an earlier visit (or an earlier, failed attempt) stored the file,
//     so a retry or a second visit downloads nothing it already has;
//   * store each file once it has arrived in full (a versioned cache per folder: new build, new cache);
//   * count the bytes as they arrive, so the page can show progress and tell a slow network from a dead one;
//   * fetch the files named in `order` one after another instead of side by side: on a slow network
//     files that share the line all finish together at the end, and start-up (compiling the Wasm
//     binary, starting Python, installing the wheel) can only begin then; one after another, each
//     step starts while the next file is still arriving. The next request goes out when the one ahead
//     of it has a quarter of a second (or a round trip, when that is longer) to go, so the line never
//     idles between them. A file that takes less than two seconds in all lets the next one go at once:
//     on a fast line the processor, not the line, sets the pace, and start-up needs every file soon;
//   * hand over a response the worker requested before the runtime asked for the file (`early`).
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
 * @property {string[]} [order]  absolute URLs (of `sizes`) this start is sure to fetch, in the order it
 *   needs them; each waits for the one before it (a URL that is never fetched would hold up the rest)
 * @property {Map<string, Promise<EarlyResponse | null>>} [early]  requests made before the runtime asked
 *   (null: the file was stored); the first fetch of such a URL takes its response instead of a new one
 *
 * @typedef {object} EarlyResponse
 * @property {Response} response
 * @property {number} sent  when the request went out (performance.now())
 * @property {number} received  when its response (the headers) came
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

// How long before the end of one download of `order` the next one starts, and how long a download that
// lets the next one start at once takes at most (see above).
const LEAD_MS = 250;
const QUICK_MS = 2000;

/** A promise and the function that resolves it (Promise.withResolvers, which older browsers lack). */
function deferred() {
  /** @type {() => void} */
  let resolve = () => {};
  const promise = new Promise((/** @type {(value?: unknown) => void} */ done) => {
    resolve = () => done();
  });
  return { promise, resolve };
}

/**
 * Wrap `globalThis.fetch` for the URLs in `sizes`.
 * @param {FetchLayerOptions} options
 * @returns {() => void} restores the original fetch
 */
export function trackDownloads({ sizes, caches: folders, onProgress, onFailure, order = [], early = new Map() }) {
  const original = globalThis.fetch;
  const total = Object.values(sizes).reduce((sum, n) => sum + n, 0);
  /** @type {Map<string, number>} */
  const loaded = new Map();
  let allCached = true;
  const report = () => onProgress([...loaded.values()].reduce((sum, n) => sum + n, 0), total, allCached);
  const storage = typeof caches === "object" && caches ? caches : null; // absent on plain-http hosts
  // For each URL of `order`: resolved once the next one may start (this one is about to end, has ended,
  // failed, or came from the cache).
  const turns = new Map(order.map((href) => [href, deferred()]));
  /** @param {string} href */
  const passTurn = (href) => turns.get(href)?.resolve();
  /** @param {string} href */
  const waitTurn = async (href) => {
    const before = order.indexOf(href) - 1;
    if (before >= 0) await turns.get(order[before])?.promise;
  };

  /** @param {string} href @param {Response} response @param {number} sent @param {number} firstByte */
  const count = async (href, response, sent, firstByte) => {
    if (!response.body) return;
    const roundTrip = firstByte - sent;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const got = Math.min(sizes[href], (loaded.get(href) ?? 0) + value.byteLength);
      loaded.set(href, got);
      report();
      // At the pace so far (over a few round trips and the lead at least: the first burst of a response
      // says little about the line's pace): the next request goes out when the rest takes less than the
      // lead, or when the whole file is quick.
      const elapsed = performance.now() - firstByte;
      const rest = ((sizes[href] - got) * elapsed) / got;
      const measured = elapsed >= Math.max(3 * roundTrip, LEAD_MS);
      if (measured && (rest <= Math.max(LEAD_MS, roundTrip) || elapsed + rest <= QUICK_MS)) {
        passTurn(href);
      }
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
      passTurn(href);
      return hit;
    }
    allCached = false;
    await waitTurn(href);
    const started = init?.integrity ? undefined : early.get(href);
    early.delete(href);
    let sent = performance.now();
    let response;
    let received;
    try {
      const taken = await started;
      if (taken) ({ response, sent, received } = taken);
      else response = await original(input, init);
    } catch (err) {
      passTurn(href);
      onFailure(href, err instanceof Error ? err.message : String(err));
      throw err;
    }
    if (!response.ok) {
      passTurn(href);
      onFailure(href, `HTTP ${response.status}`);
      return response;
    }
    count(href, response.clone(), sent, received ?? performance.now())
      .catch((err) => onFailure(href, err instanceof Error ? err.message : String(err)))
      .finally(() => passTurn(href));
    // Stored only once the whole body arrived (put() rejects on a broken download: nothing half-stored).
    if (cache) cache.put(href, response.clone()).catch(() => {});
    return response;
  };
  globalThis.fetch = tracked;
  return () => {
    globalThis.fetch = original;
  };
}
