// The site's service worker (the build writes it to /sw.js with MANIFEST above this line): the guide and
// the checker keep working offline after one visit to /check/.
//
// Caches, all versioned, so a new deploy replaces them cleanly:
//   cuishou-shell-<build>      every page, the theme, the checker's scripts (stored on install);
//   cuishou-pyodide-<version>  the Pyodide runtime;  cuishou-app-<hash>  lock file, wheel, stdlib;
//   cuishou-snapshot-<version>-<hash>  the checker worker's memory snapshot (made in this browser).
// The checker worker fills the last two as it downloads (so a retry reuses what arrived); on install
// this worker only adds what is still missing, usually from the browser's HTTP cache.
// Pages and unversioned scripts: network first (a reader online always gets the current deploy, so a
// page never meets an older wheel), the cache when offline. Versioned files: cache first.
/* global MANIFEST */
const BASE = new URL("./", self.location.href).pathname; // manifest paths are relative to the site root
const SHELL = `cuishou-shell-${MANIFEST.build}`;
const KEEP = new Set([SHELL, ...Object.values(MANIFEST.runtime), ...MANIFEST.keep]);
const OURS = /^cuishou-(shell|pyodide|app|snapshot)-/;
const HASHED = /\.[0-9a-f]{8}\.min\.(?:js|css)$/;

/** @param {string} path */
const runtimeCacheFor = (path) => {
  for (const [folder, name] of Object.entries(MANIFEST.runtime)) if (path.startsWith(BASE + folder)) return name;
  return null;
};

/** @param {string} name @param {string[]} relative */
async function fill(name, relative) {
  const cache = await caches.open(name);
  for (const path of relative.map((rel) => BASE + rel)) {
    if (await cache.match(path)) continue;
    const response = await fetch(path, { cache: HASHED.test(path) || runtimeCacheFor(path) ? "default" : "no-cache" });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    await cache.put(path, response);
  }
}

self.addEventListener("install", (event) => {
  /** @type {Map<string, string[]>} */
  const runtime = new Map();
  for (const path of MANIFEST.runtimeFiles) {
    const name = runtimeCacheFor(path);
    if (name) runtime.set(name, [...(runtime.get(name) ?? []), path]);
  }
  event.waitUntil(
    (async () => {
      await fill(SHELL, MANIFEST.shell);
      for (const [name, paths] of runtime) await fill(name, paths);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (OURS.test(name) && !KEEP.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** @param {Request} request */
async function networkFirst(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(request, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    if (request.mode === "navigate") {
      const notFound = await cache.match(`${BASE}404.html`);
      if (notFound) return notFound;
    }
    throw err;
  }
}

/** @param {Request} request */
async function cacheFirst(request) {
  const cached = await caches.match(request);
  return cached ?? fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (runtimeCacheFor(url.pathname) || HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});
