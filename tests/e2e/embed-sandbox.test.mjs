// The embed snippet (public/embed.js) reads the portal's sandbox flags as
// browsers do: tokens split on ASCII whitespace and compared ASCII
// case-insensitively, so `ALLOW-SCRIPTS Allow-Same-Origin` is a frame with
// the reader's own origin (messages to it name that origin, messages from
// "null" are not its). No build and no browser needed: the snippet runs in a
// node:vm context with the little DOM it uses. embed.test.mjs covers the
// same snippet against the built reader in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EMBED = fs.readFileSync(path.join(ROOT, 'public/embed.js'), 'utf8');
const READER = 'https://reader.example';

/**
 * The part of a DOMTokenList the snippet may use, as browsers have it for
 * `iframe.sandbox`: tokens split on ASCII whitespace, compared exactly.
 */
function tokenList(frame) {
  const tokens = () => (frame.getAttribute('sandbox') ?? '').split(/[\t\n\f\r ]+/).filter(Boolean);
  return {
    get length() {
      return tokens().length;
    },
    item: (i) => tokens()[i] ?? null,
    contains: (token) => tokens().includes(token),
    get value() {
      return frame.getAttribute('sandbox') ?? '';
    },
  };
}

/** A portal page with embed.js loaded; `tokens: false` is a browser without iframe.sandbox. */
function portal({ tokens = true } = {}) {
  const listeners = [];
  const posted = [];
  const frame = {
    attributes: {},
    style: { setProperty(name, value) { this[name] = value; } },
    contentWindow: { postMessage: (message, target) => posted.push({ message, target }) },
    setAttribute(name, value) { this.attributes[name] = String(value); },
    getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; },
    addEventListener() {},
    remove() {},
  };
  if (tokens) frame.sandbox = tokenList(frame);
  const window = {
    URL,
    location: { href: 'https://portal.example/news', hash: '', pathname: '/news', search: '' },
    history: { state: null, replaceState() {} },
    addEventListener: (type, fn) => type === 'message' && listeners.push(fn),
    removeEventListener() {},
    document: {
      currentScript: { src: `${READER}/embed.js` },
      readyState: 'complete',
      querySelectorAll: () => [],
      createElement: () => frame,
    },
  };
  window.window = window;
  vm.runInNewContext(EMBED, window);
  const el = { getAttribute: () => null, appendChild() {} };
  return {
    frame,
    posted,
    mount: (sandbox) => window.WeeklyEmbed.mount(el, { src: `${READER}/issues/3`, sandbox }),
    /** A message from the frame's window, as seen from `origin`. */
    message: (origin, data) => listeners.forEach((fn) => fn({ source: frame.contentWindow, origin, data })),
  };
}

const cases = [
  ['allow-scripts allow-same-origin', false],
  ['ALLOW-SCRIPTS Allow-Same-Origin', false],
  ['allow-scripts\tALLOW-SAME-ORIGIN\n', false],
  ['allow-scripts allow-popups', true],
  // Not an HTML separator: one unknown token, so no allow-same-origin.
  ['allow-scripts\u00a0allow-same-origin', true],
];

for (const tokens of [true, false]) {
  for (const [sandbox, opaque] of cases) {
    test(`sandbox ${JSON.stringify(sandbox).replace('\u00a0', '\\u00a0')} is ${opaque ? 'an opaque origin' : 'the reader’s origin'}${tokens ? '' : ' (no iframe.sandbox)'}`, () => {
      const page = portal({ tokens });
      const embed = page.mount(sandbox);

      assert.equal(embed.navigate('/issues/2'), true);
      assert.deepEqual(
        page.posted.map((p) => p.target),
        [opaque ? '*' : READER],
        'a message to the frame names the reader’s origin unless the frame’s origin is opaque',
      );

      // A resize from "null" is the frame's only when its origin is opaque.
      page.message('null', { type: 'weekly:resize', v: 1, height: 900 });
      assert.equal(page.frame.style.height, opaque ? '900px' : '600px');
      // From the reader's origin it always is.
      page.message(READER, { type: 'weekly:resize', v: 1, height: 700 });
      assert.equal(page.frame.style.height, '700px');
    });
  }
}
