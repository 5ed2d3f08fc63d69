// Glossary tooltips (issue 10): mouse, keyboard and touch, WCAG 1.4.13
// (dismissible, hoverable, persistent), placement at the viewport's edges
// and at 320 px, both UI languages, dark theme, print, turning them off,
// axe with a tooltip open, and no layout shift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { openPage, useSite } from './harness.mjs';

let browser, site;
useSite((b, s) => {
  browser = b;
  site = s;
});

const tooltip = (page) => page.getByRole('tooltip');
// A term in the text of an item (the 名词解释 note lists KEP too, as text).
const term = (page, name) => page.locator('article.item a.term', { hasText: name }).first();

async function openIssue(page, query = '') {
  await page.goto(`${site.origin}/issues/3${query}`);
  await page.waitForSelector('article.item a.term');
}

/** The accessible description Chromium computes for the focused element. */
async function focusedDescription(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const focused = nodes.find(
      (n) => n.role?.value !== 'RootWebArea' && n.properties?.some((p) => p.name === 'focused' && p.value.value),
    );
    return focused?.description?.value ?? '';
  } finally {
    await cdp.detach();
  }
}

async function box(locator) {
  const b = await locator.boundingBox();
  assert.ok(b, 'element has no box');
  return b;
}

test('mouse: opens after hover intent, is hoverable and persistent, closes after leaving', async () => {
  const page = await openPage(browser);
  await openIssue(page);
  const kep = term(page, 'KEP');
  await kep.scrollIntoViewIfNeeded();
  const k = await box(kep);
  await page.mouse.move(k.x + k.width / 2, k.y + k.height / 2);
  assert.equal(await tooltip(page).count(), 0, 'opened without hover intent');
  await tooltip(page).waitFor();
  const tip = tooltip(page);
  assert.match(await tip.innerText(), /KEP[\s\S]*Kubernetes Enhancement Proposal/);
  assert.equal(await tip.locator('[lang="zh-CN"]').innerText(), await glossaryText(page, 'kep', 'zh'));
  assert.equal(await tip.locator('p[lang="en"]').innerText(), await glossaryText(page, 'kep', 'en'));
  assert.equal(await tip.getByRole('link').getAttribute('href'), '/glossary/kep/');
  assert.equal(await kep.getAttribute('aria-describedby'), await tip.getAttribute('id'));

  // Travel from the term onto the tooltip: it stays, and stays while the pointer rests there.
  const t = await box(tip);
  await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 8 });
  await page.waitForTimeout(800); // longer than the close grace period
  assert.equal(await tip.isVisible(), true, 'closed under the pointer');

  // Leaving both closes it after the grace period.
  await page.mouse.move(2, 2);
  await tip.waitFor({ state: 'detached' });
  assert.equal(await kep.getAttribute('aria-describedby'), null);

  // Only one at a time: hovering another term replaces it.
  await hover(page, term(page, 'KEP'));
  await tooltip(page).waitFor();
  await hover(page, term(page, 'CEL'));
  await page.waitForFunction(() => document.querySelector('[role=tooltip]')?.innerText.includes('Common Expression Language'));
  assert.equal(await tooltip(page).count(), 1);
  page.assertClean();
  await page.close();
});

test('mouse: crossing a term opens nothing; a click follows the link to the term page', async () => {
  const page = await openPage(browser);
  await openIssue(page);
  await term(page, 'KEP').scrollIntoViewIfNeeded();
  const k = await box(term(page, 'KEP'));
  // Across the term and away, the way a pointer crosses a paragraph.
  await page.mouse.move(2, 2);
  await page.mouse.move(k.x + k.width / 2, k.y + k.height / 2, { steps: 2 });
  await page.mouse.move(2, 2, { steps: 2 });
  await page.waitForTimeout(500);
  assert.equal(await tooltip(page).count(), 0);
  await term(page, 'KEP').click();
  await page.waitForURL('**/glossary/kep/');
  await page.getByRole('heading', { name: 'KEP', level: 1 }).waitFor();
  assert.equal(await tooltip(page).count(), 0, 'a tooltip outlived its page');
  page.assertClean();
  await page.close();
});

