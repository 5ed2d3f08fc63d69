// Weekly's service worker: the reader offline, one whole version at a time,
// whatever order a deploy's files arrive and disappear in.
//
// The build (weekly-compile --service-worker) writes this version's precache
// list into PRECACHE below: the app shell (shell.html), the loader, the JS
// glue and wasm with the code on demand, the CSS, the manifest, the icons,
// the catalog and the glossary, each with its SHA-256 (`sha256-<base64>`, the
// form of an `integrity` attribute), so a deploy with other bytes is a new
// worker. What it promises (whole versions from non-atomic uploads, a
// version pinned to its own catalog, only the reader's routes under the
// base, caches named by scope, hashed files cache first, one quota-aware
// store, pruning, an update only when the reader accepts it) and why: README
// "Offline and installing", one place; the tests that hold it to each rule:
// tests/e2e/deploys.test.mjs, origins.test.mjs, storage.test.mjs.
'use strict';

/* The build replaces the next line. */
const PRECACHE = { version: 'dev', files: [] };

const SCOPE = self.registration.scope; // ends with '/'
const BASE_PATH = new URL(SCOPE).pathname;
const OURS = `weekly ${SCOPE} `;
const SHELL_PREFIX = OURS + 'shell ';
// Each install attempt fills a cache of its own,
// `weekly <scope> shell <version> <when the attempt began, ms>`, and marks it
// COMPLETE once every file is in and checked; the version serves from its
// newest complete one. Versions and attempts are ordered by that time, so a
// worker deletes only older shells, never one a newer attempt is filling (a
// browser may report a newer install late: `registration.installing` can
// read null while it runs), and a failed attempt's cache is never filled
// again: WebKitGTK lost entries put into the cache of an attempt whose
// worker had ended (seen in its automation sessions, 2026-12-07).
const VERSION_PREFIX = SHELL_PREFIX + PRECACHE.version + ' ';
const COMPLETE = SCOPE + '.weekly-shell-complete';
const DATA = OURS + 'data';
const OFFLINE_HEADER = 'X-Weekly-Offline';
const REVISION_HEADER = 'X-Weekly-Revision';
const PINNED = ['data/catalog.json', 'data/glossary.json'];

/**
 * Whether a file's name (relative to the base) carries its content hash.
 * Data: the last segment ends in `.<16 lowercase hex>.json`
 * (`data/issues/3.0123456789abcdef.json`; a tag slug never has a dot, so
 * `data/tags/x-0123456789abcdef.json` is a tag's first file, not hashed).
 * Code at the top level: `name-<hex>.js|css|wasm` (`_bg.wasm` too), as
 * Trunk and the split step name it: Trunk writes its 64-bit hash without
 * leading zeros, so 8 to 16 digits (`style-9e291759c9ca545.css`). The page applies the same rule to data
 * (`load::is_immutable`); tests/fixtures/hashed-names.json holds the cases
 * both are tested against.
 */
function isHashed(name) {
  if (name.startsWith('data/')) return /^data\/(?:[^/]+\/)*[^/.][^/]*\.[0-9a-f]{16}\.json$/.test(name);
  return /^[^/]+-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css)$/.test(name);
}

/**
 * Whether a path under the base is one of the reader's routes (what the
 * app's router reads: crates/core/src/route.rs). Percent-escapes stay as they came.
 */
function isReaderRoute(name) {
  return /^(?:(?:issues\/[^/]+|tags(?:\/[^/]+)?|glossary(?:\/[^/]+)?|search)\/?)?$/.test(name);
}

