// SPDX-License-Identifier: GPL-3.0-or-later
// check-page.mjs — opens an edition's index.html in Debian's headless Chromium
// (driven by playwright-core) and prints TAP lines about what a listener gets:
// no console errors, every audio source loads, the headings are the chapters,
// the next/previous-section keys move playback, the spoken sentence is
// highlighted, axe-core finds no serious or critical violation, and the page
// still offers players, text and links with JavaScript off.
// Usage: node check-page.mjs URL EDITION_JSON [CHROMIUM [LABEL]]
// The edition needs three sections or more, one of them (after the first)
// with two sentences or more.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');

const [url, manifestPath, exe = '/usr/bin/chromium', label = 'page'] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const sections = manifest.sections;

let failures = 0;
function tap(ok, name, detail) {
  if (!ok) failures++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${label}: ${name}${detail ? ` (${detail})` : ''}`);
}

const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required'];
const profile = mkdtempSync(join(tmpdir(), 'tb-chromium-'));

async function main() {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: exe, headless: true, args, ignoreDefaultArgs: ['--mute-audio'] });
  const page = ctx.pages()[0] || await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  // a media element cancelling its own request (net::ERR_ABORTED) is normal
  page.on('requestfailed', (r) => {
    const why = (r.failure() || {}).errorText || '';
    if (!why.includes('ERR_ABORTED')) errors.push(`request failed: ${r.url()} ${why}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss().catch(() => {}); });

  await page.goto(url, { waitUntil: 'load' });

  // every audio source, each in an element of its own: metadata loads, no error event
  const sources = await page.evaluate(() => [...new Set(
    [...document.querySelectorAll('audio[src], audio source[src]')].map((e) => e.src))]);
  const loads = await page.evaluate((srcs) => Promise.all(srcs.map((src) => new Promise((done) => {
    const a = new Audio();
    const t = setTimeout(() => done({ src, ok: false, why: `timeout, readyState ${a.readyState}` }), 15000);
    a.addEventListener('loadedmetadata', () => { clearTimeout(t); done({ src, ok: a.readyState >= 1, duration: a.duration }); });
    a.addEventListener('error', () => { clearTimeout(t); done({ src, ok: false, why: `error ${a.error && a.error.code}` }); });
    a.preload = 'metadata';
    a.src = src;
  }))), sources);
  const bad = loads.filter((l) => !l.ok);
  tap(sources.length === sections.length + (manifest.mp3 ? 2 : 1) && bad.length === 0,
    `every audio source loads (${loads.length} sources)`,
    bad.map((l) => `${l.src}: ${l.why}`).join('; '));
  // the players on the page themselves reach HAVE_METADATA
  const states = await page.evaluate(() => Promise.all([...document.querySelectorAll('audio')].map((a) =>
    a.readyState >= 1 ? a.readyState : new Promise((done) => {
      const t = setTimeout(() => done(a.readyState), 15000);
      a.addEventListener('loadedmetadata', () => { clearTimeout(t); done(a.readyState); });
      a.addEventListener('error', () => { clearTimeout(t); done(-1); });
      if (a.preload === 'none') a.load();
    }))));
  tap(states.length === sections.length + 1 && states.every((s) => s >= 1),
    'every player on the page has its metadata', `readyState ${states.join(',')}`);
  // section files last as long as the manifest says
  const durOff = loads.filter((l) => l.ok).map((l) => {
    const s = sections.find((x) => l.src.endsWith('/' + encodeURIComponent(x.file)));
    return s ? Math.abs(l.duration - s.duration) : 0;
  });
  tap(durOff.every((d) => d < 0.25), 'section files last as the manifest says',
    `largest difference ${Math.max(0, ...durOff).toFixed(3)} s`);

  // landmarks, language, headings = chapters (in the page and in the chapter track)
  const info = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    landmarks: ['header', 'nav', 'main'].filter((t) => document.querySelector(t)),
    h2: [...document.querySelectorAll('main section > h2, main section > h3')].map((h) => h.textContent),
    toc: [...document.querySelectorAll('nav ol a')].map((a) => a.textContent),
    ids: [...document.querySelectorAll('main .sentence')].map((s) => s.id),
    spans: document.querySelectorAll('main .sentence[data-start][data-end]').length,
  }));
  const titles = sections.map((s) => s.title);
  const nSentences = sections.reduce((n, s) => n + s.sentences.length, 0);
  tap(info.lang === 'zh-CN' && info.landmarks.length === 3, 'lang zh-CN, header/nav/main landmarks',
    `${info.lang}; ${info.landmarks.join(',')}`);
  tap(JSON.stringify(info.h2) === JSON.stringify(titles), 'one heading per section (h2 article, h3 section), each the chapter title',
    JSON.stringify(info.h2));
  tap(JSON.stringify(info.toc) === JSON.stringify(titles), 'the table of contents lists the chapters');
  tap(info.spans === nSentences && new Set(info.ids).size === nSentences,
    'every sentence is a span with its own id and times', `${info.spans} of ${nSentences}`);
  const cues = await page.evaluate(() => new Promise((done) => {
    const track = document.querySelector('#player track');
    const read = () => done([...(track.track.cues || [])].map((c) => ({
      text: c.getCueAsHTML().textContent, start: c.startTime })));
    track.track.mode = 'hidden';
    if (track.readyState === 2) read();
    track.addEventListener('load', read);
    track.addEventListener('error', () => done(null));
    setTimeout(() => done(null), 10000);
  }));
  tap(cues && JSON.stringify(cues.map((c) => c.text)) === JSON.stringify(titles) &&
    cues.every((c, i) => Math.abs(c.start - sections[i].start) < 0.002),
    'the chapter track holds the chapters at their times', cues ? `${cues.length} cues` : 'track did not load');

  // keys: next / previous section move the edition player
  const at = () => page.evaluate(() => document.getElementById('player').currentTime);
  const waitNear = async (t) => {
    for (let i = 0; i < 50; i++) { const c = await at(); if (Math.abs(c - t) < 0.05) return c; await page.waitForTimeout(100); }
    return at();
  };
  await page.locator('main').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Alt+Shift+KeyN');
  let t = await waitNear(sections[1].start);
  tap(Math.abs(t - sections[1].start) < 0.05, 'Alt+Shift+N moves playback to the next chapter',
    `at ${t.toFixed(3)} s, chapter 2 starts at ${sections[1].start} s`);
  await page.keyboard.press(']');
  t = await waitNear(sections[2].start);
  tap(Math.abs(t - sections[2].start) < 0.05, '] moves playback to the next chapter', `at ${t.toFixed(3)} s`);
  await page.keyboard.press('Alt+Shift+KeyP');
  t = await waitNear(sections[1].start);
  tap(Math.abs(t - sections[1].start) < 0.05, 'Alt+Shift+P moves playback to the previous chapter', `at ${t.toFixed(3)} s`);
  const status = await page.evaluate(() => document.getElementById('status').textContent);
  tap(status.includes(sections[1].title), 'the section change is announced in the status region', status);
  // keys typed into a form control are left alone
  await page.evaluate(() => { document.getElementById('announce').focus(); });
  await page.keyboard.press(']');
  t = await at();
  tap(Math.abs(t - sections[1].start) < 0.05, '] in a form control does not move playback', `at ${t.toFixed(3)} s`);

  // the sentence being spoken is highlighted; not announced unless asked
  const k = sections.findIndex((s, i) => i > 0 && s.sentences.length >= 2);
  const target = sections[k].sentences[1];
  await page.evaluate((s) => { document.getElementById('player').currentTime = s; }, target.start + 0.05);
  const want = `s${k + 1}-2`;
  // the seek's timeupdate moves the highlight: wait for it (or time out and report)
  await page.waitForFunction((id) => { const e = document.getElementById(id); return e && e.classList.contains('speaking'); },
    want, { timeout: 5000 }).catch(() => {});
  const hl = await page.evaluate(() => {
    const s = document.querySelectorAll('main .speaking');
    return { n: s.length, id: s[0] && s[0].id, live: document.getElementById('now').getAttribute('aria-live') };
  });
  tap(hl.n === 1 && hl.id === want && hl.live === 'off', 'the spoken sentence is highlighted, live region off',
    JSON.stringify(hl));
  // play/pause
  await page.locator('main').click({ position: { x: 2, y: 2 } });
  const state = (p) => page.waitForFunction((want) => document.getElementById('player').paused === want,
    p, { timeout: 5000 }).then(() => true, () => false);
  await page.keyboard.press('Alt+Shift+Space');
  const playing = await state(false);
  await page.keyboard.press('Alt+Shift+Space');
  const paused = await state(true);
  tap(playing && paused, 'Alt+Shift+Space plays and pauses', `playing ${playing}, then paused ${paused}`);

  // a section's own player in use: the keys move between the section players
  const secPaused = () => page.evaluate(() => [...document.querySelectorAll('main section audio')].map((a) => a.paused));
  await page.evaluate(() => { const a = document.querySelectorAll('main section audio')[1]; a.play().catch(() => {}); });
  await page.waitForFunction(() => !document.querySelectorAll('main section audio')[1].paused, null, { timeout: 5000 }).catch(() => {});
  await page.locator('main').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Alt+Shift+KeyN');
  await page.waitForFunction(() => !document.querySelectorAll('main section audio')[2].paused, null, { timeout: 5000 }).catch(() => {});
  const afterNext = await secPaused();
  await page.keyboard.press('Alt+Shift+Space');
  await page.waitForTimeout(300);
  const afterToggle = await secPaused();
  tap(afterNext[2] === false && afterNext.filter((p) => !p).length === 1 && afterToggle.every((p) => p),
    'with a section player in use, Alt+Shift+N plays the next section\'s player, Alt+Shift+Space pauses it',
    `playing after N: ${afterNext.map((p, i) => p ? '' : i + 1).join('')}; after Space: ${afterToggle.every((p) => p) ? 'all paused' : 'still playing'}`);

  // axe-core
  await page.addScriptTag({ path: axePath });
  const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  // and again in dark mode (the page has a dark palette): contrast must hold there too
  await page.emulateMedia({ colorScheme: 'dark' });
  const axeDark = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  await page.emulateMedia({ colorScheme: 'light' });
  for (const v of axeDark.violations) axe.violations.push({ ...v, id: `${v.id} (dark mode)` });
  for (const v of axe.violations) console.log(`# axe: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  tap(axe.violations.length === 0, 'axe-core, light and dark mode: no violation of any impact',
    axe.violations.map((v) => `${v.impact} ${v.id}`).join(', '));

  tap(dialogs === 0, 'no markup from a title ran as script', `${dialogs} dialogs`);
  tap(errors.length === 0, 'no console errors', errors.join(' | '));

  // JavaScript off: players, text and links are all there
  await ctx.close();
  const browser = await chromium.launch({ executablePath: exe, headless: true, args });
  const c2 = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await c2.newPage();
  await p2.goto(url, { waitUntil: 'load' });
  const off = await p2.evaluate(() => ({
    players: document.querySelectorAll('audio[controls]').length,
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    files: [...document.querySelectorAll('a[href]')].map((a) => decodeURIComponent(a.getAttribute('href'))),
    text: document.querySelector('main').innerText.length,
    hiddenToggle: document.getElementById('announce-row').hidden,
  }));
  const needLinks = [manifest.edition, ...sections.map((s) => s.file)].concat(
    manifest.mp3 ? [manifest.mp3, 'edition.epub', 'daisy/ncc.html'] : []);
  const missing = needLinks.filter((h) => !off.files.includes(h));
  tap(off.players === sections.length + 1 && off.text > 0 && missing.length === 0 && off.hiddenToggle,
    'with JavaScript off: players, transcript and download links are there',
    `${off.players} players, missing links: ${missing.join(',') || 'none'}`);
  // every link on the page resolves
  const hrefs = [...new Set(off.links.filter((h) => !h.startsWith('#')))];
  const broken = [];
  for (const h of hrefs) {
    const r = await p2.request.get(new URL(h, url).href);
    if (!r.ok()) broken.push(`${h}: ${r.status()}`);
  }
  // axe-core on the page as it is without JavaScript: the page's own script
  // blocked by a Content-Security-Policy, axe evaluated by the harness (with
  // JavaScript disabled outright, axe itself could not run)
  const c3 = await browser.newContext();
  const p3 = await c3.newPage();
  await p3.route(url, async (route) => {
    const r = await route.fetch();
    await route.fulfill({ response: r, headers: { ...r.headers(), 'content-security-policy': "script-src 'none'" } });
  });
  await p3.goto(url, { waitUntil: 'load' });
  const scriptRan = await p3.evaluate(() => !document.getElementById('announce-row').hidden);
  const axeOff = await p3.evaluate(`${readFileSync(axePath, 'utf8')}\n;axe.run(document, { resultTypes: ['violations'] })`);
  for (const v of axeOff.violations) console.log(`# axe (JS off): ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  tap(!scriptRan && axeOff.violations.length === 0, 'axe-core with the page\'s JavaScript off: no violation of any impact',
    (scriptRan ? 'the page script ran; ' : '') + axeOff.violations.map((v) => `${v.impact} ${v.id}`).join(', '));
  const anchors = off.links.filter((h) => h.startsWith('#'));
  const noTarget = await p2.evaluate((a) => a.filter((h) => !document.getElementById(h.slice(1))), anchors);
  tap(broken.length === 0 && noTarget.length === 0, `every link resolves (${hrefs.length} files, ${anchors.length} anchors)`,
    broken.concat(noTarget).join('; '));
  await browser.close();
}

main().then(() => { rmSync(profile, { recursive: true, force: true }); process.exit(failures ? 1 : 0); },
  (e) => { console.log(`not ok - ${label}: the browser check ran to its end (${String(e).split('\n')[0]})`);
    rmSync(profile, { recursive: true, force: true }); process.exit(1); });
