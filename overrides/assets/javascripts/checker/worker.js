// The checker worker (a module worker): boots the self-hosted Pyodide, installs the checker wheel
// from the site's lock file (Pyodide verifies its sha256) and answers checks with JSON strings.
// It never logs message text: Pyodide's stdout/stderr are captured, not printed.
import { trackDownloads } from "./fetch-progress.js";

/** @typedef {import("./protocol.js").InitConfig} InitConfig */
/** @typedef {import("./protocol.js").Reply} Reply */

// Calls the bridge; `received_at` is passed only when given. Returns the bridge's JSON string.
const PY_SETUP = `
import json as _json
import checker as _checker
from checker.bridge import check_json as _check_json

def _cuishou_check(text, sender, received_at):
    if received_at:
        return _check_json(text, sender or None, received_at=received_at)
    return _check_json(text, sender or None)

_cuishou_info = _json.dumps({"checkerVersion": _checker.__version__, "maxLength": _checker.MAX_TEXT_LENGTH})
`;

/** @type {((text: string, sender: string, receivedAt: string) => string) | null} */
let check = null;

/** @param {Reply} reply */
const post = (reply) => globalThis.postMessage(reply);

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
  const restoreFetch = trackDownloads({
    sizes: config.sizes,
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
  try {
    const { loadPyodide } = await import(`${config.indexURL}pyodide.mjs`);
    mark("loader");
    const pyodide = await loadPyodide({
      indexURL: config.indexURL,
      lockFileURL: config.lockFileURL,
      stdLibURL: config.stdlibURL, // trimmed to what the checker imports, precompiled (see trim_stdlib.mjs)
      packageBaseUrl: new URL(".", config.lockFileURL).href, // also Pyodide's fallback "CDN": our own site
      packages: [config.packageName], // downloaded while the interpreter boots
      stdout: (/** @type {string} */ line) => output.push(line),
      stderr: (/** @type {string} */ line) => output.push(line),
    });
    if (!(config.packageName in pyodide.loadedPackages)) {
      throw new Error(`package ${config.packageName} not loaded: ${output.slice(-3).join(" | ")}`);
    }
    mark("runtime");
    pyodide.runPython(PY_SETUP);
    mark("import");
    check = pyodide.globals.get("_cuishou_check");
    const info = JSON.parse(pyodide.globals.get("_cuishou_info"));
    if (check) check("warm-up", "", ""); // first call compiles the rules; keep it off the user's first check
    mark("warmup");
    if (!failed) post({ type: "ready", id, info: { ...info, pyodideVersion: pyodide.version, timings } });
  } catch (err) {
    fatal(err instanceof Error ? err.message : String(err));
  } finally {
    restoreFetch();
  }
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
