// The screen gallery as tests see it: the entries /preview lists, and opening one at its own
// URL until it shows the state it promises.
import { Browser, Page } from '@playwright/test';
import { expect } from './app';

export type GalleryEntry = { id: string; shows: string };
export type Combo = { care: boolean; lang: 'zh' | 'en' };
export const COMBOS: Combo[] = [{ care: false, lang: 'zh' }, { care: false, lang: 'en' }, { care: true, lang: 'zh' }, { care: true, lang: 'en' }];
/** How many tests each language's accessibility check is dealt into (each writes its rows). */
export const A11Y_PARTS = 3;
export const comboName = (c: Combo) => `${c.care ? 'care' : 'standard'}-${c.lang}`;

/** A page at the phone size the gallery is reviewed at (375×667). */
export async function galleryPage(browser: Browser) {
  // bypassCSP: axe-core is injected as a script.
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, bypassCSP: true });
  return context.newPage();
}

export async function galleryEntries(page: Page): Promise<GalleryEntry[]> {
  await page.goto('/preview');
  await expect(page.locator('[data-entry]').first()).toBeAttached();
  return page.locator('[data-entry]').evaluateAll((links) => links.map((a) => ({ id: a.getAttribute('data-entry')!, shows: a.getAttribute('data-shows')! })));
}

/** Opens `entry` without the preview bar and waits until it shows its state. */
export async function openEntry(page: Page, entry: GalleryEntry, combo: Combo) {
  await page.goto(`/preview/${entry.id}?bare=1&care=${combo.care ? 1 : 0}&lang=${combo.lang}`);
  await expect(page.locator('html'), `${entry.id} prepared`).toHaveAttribute('data-preview', 'ready');
  const [screen, state] = entry.shows.split('/');
  const shown = page.locator(state ? `main[data-screen="${screen}"] [data-state="${state}"]` : `main[data-screen="${screen}"]`);
  await expect(shown.first(), `${entry.id} shows ${entry.shows}`).toBeAttached();
  await expect(page.locator('html')).toHaveAttribute('lang', combo.lang === 'en' ? 'en' : 'zh-CN');
}

/** The states the page shows now, as states.ts names them. */
export function statesShown(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const main = document.querySelector('main[data-screen]');
    if (!main) return [];
    const screen = main.getAttribute('data-screen')!;
    return [screen, ...[...main.querySelectorAll('[data-state]')].map((el) => `${screen}/${el.getAttribute('data-state')}`)];
  });
}
