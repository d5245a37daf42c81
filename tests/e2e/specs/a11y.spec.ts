// Accessibility held to numbers, on every screen state of a payment (embedded demo backend),
// in both modes (standard and care) and both languages:
// - axe-core with the WCAG 2.0/2.1/2.2 A and AA rules: zero violations;
// - every visible interactive element at least 44×44 CSS px (60×60 in care mode);
// - every visible text (placeholders included) at least 4.5:1 against its background (7:1 in
//   care mode);
// - in care mode: body text at least 18 px, headings at least 24 px, line height at least 1.3,
//   and at most one primary action;
// - no horizontal scrolling at 320 CSS px.
// It prints a table (entries × checks) with totals and the smallest figures measured.
import AxeBuilder from '@axe-core/playwright';
import { Page } from '@playwright/test';
import { test, expect } from './app';
import { walkPayment } from './walk';

type Measures = { targets: number[]; contrasts: number[]; fontSizes: number[]; lineHeights: number[]; primaries: number; overflow: number };

/** Measures the page as a person sees it (run in the browser). */
function measure(): Measures {
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && style.visibility !== 'hidden' && !el.closest('[hidden], .visually-hidden');
  };
  const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]: number[]) => {
    const lin = (c: number) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (el: Element | null): number[] => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const ratio = (fg: number[], bg: number[]) => {
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };

  const interactive = 'a[href], button, summary, label.cell, input:not([type=radio]):not([type=checkbox]):not([type=hidden]), select, textarea, [role=button]';
  const targets = [...document.querySelectorAll(interactive)].filter(visible).map((el) => {
    const r = el.getBoundingClientRect();
    return Math.min(r.width, r.height);
  });

  const contrasts: number[] = [];
  const fontSizes: number[] = [];
  const lineHeights: number[] = [];
  for (const el of document.querySelectorAll('body *')) {
    const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
    if (!hasText || !visible(el) || el.closest('[disabled], [aria-hidden=true], svg')) continue;
    const style = getComputedStyle(el);
    contrasts.push(ratio(rgb(style.color), background(el)));
    const size = parseFloat(style.fontSize);
    fontSizes.push(size);
    if (style.lineHeight !== 'normal') lineHeights.push(parseFloat(style.lineHeight) / size);
  }
  for (const input of document.querySelectorAll('input[placeholder]')) {
    if (visible(input)) contrasts.push(ratio(rgb(getComputedStyle(input, '::placeholder').color), background(input)));
  }
  const headings = [...document.querySelectorAll('h1, h2')].filter(visible).map((h) => parseFloat(getComputedStyle(h).fontSize));
  const primaries = [...document.querySelectorAll('.button-primary')].filter(visible).length;
  return { targets, contrasts, fontSizes: fontSizes.concat(headings.map((h) => -h)), lineHeights, primaries, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
}

type Row = { entry: string; axe: number; targets: number; contrast: number; fonts: number; reflow: boolean; minTarget: number; minContrast: number; minFont: number; minHeading: number };

async function check(page: Page, entry: string, care: boolean, rows: Row[]) {
  await page.waitForTimeout(150); // let a transition or focus move settle
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const m = await page.evaluate(measure);
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: viewport.height });
  const narrow = await page.evaluate(measure);
  await page.setViewportSize(viewport);

  const minTarget = Math.min(...m.targets);
  const minContrast = Math.min(...m.contrasts);
  const bodySizes = m.fontSizes.filter((s) => s > 0);
  const headingSizes = m.fontSizes.filter((s) => s < 0).map((s) => -s);
  rows.push({
    entry, axe: axe.violations.length, targets: m.targets.length, contrast: m.contrasts.length, fonts: m.fontSizes.length, reflow: narrow.overflow <= 0,
    minTarget, minContrast, minFont: Math.min(...bodySizes), minHeading: Math.min(...headingSizes),
  });
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${entry}: axe`).toEqual([]);
  expect(minTarget, `${entry}: smallest target`).toBeGreaterThanOrEqual(care ? 60 : 44);
  expect(minContrast, `${entry}: lowest contrast`).toBeGreaterThanOrEqual(care ? 7 : 4.5);
  expect(narrow.overflow, `${entry}: horizontal overflow at 320 px`).toBeLessThanOrEqual(0);
  if (care) {
    expect(Math.min(...bodySizes), `${entry}: smallest text in care mode`).toBeGreaterThanOrEqual(18);
    expect(Math.min(...headingSizes), `${entry}: smallest heading in care mode`).toBeGreaterThanOrEqual(24);
    expect(Math.min(...m.lineHeights), `${entry}: tightest line height in care mode`).toBeGreaterThanOrEqual(1.3);
    expect(m.primaries, `${entry}: primary actions in care mode`).toBeLessThanOrEqual(1);
  }
}

test('every screen state passes axe, target, contrast, care-mode and reflow checks', async ({ browser }) => {
  test.setTimeout(360_000);
  const rows: Row[] = [];
  try {
    for (const care of [false, true]) {
      for (const lang of ['zh', 'en'] as const) {
        const label = `${care ? 'care' : 'standard'}/${lang}`;
        await walkPayment(browser, care, lang, (page, entry) => check(page, `${label} ${entry}`, care, rows));
      }
    }
  } finally {
    const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
    const lines = rows.map((r) => [r.entry.padEnd(34), String(r.axe).padStart(4), String(r.targets).padStart(8), String(r.contrast).padStart(9), String(r.fonts).padStart(6),
      (r.reflow ? 'ok' : 'OVER').padStart(7), fmt(r.minTarget).padStart(8), fmt(r.minContrast).padStart(9), fmt(r.minFont).padStart(7)].join(''));
    const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
    const elementChecks = sum((r) => r.targets + r.contrast + r.fonts);
    console.log(['', 'Accessibility: entries × checks', `${'entry'.padEnd(34)} axe targets contrast  fonts reflow  min tgt  min cont min font`, ...lines,
      `${rows.length} entries, ${sum((r) => r.axe)} axe violations, ${elementChecks} element checks (${sum((r) => r.targets)} targets, ${sum((r) => r.contrast)} contrasts, ${sum((r) => r.fonts)} font sizes)`,
      `smallest target ${fmt(Math.min(...rows.map((r) => r.minTarget)))} px (care mode ${fmt(Math.min(...rows.filter((r) => r.entry.startsWith('care')).map((r) => r.minTarget)))} px); ` +
      `lowest contrast ${fmt(Math.min(...rows.map((r) => r.minContrast)))}:1 (care mode ${fmt(Math.min(...rows.filter((r) => r.entry.startsWith('care')).map((r) => r.minContrast)))}:1); ` +
      `smallest care-mode text ${fmt(Math.min(...rows.filter((r) => r.entry.startsWith('care')).map((r) => r.minFont)))} px, heading ${fmt(Math.min(...rows.filter((r) => r.entry.startsWith('care')).map((r) => r.minHeading)))} px`, ''].join('\n'));
  }
});

test('motion stops for people who ask for less, and forced colours keep controls outlined', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await expect(page.locator('#province-110000')).toBeVisible();
  const spin = () => page.evaluate(() => {
    const probe = document.createElement('span');
    probe.className = 'spinner';
    document.querySelector('main')!.append(probe);
    const seconds = parseFloat(getComputedStyle(probe).animationDuration);
    probe.remove();
    return seconds;
  });
  expect(await spin()).toBeLessThan(0.01);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await spin()).toBeGreaterThan(0.5);

  await page.emulateMedia({ forcedColors: 'active' });
  await page.locator('#province-110000').check();
  await page.locator('#city-110100').check();
  for (const control of [page.locator('.lang-switch'), page.getByTestId('care-switch'), page.locator('form button[type=submit]'), page.locator('label.cell').first()]) {
    await expect(control).toHaveCSS('border-top-style', 'solid');
    await expect(control).toHaveCSS('border-top-width', '2px');
  }
});
