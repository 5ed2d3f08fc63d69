// Firefox and WebKit for the shared scenarios (scenarios.mjs), through
// WebDriver (selenium-webdriver): Debian's firefox-esr with geckodriver, and
// Debian's webkit2gtk-driver with its MiniBrowser under Xvfb. Playwright 1.65
// cannot drive either here (its Firefox protocol does not match ESR 153; its
// WebKit must be downloaded).
//
// `openWebDriverPage(engine)` returns the small part of Playwright's Page and
// Locator API the scenarios use, so one scenario runs unchanged on a
// Playwright page in Chromium and on these. Locators are found in the page
// by role and accessible name as a reader would, like Playwright's, from a
// simplified accessible-name computation that covers what this app renders.
import { Builder, Capabilities, Key } from 'selenium-webdriver';
import { Pointer } from 'selenium-webdriver/lib/input.js';
import firefox from 'selenium-webdriver/firefox.js';
import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Never let Selenium Manager look for drivers or browsers on the network.
process.env.SE_OFFLINE = 'true';

const TIMEOUT = 10_000;
const GECKODRIVER = process.env.GECKODRIVER ?? path.join(os.homedir(), '.cargo/bin/geckodriver');
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const WEBKITDRIVER = process.env.WEBKITDRIVER ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function until(check, what, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** WebKitWebDriver under its own Xvfb (MiniBrowser has no headless mode here). */
async function startWebKitDriver() {
  const port = await freePort();
  const child = spawn('xvfb-run', ['-a', WEBKITDRIVER, `--port=${port}`], { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  await until(
    () => fetch(`${url}/status`).then((r) => r.ok, () => false),
    'WebKitWebDriver to start',
    20_000,
  );
  // The whole group: xvfb-run, Xvfb and the driver.
  return { url, stop: () => { try { process.kill(-child.pid, 'SIGTERM'); } catch {} } };
}

/**
 * A browser session: `{ driver, engine, version, quit }`. `firefox-nosw` is
 * Firefox with service workers turned off (as some locked-down or private
 * profiles have them), to prove the reader degrades cleanly without them.
 */
export async function startBrowser(engine) {
  if (engine === 'firefox' || engine === 'firefox-nosw') {
    const options = new firefox.Options().setBinary(FIREFOX).addArguments('-headless');
    options.setPreference('intl.accept_languages', 'en-US, en');
    if (engine === 'firefox-nosw') options.setPreference('dom.serviceWorkers.enabled', false);
    const driver = await new Builder()
      .forBrowser('firefox')
      .setFirefoxOptions(options)
      .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER))
      .build();
    await driver.manage().window().setRect({ width: 1280, height: 900 });
    const version = (await driver.getCapabilities()).get('browserVersion');
    return { driver, engine, version: `Firefox ESR ${version}`, quit: () => driver.quit() };
  }
  if (engine === 'webkit') {
    const server = await startWebKitDriver();
    const capabilities = new Capabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    });
    const driver = await new Builder().usingServer(server.url).withCapabilities(capabilities).build();
    await driver.manage().window().setRect({ width: 1280, height: 900 }).catch(() => {});
    const version = (await driver.getCapabilities()).get('browserVersion');
    return {
      driver,
      engine,
      version: `WebKitGTK ${version}`,
      quit: async () => {
        await driver.quit().catch(() => {});
        server.stop();
      },
    };
  }
  throw new Error(`unknown engine ${engine}`);
}

