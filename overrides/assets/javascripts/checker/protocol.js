// The message protocol between the page (client.js) and the checker worker (worker.js).
// Every message carries the id of the request it answers; Python hands back JSON strings only,
// so no Pyodide proxy ever crosses the boundary.
//
//   page -> worker   {type: "init",  id, config: InitConfig}
//   worker -> page   {type: "progress", id, stage, loaded, total, fromCache}*   then   {type: "ready", id, info} | {type: "fatal", id, code, detail}
//   page -> worker   {type: "check", id, text, sender, receivedAt}
//   worker -> page   {type: "result", id, json} | {type: "error", id, detail}

/**
 * @typedef {"download" | "prepare" | "ready"} Stage
 *   Loading stages, in order: bytes arriving (loaded/total), then starting up from what arrived (or
 *   from the cache: fromCache); the page words them from mkdocs.yml extra.checker.stages.
 * @typedef {"no_wasm" | "no_module_worker" | "timeout" | "load_failed" | "crashed"} FatalCode
 *   Why the checker cannot run; Chinese explanations in extra.checker.fallback_reasons.
 *
 * @typedef {object} InitConfig
 * @property {string} indexURL        absolute URL of the self-hosted Pyodide core folder (trailing slash)
 * @property {string} lockFileURL     absolute URL of the site's pyodide-lock.json (records the wheel's sha256)
 * @property {string} stdlibURL       absolute URL of the trimmed, precompiled standard library
 * @property {string} packageName     the checker's package name in the lock file
 * @property {Record<string, number>} sizes  absolute URL -> uncompressed size, for the progress bar
 * @property {Record<string, string>} caches  absolute folder URL -> versioned Cache Storage name
 * @property {string} snapshotCache  Cache Storage name for this browser's memory snapshot of this build
 *   (cuishou-snapshot-<Pyodide version>-<app hash>; see snapshot.js)
 *
 * @typedef {object} ReadyInfo
 * @property {string} checkerVersion
 * @property {number} maxLength
 * @property {string} pyodideVersion
 * @property {"snapshot" | "fresh"} start  restored from this browser's memory snapshot, or a normal start
 * @property {Record<string, number>} timings  ms since the worker got "init", per step (for the benchmark)
 *
 * @typedef {{type: "init", id: number, config: InitConfig}} InitMessage
 * @typedef {{type: "check", id: number, text: string, sender: string, receivedAt: string}} CheckMessage
 * @typedef {InitMessage | CheckMessage} Request
 *
 * @typedef {{type: "progress", id: number, stage: Stage, loaded: number, total: number, fromCache: boolean}} ProgressMessage
 * @typedef {{type: "ready", id: number, info: ReadyInfo}} ReadyMessage
 * @typedef {{type: "fatal", id: number, code: FatalCode, detail: string}} FatalMessage
 * @typedef {{type: "result", id: number, json: string}} ResultMessage
 * @typedef {{type: "error", id: number, detail: string}} ErrorMessage
 * @typedef {ProgressMessage | ReadyMessage | FatalMessage | ResultMessage | ErrorMessage} Reply
 */

/** @type {readonly Stage[]} */
export const STAGES = Object.freeze(["download", "prepare", "ready"]);