/** The name of a URL under the base (`data/catalog.json`), or null outside it. */
function nameOf(url) {
  if (!url.startsWith(SCOPE)) return null;
  return new URL(url).pathname.slice(BASE_PATH.length);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

async function precache() {
  // Later than every shell of the scope, whatever the clock says: a clock
  // set back must not make this version look older than the one it replaces.
  const latest = Math.max(0, ...(await shellNames()).map(startedAt));
  const name = VERSION_PREFIX + Math.max(Date.now(), latest + 1);
  const shell = await caches.open(name);
  try {
    // Every file is through (stored or failed) before the attempt is
    // judged, and stored through the handle: a late file never makes the
    // cache of a failed attempt anew after it was deleted.
    const stored = await Promise.allSettled(
      PRECACHE.files.map(async ({ url, revision }) => {
        const key = SCOPE + url;
        // The same bytes from an older version (checked then as now).
        const response = (await fromOlderShell(name, key, revision)) || (await fetchChecked(url, revision));
        if (!(await put(shell, key, response))) throw new Error(`precache: no room for ${url}`);
      }),
    );
    const failed = stored.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    // Whatever removed a file meanwhile (the browser under storage
    // pressure, an older worker's code), a version with a file missing
    // never installs: the browser tries again on a later visit.
    for (const { url } of PRECACHE.files) {
      if (!(await shell.match(SCOPE + url))) throw new Error(`precache: ${url} went missing during the install`);
    }
    // Through the handle: a cache deleted meanwhile is not made anew by
    // this. On a full disk the mark, too, needs room made for it.
    if (!(await put(shell, COMPLETE, new Response('')))) throw new Error('precache: no room for the mark');
    if (!(await caches.match(COMPLETE, { cacheName: name }))) throw new Error('precache: the shell was removed during the install');
  } catch (e) {
    // A failed attempt leaves nothing behind: a deploy that stays half
    // uploaded for weeks does not pile up copies of the shell.
    await caches.delete(name);
    throw e;
  }
  ownName = name;
  // This version's earlier attempts (an install whose worker was stopped
  // halfway leaves one) are of no use now.
  const earlier = (await shellNames()).filter((n) => n !== name && n.startsWith(VERSION_PREFIX));
  await Promise.all(earlier.map((n) => caches.delete(n)));
}

/** The time a shell's attempt began (0 for a name without one: older than any). */
function startedAt(name) {
  return Number(name.slice(SHELL_PREFIX.length).split(' ')[1]) || 0;
}

/** This version's newest complete shell, or null. */
let ownName = null;
async function ownShell() {
  if (ownName && (await caches.has(ownName))) return ownName;
  let found = null;
  for (const name of await shellNames()) {
    if (!name.startsWith(VERSION_PREFIX) || !(await caches.match(COMPLETE, { cacheName: name }))) continue;
    if (!found || startedAt(name) > startedAt(found)) found = name;
  }
  ownName = found;
  return found;
}

/** `request` from this version's shell, if stored there. */
async function fromOwn(request, options = {}) {
  const name = await ownShell();
  return name ? caches.match(request, { ...options, cacheName: name }) : undefined;
}

/** `url` from the network, if its bytes are `revision`; else the install fails. */
async function fetchChecked(url, revision) {
  const response = await fetch(new Request(SCOPE + url, { cache: 'reload' }));
  if (!response.ok || !expectedType(url, response)) {
    throw new Error(`precache: ${url} answered ${response.status} ${response.headers.get('content-type')}`);
  }
  const body = await response.arrayBuffer();
  const found = await sha256(body);
  if (found !== revision) {
    throw new Error(`precache: ${url} is ${found}, this version's is ${revision} (a deploy half uploaded?): not installed`);
  }
  const headers = new Headers(response.headers);
  // The body is decoded already; a redirect's final address is dropped (a
  // redirected response cannot answer a navigation).
  headers.delete('content-encoding');
  headers.delete('content-length');
  headers.set(REVISION_HEADER, revision);
  return new Response(body, { status: 200, statusText: response.statusText, headers });
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return 'sha256-' + btoa(binary);
}

/** The same file with the same revision from another shell of this scope than `mine`. */
async function fromOlderShell(mine, key, revision) {
  for (const name of await shellNames()) {
    if (name === mine) continue;
    // `caches.match` with a name: never makes a cache deleted meanwhile anew.
    const found = await caches.match(key, { cacheName: name });
    if (found && found.headers.get(REVISION_HEADER) === revision) return found;
  }
  return null;
}

/** This scope's shell caches, newest last. */
async function shellNames() {
  return (await caches.keys()).filter((n) => n.startsWith(SHELL_PREFIX));
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    Promise.all([self.clients.claim(), repairShell(), dropLegacyCaches()])
      .then(() => Promise.all([dropOldShells(), pruneData()])),
  );
});

