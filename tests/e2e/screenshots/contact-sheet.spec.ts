// Every state of a payment, in standard and care mode, in Chinese and English, at 375×667,
// then a contact sheet that shows the four side by side for each state.
import { test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { ENTRIES, walkPayment } from '../specs/walk';

const OUT = '../../artifacts/screenshots';
const COMBOS = [
  { care: false, lang: 'zh' }, { care: false, lang: 'en' }, { care: true, lang: 'zh' }, { care: true, lang: 'en' },
] as const;
const name = (combo: (typeof COMBOS)[number]) => `${combo.care ? 'care' : 'standard'}-${combo.lang}`;
const file = (entry: string) => `${String(ENTRIES.indexOf(entry) + 1).padStart(2, '0')}-${entry.replace(/\W+/g, '-')}.png`;

for (const combo of COMBOS) {
  test(`screenshots: ${name(combo)}`, async ({ browser }) => {
    mkdirSync(`${OUT}/${name(combo)}`, { recursive: true });
    await walkPayment(browser, combo.care, combo.lang, async (page, entry) => {
      await page.waitForTimeout(150);
      await page.screenshot({ path: `${OUT}/${name(combo)}/${file(entry)}`, fullPage: true });
    });
  });
}

test.afterAll(() => {
  const head = COMBOS.map((c) => `<th>${c.care ? '关怀模式 care' : '标准 standard'} · ${c.lang}</th>`).join('');
  const rows = ENTRIES.map((entry) => `<tr><th scope="row">${entry}</th>${COMBOS.map((c) =>
    `<td><a href="${name(c)}/${file(entry)}"><img src="${name(c)}/${file(entry)}" alt="${entry}, ${name(c)}" loading="lazy"></a></td>`).join('')}</tr>`).join('\n');
  writeFileSync(`${OUT}/index.html`, `<!doctype html><html lang="en"><meta charset="utf-8"><title>Contact sheet</title>
<style>body{font:14px sans-serif;margin:16px}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:6px;vertical-align:top}
img{width:188px;display:block}th[scope=row]{text-align:left;max-width:8em}</style>
<h1>Every state of a payment, at 375×667</h1><table><tr><th>state</th>${head}</tr>
${rows}</table></html>`);
});
