// The service worker's pure rules, without a browser: which names carry a
// content hash (one rule with the page's `load::is_immutable`, the cases in
// tests/fixtures/hashed-names.json) and which navigations are the reader's
// own routes (any other path on the origin belongs to another site).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** public/sw.js evaluated with a registration at `scope`; its functions are returned. */
function worker(scope) {
  const self = { registration: { scope }, addEventListener() {} };
  const context = vm.createContext({ self, URL, Headers, Response, caches: {}, crypto, btoa, setTimeout });
  vm.runInContext(fs.readFileSync(path.join(ROOT, 'public/sw.js'), 'utf8'), context);
  return vm.runInContext('({ isHashed, isReaderRoute, nameOf, startedAt, VERSION_PREFIX, DATA })', context);
}

test('data and code names carry a content hash by the rule the page applies', () => {
  const cases = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/hashed-names.json'), 'utf8'));
  const sw = worker('https://example.org/');
  for (const name of [...cases.hashed, ...cases.code_hashed]) assert.equal(sw.isHashed(name), true, name);
  for (const name of [...cases.unhashed, ...cases.code_unhashed]) assert.equal(sw.isHashed(name), false, name);
});

test('navigations are the reader\'s only on its own routes under its base', () => {
  const routes = ['', 'issues/3', 'issues/3/', 'tags', 'tags/', 'tags/istio', 'tags/istio/', 'glossary', 'glossary/kep/', 'search', 'search/', 'tags/%E4%B8%AD'];
  const others = ['other-project/', 'other-project/issues/3/', 'weekly/issues/3/', 'weekly/', 'index.html', 'shell.html', '404.html', 'feed.xml', 'issues/3/extra', 'issues', 'data/catalog.json', 'embed-example.html'];
  const sw = worker('https://example.org/');
  for (const name of routes) assert.equal(sw.isReaderRoute(name), true, name);
  for (const name of others) assert.equal(sw.isReaderRoute(name), false, name);
});

test('two deployments on one origin name their caches apart and see only their own addresses', () => {
  const root = worker('https://example.org/');
  const sub = worker('https://example.org/weekly/');
  assert.ok(!root.DATA.startsWith(`weekly ${'https://example.org/weekly/'} `));
  assert.ok(!sub.VERSION_PREFIX.startsWith(`weekly ${'https://example.org/'} `));
  assert.notEqual(root.DATA, sub.DATA);
  // The page looks for what it saved by this name (crates/core/src/offline.rs data_cache).
  assert.equal(sub.DATA, 'weekly https://example.org/weekly/ data');
  // The root's worker reads /weekly/… as a path of its own that is no route.
  assert.equal(root.nameOf('https://example.org/weekly/issues/3/'), 'weekly/issues/3/');
  assert.equal(root.isReaderRoute(root.nameOf('https://example.org/weekly/issues/3/')), false);
  assert.equal(sub.nameOf('https://example.org/issues/3/'), null);
  assert.equal(sub.nameOf('https://example.org/weekly/issues/3/'), 'issues/3/');
});

test('shells are ordered by when their install began; a name without that time is older than any', () => {
  const sw = worker('https://example.org/');
  assert.equal(sw.startedAt('weekly https://example.org/ shell 0123456789abcdef 1796657469122'), 1796657469122);
  assert.equal(sw.startedAt('weekly https://example.org/ shell 0123456789abcdef'), 0);
  assert.ok(sw.VERSION_PREFIX.startsWith('weekly https://example.org/ shell '));
});