/**
 * A version that reaches activation without a complete shell of its own
 * (the browser evicted it, another context deleted it) fills one again
 * while the network is there, rather than staying unable to start offline
 * until the next deploy.
 */
async function repairShell() {
  if (await ownShell()) return;
  await precache().catch(() => {});
}

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'weekly:skip-waiting') self.skipWaiting();
  // A page of this version started: old shells may be unused now, and it
  // hears whether the network answered last time (its offline banner).
  else if (type === 'weekly:started') {
    if (event.source && networkUp !== null) event.source.postMessage({ type: 'weekly:network', online: networkUp });
    event.waitUntil(dropOldShells());
  }
  // "Save every issue" finished: what it replaced can go.
  else if (type === 'weekly:saved') event.waitUntil(pruneData());
});

/**
 * Removes this scope's shells older than this version's own (older
 * versions, earlier attempts at this one) once no other tab could be
 * running them. Newer shells are never touched (see VERSION_PREFIX).
 */
async function dropOldShells() {
  if (self.registration.installing || self.registration.waiting) return;
  if (self.serviceWorker && self.registration.active !== self.serviceWorker) return;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  if (windows.length > 1) return;
  const mine = await ownShell();
  if (!mine) return;
  const old = (await shellNames()).filter((n) => startedAt(n) < startedAt(mine));
  await Promise.all(old.map((n) => caches.delete(n)));
}

/**
 * Caches of workers before names carried the scope (`weekly-shell-<v>`,
 * `weekly-data`), shared by every deployment of the origin: this scope's
 * entries are removed (once), the others' left to them.
 */
async function dropLegacyCaches() {
  for (const name of await caches.keys()) {
    if (!/^weekly-(?:shell-[0-9a-f]+|data)$/.test(name)) continue;
    const cache = await caches.open(name);
    const keys = await cache.keys();
    const mine = keys.filter((k) => {
      const n = nameOf(k.url);
      return n !== null && (!n.includes('/') || n.startsWith('data/'));
    });
    await Promise.all(mine.map((k) => cache.delete(k)));
    if (mine.length === keys.length) await caches.delete(name);
  }
}

/**
 * The data files this version names: its catalog's issue files and search
 * shards, the glossary, each tag's first file and the older part it names.
 * The same list "save every issue" reads (crates/core/src/offline.rs offline_files), plus
 * the tags' older parts. Null when this version has no catalog.
 */
