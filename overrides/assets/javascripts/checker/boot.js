// Starts the checker from the page head. The page loads this module `async` right after its config
// island, so the worker (and with it the runtime's downloads) starts as soon as this module and
// client.js arrive, while the theme's styles and scripts are still on their way: widget.js, a module
// script at the end of the body, runs only once the whole page is parsed, after the theme's bundle,
// and on a slow network that is a second or more later. widget.js takes over the same client (one
// module instance per page) for the form, the loading stages and the fallback.
// Nothing starts when the browser's data saver is on (the download then waits for the reader to ask,
// see widget.js), when the browser cannot run the checker (widget.js says why) or when the page is only
// passing through to the rules page (old /check/#rules links).
import { CheckerClient, unsupportedReason } from "./client.js";

/**
 * @typedef {object} PageConfig  the JSON island #__checker
 * @property {string} worker @property {string} indexURL @property {string} lockFileURL
 * @property {string} package @property {string} pyodideVersion @property {string} checkerVersion
 * @property {number} maxLength @property {Record<string, number>} downloads @property {number} timeoutMs
 * @property {string} stdlibURL @property {Record<string, string>} caches @property {number} downloadBytes
 * @property {string} serviceWorker @property {string} snapshotCache
 * @property {string} base @property {Record<string, any>} strings
 */

/** Save-Data (the browser's data saver): the checker download then waits for the reader to ask. */
export const saveData = Boolean(/** @type {{connection?: {saveData?: boolean}}} */ (navigator).connection?.saveData);

/** The site's root URL (mkdocs' base_url, relative to this page). @param {PageConfig} config */
export const siteBase = (config) => new URL(config.base.endsWith("/") ? config.base : `${config.base}/`, location.href);

/**
 * What the worker needs from the page's config island, as absolute URLs.
 * @param {PageConfig} config @returns {import("./protocol.js").InitConfig}
 */
export function workerConfig(config) {
  const base = siteBase(config);
  return {
    indexURL: new URL(config.indexURL, location.href).href,
    lockFileURL: new URL(config.lockFileURL, location.href).href,
    stdlibURL: new URL(config.stdlibURL, location.href).href,
    packageName: config.package,
    sizes: Object.fromEntries(Object.entries(config.downloads).map(([path, size]) => [new URL(path, base).href, size])),
    caches: Object.fromEntries(Object.entries(config.caches).map(([folder, name]) => [new URL(folder, base).href, name])),
    snapshotCache: config.snapshotCache,
  };
}

/**
 * The page's config and its one checker client (progress goes to a no-op until widget.js sets
 * `client.onProgress`), or null on a page without the checker.
 * @type {{config: PageConfig, client: CheckerClient} | null}
 */
export const checkerPage = (() => {
  const island = document.getElementById("__checker");
  if (!island) return null;
  /** @type {PageConfig} */
  const config = JSON.parse(island.textContent || "{}");
  const client = new CheckerClient(new URL(config.worker, location.href).href, workerConfig(config), config.timeoutMs, () => {});
  return { config, client };
})();

if (checkerPage && !saveData && !unsupportedReason() && location.hash !== "#rules") {
  checkerPage.client.start().catch(() => {}); // widget.js shows a failure (it waits on the same promise)
}