test('keyboard: Tab opens at once and is announced, Escape hides it and keeps focus, Tab moves on', async () => {
  const page = await openPage(browser);
  await openIssue(page);
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.matches('a.term'))) break;
  }
  const name = await page.evaluate(() => document.activeElement.textContent);
  assert.ok(await page.evaluate(() => document.activeElement.matches('article.item a.term')), 'Tab never reached a term');
  await tooltip(page).waitFor();
  const described = await page.evaluate(() => document.activeElement.getAttribute('aria-describedby'));
  assert.equal(described, await tooltip(page).getAttribute('id'));
  assert.ok((await focusedDescription(page)).length > 20, 'the tooltip is not the focused term’s description');

  await page.keyboard.press('Escape');
  await tooltip(page).waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), name, 'Escape moved focus');

  // Back to the term, then Tab while its tooltip is open: focus moves on, never into the tooltip.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await tooltip(page).waitFor();
  const term = await page.evaluateHandle(() => document.activeElement);
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => ({
    inTip: !!document.activeElement.closest('[role=tooltip]'),
    text: document.activeElement.textContent,
    isTerm: document.activeElement.matches('a.term'),
  }));
  assert.equal(next.inTip, false, 'Tab went into the tooltip');
  assert.notEqual(next.text, name);
  assert.equal(await term.evaluate((el) => el.getAttribute('aria-describedby')), null, 'the term left behind is still described');
  if (!next.isTerm) await tooltip(page).waitFor({ state: 'detached' });
  page.assertClean();
  await page.close();
});

test('touch at 320 px: a tap toggles, another term switches, a tap elsewhere closes, the link leads on', async () => {
  const page = await openPage(browser, { viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
  await openIssue(page);
  await term(page, 'KEP').tap();
  await tooltip(page).waitFor();
  assert.match(page.url(), /\/issues\/3\/?$/, 'the tap followed the link');
  await expectInside(page);
  await term(page, 'CEL').tap();
  await page.waitForFunction(() => document.querySelector('[role=tooltip]')?.innerText.includes('Common Expression Language'));
  assert.equal(await tooltip(page).count(), 1);
  await term(page, 'CEL').tap();
  await tooltip(page).waitFor({ state: 'detached' });
  await term(page, 'KEP').tap();
  await tooltip(page).waitFor();
  await page.locator('article.issue h1').tap();
  await tooltip(page).waitFor({ state: 'detached' });
  await term(page, 'KEP').tap();
  await tooltip(page).getByRole('link').tap();
  await page.waitForURL('**/glossary/kep/');
  page.assertClean();
  await page.close();
});

test('placement: inside the viewport at 320 px for every term, above near the bottom, below near the top', async () => {
  const page = await openPage(browser, { viewport: { width: 320, height: 640 } });
  await openIssue(page);
  const terms = page.locator('article.item a.term');
  const n = await terms.count();
  assert.ok(n >= 15, `only ${n} terms`);
  for (let i = 0; i < n; i++) {
    await terms.nth(i).focus();
    await tooltip(page).waitFor();
    await page.waitForSelector('[role=tooltip][data-placed]');
    await expectInside(page);
    await page.keyboard.press('Escape');
    await tooltip(page).waitFor({ state: 'detached' });
  }
  const kep = term(page, 'KEP');
  for (const edge of ['bottom', 'top']) {
    await kep.evaluate((el, edge) => {
      const r = el.getBoundingClientRect();
      window.scrollBy(0, edge === 'bottom' ? r.bottom - innerHeight + 4 : r.top - 4);
    }, edge);
    await kep.evaluate((el) => el.blur());
    await kep.focus();
    await page.waitForSelector('[role=tooltip][data-placed]');
    const t = await box(tooltip(page));
    const k = await box(kep);
    if (edge === 'bottom') assert.ok(t.y + t.height <= k.y, 'not flipped above the term');
    else assert.ok(t.y >= k.y + k.height, 'not below the term');
    await expectInside(page);
    await page.keyboard.press('Escape');
    await tooltip(page).waitFor({ state: 'detached' });
  }
  page.assertClean();
  await page.close();
});

test('a term wrapping across two lines gets its tooltip next to the line under the pointer', async () => {
  const page = await openPage(browser, { viewport: { width: 320, height: 640 } });
  await openIssue(page);
  // Make a term wrap: narrow its paragraph until it has two line boxes.
  const lines = await page.evaluate(() => {
    const el = [...document.querySelectorAll('article.item a.term')].find((a) => a.textContent.length >= 8);
    el.id = 'wrapped-term';
    const p = el.closest('p');
    p.style.setProperty('width', '100px');
    for (let w = 100; w < 300 && el.getClientRects().length < 2; w += 3) p.style.setProperty('width', `${w}px`);
    el.scrollIntoView({ block: 'center' });
    return [...el.getClientRects()].map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height }));
  });
  assert.ok(lines.length >= 2, 'could not make a term wrap');
  const last = lines[lines.length - 1];
  await page.mouse.move(last.x + last.w / 2, last.y + last.h / 2);
  await page.waitForSelector('[role=tooltip][data-placed]');
  const t = await box(tooltip(page));
  assert.ok(t.y >= last.y + last.h || t.y + t.height <= last.y, 'the tooltip covers the line');
  assert.ok(Math.abs(t.y - (last.y + last.h)) < 20 || Math.abs(t.y + t.height - last.y) < 20, 'the tooltip is far from the hovered line');
  page.assertClean();
  await page.close();
});

