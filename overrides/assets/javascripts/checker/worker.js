// The checker worker (a module worker): boots the self-hosted Pyodide, installs the checker wheel
// from the site's lock file (Pyodide verifies its sha256) and answers checks with JSON strings. After
// the first start it keeps a memory snapshot of the started checker in this browser (snapshot.js), and
// later starts restore that instead; any doubt about a snapshot means a normal start.
// It never logs message text: Pyodide's stdout/stderr are captured, not printed.
// No static imports: this worker's helpers and the runtime's loader are fetched side by side once it
// has its config (static imports would cost one more round trip before the runtime's downloads start).

/** @typedef {import("./protocol.js").InitConfig} InitConfig */
/** @typedef {import("./protocol.js").Reply} Reply */

// Calls the bridge; `received_at` is passed only when given. Returns the bridge's JSON string.
const PY_SETUP = `
import json as _json
import checker as _checker
from checker.api import warm_up as _cuishou_warm_up
from checker.bridge import check_json as _check_json

def _cuishou_check(text, sender, received_at):
    if received_at:
        return _check_json(text, sender or None, received_at=received_at)
    return _check_json(text, sender or None)

_cuishou_info = _json.dumps({"checkerVersion": _checker.__version__, "maxLength": _checker.MAX_TEXT_LENGTH})
`;

// A fixed message every start checks: it reaches the rules, links, numbers, the sender and the time,
// so their patterns are compiled before the reader's first check. A start from a memory snapshot must
// answer it exactly as the interpreter that made the snapshot did, before it says "ready".
const PROBE = /** @type {const} */ ([
  "【拍拍贷】您已逾期，请点击 http://ppd-xx.cn 或致电 13800138000 处理，加微信 abc123",
  "10690000",
  "23:30",
]);

/** @type {typeof import("./fetch-progress.js")} */
let downloads;
/** @type {typeof import("./snapshot.js")} */
let snapshots;

/** @param {string} text  e.g. the probe's answer, as the snapshot stores it */
const digestOf = (text) => snapshots.sha256Hex(new TextEncoder().encode(text));

/** @type {((text: string, sender: string, receivedAt: string) => string) | null} */
let check = null;

/**
 * Request a file now, before the runtime asks for it, unless this browser has it stored already.
 * @param {string} href @param {AbortSignal} signal
 * @returns {Promise<import("./fetch-progress.js").EarlyResponse | null>}
 */
async function requestUnlessStored(href, signal) {
  const stored = typeof caches === "object" && caches ? await caches.match(href).catch(() => undefined) : undefined;
  if (stored) return null;
  const sent = performance.now();
  const response = await fetch(href, { signal });
  return { response, sent, received: performance.now() };
}

/** @param {Reply} reply */
const post = (reply) => globalThis.postMessage(reply);

/**
 * Pyodide's package loader keeps a JS reference to `loadedPackages`, and a memory snapshot can only be
 * made while that object is empty (Pyodide 314). Empty it for the copy, then put it back.
 * @param {any} pyodide @returns {Uint8Array}
 */
function makeSnapshot(pyodide) {
  const loaded = { ...pyodide.loadedPackages };
  for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
  try {
    return pyodide.makeMemorySnapshot();
  } finally {
    Object.assign(pyodide.loadedPackages, loaded);
  }
}

/**
 * @param {number} id
 * @param {InitConfig} config
 */
