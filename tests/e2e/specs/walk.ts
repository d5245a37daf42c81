// One payment on the embedded demo backend, through every state a person passes on the way,
// calling `visit` at each: the accessibility suite checks each state, `make screenshots`
// photographs it.
import { Browser, Page } from '@playwright/test';
import { expect, PEOPLE } from './app';

export type Visit = (page: Page, entry: string) => Promise<void>;

/** The states visited, in order (the contact sheet's rows). */
export const ENTRIES = [
  'entry', 'entry, errors', 'entry, filled', 'identity', 'identity, errors', 'identity, methods', 'identity, e-card',
  'identity, SMS sent', 'tier', 'tier, quoted', 'payment', 'review', 'result, paid', 'receipt',
];

export async function walkPayment(browser: Browser, care: boolean, lang: 'zh' | 'en', visit: Visit) {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const seen: string[] = [];
  const at = async (entry: string) => {
    seen.push(entry);
    await visit(page, entry);
  };
  await page.goto(`/?care=${care ? 1 : 0}`);
  await expect(page.locator('#province-110000')).toBeVisible();
  if (lang === 'en') await page.locator('.lang-switch').click();
  await expect(page.getByTestId('care-switch')).toHaveAttribute('aria-pressed', String(care));
  await at('entry');
  await page.locator('form button[type=submit]').click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await at('entry, errors');
  await page.locator('#province-110000').check();
  await page.locator('#city-110100').check();
  await page.locator('#product-resident_medical').check();
  await page.locator('#year-2027').check();
  await expect(page.getByTestId('window-card')).toBeVisible();
  await at('entry, filled');
  await page.locator('form button[type=submit]').click();
  await expect(page).toHaveURL(/\/identity$/);
  await at('identity');
  await page.locator('form button[type=submit]').click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await at('identity, errors');
  await page.locator('#name').fill(PEOPLE.zhangWei.name);
  await page.locator('#id-number').fill(PEOPLE.zhangWei.id);
  await page.locator('#mobile').fill(PEOPLE.zhangWei.mobile);
  await page.locator('form button[type=submit]').click();
  await expect(page.locator('#method')).toBeVisible();
  await at('identity, methods');
  await page.locator('#method-ecard').check();
  await expect(page.locator('.keypad')).toBeVisible();
  await at('identity, e-card');
  await page.locator('#method-sms').check();
  await page.getByTestId('send-sms').click();
  await expect(page.getByTestId('sms-expiry')).not.toBeEmpty();
  await at('identity, SMS sent');
  await page.locator('#sms-code').fill('123456');
  await page.locator('section.panel form button[type=submit]').click();
  await expect(page.getByTestId('profile')).toBeVisible();
  await at('tier');
  await page.locator('#tier-tier-1').check();
  await expect(page.getByTestId('breakdown')).toBeVisible();
  await at('tier, quoted');
  await page.locator('form button[type=submit]').click();
  await expect(page.locator('#pay-wallet')).toBeVisible();
  await at('payment');
  await page.locator('#pay-wallet').check();
  await page.locator('form button[type=submit]').click();
  await expect(page.getByTestId('review')).toBeVisible();
  await at('review');
  await page.getByTestId('pay').click();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await at('result, paid');
  await page.locator('a[href="/receipt"]').click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await at('receipt');
  expect(seen).toEqual(ENTRIES);
  expect(errors).toEqual([]);
  await context.close();
}
