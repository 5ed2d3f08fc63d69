// Weekly's service worker: the reader offline, and never a mix of versions.
//
// The build (weekly-compile --service-worker) writes this version's
// precache list into PRECACHE below: the app shell (shell.html), the
// loader and the hashed JS/wasm pair, the CSS, the manifest, the icons, the catalog and the
// glossary (so terms and the glossary read offline after one visit), each with
// a content revision, so a new deploy is a new worker.
//
// - Navigations inside the scope get this version's shell, never a page of
//   another deploy (deep links work offline; the app renders the route from
//   its data, the catalog from the network first, so it is never the stale
//   copy a stored page would carry). Pre-rendered pages serve first visits,
//   browsers without this worker, crawlers and link previews.
// - Files with a content hash in their name are immutable: cache first.
// - Unhashed data (the catalog, the glossary, a tag's first file) comes
//   from the network first (within 3 s), else from the cache: it names the
//   current deploy's hashed files, so it must not go stale.
// - Nothing is stored that is not the kind of file asked for (a host's
//   HTML fallback for a missing .json or .wasm is never kept).
// - Data files are stored as they are read; "available offline" reads them all.
// - A new version waits until the reader accepts it (the page posts
//   "weekly:skip-waiting"), and the shell caches of older versions stay
//   while other tabs may still be running them.
'use strict';

/* The build replaces the next line. */
const PRECACHE = { version: 'dev', files: [] };

const SCOPE = self.registration.scope; // ends with '/'
const SHELL_PREFIX = 'weekly-shell-';
const SHELL = SHELL_PREFIX + PRECACHE.version;
const DATA = 'weekly-data';
const OFFLINE_HEADER = 'X-Weekly-Offline';
// Content-hashed files: data (`3.<hash>.json`) and code (`weekly-<hash>.js`,
// `split_search-<hash>.wasm`). A tab of an older version still finds its
// own code here after an update (every cache is searched).
const HASHED = /[.-][0-9a-f]{16}(_bg)?\.(js|wasm|css|json)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) =>
      Promise.all(
        PRECACHE.files.map(async ({ url }) => {
          const response = await fetch(new Request(SCOPE + url, { cache: 'reload' }));
          if (!response.ok || !expectedType(url, response)) {
            throw new Error(`precache: ${url} answered ${response.status} ${response.headers.get('content-type')}`);
          }
          await cache.put(SCOPE + url, await unredirected(response));
        }),
      ),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(Promise.all([self.clients.claim(), dropOldShells()]));
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'weekly:skip-waiting') self.skipWaiting();
  // A page of this version started: old shells may be unused now, and it
  // hears whether the network answered last time (its offline banner).
  else if (type === 'weekly:started') {
    if (event.source && networkUp !== null) event.source.postMessage({ type: 'weekly:network', online: networkUp });
    event.waitUntil(dropOldShells());
  }
});

/**
 * Removes older versions' shells once no other tab could be running them.
 * Never while a newer version is installing or waiting: this worker may be
 * the old one, and the newer shell is not "older".
 */
async function dropOldShells() {
  if (self.registration.installing || self.registration.waiting) return;
  if (self.serviceWorker && self.registration.active !== self.serviceWorker) return;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  if (windows.length > 1) return;
  const names = await caches.keys();
  await Promise.all(
    names.filter((n) => n.startsWith(SHELL_PREFIX) && n !== SHELL).map((n) => caches.delete(n)),
  );
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  const path = new URL(request.url).pathname;
  const name = path.slice(new URL(SCOPE).pathname.length);
  const data = name.startsWith('data/');
  if (request.mode === 'navigate' && !/\.[a-z0-9]+$/i.test(name)) {
    event.respondWith(shell(request));
  } else if (data && HASHED.test(name)) {
    event.respondWith(cacheFirst(request, DATA, event));
  } else if (data) {
    event.respondWith(networkFirst(request, event));
  } else if (HASHED.test(name) || isPrecached(name)) {
    event.respondWith(cacheFirst(request, SHELL, event));
  }
});

function isPrecached(name) {
  return PRECACHE.files.some((f) => f.url === name);
}

async function shell(request) {
  const cached = await caches.match(SCOPE + 'shell.html', { cacheName: SHELL });
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch (e) {
    return offline();
  }
}

async function cacheFirst(request, cacheName, event) {
  const cached = await caches.match(request);
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok && expectedType(request.url, response)) await store(cacheName, request, response.clone());
    reportNetwork(event, true);
    return response;
  } catch (e) {
    reportNetwork(event, false);
    return offline();
  }
}

/**
 * Unhashed data (the catalog, the glossary, a tag's first file) names the
 * hashed files of the current deploy: ask the network first, so a reader
 * never follows a stale catalog to files a deploy removed; fall back to the
 * newest stored copy, then to the one this version was installed with, when
 * the network fails or is slower than NETWORK_WAIT.
 */
const NETWORK_WAIT = 3000;
async function networkFirst(request, event) {
  const stored = async () =>
    (await caches.match(request, { cacheName: DATA })) || (await caches.match(request, { cacheName: SHELL }));
  const fresh = fetch(request).then(async (response) => {
    if (response.ok && expectedType(request.url, response)) {
      await store(DATA, request, response.clone());
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

/** A redirected response cannot answer a navigation: keep its body, status and headers only. */
async function unredirected(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** Stores a response; when storage is full, forgets the oldest data files and tries once more. */
async function store(cacheName, request, response) {
  const cache = await caches.open(cacheName);
  try {
    await cache.put(request, response.clone());
  } catch (e) {
    if (e && e.name === 'QuotaExceededError') {
      const data = await caches.open(DATA);
      const keys = await data.keys();
      // Oldest first; keep the catalog and the glossary, which every visit needs.
      const evictable = keys.filter((k) => !/\/(catalog|glossary)\.json$/.test(k.url));
      await Promise.all(evictable.slice(0, Math.ceil(evictable.length / 2)).map((k) => data.delete(k)));
      try {
        await cache.put(request, response);
      } catch (again) {
        // Still full: the reader keeps working from the network.
      }
    }
  }
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
