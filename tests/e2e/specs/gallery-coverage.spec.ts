// Runs after every other suite (the `coverage` project depends on them):
// - the gallery must show every screen state the flow suites reached (states.ts records both);
// - prints the accessibility table (entries × checks) with totals from a11y.spec.ts's rows.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test, expect } from './app';
import { loadStates, STATES_DIR } from './states';
import { A11Y_PARTS, COMBOS } from './gallery';

type Row = { entry: string; axe: number; targets: number; contrast: number; fonts: number; reflow: boolean; text200: boolean; minTarget: number; minContrast: number; minGain: number; minFont: number; minHeading: number };

test('the gallery shows every screen state the flows reach', () => {
  const reached = loadStates('reached');
  const gallery = loadStates('gallery');
  expect(gallery.size, 'the gallery suite ran and recorded what each entry shows').toBeGreaterThan(0);
  const missing = [...reached].filter((s) => !gallery.has(s)).sort();
  console.log(`\nScreen states: ${reached.size} reached by the flow suites, ${gallery.size} shown by the gallery, ${missing.length} missing from it`);
  expect(missing, 'states the flows reach that no gallery entry shows').toEqual([]);
});

test('accessibility table: entries × checks, with totals', () => {
  const files = readdirSync(STATES_DIR).filter((f) => f.startsWith('a11y-'));
  expect(files.length, 'a11y.spec.ts wrote its rows').toBe(COMBOS.length * A11Y_PARTS);
  const rows: Row[] = files.flatMap((f) => JSON.parse(readFileSync(`${STATES_DIR}/${f}`, 'utf8')));
  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  const lines = rows.map((r) => [r.entry.padEnd(44), String(r.axe).padStart(4), String(r.targets).padStart(8), String(r.contrast).padStart(9), String(r.fonts).padStart(6),
    (r.reflow ? 'ok' : 'OVER').padStart(7), (r.text200 ? 'ok' : 'OVER').padStart(7), fmt(r.minTarget).padStart(8), fmt(r.minContrast).padStart(9), fmt(r.minFont).padStart(7)].join(''));
  const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
  const care = rows.filter((r) => r.entry.startsWith('care'));
  // A page with no heading (a loading state) has no smallest heading: JSON wrote its Infinity as null.
  const least = (list: Row[], f: (r: Row) => number) => fmt(Math.min(...list.map(f).filter((v) => v !== null && Number.isFinite(v))));
  const elementChecks = sum((r) => r.targets + r.contrast + r.fonts);
  console.log(['', 'Accessibility: gallery entries × checks', `${'entry'.padEnd(44)} axe targets contrast  fonts reflow   200%  min tgt  min cont min font`, ...lines,
    `${rows.length} entries checked (${rows.filter((r) => r.entry.startsWith('standard-zh')).length} per mode in Chinese, ${rows.filter((r) => r.entry.startsWith('standard-en')).length} in English), ${sum((r) => r.axe)} axe violations, ${elementChecks} element checks ` +
    `(${sum((r) => r.targets)} targets, ${sum((r) => r.contrast)} contrasts, ${sum((r) => r.fonts)} font sizes), ` +
    `${rows.filter((r) => !r.reflow).length} overflow at 320 px, ${rows.filter((r) => !r.text200).length} at 200 % text`,
    `smallest target ${least(rows, (r) => r.minTarget)} px (care mode ${least(care, (r) => r.minTarget)} px); ` +
    `lowest contrast ${least(rows, (r) => r.minContrast)}:1 (care mode ${least(care, (r) => r.minContrast)}:1); ` +
    `care-mode contrast at least ${Math.min(...care.map((r) => r.minGain).filter(Number.isFinite)).toFixed(2)} × what it must be (1.3 × standard's, or 21:1); ` +
    `smallest care-mode text ${least(care, (r) => r.minFont)} px, heading ${least(care, (r) => r.minHeading)} px`, ''].join('\n'));
  expect(existsSync(STATES_DIR)).toBe(true);
});
