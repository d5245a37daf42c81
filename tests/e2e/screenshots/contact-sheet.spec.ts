// Every gallery entry (every screen in every state), in standard and care mode, in Chinese and
// English, at 375×667, then a contact sheet that shows the four side by side for each entry.
import { test } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { COMBOS, comboName, galleryEntries, galleryPage, GalleryEntry, openEntry } from '../specs/gallery';

const OUT = '../../artifacts/screenshots';
const file = (entries: GalleryEntry[], entry: GalleryEntry) => `${String(entries.indexOf(entry) + 1).padStart(3, '0')}-${entry.id}.png`;
let listed: GalleryEntry[] = [];

for (const combo of COMBOS) {
  test(`screenshots: ${comboName(combo)}`, async ({ browser }) => {
    test.setTimeout(30 * 60_000);
    rmSync(`${OUT}/${comboName(combo)}`, { recursive: true, force: true }); // no pictures left from an older gallery
    mkdirSync(`${OUT}/${comboName(combo)}`, { recursive: true });
    const page = await galleryPage(browser);
    const entries = await galleryEntries(page);
    listed = entries;
    for (const entry of entries) {
      await openEntry(page, entry, combo);
      await page.waitForTimeout(150); // let a transition or focus move settle
      await page.screenshot({ path: `${OUT}/${comboName(combo)}/${file(entries, entry)}`, fullPage: true });
    }
    await page.context().close();
  });
}

test.afterAll(() => {
  const head = COMBOS.map((c) => `<th>${c.care ? '关怀模式 care' : '标准 standard'} · ${c.lang}</th>`).join('');
  const rows = listed.map((entry) => `<tr><th scope="row"><a href="/preview/${entry.id}">${entry.id}</a><br><small>${entry.shows}</small></th>${COMBOS.map((c) =>
    `<td><a href="${comboName(c)}/${file(listed, entry)}"><img src="${comboName(c)}/${file(listed, entry)}" alt="${entry.id}, ${comboName(c)}" loading="lazy"></a></td>`).join('')}</tr>`).join('\n');
  writeFileSync(`${OUT}/index.html`, `<!doctype html><html lang="en"><meta charset="utf-8"><title>Contact sheet</title>
<style>body{font:14px sans-serif;margin:16px}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:6px;vertical-align:top}
img{width:188px;display:block}th[scope=row]{text-align:left;max-width:10em;word-break:break-all}</style>
<h1>Every screen state in the gallery (${listed.length} entries), at 375×667</h1><table><tr><th>entry</th>${head}</tr>
${rows}</table></html>`);
});