async function namedData() {
  const stored = await fromOwn(SCOPE + 'data/catalog.json');
  if (!stored) return null;
  let catalog;
  try {
    catalog = await stored.json();
  } catch (e) {
    return null;
  }
  if (!catalog || typeof catalog !== 'object') return null;
  const named = new Set(PINNED);
  for (const entry of Array.isArray(catalog.issues) ? catalog.issues : []) {
    if (entry && typeof entry.file === 'string') named.add('data/' + entry.file);
  }
  // The search index's segments, each with its shard count and hash
  // (crates/core/src/search/wire/mod.rs).
  // As the app reads it (`SearchRef::check`): an index with an implausible
  // segment, or more items than any archive, names no file at all.
  const listed = catalog.search_index && catalog.search_index.segments;
  const segments = Array.isArray(listed) ? listed : [];
  const plausible = (s) => s && Number.isInteger(s.shards) && s.shards >= 1 && s.shards <= 100000
    && Number.isInteger(s.items) && s.items >= 0 && typeof s.hash === 'string' && /^[0-9a-f]+$/.test(s.hash);
  const items = segments.reduce((sum, s) => sum + ((s && s.items) || 0), 0);
  const fold = catalog.search_index && catalog.search_index.fold; // named by its hash, or none
  if (segments.every(plausible) && items <= 1000000 && (fold == null || /^[0-9a-f]{16}$/.test(fold))) {
    for (const segment of segments) {
      for (let n = 0; n < segment.shards; n++) named.add(`data/search/${n}.${segment.hash}.json`);
    }
    if (fold != null) named.add(`data/search/fold.${fold}.json`);
  }
  const data = await caches.open(DATA);
  const tags = catalog.settings && Array.isArray(catalog.settings.tags) ? catalog.settings.tags : [];
  for (const tag of tags) {
    if (!tag || typeof tag.slug !== 'string') continue;
    const first = `data/tags/${tag.slug}.json`;
    named.add(first);
    const page = await data.match(SCOPE + first);
    if (!page) continue;
    try {
      const rest = (await page.json()).rest;
      if (typeof rest === 'string') named.add('data/' + rest);
    } catch (e) {
      // A stored first file that does not parse names nothing.
    }
  }
  return named;
}

/** Removes stored data this version does not name. */
async function pruneData() {
  const named = await namedData();
  if (!named) return;
  const data = await caches.open(DATA);
  const stale = (await data.keys()).filter((k) => !named.has(nameOf(k.url)));
  await Promise.all(stale.map((k) => data.delete(k)));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const name = nameOf(request.url);
  if (name === null) return;
  if (request.mode === 'navigate') {
    if (isReaderRoute(name)) event.respondWith(shell(request));
  } else if (PINNED.includes(name)) {
    event.respondWith(pinned(request, event));
  } else if (name.startsWith('data/')) {
    event.respondWith(isHashed(name) ? cacheFirst(request, event) : networkFirst(request, event));
  } else if (!name.includes('/') && (isHashed(name) || PRECACHE.files.some((f) => f.url === name))) {
    event.respondWith(code(request, event));
  }
});

async function shell(request) {
  const cached = await fromOwn(SCOPE + 'shell.html');
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch (e) {
    return offline();
  }
}

/**
 * The catalog and the glossary: this version's own, else the network's.
 * Answered from the precache, the page still hears whether the network is
 * there (its offline banner) from a HEAD request made meanwhile.
 */
async function pinned(request, event) {
  const own = await fromOwn(request, { ignoreSearch: true });
  if (!own) return networkFirst(request, event);
  event.waitUntil(
    fetch(request.url, { method: 'HEAD', cache: 'no-store' }).then(
      () => reportNetwork(event, true),
      () => reportNetwork(event, false),
    ),
  );
  return own;
}

/** Code: this version's, or an older one's for a tab still running it. */
async function code(request, event) {
  const own = await fromOwn(request);
  if (own) return own;
  for (const name of await shellNames()) {
    const older = await caches.match(request, { cacheName: name });
    if (older) return older;
  }
  try {
    const response = await fetch(request);
    reportNetwork(event, true);
    return response;
  } catch (e) {
    reportNetwork(event, false);
    return offline();
  }
}

async function cacheFirst(request, event) {
  const cached = await caches.match(request, { cacheName: DATA });
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok && expectedType(request.url, response)) await put(DATA, request, response.clone());
    reportNetwork(event, true);
    return response;
  } catch (e) {
    reportNetwork(event, false);
    return offline();
  }
}

/**
 * Data whose name has no hash (a tag's first file) names the hashed files
 * of the current deploy: ask the network first, fall back to the stored
 * copy when the network fails or is slower than NETWORK_WAIT.
 */
