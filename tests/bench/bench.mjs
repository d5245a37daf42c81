// `make bench`: what a payer's browser really fetches before the first screen works, and how
// long that takes at Slow 4G, in Debian's Chromium against the release build in dist/.
//
// Two paths, each served as a deployment would serve it (brotli, long cache for hashed files):
//   production  config.json names a backend on another origin (the reference backend);
//   demo        no config.json: the embedded demo backend.
// For each: every request made before the first screen works, with its bytes, the total against
// the budget, the time until it works (median of 5, cold cache) beside the time for a static copy
// of the same rendered screen (no script, same server, same run: the floor), and the time from
// pressing the first screen's primary button to the next screen working. Then each on-demand
// screen's own download. Fails only when bytes grow: the first screen over its ratchet (the figure
// last measured plus 1 KB; lower it whenever a change makes the first screen smaller) or a screen's
// own download over its budget. Times are printed, not judged: this machine is shared and noisy.
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { brotliCompressSync, constants } from 'node:zlib';
import { existsSync, readFileSync, statSync, mkdtempSync, cpSync, writeFileSync, rmSync } from 'node:fs';
import { join, extname } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { cacheControl } from '../e2e/caching.mjs';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const DIST = process.argv[2] ?? 'dist';
// The first screen's bytes (brotli) may not grow past the last measured figure plus 1 KB: a
// ratchet, lowered whenever the first screen gets smaller. The goal is printed beside it. (The
// figures of 1628f79, the last before the ratchet: production 144.7 KB, demo 150.3 KB.)
const RATCHET_BYTES = { production: 148_173 + 1024, demo: 153_907 + 1024 };
const GOAL_KB = { production: 100 };
const BUDGET_KB = { screen: 25 };
const GOAL_RATIO = { production: 2.2, demo: 2.8 };
const RUNS = 5;
const KB = 1024;
// DevTools' "Slow 4G": 562.5 ms round trip, 180 KB/s down, 84.4 KB/s up; 4× CPU slowdown.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const CPU_SLOWDOWN = 4;
const BACKEND_PORT = 8091;

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.yaml': 'text/yaml' };

/** Serves `root` like a deployment: brotli, long cache for content-hashed files, none for the rest. */
function serve(root, port) {
  const cache = new Map();
  const load = (file) => {
    if (!cache.has(file)) {
      const raw = readFileSync(file);
      cache.set(file, { raw, br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) });
    }
    return cache.get(file);
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\.\.+/g, '');
    let file = join(root, path);
    try {
      if (!statSync(file).isFile()) throw new Error();
    } catch {
      file = join(root, path === '/config.json' ? '__none__' : 'index.html');
      try { statSync(file); } catch { res.writeHead(404).end(); return; }
    }
    const { br } = load(file);
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'content-encoding': 'br',
      'cache-control': cacheControl(file),
      'content-length': br.length,
    });
    res.end(br);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** In the page: records when the first screen works (h1 shown, nothing loading, a control usable). */
function watchFirstWorks() {
  const works = () => {
    const main = document.querySelector('main');
    const h1 = main?.querySelector('h1');
    if (!h1 || !h1.getClientRects().length) return false;
    if (main.querySelector('[data-state=loading], .loading')) return false;
    return [...main.querySelectorAll('input, button, select, a[href]')].some((el) => !el.disabled && el.getClientRects().length);
  };
  const check = () => {
    if (window.__works === undefined && works()) window.__works = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('DOMContentLoaded', check);
}

async function throttledPage(browser) {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.addInitScript(watchFirstWorks);
  // Transferred bytes per request, as the network saw them (compressed, with headers).
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, start: e.timestamp, bytes: 0 }));
  cdp.on('Network.loadingFinished', (e) => { const r = requests.get(e.requestId); if (r) { r.bytes = e.encodedDataLength; r.end = e.timestamp; } });
  return { context, page, requests };
}

async function firstScreen(browser, url) {
  const { context, page, requests } = await throttledPage(browser);
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__works !== undefined, null, { timeout: 120_000, polling: 50 });
  const works = await page.evaluate(() => window.__works);
  const navStart = await page.evaluate(() => performance.timeOrigin / 1000);
  // Requests made before the screen worked (the CDP clock is monotonic seconds; align on the first).
  const list = [...requests.values()].filter((r) => r.bytes > 0 || r.end);
  const t0 = Math.min(...list.map((r) => r.start));
  const before = list.filter((r) => (r.start - t0) * 1000 <= works);
  return { context, page, works, before, elapsed: Date.now() - started, navStart };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

/** The rendered first screen, without any script: what the floor serves. */
async function staticCopy(browser, url, root) {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('main h1') && !document.querySelector('main [data-state=loading]'));
  const html = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true);
    doc.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]').forEach((el) => el.remove());
    return `<!DOCTYPE html>\n${doc.outerHTML}`;
  });
  writeFileSync(join(root, 'floor.html'), html);
  await context.close();
}

async function pressOn(browser, url) {
  // From a worked first screen: choose an order and press the primary button.
  const { context, page } = await firstScreen(browser, url);
  await page.locator('#province-110000').check();
  await page.locator('#city-110100').check();
  await page.locator('#product-resident_medical').check();
  await page.locator('#year-2027').check();
  await page.getByTestId('window-card').waitFor();
  await page.evaluate(() => { window.__works = undefined; });
  const t = await page.evaluate(() => performance.now());
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/\/identity$/);
  await page.waitForFunction(() => window.__works !== undefined, null, { timeout: 120_000, polling: 50 });
  const works = await page.evaluate(() => window.__works);
  await context.close();
  return works - t;
}

