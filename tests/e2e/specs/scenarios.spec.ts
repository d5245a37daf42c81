// The demo people's scenarios: what a person sees when things do not go to plan.
import { Page } from '@playwright/test';
import { test, expect, Flow, PEOPLE, Person } from './app';

const BEIJING = ['110000', '110100'] as const;

async function toTier(flow: Flow, person = PEOPLE.zhangWei, product = 'resident_medical', year = 2027) {
  await flow.start('zh');
  await flow.chooseOrder(BEIJING[0], BEIJING[1], product, year);
  await flow.fillPerson(person);
  await flow.verifySms();
}

test('a person whose year is already paid is told so and cannot pay again', async ({ page }) => {
  const flow = new Flow(page, 'already-paid');
  await toTier(flow, PEOPLE.liNa);
  await expect(page.getByTestId('already-paid')).toContainText('已缴费');
  await flow.screenshot('already-paid');
  await expect(page.locator('#tier-tier-1')).toHaveCount(0);
  // Her receipt opens whole for her (she has verified), with the check code printed on it.
  await page.locator('[data-testid=already-paid] a.button-primary').click();
  await expect(page.getByTestId('receipt-id')).toHaveText('4401**********3020');
  const serial = (await page.getByTestId('receipt-serial').textContent())!.trim();
  const code = (await page.getByTestId('receipt-check-code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  await flow.screenshot('receipt-again');

  // A verifier types the serial and the printed code in by hand, as read off paper: a wrong
  // code finds nothing, the right one (in lower case, without the hyphen) shows the receipt is
  // genuine with only the masked name, nothing of her ID number.
  await page.goto('/check');
  await page.locator('#check-serial').fill(serial);
  await page.locator('#check-code').fill(code === 'ZZZZ-ZZZZ' ? '0000-0000' : 'ZZZZ-ZZZZ');
  await page.getByTestId('check-submit').click();
  await expect(page.getByTestId('receipt-unknown')).toContainText('没有找到与这个编号和核验码相符的凭证');
  await page.getByTestId('check-again').click();
  await expect(page.locator('#check-serial')).toHaveValue(serial);
  await page.locator('#check-code').fill(code.replace('-', '').toLowerCase());
  await page.getByTestId('check-submit').click();
  await expect(page.getByTestId('receipt-genuine')).toBeVisible();
  await expect(page.getByTestId('check-holder')).toHaveText('李*');
  await expect(page.getByTestId('receipt-check')).not.toContainText('3020');
  await expect(page.getByTestId('receipt-check')).not.toContainText('李娜');
  await flow.screenshot('check-receipt');
});

test('when face recognition fails the other methods are offered and work', async ({ page }) => {
  const flow = new Flow(page, 'face-fails');
  await flow.start('zh');
  await flow.chooseOrder(BEIJING[0], BEIJING[1], 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.wangFang);
  await page.locator('#method-face').check();
  await page.locator('section.panel .button-primary').click();
  await page.locator('.button-primary').click();
  await expect(page).toHaveURL(/\/identity/);
  await expect(page.getByTestId('method-failed')).toContainText('人脸识别未能完成验证');
  await expect(page.getByTestId('method-failed')).toContainText('电子社保卡密码');
  await expect(page.locator('#method-face')).toBeDisabled();
  await flow.screenshot('face-failed');
  await flow.verifyEcard();
});

test('wrong codes say how many tries are left, then lock the method and offer the others', async ({ page }) => {
  const flow = new Flow(page, 'wrong-codes');
  await flow.start('en');
  await flow.chooseOrder('430000', '430100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await page.locator('#method-ecard').check();
  for (const left of [2, 1]) {
    await page.locator('#ecard-password').fill('000000');
    await page.locator('section.panel form button[type=submit]').click();
    await expect(page.locator('.problem')).toContainText(`${left} more tries`);
  }
  await page.locator('#ecard-password').fill('000000');
  await page.locator('section.panel form button[type=submit]').click();
  await expect(page.getByTestId('method-failed')).toContainText('SMS code');
  await flow.screenshot('ecard-locked');
  await flow.verifySms();
});

test('a failed payment says no money was taken and can be paid again with another method', async ({ page }) => {
  const flow = new Flow(page, 'payment-fails');
  await toTier(flow, PEOPLE.liuYang);
  await flow.chooseFixedTier('tier-1');
  await flow.choosePaymentMethod('bank_card');
  await flow.pay();
  await flow.expectOutcome('failed');
  await expect(page.getByTestId('no-money-taken')).toContainText('您的钱没有被扣除');
  await expect(page.getByTestId('failure-reason')).toContainText('余额不足');
  await page.getByTestId('retry-payment').click();
  await expect(page).toHaveURL(/\/review$/);
  expect(await flow.recordedPayments()).toBe(1);
});

test('a payment can be cancelled while it waits, and nothing is taken', async ({ page }) => {
  const flow = new Flow(page, 'cancel');
  await toTier(flow, PEOPLE.chenJing);
  await flow.chooseFixedTier('tier-1');
  await flow.choosePaymentMethod('wallet');
  await flow.pay();
  await expect(page.getByTestId('processing')).toBeVisible();
  await flow.screenshot('processing');
  await page.getByTestId('cancel-payment').click();
  await flow.expectOutcome('cancelled');
  await expect(page.getByTestId('no-money-taken')).toBeVisible();
});

test('a payment that is never confirmed expires', async ({ page }) => {
  const flow = new Flow(page, 'expire');
  await toTier(flow, PEOPLE.chenJing);
  await flow.chooseFixedTier('tier-1');
  await flow.choosePaymentMethod('wallet');
  await page.getByTestId('pay').click();
  // At the wallet's page the payer does nothing, and comes back with the back button: the
  // screen waits for the backend, which closes the order when its time is up.
  await expect(page).toHaveURL(/\/cashier\?payment=/);
  await page.goBack();
  await expect(page.getByTestId('processing')).toHaveAttribute('data-state', 'awaiting-wallet');
  await flow.expectOutcome('expired');
  await expect(page.getByTestId('no-money-taken')).toBeVisible();
});

test('a student pays half, back payment adds the late fee, and the lines add up', async ({ page }) => {
  const flow = new Flow(page, 'student-back-payment');
  await flow.start('zh');
  await flow.chooseOrder(BEIJING[0], BEIJING[1], 'resident_medical', 2026);
  await flow.fillPerson(PEOPLE.yangFan);
  await flow.verifySms();
  await expect(page.getByTestId('concession')).toContainText('学生');
  await expect(page.locator('#tier-tier-1')).toBeChecked();
  const rows = page.locator('[data-testid=breakdown] tbody td');
  await expect(rows).toHaveText(['¥1,280.00', '−¥640.00', '−¥320.00', '¥52.16']);
  await expect(page.getByTestId('total')).toHaveText('¥372.16');
  await flow.screenshot('breakdown');
});

test('someone the state pays for confirms a zero amount', async ({ page }) => {
  const flow = new Flow(page, 'fiscal');
  await toTier(flow, PEOPLE.zhaoGuoqiang);
  await flow.chooseFixedTier('tier-1');
  await expect(page.getByTestId('amount-due')).toHaveText('¥0.00');
  await flow.choosePaymentMethod('fiscal_pay_on_behalf');
  await flow.pay();
  await flow.expectOutcome('succeeded');
  await flow.openReceipt();
  await expect(page.getByTestId('receipt-amount')).toHaveText('¥0.00');
});

test('a bank card\'s daily limit counts what was paid today, shown before paying', async ({ page }) => {
  // 孙丽 has paid ¥48,000 by bank card today: ¥2,000 is left of its ¥50,000 a day.
  const flow = new Flow(page, 'over-today');
  await toTier(flow, PEOPLE.sunLi, 'flexible_medical', 2026);
  // Flexible-employment medical: the average wage at 8, 9 or 10 % (seed 001); the base is not a choice.
  await expect(page.locator('#base-100')).toBeChecked();
  await expect(page.locator('#base-other')).toHaveCount(0);
  await flow.chooseWageTier(100, '10', 3);
  await expect(page.getByTestId('amount-due')).toHaveText('¥3,581.10');
  const card = page.locator('label[for=pay-bank_card] [data-testid=limit]');
  await expect(card).toHaveAttribute('data-state', 'over-today');
  await expect(card).toHaveText('今日还可支付 ¥2,000.00（单日限额 ¥50,000.00），本次金额超过今日剩余额度，请选择其他方式或明天再付');
  await expect(page.locator('#pay-bank_card')).toBeDisabled();
  await expect(page.locator('label[for=pay-wallet] [data-testid=limit]')).toHaveText('单笔限额 ¥50,000.00 · 今日还可支付 ¥200,000.00（单日限额 ¥200,000.00）');
  await flow.screenshot('over-today');
  await flow.choosePaymentMethod('wallet');
  await flow.pay();
  await flow.expectOutcome('succeeded');
});

test('an amount over a method\'s limit cannot be paid with it', async ({ page }) => {
  const flow = new Flow(page, 'over-limit');
  await toTier(flow, PEOPLE.zhangWei, 'flexible_pension', 2026);
  await flow.chooseWageTier(300, null, 3);
  await expect(page.getByTestId('amount-due')).toHaveText('¥21,486.60');
  await expect(page.locator('#pay-bank_card')).toBeDisabled();
  await expect(page.locator('#pay-social_security_card')).toBeDisabled();
  await expect(page.locator('#pay-wallet')).toBeEnabled();
  await flow.screenshot('over-limit');
});

test('a closed year stops on the first screen', async ({ page }) => {
  const flow = new Flow(page, 'closed');
  await flow.start('zh');
  await page.locator('#province-110000').check();
  await page.locator('#city-110100').check();
  await page.locator('#product-resident_medical').check();
  await page.locator('#year-2025').check();
  await expect(page.getByTestId('window-stop')).toContainText('缴费期已结束');
  await expect(page.locator('form button[type=submit]')).toHaveCount(0);
  await flow.screenshot('closed');
});

/** Types a person's details and sends them, whatever the backend answers. */
async function sendDetails(page: Page, person: Person) {
  await page.locator('#name').fill(person.name);
  await page.locator('#id-number').fill(person.id);
  await page.locator('#mobile').fill(person.mobile);
  await page.locator('form button[type=submit]').click();
}

test('someone with no registration (未参保) is told where and how to register, and keeps what they typed', async ({ page }) => {
  const flow = new Flow(page, 'not-registered');
  await flow.start('zh');
  await flow.chooseOrder('440000', '440100', 'resident_medical', 2027);
  await sendDetails(page, PEOPLE.zhengHong);
  const guide = page.getByTestId('not-registered');
  await expect(guide).toHaveAttribute('data-state', 'problem-NotRegistered');
  // Each line from the backend's answer: where, online too in Guangdong, from the next day, and correcting details.
  await expect(guide.locator('p')).toHaveText([
    '在广东省 广州市没有查到您的参保登记信息（未参保），暂时不能在线缴费。',
    '请携带身份证到户籍所在地社区（村）服务中心或医保经办机构办理参保登记，也可以在粤省事小程序「参保登记」线上办理。',
    '登记后次日起可在线缴费。',
    '如果您已参保，但姓名或身份证号与登记信息不符，请持户口本到户籍所在地社区服务中心更正。仍有疑问请拨打 12333。',
  ]);
  await flow.screenshot('not-registered');
  await expect(page.locator('#method')).toHaveCount(0);
  await expect(page.locator('#id-number')).toHaveValue(PEOPLE.zhengHong.id);
  await expect(page.locator('#name')).toHaveValue(PEOPLE.zhengHong.name);
});

test('a rural pilot county: eligibility confirmed offline first, then 380 with a 320 subsidy (in English)', async ({ page }) => {
  const flow = new Flow(page, 'pilot-county');
  await flow.start('en');
  await flow.chooseOrder('410000', '410225', 'resident_medical', 2027);
  // 张伟 has not been confirmed there: told where, before anything is verified.
  await sendDetails(page, PEOPLE.zhangWei);
  const guide = page.getByTestId('not-registered');
  await expect(guide.locator('p').first()).toHaveText('In Lankao County, Henan, eligibility is confirmed offline first. Yours is not confirmed yet, so you cannot pay online yet.');
  await expect(guide).toContainText('Take your ID card and household register to the service centre of your township (or street) to have your eligibility confirmed.');
  await expect(guide).toContainText('You can pay online from the next day.');
  // 吴秀兰 was confirmed: she verifies and pays the county's standard.
  await flow.fillPerson(PEOPLE.wuXiulan);
  await flow.verifySms();
  await page.locator('#tier-tier-1').check();
  await expect(page.getByTestId('breakdown')).toContainText('¥380.00');
  await expect(page.getByTestId('breakdown')).toContainText('¥320.00');
  await flow.chooseFixedTier('tier-1');
  await expect(page.getByTestId('amount-due')).toHaveText('¥60.00');
});