test('both UI languages, dark theme, axe with a tooltip open, and print hides it', async () => {
  for (const [query, more] of [['?lang=zh', '查看术语表词条'], ['?lang=en', 'Open the glossary entry']]) {
    const page = await openPage(browser);
    await page.emulateMedia({ colorScheme: 'dark' });
    await openIssue(page, query);
    await term(page, 'KEP').focus();
    await tooltip(page).waitFor();
    await page.waitForSelector('[role=tooltip][data-placed]');
    assert.equal(await tooltip(page).getByRole('link').innerText(), more);
    const { violations } = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
    const colours = await tooltip(page).evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(colours, 'rgb(18, 20, 23)', 'the tooltip does not follow the dark theme');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await tooltip(page).isVisible(), false, 'a tooltip would print');
    page.assertClean();
    await page.close();
  }
});

test('a reader can turn tooltips off; the term stays a link and the choice is remembered', async () => {
  const page = await openPage(browser);
  await openIssue(page);
  const toggle = page.getByRole('checkbox', { name: 'Explain terms in a tooltip' });
  assert.equal(await toggle.isChecked(), true);
  await toggle.uncheck();
  await page.reload();
  await page.waitForSelector('article.item a.term');
  assert.equal(await toggle.isChecked(), false, 'the choice was forgotten');
  await hover(page, term(page, 'KEP'));
  await term(page, 'CEL').focus();
  await page.waitForTimeout(500);
  assert.equal(await tooltip(page).count(), 0);
  await term(page, 'KEP').click();
  await page.waitForURL('**/glossary/kep/');
  await toggle.check();
  page.assertClean();
  await page.close();
});

test('hovering across every term shifts no layout', async () => {
  const page = await openPage(browser);
  await openIssue(page);
  await page.evaluate(() => {
    window.__shift = 0;
    window.__long = 0;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.__shift += e.value))).observe({ type: 'layout-shift' });
    new PerformanceObserver((l) => (window.__long += l.getEntries().length)).observe({ type: 'longtask' });
  });
  const terms = page.locator('article.item a.term');
  const n = await terms.count();
  for (let i = 0; i < n; i++) {
    await terms.nth(i).scrollIntoViewIfNeeded();
    const b = await box(terms.nth(i));
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 2 });
    await page.waitForSelector('[role=tooltip][data-placed]');
  }
  const { shift, long } = await page.evaluate(() => ({ shift: window.__shift, long: window.__long }));
  assert.equal(shift, 0, 'layout shifted');
  console.log(`# hovered ${n} terms: CLS ${shift}, long tasks ${long}`);
  page.assertClean();
  await page.close();
});

test('the term page renders no link with a bad scheme, whatever glossary.json says', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block', carried: false });
  await page.route('**/data/glossary.json', async (route) => {
    const response = await route.fetch();
    const glossary = await response.json();
    const kep = glossary.terms.find((t) => t.term === 'KEP');
    kep.links = ['javascript:alert(1)', '/\\evil.example', '\\\\evil.example', 'https://github.com/kubernetes/enhancements'];
    await route.fulfill({ response, json: glossary });
  });
  await page.goto(`${site.origin}/glossary/kep`);
  await page.waitForSelector('#shell', { state: 'detached' }); // the app's page, from the changed glossary
  await page.getByRole('heading', { name: 'KEP', level: 1 }).waitFor();
  const hrefs = await page.locator('.term-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['https://github.com/kubernetes/enhancements']);
  page.assertClean();
  await page.close();
});

async function hover(page, locator) {
  await locator.scrollIntoViewIfNeeded();
  const b = await box(locator);
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 2 });
}

async function expectInside(page) {
  // As painted: a change of content (the glossary arriving) is placed in
  // the next animation frame, before that frame paints.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
  const t = await box(tooltip(page));
  const { w, h, sy } = await page.evaluate(() => ({
    w: document.documentElement.clientWidth,
    h: document.documentElement.clientHeight,
    sy: 0,
  }));
  assert.ok(t.x >= 0 && t.x + t.width <= w + 0.5, `tooltip ${t.x}..${t.x + t.width} outside 0..${w}`);
  assert.ok(t.y >= sy && t.y + t.height <= h + 0.5, `tooltip ${t.y}..${t.y + t.height} outside 0..${h}`);
}

async function glossaryText(page, slug, lang) {
  return page.evaluate(
    async ([slug, lang]) => {
      const g = await (await fetch('/data/glossary.json')).json();
      const e = g.terms.find((t) => t.term.toLowerCase() === slug);
      return e.explanation[lang];
    },
    [slug, lang],
  );
}
