// Retires Weekly from this address: deploy this file as `sw.js` (keep the
// name: browsers look for updates of the worker they registered) when the
// site is taken down or moves to another address. A returning reader's next
// visit installs it; it takes over at once, deletes every cache of its
// scope (`weekly <scope> …`, and what older workers stored under the
// scope's own names), unregisters itself and reloads the reader's open
// windows, which then come from the network: the host's pages, a redirect
// to the new address, or its 404. Other deployments on the same origin keep
// their caches and workers. See README "Offline: retiring or moving".
'use strict';

const SCOPE = self.registration.scope;

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(retire());
});

async function retire() {
  const ours = `weekly ${SCOPE} `;
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(ours)).map((n) => caches.delete(n)));
  // Caches of workers whose names did not carry the scope: this scope's entries only.
  for (const name of names.filter((n) => /^weekly-(?:shell-[0-9a-f]+|data)$/.test(n))) {
    const cache = await caches.open(name);
    const keys = await cache.keys();
    const mine = keys.filter((k) => {
      if (!k.url.startsWith(SCOPE)) return false;
      const rest = k.url.slice(SCOPE.length);
      return !rest.includes('/') || rest.startsWith('data/');
    });
    await Promise.all(mine.map((k) => cache.delete(k)));
    if (mine.length === keys.length) await caches.delete(name);
  }
  await self.registration.unregister();
  // Only windows a Weekly worker controlled (now this one): a page that
  // registers this file afresh is not controlled, so it is never reloaded
  // into a loop.
  const windows = await self.clients.matchAll({ type: 'window' });
  await Promise.all(windows.map((w) => w.navigate(w.url).catch(() => null)));
}