// Runs in the page: every element a chain of steps selects. A step is
// { css, hasText } or { role, name, exact, level }.
const FIND = `
const steps = arguments[0];
const IMPLICIT = {
  link: 'a[href]',
  button: 'button, input[type=button], input[type=submit], summary',
  heading: 'h1, h2, h3, h4, h5, h6',
  checkbox: 'input[type=checkbox]',
  searchbox: 'input[type=search]',
  textbox: 'input:not([type]), input[type=text], input[type=email], textarea',
  navigation: 'nav',
  main: 'main',
  list: 'ul, ol',
  listitem: 'li',
  article: 'article',
  region: 'section[aria-label], section[aria-labelledby]',
  contentinfo: 'footer',
  banner: 'header',
  dialog: 'dialog[open]',
};
const hidden = (el) => !!el.closest('[hidden], [aria-hidden="true"]') || el.getClientRects().length === 0 ||
  getComputedStyle(el).visibility === 'hidden';
const text = (el) => (el.innerText ?? el.textContent ?? '').replace(/\\s+/g, ' ').trim();
function nameOf(el) {
  const by = el.getAttribute('aria-labelledby');
  if (by) return by.split(/\\s+/).map((id) => document.getElementById(id)).filter(Boolean).map(text).join(' ');
  const label = el.getAttribute('aria-label');
  if (label) return label.trim();
  if (el.labels && el.labels.length) return [...el.labels].map(text).join(' ');
  if (el.matches('input, textarea')) return el.getAttribute('placeholder') ?? el.getAttribute('title') ?? '';
  const name = text(el);
  return name || (el.getAttribute('title') ?? '');
}
function matches(value, want, exact) {
  if (want == null) return true;
  if (want.regex) return new RegExp(want.regex, want.flags).test(value);
  return exact ? value === want.text : value.toLowerCase().includes(want.text.toLowerCase());
}
let found = [document];
for (const step of steps) {
  const next = [];
  for (const root of found) {
    let candidates;
    if (step.css) {
      candidates = [...root.querySelectorAll(step.css)];
      if (step.hasText) candidates = candidates.filter((el) => matches(text(el), step.hasText, false));
    } else {
      const selector = [IMPLICIT[step.role], '[role="' + step.role + '"]'].filter(Boolean).join(', ');
      candidates = [...root.querySelectorAll(selector)].filter((el) => {
        const role = el.getAttribute('role');
        if (role && role !== step.role) return false;
        if (hidden(el)) return false;
        if (step.level && !(el.tagName === 'H' + step.level || el.getAttribute('aria-level') === String(step.level))) return false;
        return matches(nameOf(el), step.name, step.exact);
      });
    }
    if (step.filter) candidates = candidates.filter((el) => matches(text(el), step.filter, false));
    for (const el of candidates) if (!next.includes(el)) next.push(el);
  }
  found = next;
}
return found;
`;

const pattern = (want) =>
  want == null ? null : want instanceof RegExp ? { regex: want.source, flags: want.flags } : { text: String(want) };

