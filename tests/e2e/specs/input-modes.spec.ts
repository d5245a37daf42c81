// The whole flow with nothing but a keyboard, and with nothing but a touch screen.
import { test, expect, Flow, PEOPLE } from './app';
import { Page } from '@playwright/test';

/** Every element Tab has reached, and those that did not show where focus is. */
const focusStops = { reached: 0, unseen: [] as string[] };

/** Presses Tab until the element matching `selector` has focus (as a keyboard user would),
 * checking at every stop that focus is visible: a solid outline at least 2 px wide. */
async function tabTo(page: Page, selector: string, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
    const unseen = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const shown = el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      return shown ? '' : `${el.tagName.toLowerCase()}#${el.id}.${el.className}`;
    });
    if (unseen !== null) focusStops.reached += 1;
    if (unseen) focusStops.unseen.push(unseen);
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

async function typeInto(page: Page, selector: string, text: string) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

test('the keyboard alone completes a payment', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('h1')).toBeFocused();
  // A radio group is one tab stop; arrow keys move (and choose) within it.
  await tabTo(page, 'input[name=province]');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#province-310000')).toBeChecked();
  await tabTo(page, 'input[name=city]');
  await page.keyboard.press('Space');
  await expect(page.locator('#city-310100')).toBeChecked();
  await tabTo(page, 'input[name=product]');
  await page.keyboard.press('Space');
  await expect(page.locator('#product-resident_medical')).toBeChecked();
  await tabTo(page, 'input[name=year]');
  await page.keyboard.press('Space');
  await expect(page.locator('#year-2027')).toBeChecked();
  await tabTo(page, 'form button[type=submit]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/identity$/);
  await typeInto(page, '#name', PEOPLE.zhangWei.name);
  await typeInto(page, '#id-number', PEOPLE.zhangWei.id);
  await typeInto(page, '#mobile', PEOPLE.zhangWei.mobile);
  await page.keyboard.press('Enter');
  await expect(page.locator('#method-sms')).toBeChecked();
  await tabTo(page, '[data-testid=send-sms]');
  await page.keyboard.press('Enter');
  await typeInto(page, '#sms-code', '123456');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tier$/);
  // Shanghai has one standard (seed 003): chosen as the form opens, and priced.
  await tabTo(page, 'input[name=tier]');
  await expect(page.locator('#tier-tier-1')).toBeChecked();
  await expect(page.getByTestId('total')).toHaveText('¥640.00');
  await tabTo(page, 'form button[type=submit]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/payment$/);
  await tabTo(page, 'input[name=pay-method]');
  await page.keyboard.press('Space');
  await tabTo(page, 'form button[type=submit]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/review$/);
  await tabTo(page, '[data-testid=pay]');
  await page.keyboard.press('Enter');
  // The wallet's (stand-in) cashier page, by keyboard too.
  await expect(page).toHaveURL(/\/cashier\?/);
  await tabTo(page, '[data-testid=cashier-confirm]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/result$/, { timeout: 20_000 });
  await tabTo(page, 'a[href="/receipt"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt')).toBeVisible();
  console.log(`keyboard walk: ${focusStops.reached} focus stops, ${focusStops.unseen.length} without a visible focus ring`);
  expect(focusStops.reached).toBeGreaterThan(20);
  expect(focusStops.unseen, 'every focus stop shows where focus is').toEqual([]);
});

test.describe('touch', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 } });

  test('a touch screen alone completes a payment', async ({ page }) => {
    const tap = (selector: string) => page.locator(selector).tap();
    await page.goto('/');
    await tap('label[for=province-510000]');
    await tap('label[for=city-510100]');
    await tap('label[for=product-resident_medical]');
    await tap('label[for=year-2027]');
    await tap('form button[type=submit]');
    await expect(page).toHaveURL(/\/identity$/);
    await page.locator('#name').tap();
    await page.keyboard.type(PEOPLE.zhangWei.name);
    await page.locator('#id-number').tap();
    await page.keyboard.type(PEOPLE.zhangWei.id);
    await page.locator('#mobile').tap();
    await page.keyboard.type(PEOPLE.zhangWei.mobile);
    await tap('form button[type=submit]');
    await tap('label[for=method-sms]');
    await tap('[data-testid=send-sms]');
    await page.locator('#sms-code').tap();
    await page.keyboard.type('123456');
    await tap('section.panel form button[type=submit]');
    await expect(page).toHaveURL(/\/tier$/);
    await tap('label[for=tier-tier-1]');
    await expect(page.getByTestId('total')).toHaveText('¥390.00');
    await tap('form button[type=submit]');
    await tap('label[for=pay-wallet]');
    await tap('form button[type=submit]');
    await tap('[data-testid=pay]');
    await expect(page).toHaveURL(/\/cashier\?/);
    await tap('[data-testid=cashier-confirm]');
    await expect(page).toHaveURL(/\/result$/, { timeout: 20_000 });
    await tap('a[href="/receipt"]');
    await expect(page.getByTestId('receipt')).toBeVisible();
  });
});
