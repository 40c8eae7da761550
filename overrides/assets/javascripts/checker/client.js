// The page's side of the protocol: starts the worker once, watches loading with an inactivity timeout
// (it gives up only when nothing has happened for a while: bytes still arriving on a slow network keep
// it alive), and turns check requests into promises of the bridge's JSON string.

/** @typedef {import("./protocol.js").Reply} Reply */
/** @typedef {import("./protocol.js").ReadyInfo} ReadyInfo */
/** @typedef {import("./protocol.js").FatalCode} FatalCode */
/** @typedef {import("./protocol.js").InitConfig} InitConfig */

const CHECK_TIMEOUT_MS = 20000;
// Once everything has arrived, starting the interpreter is CPU work with nothing to report: a slow
// phone gets this long for it, however short the download's inactivity timeout.
const PREPARE_TIMEOUT_MS = 90000;

/** A loading failure with a code the page can explain. */
export class LoadError extends Error {
  /** @param {FatalCode} code @param {string} detail */
  constructor(code, detail) {
    super(detail);
    this.code = code;
  }
}

/** @returns {FatalCode | null} why this browser cannot run the checker at all */
export function unsupportedReason() {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") return "no_wasm";
  if (typeof Worker !== "function") return "no_module_worker";
  return null;
}

export class CheckerClient {
  /**
   * @param {string} workerURL absolute URL of worker.js
   * @param {InitConfig} config
   * @param {number} timeoutMs  give up after this long without any sign of progress
   * @param {(message: import("./protocol.js").ProgressMessage) => void} onProgress  (may be replaced later:
   *   the page starts loading before its widget is set up; `lastProgress` has what came before)
   */
  constructor(workerURL, config, timeoutMs, onProgress) {
    this.workerURL = workerURL;
    this.config = config;
    this.timeoutMs = timeoutMs;
    this.onProgress = onProgress;
    /** @type {import("./protocol.js").ProgressMessage | null} */
    this.lastProgress = null;
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {Promise<ReadyInfo> | null} */
    this.ready = null;
    this.nextId = 1;
    /** @type {Map<number, {resolve: (json: string) => void, reject: (err: Error) => void}>} */
    this.pending = new Map();
    this.isReady = false;
  }

  /** Start loading (idempotent: after a failure, the same failure until dispose()). @returns {Promise<ReadyInfo>} */
  start() {
    if (!this.ready) this.ready = this.boot();
    return this.ready;
  }

  /** @returns {Promise<ReadyInfo>} */
  boot() {
    return new Promise((resolve, reject) => {
      const unsupported = unsupportedReason();
      if (unsupported) {
        reject(new LoadError(unsupported, "feature detection"));
        return;
      }
      // Browsers without module workers never read `type`: that is the feature test.
      let moduleWorkers = false;
      const options = /** @type {WorkerOptions} */ ({
        get type() {
          moduleWorkers = true;
          return "module";
        },
      });
      const worker = new Worker(this.workerURL, options);
      if (!moduleWorkers) {
        worker.terminate();
        reject(new LoadError("no_module_worker", "Worker ignored {type: 'module'}"));
        return;
      }
      this.worker = worker;
      const initId = this.nextId++;
      /** @param {LoadError} err */
      const fail = (err) => {
        clearTimeout(timer);
        const failed = this.ready;
        this.dispose();
        this.ready = failed; // start() gives this failure (not a new attempt) until a retry disposes of it
        reject(err);
      };
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      const stillAlive = (ms = this.timeoutMs) => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(new LoadError("timeout", `no progress for ${ms / 1000} s`)), ms);
      };
      stillAlive();
      worker.addEventListener("error", (event) => {
        event.preventDefault();
        const err = new LoadError(this.isReady ? "crashed" : "load_failed", event.message || "worker error");
        for (const { reject: rejectCheck } of this.pending.values()) rejectCheck(err);
        this.pending.clear();
        fail(err);
      });
      worker.addEventListener("message", (/** @type {MessageEvent<Reply>} */ event) => {
        const msg = event.data;
        if (msg.type === "progress" && msg.id === initId) {
          stillAlive(msg.stage === "prepare" ? Math.max(this.timeoutMs, PREPARE_TIMEOUT_MS) : this.timeoutMs);
          this.lastProgress = msg;
          this.onProgress(msg);
        } else if (msg.type === "ready" && msg.id === initId) {
          clearTimeout(timer);
          this.isReady = true;
          this.onProgress({ type: "progress", id: initId, stage: "ready", loaded: 0, total: 0, fromCache: false });
          resolve(msg.info);
        } else if (msg.type === "fatal" && msg.id === initId) {
          fail(new LoadError(msg.code, msg.detail));
        } else if (msg.type === "result" || msg.type === "error") {
          const waiter = this.pending.get(msg.id);
          if (!waiter) return;
          this.pending.delete(msg.id);
          if (msg.type === "result") waiter.resolve(msg.json);
          else waiter.reject(new Error(msg.detail));
        }
      });
      worker.postMessage({ type: "init", id: initId, config: this.config });
    });
  }

  /**
   * Check one message once the checker is ready.
   * @param {string} text @param {string} sender @param {string} receivedAt
   * @returns {Promise<string>} the bridge's JSON string
   */
  async check(text, sender, receivedAt) {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new LoadError("crashed", "worker gone");
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error("check timed out"));
      }, CHECK_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (json) => {
          clearTimeout(timer);
          resolve(json);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      worker.postMessage({ type: "check", id, text, sender, receivedAt });
    });
  }

  /** Stop the worker; a later start() begins again (files that arrived in full come from the cache). */
  dispose() {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.isReady = false;
    this.lastProgress = null;
  }
}