class Locator {
  constructor(page, steps, index = 0) {
    this.page = page;
    this.steps = steps;
    this.index = index;
  }
  async all() {
    return this.page.driver.executeScript(FIND, this.steps);
  }
  async count() {
    return (await this.all()).length;
  }
  async element() {
    return until(async () => (await this.all())[this.index], `${JSON.stringify(this.steps)} to exist`);
  }
  first() {
    return new Locator(this.page, this.steps, 0);
  }
  nth(index) {
    return new Locator(this.page, this.steps, index);
  }
  locator(css, { hasText } = {}) {
    return new Locator(this.page, [...this.steps, { css, hasText: pattern(hasText) }]);
  }
  getByRole(role, { name, exact = false, level } = {}) {
    return new Locator(this.page, [...this.steps, { role, name: pattern(name), exact, level }]);
  }
  filter({ hasText }) {
    const steps = this.steps.slice();
    steps[steps.length - 1] = { ...steps[steps.length - 1], filter: pattern(hasText) };
    return new Locator(this.page, steps);
  }
  async waitFor({ state = 'visible', timeout = TIMEOUT } = {}) {
    if (state === 'detached' || state === 'hidden') {
      await until(async () => (await this.count()) <= this.index, `${JSON.stringify(this.steps)} to go`, timeout);
    } else {
      await until(async () => (await this.count()) > this.index, `${JSON.stringify(this.steps)}`, timeout);
    }
  }
  async innerText() {
    return this.page.driver.executeScript('return arguments[0].innerText', await this.element());
  }
  async getAttribute(name) {
    return this.page.driver.executeScript('return arguments[0].getAttribute(arguments[1])', await this.element(), name);
  }
  async isVisible() {
    return (await this.count()) > this.index;
  }
  /**
   * Clicks the element, found again if the page replaced it in between (as
   * Playwright's click re-resolves its locator): WebKitWebDriver answers a
   * click on an element the app has just re-rendered with a bare error.
   */
  async click() {
    for (let attempt = 1; ; attempt++) {
      const el = await this.element();
      try {
        await this.page.driver.executeScript('arguments[0].scrollIntoView({block: "center"})', el);
        await el.click();
        return;
      } catch (error) {
        const gone = await this.page.driver
          .executeScript('return !arguments[0].isConnected', el)
          .catch(() => true);
        if (attempt >= 3 || !gone) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  async hover() {
    const el = await this.element();
    await this.page.driver.executeScript('arguments[0].scrollIntoView({block: "center"})', el);
    await this.page.driver.actions().move({ origin: el }).perform();
  }
  /** A tap with a touch pointer (what the driver makes of it is checked by the scenario). */
  async tap() {
    const el = await this.element();
    await this.page.driver.executeScript('arguments[0].scrollIntoView({block: "center"})', el);
    const finger = new Pointer('finger', Pointer.Type.TOUCH);
    await this.page.driver
      .actions()
      .insert(finger, finger.move({ origin: el }), finger.press(), finger.release())
      .perform();
  }
  async fill(value) {
    const el = await this.element();
    await el.clear();
    await el.sendKeys(value);
  }
  /** Chooses the file at `path` in an `<input type="file">` (as Playwright's). */
  async setInputFiles(path) {
    await (await this.element()).sendKeys(path);
  }
  async focus() {
    await this.page.driver.executeScript('arguments[0].focus()', await this.element());
  }
}

const KEYS = {
  Tab: Key.TAB,
  Escape: Key.ESCAPE,
  Enter: Key.ENTER,
  ArrowDown: Key.ARROW_DOWN,
  ArrowUp: Key.ARROW_UP,
  Shift: Key.SHIFT,
  Backspace: Key.BACK_SPACE,
};

// Collects uncaught errors and console.error calls of the current document
// (WebDriver classic has no console: set again after every navigation).
const WATCH = `
if (!window.__weeklyErrors) {
  window.__weeklyErrors = [];
  addEventListener('error', (e) => __weeklyErrors.push('page error: ' + e.message));
  addEventListener('unhandledrejection', (e) => __weeklyErrors.push('unhandled rejection: ' + e.reason));
  const error = console.error;
  console.error = (...args) => { __weeklyErrors.push('console error: ' + args.join(' ')); error.apply(console, args); };
}
`;

/** A Playwright-like page on a fresh WebDriver session of `engine`. */
export async function openWebDriverPage(engine) {
  const browser = await startBrowser(engine);
  const { driver } = browser;
  const problems = [];
  const drain = async () => {
    const errors = await driver.executeScript('return window.__weeklyErrors ? window.__weeklyErrors.splice(0) : []').catch(() => []);
    problems.push(...errors);
  };
  const watch = () => driver.executeScript(WATCH).catch(() => {});
  const page = {
    engine,
    version: browser.version,
    driver,
    async goto(url) {
      await drain();
      await driver.get(url);
      await watch();
    },
    async reload() {
      await drain();
      await driver.navigate().refresh();
      await watch();
    },
    async goBack() {
      await driver.navigate().back();
      await watch();
    },
    url: () => driver.getCurrentUrl(),
    async waitForURL(test, { timeout = TIMEOUT } = {}) {
      await until(async () => {
        const url = await driver.getCurrentUrl();
        return typeof test === 'function' ? test(new URL(url)) : test instanceof RegExp ? test.test(url) : url === test;
      }, `the URL to match ${test}`, timeout);
      await watch();
    },
    evaluate(fn, arg) {
      return driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         Promise.resolve((${fn.toString()})(arguments[0])).then(done, (e) => done({ __error: String(e) }));`,
        arg,
      ).then((value) => {
        if (value && value.__error) throw new Error(value.__error);
        return value;
      });
    },
    locator: (css, { hasText } = {}) => new Locator(page, [{ css, hasText: pattern(hasText) }]),
    getByRole: (role, { name, exact = false, level } = {}) =>
      new Locator(page, [{ role, name: pattern(name), exact, level }]),
    async waitForSelector(css, { state = 'visible', timeout = TIMEOUT } = {}) {
      await new Locator(page, [{ css }]).waitFor({ state, timeout });
    },
    keyboard: {
      async press(combo) {
        const keys = combo.split('+').map((k) => KEYS[k] ?? k);
        const actions = driver.actions();
        for (const k of keys) actions.keyDown(k);
        for (const k of keys.reverse()) actions.keyUp(k);
        await actions.perform();
      },
      async type(text) {
        await driver.actions().sendKeys(text).perform();
      },
    },
    mouse: {
      async move(x, y) {
        await driver.actions().move({ x: Math.round(x), y: Math.round(y) }).perform();
      },
    },
    async assertClean() {
      await drain();
      if (problems.length) throw new Error(problems.splice(0).join('\n'));
    },
    close: () => browser.quit(),
  };
  return page;
}
