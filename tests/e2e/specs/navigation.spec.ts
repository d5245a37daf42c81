// Deep links, reloads and the back button: always the right step, never a second payment.
import { test, expect, Flow, PEOPLE } from './app';

test('a deep link to a later screen lands on the first step with an explanation', async ({ page }) => {
  for (const path of ['/review', '/receipt', '/processing', '/tier']) {
    await page.goto(path);
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
    await expect(page.getByTestId('redirect-notice')).toContainText('请先选择参保地区');
  }
});

test('a deep link to a record or family screen without verifying lands on its first screen with an explanation', async ({ page }) => {
  for (const [path, first, screen] of [['/record/year?year=2025', '/record', 'record'], ['/family/order', '/family', 'family'], ['/family/consent?member=fm_1', '/family', 'family']]) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`127\\.0\\.0\\.1:\\d+${first}$`));
    await expect(page.locator('main')).toHaveAttribute('data-screen', screen);
    await expect(page.getByTestId('redirect-notice')).toHaveText('请先选择城市并完成身份验证');
    await expect(page.locator('#province-110000')).toBeVisible(); // the city chooser, the first thing to do there
  }
});

test('a reload keeps the choices and asks to verify only when needed', async ({ page }) => {
  const flow = new Flow(page, 'reload');
  await flow.start('zh');
  await flow.chooseOrder('440000', '440300', 'newborn_medical', 2026);
  await page.reload();
  await expect(page).toHaveURL(/\/identity$/);
  await expect(page.getByTestId('order-line')).toContainText('深圳');
  await flow.fillPerson(PEOPLE.zhouXiaobao);
  await flow.verifyFaceThenSms();
  await page.reload();
  // The demo backend keeps its sessions across the reload, like a server would.
  await expect(page).toHaveURL(/\/tier$/);
  await expect(page.getByTestId('profile')).toContainText('1101**********2013');
});

// The back button after paying and double taps: payment-safety.spec.ts, against the
// reference backend's database.

test('the language choice is remembered across visits', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('h1')).toHaveText('医保社保缴费');
  await page.locator('.lang-switch').click();
  await expect(page.locator('h1')).toHaveText('Pay your insurance contribution');
  await expect(page).toHaveTitle(/Insurance payments/);
  await page.reload();
  await expect(page.locator('h1')).toHaveText('Pay your insurance contribution');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the region list can be searched', async ({ page }) => {
  await page.goto('/');
  await page.locator('#region-search').fill('Hangzhou');
  await expect(page.locator('#region label.cell')).toHaveCount(1);
  await page.locator('#city-330100').check();
  await page.locator('#region-search').fill('广东');
  await expect(page.locator('#region label.cell')).toHaveCount(3);
  await page.locator('#region-search').fill('zzz');
  await expect(page.getByText('没有找到匹配的地区')).toBeVisible();
});

test('an expired session offers to verify again and keeps the choices', async ({ page }) => {
  const flow = new Flow(page, 'session-expired');
  await flow.start('zh');
  await flow.chooseOrder('510000', '510100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms();
  // Once the tier screen's call is answered (the demo saves its data after every call, so one
  // still under way would write it back), the backend forgets the session: its data is cleared.
  await expect(page.getByTestId('profile')).toBeVisible();
  await page.evaluate(() => sessionStorage.removeItem('insurance-pay.demo-db.v1'));
  await page.reload();
  const problem = page.locator('[data-problem=SessionExpired]');
  await expect(problem).toContainText('身份验证已过期');
  await flow.screenshot('session-expired');
  await problem.locator('button').click();
  await expect(page).toHaveURL(/\/identity$/);
  await expect(page.getByTestId('order-line')).toContainText('成都');
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms();
  await expect(page.getByTestId('profile')).toBeVisible();
});