/** Each split point with the files its loader fetches: shared chunks first, its own file last (written by tools/split.py). */
function splitFiles(root) {
  const manifest = join(root, 'split-files.json');
  if (!existsSync(manifest)) return [];
  return Object.entries(JSON.parse(readFileSync(manifest, 'utf8'))).map(([split, files]) => {
    const own = files.find((f) => f.startsWith(`split_${split}-`));
    return { split, own, shared: files.filter((f) => f !== own) };
  });
}

function screenDownloads(root) {
  const size = (f) => brotliCompressSync(readFileSync(join(root, f)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return splitFiles(root).map(({ split, own, shared }) => ({
    split, own: own ? size(own) : 0, shared: shared.reduce((s, f) => s + size(f), 0), files: shared.length + (own ? 1 : 0),
  }));
}

async function main() {
  const backend = spawn('../../target/debug/insurance-pay-backend', [], {
    cwd: new URL('../e2e/', import.meta.url).pathname, env: { ...process.env, PORT: String(BACKEND_PORT), DATABASE: ':memory:' }, stdio: 'ignore',
  });
  const roots = { demo: mkdtempSync(join(tmpdir(), 'bench-demo-')), production: mkdtempSync(join(tmpdir(), 'bench-prod-')) };
  cpSync(DIST, roots.demo, { recursive: true });
  cpSync(DIST, roots.production, { recursive: true });
  writeFileSync(join(roots.production, 'config.json'), JSON.stringify({ api_base_url: `http://127.0.0.1:${BACKEND_PORT}` }));
  const ports = { demo: 8092, production: 8093 };
  const servers = [await serve(roots.demo, ports.demo), await serve(roots.production, ports.production)];
  for (let i = 0; i < 50; i += 1) {
    try { if ((await fetch(`http://127.0.0.1:${BACKEND_PORT}/regions`)).ok) break; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  let failed = false;
  try {
    for (const path of ['production', 'demo']) {
      const url = `http://127.0.0.1:${ports[path]}/`;
      await staticCopy(browser, url, roots[path]);
      const app = [];
      const floor = [];
      let listed;
      for (let i = 0; i < RUNS; i += 1) {
        const run = await firstScreen(browser, url);
        app.push(run.works);
        listed ??= run.before;
        await run.context.close();
        const f = await firstScreen(browser, `${url}floor.html`);
        floor.push(f.works);
        await f.context.close();
      }
      const press = [];
      for (let i = 0; i < RUNS; i += 1) press.push(await pressOn(browser, url));
      const total = listed.reduce((s, r) => s + r.bytes, 0);
      const within = total <= RATCHET_BYTES[path];
      failed ||= !within;
      const ratio = median(app) / median(floor);
      console.log(`\n== ${path} path (${path === 'production' ? 'config.json names a backend on another origin' : 'no config: embedded demo backend'}) ==`);
      console.log('requests before the first screen works (bytes transferred, brotli):');
      for (const r of listed) console.log(`  ${String(r.bytes).padStart(8)}  ${r.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, '')}`);
      console.log(`  total ${total} B = ${kb(total)} (ratchet ${kb(RATCHET_BYTES[path])}${GOAL_KB[path] ? `, goal ${GOAL_KB[path]} KB` : ''}): ${within ? 'within the ratchet' : 'GREW PAST THE RATCHET'}`);
      console.log(`first screen works at Slow 4G, 4× CPU, cold cache (median of ${RUNS}): app ${Math.round(median(app))} ms, floor ${Math.round(median(floor))} ms, ratio ${ratio.toFixed(2)} (goal ≤ ${GOAL_RATIO[path]})`);
      console.log(`  app runs ${app.map(Math.round).join(', ')} ms; floor runs ${floor.map(Math.round).join(', ')} ms`);
      console.log(`primary button to the next screen working (median of ${RUNS}): ${Math.round(median(press))} ms (runs ${press.map(Math.round).join(', ')})`);
    }
    console.log(`\n== each on-demand download (brotli): a screen's own file (budget ${BUDGET_KB.screen} KB), and the chunks of code it shares with others, fetched once, with the first that needs them ==`);
    // The screens' budget; the demo backend and the gallery are reported too.
    for (const s of screenDownloads(DIST)) {
      const isScreen = s.split.startsWith('screen_');
      const within = !isScreen || s.own / KB <= BUDGET_KB.screen;
      failed ||= !within;
      console.log(`  ${s.split.padEnd(24)} ${String(s.files).padStart(3)} files: own ${kb(s.own).padStart(9)} + shared ${kb(s.shared).padStart(9)} = ${kb(s.own + s.shared).padStart(9)}${isScreen ? (within ? '' : `  OVER ${BUDGET_KB.screen} KB`) : '  (not a screen)'}`);
    }
  } finally {
    await browser.close();
    servers.forEach((s) => s.close());
    backend.kill();
    Object.values(roots).forEach((r) => rmSync(r, { recursive: true, force: true }));
  }
  if (failed) {
    console.error('\nmake bench: the first screen grew past its ratchet, or a screen past its budget');
    process.exit(1);
  }
}

await main();