const NETWORK_WAIT = 3000;
async function networkFirst(request, event) {
  const stored = () => caches.match(request, { cacheName: DATA });
  const fresh = fetch(request).then(async (response) => {
    if (response.ok && expectedType(request.url, response)) {
      await put(DATA, request, response.clone());
      reportNetwork(event, true);
    }
    return response;
  });
  const slow = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT, null));
  try {
    const first = await Promise.race([fresh, slow]);
    if (first) return first;
    const cached = await stored();
    if (cached) {
      event.waitUntil(fresh.catch(() => {}));
      return cached;
    }
    return await fresh;
  } catch (e) {
    reportNetwork(event, false);
    return (await stored()) || offline();
  }
}

/** False for an answer that is not the kind of file asked for (an SPA fallback's HTML). */
function expectedType(url, response) {
  const type = response.headers.get('content-type') || '';
  const path = new URL(url, SCOPE).pathname;
  if (/\.json$/.test(path)) return type.includes('json');
  if (/\.wasm$/.test(path)) return type.includes('wasm');
  if (/\.m?js$/.test(path)) return type.includes('javascript');
  if (/\.css$/.test(path)) return type.includes('css');
  return true;
}

/**
 * The one store: puts `response` under `key` in `target` (a cache's name,
 * or an open cache); on a quota error frees space and tries again, until
 * it fits or nothing is left to free (each round frees half of what is
 * left, so a full disk of many small files and one of a few large ones
 * both make room). False when it could not store.
 */
async function put(target, key, response) {
  for (;;) {
    try {
      const cache = typeof target === 'string' ? await caches.open(target) : target;
      await cache.put(key, response.clone());
      return true;
    } catch (e) {
      if (!e || e.name !== 'QuotaExceededError' || (await largerThanQuota(response)) || !(await freeSpace(key))) return false;
    }
  }
}

/**
 * Whether `response` says it is larger than all the storage this origin
 * may use: then no eviction can make it fit, and saved issues are kept.
 */
async function largerThanQuota(response) {
  const length = Number(response.headers.get('content-length'));
  if (!(length > 0) || !self.navigator || !navigator.storage || !navigator.storage.estimate) return false;
  try {
    const { quota } = await navigator.storage.estimate();
    return typeof quota === 'number' && length > quota;
  } catch (e) {
    return false;
  }
}

/**
 * Makes room: first the data this version does not name, then the older
 * half of the saved data (oldest first, as stored; never the catalog and
 * the glossary, nor the file being stored). True when something went.
 */
async function freeSpace(keep) {
  const data = await caches.open(DATA);
  const keys = await data.keys();
  const named = await namedData();
  const keepName = nameOf(typeof keep === 'string' ? keep : keep.url);
  let victims = named ? keys.filter((k) => !named.has(nameOf(k.url))) : [];
  if (victims.length === 0) {
    const evictable = keys.filter((k) => !PINNED.includes(nameOf(k.url)) && nameOf(k.url) !== keepName);
    victims = evictable.slice(0, Math.ceil(evictable.length / 2));
  }
  // True when there was something to remove, even if a store freeing space
  // at the same moment removed it first: the space is free either way, and
  // the caller tries again (the next round sees fewer entries, so this ends).
  await Promise.all(victims.map((k) => data.delete(k)));
  return victims.length > 0;
}

/** What the page gets for a file that is neither reachable nor stored. */
function offline() {
  return new Response('', { status: 503, statusText: 'Offline', headers: { [OFFLINE_HEADER]: '1' } });
}

/** Whether the network answered the last request (null: none yet). */
let networkUp = null;

/** Tells the page that asked whether the network answered (its offline banner). */
async function reportNetwork(event, online) {
  networkUp = online;
  const client = event.clientId && (await self.clients.get(event.clientId));
  if (client) client.postMessage({ type: 'weekly:network', online });
}
