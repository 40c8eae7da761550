// The checker's memory snapshot, made in the reader's own browser and kept in Cache Storage.
//
// The first visit boots Pyodide as usual and, once the checker has been imported and has answered a
// fixed probe message, copies the interpreter's memory (Pyodide's makeMemorySnapshot). Later visits
// restore that memory instead of starting Python and importing the checker again. Nothing of this is
// downloaded: the snapshot (~31 MB) never leaves the device, and it is taken before the reader's first
// check, so it holds no message of theirs.
//
// A snapshot is only valid for the exact runtime and app it was made from, so its cache is named after
// both (cuishou-snapshot-<Pyodide version>-<app hash>; the service worker deletes the old ones on a new
// deploy, and so does saving a new one). The worker's own Python set-up code and probe are part of the
// snapshot too, but worker.js is not versioned by the build's names: each entry records a digest of them
// (the "maker"), and an entry made by another version of the worker is dropped and made again. It is
// stored with the SHA-256 of its bytes and of the probe's answer: loading checks the bytes, and the
// worker checks that the restored checker answers the probe exactly as the snapshotted one did.
// Anything else falls back to a normal start.

const PREFIX = "cuishou-snapshot-";
const BYTES_DIGEST = "x-snapshot-sha256";
const PROBE_DIGEST = "x-probe-sha256";
const MAKER = "x-snapshot-maker";
// Stored in place of a snapshot that passed its checks but could not be restored in this browser:
// later visits then start normally without making one again on every visit.
const UNUSABLE = "x-snapshot-unusable";

/** @param {BufferSource} data */
export async function sha256Hex(data) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The stored bytes do not match their digest (or could not be read); the entry is gone. */
export class DamagedSnapshot extends Error {
  constructor() {
    super("damaged memory snapshot");
  }
}

/**
 * @typedef {object} SavedSnapshot
 * @property {Uint8Array} bytes
 * @property {string} probeDigest  SHA-256 (hex) of the probe's answer when the snapshot was made
 */

export class SnapshotStore {
  /**
   * @param {string} cacheName  cuishou-snapshot-<Pyodide version>-<app hash>
   * @param {string} key  the URL it is stored under
   * @param {string} maker  digest of the worker's set-up code and probe (what else the snapshot holds)
   */
  constructor(cacheName, key, maker) {
    this.cacheName = cacheName;
    this.key = key;
    this.maker = maker;
    this.attemptKey = `${key}-restoring`;
    this.available = typeof caches === "object" && caches !== null && cacheName.startsWith(PREFIX);
  }

  /** @returns {Promise<Cache | null>} */
  async open() {
    return this.available ? caches.open(this.cacheName).catch(() => null) : null;
  }

  /**
   * What is stored, without reading it yet: "unavailable" if Cache Storage cannot be used here (no
   * snapshot can be kept, so none is made), null if nothing usable is stored, "unusable" if this browser
   * could not make or restore this build's snapshot before, else the stored response.
   * @returns {Promise<Response | "unusable" | "unavailable" | null>}
   */
  async find() {
    const cache = await this.open();
    if (!cache) return "unavailable";
    const hit = await cache.match(this.key).catch(() => undefined);
    if (!hit) return null;
    if (hit.headers.get(MAKER) !== this.maker) {
      // Made (or refused) by another version of the worker: its set-up code or probe differ.
      await this.drop();
      return null;
    }
    if (hit.headers.get(UNUSABLE)) return "unusable";
    if (await cache.match(this.attemptKey).catch(() => undefined)) {
      // The last start from this snapshot never finished (it hung, or the worker was stopped while it
      // ran): do not try it again. The next normal start makes a new one.
      await this.drop();
      return null;
    }
    return hit;
  }

  /** Note that a start from the snapshot is under way (cleared by restored()). */
  async restoring() {
    const cache = await this.open();
    if (cache) await cache.put(this.attemptKey, new Response(""));
  }

  async restored() {
    const cache = await this.open();
    if (cache) await cache.delete(this.attemptKey);
  }

  /**
   * The snapshot's bytes, checked against their stored digest; rejects with DamagedSnapshot if they do
   * not match (the caller deletes it once its own attempt marker is on record: see drop()).
   * @param {Response} stored
   * @returns {Promise<SavedSnapshot>}
   */
  async read(stored) {
    try {
      const bytes = new Uint8Array(await stored.arrayBuffer());
      const probeDigest = stored.headers.get(PROBE_DIGEST);
      if (probeDigest && (await sha256Hex(bytes)) === stored.headers.get(BYTES_DIGEST)) return { bytes, probeDigest };
    } catch {
      // unreadable: damaged too
    }
    throw new DamagedSnapshot();
  }

  /**
   * Store a snapshot (and delete the snapshots of other builds).
   * @param {Uint8Array} bytes @param {string} probeDigest
   */
  async save(bytes, probeDigest) {
    const cache = await this.open();
    if (!cache) return;
    const headers = { [BYTES_DIGEST]: await sha256Hex(bytes), [PROBE_DIGEST]: probeDigest, [MAKER]: this.maker };
    await cache.put(this.key, new Response(bytes, { headers }));
    await this.dropOthers();
  }

  /** Remember that this browser cannot make, keep or restore a snapshot of this build. */
  async markUnusable() {
    const cache = await this.open();
    if (!cache) return;
    await cache.put(this.key, new Response("", { headers: { [UNUSABLE]: "1", [MAKER]: this.maker } }));
    await cache.delete(this.attemptKey);
  }

  async drop() {
    const cache = await this.open();
    if (cache) await Promise.all([cache.delete(this.key), cache.delete(this.attemptKey)]);
  }

  async dropOthers() {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== this.cacheName) await caches.delete(name);
    }
  }
}
