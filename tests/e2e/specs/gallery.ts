// The screen gallery as tests see it: the entries /preview lists, and opening one at its own
// URL until it shows the state it promises.
import { Browser, Page } from '@playwright/test';
import { expect } from './app';

export type GalleryEntry = { id: string; shows: string };
export type Combo = { care: boolean; lang: 'zh' | 'en' };
export const COMBOS: Combo[] = [{ care: false, lang: 'zh' }, { care: false, lang: 'en' }, { care: true, lang: 'zh' }, { care: true, lang: 'en' }];
/** How many tests the accessibility check is dealt into (each writes its rows). */
export const A11Y_PARTS = 6;
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

/** Waits in the page, looking every 50 ms, until `ready` holds there (false after `timeout` ms).
 * expect's polling backs off to a second between looks: over hundreds of entries, each entry
 * waited about a tenth of a second longer than it took to be ready. */
export function until<A>(page: Page, ready: (arg: A) => boolean, arg: A, timeout = 15_000): Promise<boolean> {
  return page.waitForFunction(ready, arg, { polling: 50, timeout }).then(() => true, () => false);
}

/** Opens `entry` without the preview bar and waits until it shows its state. */
export async function openEntry(page: Page, entry: GalleryEntry, combo: Combo) {
  await page.goto(`/preview/${entry.id}?bare=1&care=${combo.care ? 1 : 0}&lang=${combo.lang}`);
  const [screen, state] = entry.shows.split('/');
  const selector = state ? `main[data-screen="${screen}"] [data-state="${state}"]` : `main[data-screen="${screen}"]`;
  const lang = combo.lang === 'en' ? 'en' : 'zh-CN';
  const done = await until(page, ([selector, lang]) => {
    const html = document.documentElement;
    const prepared = html.getAttribute('data-preview');
    return prepared === 'failed' || (prepared === 'ready' && html.lang === lang && document.querySelector(selector) !== null);
  }, [selector, lang], 30_000);
  if (done && await page.evaluate(() => document.documentElement.getAttribute('data-preview')) === 'ready') return;
  // Not there: say which part is missing.
  await expect(page.locator('html'), `${entry.id} prepared`).toHaveAttribute('data-preview', 'ready', { timeout: 1_000 });
  await expect(page.locator(selector).first(), `${entry.id} shows ${entry.shows}`).toBeAttached({ timeout: 1_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', lang, { timeout: 1_000 });
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
