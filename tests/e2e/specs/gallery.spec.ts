// The screen gallery as a designer uses it: /preview lists the entries, shows the chosen one in
// a frame at a chosen width with the header's care and language switches, and each entry has
// its own URL. A preview never touches the person's real progress in the same browser.
import { test, expect, Flow } from './app';

test('the gallery frames an entry at the chosen width, in the chosen mode and language', async ({ page }) => {
  await page.goto('/preview');
  await expect(page.locator('h1')).toHaveText('界面预览');
  const entries = page.locator('[data-entry]');
  expect(await entries.count()).toBeGreaterThan(150);
  await page.locator('[data-entry="tier-quoted"]').click();
  await expect(page).toHaveURL(/\/preview\?entry=tier-quoted&width=375$/);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('main[data-screen=tier] [data-state=quoted]')).toBeVisible();
  await expect(page.locator('iframe')).toHaveAttribute('width', '375');

  await page.locator('#width-320').check();
  await expect(page).toHaveURL(/width=320$/);
  await expect(page.locator('iframe')).toHaveAttribute('width', '320');
  // The framed page lays out at that width (less the frame's border and any scroll bar).
  const framed = await frame.locator('html').evaluate((html) => html.clientWidth);
  expect(framed).toBeGreaterThan(300);
  expect(framed).toBeLessThanOrEqual(320);

  await page.getByTestId('care-switch').click();
  await expect(frame.locator('html')).toHaveClass(/care/);
  await page.locator('.lang-switch').click();
  await expect(frame.locator('html')).toHaveAttribute('lang', 'en');
  await expect(frame.locator('h1')).toHaveText('Check your details and choose a tier');

  // Its own URL: the whole page, with a bar saying which entry it is and the way back.
  await page.getByRole('link', { name: 'Open this screen on its own' }).click();
  await expect(page).toHaveURL(/\/preview\/tier-quoted$/);
  await expect(page.locator('nav.preview-bar')).toContainText('Tier · amount explained');
  await expect(page.getByTestId('breakdown')).toBeVisible();
  await page.locator('nav.preview-bar a').click();
  await expect(page).toHaveURL(/\/preview$/);
});

test('an entry shows its state from its URL, and previewing leaves a real payment alone', async ({ page }) => {
  // A real payment in progress in this browser: chosen and verified.
  const flow = new Flow(page);
  await flow.start('zh');
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  const before = await page.evaluate(() => ({ flow: sessionStorage.getItem('insurance-pay.flow.v1'), pending: localStorage.getItem('insurance-pay.pending.v1') }));

  for (const id of ['entry-pending', 'review-pay-maintenance', 'result-failed', 'processing']) {
    await page.goto(`/preview/${id}`);
    await expect(page.locator('html')).toHaveAttribute('data-preview', 'ready');
  }
  await expect(page.locator('main[data-screen=processing] [data-state=processing]')).toBeVisible();
  await page.goto('/preview/review-pay-maintenance');
  await expect(page.locator('[data-problem=Maintenance]')).toContainText('系统维护中');
  // Pressing on carries on in the preview's own copy of the demo: the retry pays (at the
  // demo's stand-in cashier, inside the preview).
  await page.locator('[data-testid=pay]').click();
  await page.getByTestId('cashier-confirm').click();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });

  const after = await page.evaluate(() => ({ flow: sessionStorage.getItem('insurance-pay.flow.v1'), pending: localStorage.getItem('insurance-pay.pending.v1') }));
  expect(after).toEqual(before);
  await page.goto('/identity');
  await expect(page.getByTestId('order-line')).toContainText('北京市');
});

test('an unknown entry says so and leads back to the gallery', async ({ page }) => {
  await page.goto('/preview/no-such-entry');
  await expect(page.locator('nav.preview-bar')).toContainText('没有这个界面状态');
  await expect(page.locator('main[data-screen=not-found] h1')).toHaveText('页面不存在');
});