async function init(id, config) {
  /** @type {string[]} */
  const output = [];
  let failed = false;
  let preparing = false;
  let lastPost = 0;
  /** @param {string} detail */
  const fatal = (detail) => {
    if (failed) return;
    failed = true;
    post({ type: "fatal", id, code: "load_failed", detail });
  };
  /** @param {boolean} fromCache */
  const prepare = (fromCache) => {
    if (preparing) return;
    preparing = true;
    post({ type: "progress", id, stage: "prepare", loaded: 0, total: 0, fromCache });
  };
  // Every start needs the Wasm binary, the largest file: it is requested at once, while this worker's
  // helpers and the runtime's loader are still on their way (one round trip before Pyodide would ask
  // for it); fetch-progress.js hands this response to Pyodide, tracked and stored like any other.
  const wasm = `${config.indexURL}pyodide.asm.wasm`;
  const stopEarly = new AbortController();
  const earlyWasm = requestUnlessStored(wasm, stopEarly.signal);
  earlyWasm.catch(() => {}); // a failure is reported when Pyodide asks for the file
  const early = new Map([[wasm, earlyWasm]]);
  /**
   * @param {Record<string, number>} sizes the files this start fetches
   * @param {string[]} [order] those it fetches one after another (see fetch-progress.js)
   */
  const track = (sizes, order) =>
    downloads.trackDownloads({
      sizes,
      order,
      early,
      caches: config.caches,
      onProgress: (loaded, total, fromCache) => {
        if (preparing) return;
        if (loaded >= total) {
          prepare(fromCache);
          return;
        }
        if (fromCache) return; // nothing is downloading: the page says "preparing" once all is there
        const now = performance.now();
        if (now - lastPost < 100) return; // every chunk keeps the page's inactivity timer fresh; 10 a second do
        lastPost = now;
        post({ type: "progress", id, stage: "download", loaded, total, fromCache: false });
      },
      onFailure: (url, reason) => fatal(`${url.split("/").pop()}: ${reason}`),
    });
  const t0 = performance.now();
  /** @type {Record<string, number>} */
  const timings = {};
  const mark = (/** @type {string} */ name) => {
    timings[name] = Math.round(performance.now() - t0);
  };
  /** @param {Record<string, unknown>} options */
  const boot = (options) =>
    loadPyodide({
      indexURL: config.indexURL,
      lockFileURL: config.lockFileURL,
      stdLibURL: config.stdlibURL, // trimmed to what the checker imports, precompiled (see trim_stdlib.mjs)
      packageBaseUrl: new URL(".", config.lockFileURL).href, // also Pyodide's fallback "CDN": our own site
      stdout: (/** @type {string} */ line) => output.push(line),
      stderr: (/** @type {string} */ line) => output.push(line),
      ...options,
    });
  /** @type {any} */
  let loadPyodide;
  /** @type {import("./snapshot.js").SnapshotStore} */
  let store;

  /**
   * A start from this browser's memory snapshot: no Python start-up, no import, no wheel. The restored
   * interpreter has the checker's modules in memory but not its files (the file system is not part of
   * the snapshot): whatever the checker reads lazily, the probe must have read before the copy.
   */
  const fromSnapshot = async (/** @type {Response} */ stored) => {
    // Read and checked while Pyodide loads its Emscripten module and fetches the Wasm binary (it compiles
    // the binary only once the snapshot is in hand); restored only once the attempt is on record.
    const attempt = store.restoring();
    const saved = store.read(stored);
    saved.then(() => mark("snapshotRead")).catch(() => {});
    const bytes = Promise.all([saved, attempt]).then(([s]) => s.bytes);
    bytes.catch(() => {});
    const restoreFetch = track(
      Object.fromEntries(Object.entries(config.sizes).filter(([url]) => !url.endsWith(".whl"))),
    );
    try {
      const pyodide = await boot({ packages: [], _loadSnapshot: bytes });
      mark("runtime");
      check = pyodide.globals.get("_cuishou_check");
      if (!check || (await digestOf(check(...PROBE))) !== (await saved).probeDigest) {
        throw new Error("the restored checker answers the probe differently");
      }
      mark("probe");
      store.restored().catch(() => {});
      return pyodide;
    } catch (err) {
      await attempt.catch(() => {}); // so that deleting or marking the entry also clears the marker
      throw err;
    } finally {
      restoreFetch();
    }
  };

  /** A normal start: boot, install the wheel from the lock file, import; optionally keep a snapshot. */
  const fresh = async (/** @type {boolean} */ makeSnapshot) => {
    // In the order start-up needs them: the Wasm binary compiles as it arrives, Python starts once the
    // standard library is there, the wheel is installed last.
    const wheels = Object.keys(config.sizes).filter((url) => url.endsWith(".whl"));
    const order = [wasm, config.stdlibURL, ...wheels];
    const restoreFetch = track(config.sizes, order.filter((url) => url in config.sizes));
    try {
      // The wheel downloads while the interpreter starts.
      const pyodide = await boot({ packages: [config.packageName], _makeSnapshot: makeSnapshot });
      if (!(config.packageName in pyodide.loadedPackages)) {
        throw new Error(`package ${config.packageName} not loaded: ${output.slice(-3).join(" | ")}`);
      }
      mark("runtime");
      pyodide.runPython(PY_SETUP);
      check = pyodide.globals.get("_cuishou_check");
      if (!check) throw new Error("checker entry point missing");
      mark("import");
      return pyodide;
    } finally {
      restoreFetch();
    }
  };

  try {
    // All settled before a failure is reported: the page ends this worker then, and a request still
    // under way would be cut off unanswered.
    const modules = await Promise.allSettled([
      import(`${config.indexURL}pyodide.mjs`),
      import("./fetch-progress.js"),
      import("./snapshot.js"),
    ]);
    for (const module of modules) if (module.status === "rejected") throw module.reason;
    [{ loadPyodide }, downloads, snapshots] = modules.map((module) => /** @type {any} */ (module).value);
    mark("loader");
    const maker = await digestOf(PY_SETUP + JSON.stringify(PROBE));
    store = new snapshots.SnapshotStore(config.snapshotCache, new URL("memory-snapshot", config.lockFileURL).href, maker);
    const stored = await store.find().catch(() => /** @type {const} */ ("unavailable"));
    /** @type {any} */
    let pyodide = null;
    let start = /** @type {"snapshot" | "fresh"} */ ("fresh");
    let making = stored === null; // nothing stored (or a stale or interrupted copy was just dropped)
    if (stored instanceof Response) {
      try {
        pyodide = await fromSnapshot(stored);
        start = "snapshot";
      } catch (err) {
        check = null;
        if (failed) return; // a download failed: the page has been told, and the snapshot is not to blame
        making = err instanceof snapshots.DamagedSnapshot; // a damaged copy: delete it and make a new one
        await (making ? store.drop() : store.markUnusable()).catch(() => {});
        timings.snapshotFailed = 1;
      }
    }
    pyodide ??= await fresh(making);
    const info = JSON.parse(pyodide.globals.get("_cuishou_info"));
    if (failed) return;
    post({ type: "ready", id, info: { ...info, pyodideVersion: pyodide.version, start, timings } });
    if (start === "fresh") afterFreshStart(pyodide, making, store);
  } catch (err) {
    if (early.has(wasm)) {
      // Pyodide never took the early request over: stop it (and let it settle) before saying so.
      stopEarly.abort();
      await earlyWasm.catch(() => {});
    }
    fatal(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Right after a normal start says "ready", in the same task, so no check of the reader's can run
 * before it: the probe (it compiles the patterns the reader's first check would otherwise wait for),
 * and, when a snapshot is to be made, every other pattern too (so that checks after a start from the
 * snapshot never wait for a compile), then the memory snapshot, which therefore holds the probe and
 * never a reader's message. Storing the
 * copy happens in the background; if it cannot be stored (the browser's storage quota), this build does
 * not try again on every visit.
 * @param {any} pyodide @param {boolean} making @param {import("./snapshot.js").SnapshotStore} store
 */
function afterFreshStart(pyodide, making, store) {
  let answer;
  let bytes;
  try {
    answer = check?.(...PROBE);
    if (!making || answer === undefined) return;
    const warmUp = pyodide.globals.get("_cuishou_warm_up");
    warmUp();
    warmUp.destroy();
    bytes = makeSnapshot(pyodide);
  } catch {
    if (making) store.markUnusable().catch(() => {});
    return;
  }
  digestOf(answer)
    .then((digest) => store.save(bytes, digest))
    .catch(() => store.markUnusable())
    .catch(() => {});
}

globalThis.addEventListener("message", (/** @type {MessageEvent} */ event) => {
  const msg = /** @type {import("./protocol.js").Request} */ (event.data);
  if (msg.type === "init") {
    void init(msg.id, msg.config);
  } else if (msg.type === "check") {
    if (!check) {
      post({ type: "error", id: msg.id, detail: "checker not ready" });
      return;
    }
    try {
      post({ type: "result", id: msg.id, json: check(msg.text, msg.sender, msg.receivedAt) });
    } catch (err) {
      // Python exceptions carry a traceback, never the message text itself.
      const type = /** @type {{type?: string}} */ (err).type;
      post({ type: "error", id: msg.id, detail: type ?? (err instanceof Error ? err.name : "error") });
    }
  }
});
