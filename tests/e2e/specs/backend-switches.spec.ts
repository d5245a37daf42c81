// The reference backend's switches, seen through the app: a verification provider that is
// down, a bank that declines, a maintenance window. Each time the person is told what happened
// in their language, keeps what they typed, and has a way on. The backend's SQLite database is
// then asked what it recorded.
import { test, expect, Flow, PEOPLE } from './app';

// The second reference backend in playwright.config.ts (not imported: importing the config
// would run it again in each worker).
const BACKEND = 'http://127.0.0.1:8082';

// One backend, one set of switches: these tests take turns.
test.describe.configure({ mode: 'serial' });

async function setSwitches(switches: object) {
  const response = await fetch(`${BACKEND}/__test/switches`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(switches),
  });
  expect(response.ok).toBe(true);
}

async function recordedPayments(city: string, product: string, year: number): Promise<{ status: string }[]> {
  const response = await fetch(`${BACKEND}/__test/payments?city=${city}&product=${product}&year=${year}`);
  return response.json();
}

test.afterEach(async () => setSwitches({}));

test('an SMS provider that is down: the method is marked and the e-card finishes the job', async ({ page }) => {
  await setSwitches({ failing_methods: ['sms'] });
  const flow = new Flow(page, 'switch-sms-down');
  await page.goto(`/?api=${encodeURIComponent(BACKEND)}`);
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await page.locator('#method-sms').check();
  await page.getByTestId('send-sms').click();
  // The SMS method is marked, and the next method on offer is opened for the person.
  await expect(page.getByTestId('method-failed-why')).toHaveText('该方式暂不可用，请换一种方式');
  await expect(page.getByTestId('method-failed')).toContainText('短信验证码未能完成验证。您可以改用：电子社保卡密码、人脸识别');
  await expect(page.locator('#method-sms')).toBeDisabled();
  await expect(page.locator('#method-ecard')).toBeChecked();
  await flow.screenshot('sms-unavailable');
  await flow.verifyEcard();
  await flow.chooseFixedTier('tier-1');
  await flow.choosePaymentMethod('wallet');
  await flow.pay();
  await flow.expectOutcome('succeeded');
  const payments = await recordedPayments('110100', 'resident_medical', 2027);
  expect(payments.map((p) => p.status)).toEqual(['succeeded']);
});

test('a bank that declines: the outcome says no money was taken, and the database agrees', async ({ page }) => {
  await setSwitches({ decline_payments: true });
  const flow = new Flow(page, 'switch-declined');
  await page.goto(`/?api=${encodeURIComponent(BACKEND)}`);
  // Wait for the app (it reads ?api= once it has started), then switch to English.
  await expect(page.locator('#province-310000')).toBeVisible();
  await page.locator('.lang-switch').click();
  await flow.chooseOrder('310000', '310100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.yangFan);
  await flow.verifySms();
  await flow.chooseFixedTier('tier-1');
  await flow.choosePaymentMethod('wallet');
  await flow.pay();
  await flow.expectOutcome('failed');
  await expect(page.getByTestId('no-money-taken')).toBeVisible();
  const payments = await recordedPayments('310100', 'resident_medical', 2027);
  expect(payments.map((p) => p.status)).toEqual(['failed']);
});

test('a payment provider that refuses: no money taken, nothing recorded, and another method pays', async ({ page }) => {
  await setSwitches({ provider_refuses: true });
  const flow = new Flow(page, 'switch-provider-refuses');
  await page.goto(`/?api=${encodeURIComponent(BACKEND)}`);
  await flow.chooseOrder('330000', '330100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms();
  await flow.chooseFixedTier('tier-1');
  await flow.choosePaymentMethod('wallet');
  await page.getByTestId('pay').click();
  await expect(page.locator('[data-problem=ProviderRefused]')).toContainText('支付机构拒绝了这笔付款，没有扣款');
  await expect(page).toHaveURL(/\/review$/);
  await flow.screenshot('provider-refused');
  expect(await recordedPayments('330100', 'resident_medical', 2027)).toEqual([]);
  // The social security card's account is the backend's own: it pays.
  await page.locator('a[href="/payment"]').click();
  await flow.choosePaymentMethod('social_security_card');
  await flow.pay();
  await flow.expectOutcome('succeeded');
  expect((await recordedPayments('330100', 'resident_medical', 2027)).map((p) => p.status)).toEqual(['succeeded']);
});

test('maintenance: the time to wait is shown, and trying again after it ends carries on', async ({ page }) => {
  const flow = new Flow(page, 'switch-maintenance');
  await page.goto(`/?api=${encodeURIComponent(BACKEND)}`);
  await flow.chooseOrder('440000', '440100', 'resident_medical', 2027);
  await page.locator('#name').fill(PEOPLE.zhangWei.name);
  await page.locator('#id-number').fill(PEOPLE.zhangWei.id);
  await page.locator('#mobile').fill(PEOPLE.zhangWei.mobile);
  await setSwitches({ maintenance_seconds: 120 });
  await page.locator('form button[type=submit]').click();
  await expect(page.locator('[data-problem=Maintenance]')).toContainText('系统维护中，请约 2 分钟后再试');
  await flow.screenshot('maintenance');
  // Nothing typed is lost; once maintenance ends, the same button carries on.
  await expect(page.locator('#name')).toHaveValue(PEOPLE.zhangWei.name);
  await expect(page.locator('#id-number')).toHaveValue(PEOPLE.zhangWei.id);
  await setSwitches({});
  await page.locator('form button[type=submit]').click();
  await expect(page.locator('#method')).toBeVisible();
  await expect(page.locator('[data-problem]')).toHaveCount(0);
});

test('walking receipt numbers meets the check limit: the person is told to wait, in their language', async ({ page }) => {
  // Ten guesses from this machine use up the minute's checks (this backend allows 10).
  for (let n = 0; n < 10; n++) {
    await fetch(`${BACKEND}/receipt-checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serial: `20271101${String(n).padStart(8, '0')}`, code: 'K7QM-2XPD' }) });
  }
  const flow = new Flow(page, 'switch-check-limit');
  await page.goto(`/?api=${encodeURIComponent(BACKEND)}`);
  await expect(page.locator('#province-110000')).toBeVisible();
  await page.goto('/check?serial=2027110100000011&code=K7QM2XPD');
  const problem = page.locator('[data-problem=TooManyRequests]');
  await expect(problem).toContainText(/请 \d+ 秒后再试/);
  await expect(problem.locator('button')).toBeVisible();
  await flow.screenshot('check-limited');
});
