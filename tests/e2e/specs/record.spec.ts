// My record (我的社保): reading it takes a stricter verification than paying and yields a token
// that only reads; the overview, each year's months and the medical spending follow the demo
// people's records; a gap is paid straight from the year it is in, without being asked for
// anything twice, and then shows as paid with its receipt.
import { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect, Flow, PEOPLE, Person } from './app';

/** From the first screen to the record of `city`, verified with the SMS code then the e-card. */
async function readRecord(page: Page, person: Person, province: string, city: string) {
  await page.goto('/');
  await page.getByTestId('job-record').click();
  await expect(page).toHaveURL(/\/record$/);
  await page.locator(`#province-${province}`).check();
  await page.locator(`#city-${city}`).check();
  await page.locator('main form button[type=submit]').click();
  await expect(page).toHaveURL(/\/identity$/);
  await expect(page.getByTestId('order-line')).toContainText('查询我的社保');
  await new Flow(page).fillPerson(person);
  await expect(page.getByTestId('methods-required')).toContainText('2 种验证');
  await page.locator('#method-sms').check();
  await page.getByTestId('send-sms').click();
  await page.locator('#sms-code').fill('123456');
  await page.locator('section.panel form button[type=submit]').click();
  // One method is not enough to read a record: the next one is asked for.
  await expect(page.locator('[data-state=method-passed]')).toContainText('已通过：短信验证码。还需完成 1 种验证。');
  await expect(page.locator('#method-sms')).toBeDisabled();
  await page.locator('#method-ecard').check();
  for (const d of '135790') await page.locator('.keypad .key', { hasText: new RegExp(`^${d}$`) }).click();
  await page.locator('section.panel form button[type=submit]').click();
  await expect(page).toHaveURL(/\/record$/);
}

test('张伟 reads his record, pays a 2025 gap from it without verifying again, and sees it paid', async ({ page }) => {
  await readRecord(page, PEOPLE.zhangWei, '110000', '110100');
  await expect(page.getByTestId('record-holder')).toHaveText('张*');
  await expect(page.locator('[data-insurance=pension] dd')).toHaveText('正常参保');
  await expect(page.locator('[data-insurance=unemployment] dd')).toHaveText('暂停缴费');
  await expect(page.getByTestId('months-paid')).toContainText('218 个月（18 年 2 个月）');
  await expect(page.getByTestId('record-source')).toContainText('每日同步一次');
  await expect(page.getByTestId('spending-delay')).toHaveText('医保消费记录可能延迟 2–3 个工作日。');
  await expect(page.locator('[data-state=advice-split-accounts]')).toBeVisible();

  // The CSV: one row per insurance and month of the five years, with a header.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)], 'UTF-8 with a byte-order mark, for spreadsheets').toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString('utf8').trim().split('\r\n');
  expect(csv.length).toBe(1 + 5 * 5 * 12);
  expect(csv[0]).toBe('月份,险种,状态,缴费方,金额（元）,电子凭证号');
  expect(csv).toContain('2025-03,养老保险,断缴,,,');

  await page.getByTestId('year-2025').click();
  await expect(page).toHaveURL(/\/record\/year\?year=2025$/);
  const pension = page.locator('section[data-insurance=pension]');
  await expect(pension.locator('tr[data-month-state=Gap]')).toHaveCount(3);
  // The year's total is the sum of the months shown.
  const amounts = await pension.locator('tbody td.amount').allInnerTexts();
  const sum = amounts.map((a) => Number(a.replace(/[¥,]/g, '') || 0)).reduce((a, b) => a + b, 0);
  expect(Number((await pension.getByTestId('total-pension').innerText()).replace(/[¥,]/g, ''))).toBeCloseTo(sum, 2);

  // 补缴: straight to the tier screen of that order, nothing asked again.
  await page.getByTestId('back-pay-pension').click();
  await expect(page).toHaveURL(/\/tier$/);
  const flow = new Flow(page, 'record-gap');
  await flow.chooseWageTier(60, null, 3);
  await flow.choosePaymentMethod('wallet');
  // The late fee shows as it does for any back payment.
  await expect(page.getByTestId('breakdown')).toContainText('滞纳金');
  await flow.pay();
  await flow.expectOutcome('succeeded');

  await page.goto('/record/year?year=2025');
  await expect(pension.locator('tr[data-month-state=Gap]')).toHaveCount(0);
  await expect(pension.getByTestId('month-receipt')).toHaveCount(3);
  await expect(page.locator('[data-state=year-gaps]')).toBeVisible(); // medical still has its gap

  // Nothing personal is kept in web storage, and the record's figures are not in localStorage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  for (const secret of [PEOPLE.zhangWei.id, PEOPLE.zhangWei.mobile, PEOPLE.zhangWei.name]) expect(stored).not.toContain(secret);
  const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(local).not.toContain('pension');
});

test('a proof of insurance is printable and the check page confirms its code', async ({ page }) => {
  await readRecord(page, PEOPLE.zhangWei, '110000', '110100');
  await page.getByTestId('proof-link').click();
  await expect(page.getByTestId('proof-holder')).toHaveText('张*');
  await expect(page.getByTestId('proof-id')).toHaveText('1101**********2115');
  await expect(page.getByTestId('proof-months')).toHaveText('218 个月');
  const code = await page.getByTestId('proof-code').innerText();
  expect(code).toMatch(/^CB[0-9A-F]{12}$/);
  // What a verifier sees on scanning it (the demo backend lives in this tab; the contract suite
  // checks a proof against the reference backend).
  await page.goto(`/check?proof=${code}`);
  await expect(page.getByTestId('proof-genuine')).toBeVisible();
  await expect(page.getByTestId('proof-code')).toHaveText(code);
  await page.goto('/check?proof=CB000000000000');
  await expect(page.getByTestId('proof-unknown')).toBeVisible();
});

test('the medical spending comes a page at a time, newest first, each balance the one after it', async ({ page }) => {
  await readRecord(page, PEOPLE.zhangWei, '110000', '110100');
  await page.getByTestId('spending-link').click();
  await expect(page.getByTestId('spending-item')).toHaveCount(10);
  await expect(page.getByTestId('spending-as-of')).toContainText('第 1 页，共 3 页');
  await page.getByTestId('spending-older').click();
  await page.getByTestId('spending-older').click();
  await expect(page).toHaveURL(/page=3$/);
  await expect(page.getByTestId('spending-item')).toHaveCount(3);
  await expect(page.getByTestId('spending-older')).toHaveCount(0);
});

test('a transfer under way says when the record shows and where to ask', async ({ page }) => {
  await readRecord(page, PEOPLE.chenJing, '430000', '430100');
  await expect(page.locator('[data-state=transfer-in-progress]')).toContainText('约 15 个工作日');
});

test('a city that offers only totals shows them and says details are not offered there', async ({ page }) => {
  await page.goto('/record');
  await page.locator('#province-440000').check();
  await page.locator('#city-440900').check();
  await page.locator('main form button[type=submit]').click();
  const flow = new Flow(page);
  await flow.fillPerson(PEOPLE.liNa);
  await flow.verifyFaceThenSms(/\/record$/);
  await expect(page.locator('[data-state=totals-only]')).toContainText('不是错误');
  await expect(page.getByTestId('months-paid')).toContainText('46 个月');
  await expect(page.getByTestId('export-csv')).toHaveCount(0);
  await expect(page.getByTestId('spending-link')).toHaveCount(0);
});

test('asking in a city where the person is not insured offers the cities where they are', async ({ page }) => {
  await readRecord(page, PEOPLE.chenJing, '110000', '110100');
  await expect(page.locator('[data-state=problem-NotInsured]')).toContainText('长沙市');
});
