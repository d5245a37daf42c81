// Nothing paid twice: double and triple taps, pressing pay again after a timeout, reloading
// while the payment request is in flight or processing, closing the tab mid-payment and coming
// back, an expired session (alone, and after a lost answer), the back button after success, and
// a relative paying for a family member (the member is then told it is paid).
// Each runs against the reference backend, for an order of its own, and ends by asking the
// backend's SQLite database how many payments it holds for that order and person: exactly one,
// in the state the app shows.
import { Page, Route } from '@playwright/test';
import { test, expect, Flow, PEOPLE, verifiedReader } from './app';

const BACKEND = 'http://127.0.0.1:8081';

// Answers these tests swallow on purpose show up as Chromium's "timed out" lines.
test.use({ allowedConsoleErrors: [/^Failed to load resource: net::ERR_TIMED_OUT$/] });

type Order = { province: string; city: string; year: number; product?: string };

/** 张伟 as the backend's rows name him (the first demo person). */
const ZHANG_WEI_ROW = 'demo person 0';

/** The order's payments, for everyone insured in it (`payer` names the insured person). */
async function recordedPayments(order: Order): Promise<{ status: string; payer: string }[]> {
  const response = await fetch(`${BACKEND}/__test/payments?city=${order.city}&product=${order.product ?? 'resident_medical'}&year=${order.year}`);
  return response.json();
}

/** From the first screen to the review screen for 张伟, paying by wallet. */
async function reachReview(page: Page, flow: Flow, order: Order) {
  await page.goto(`/?api=${encodeURIComponent(BACKEND)}`);
  await flow.chooseOrder(order.province, order.city, 'resident_medical', order.year);
  await flow.fillPerson(PEOPLE.zhangWei);
  // Guangdong asks for the face, then an SMS code; elsewhere the code alone pays.
  if (order.province === '440000') await flow.verifyFaceThenSms();
  else await flow.verifySms();
  await flow.chooseFixedTier('tier-1');
  await flow.choosePaymentMethod('wallet');
  await expect(page.getByTestId('review')).toBeVisible();
}

/** 张伟's payments for the order: other suites may pay for other people in the same one. */
async function zhangWeisPayments(order: Order) {
  return (await recordedPayments(order)).filter((p) => p.payer === ZHANG_WEI_ROW);
}

async function expectOnePayment(order: Order, status: string) {
  expect((await zhangWeisPayments(order)).map((p) => p.status)).toEqual([status]);
}

/** Lets payment requests reach the backend, then holds back its answer (as a dying network does). */
function swallowPaymentAnswers(page: Page, onSwallowed: () => void = () => {}) {
  return page.route('**/payments', async (route: Route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await route.fetch();
    onSwallowed();
    await route.abort('timedout').catch(() => {});
  });
}

/** Presses pay and returns once the backend has the request but the app has no answer. */
async function payAndLoseTheAnswer(page: Page) {
  let reached!: () => void;
  const paymentReachedBackend = new Promise<void>((resolve) => { reached = resolve; });
  await swallowPaymentAnswers(page, () => reached());
  await page.getByTestId('pay').click();
  await paymentReachedBackend;
}

/** Gives the app a token the backend does not know, as after its 30 minutes. */
async function expireToken(page: Page) {
  await page.evaluate(() => {
    const key = 'insurance-pay.flow.v1';
    const flow = JSON.parse(sessionStorage.getItem(key)!);
    sessionStorage.setItem(key, JSON.stringify({ ...flow, token: 'tok_expired' }));
  });
}

test('a double tap and a triple tap on pay each make one payment', async ({ page }) => {
  for (const [order, taps] of [[{ province: '110000', city: '110100', year: 2027 }, 2], [{ province: '310000', city: '310100', year: 2027 }, 3]] as const) {
    const flow = new Flow(page, `taps-${taps}`);
    await reachReview(page, flow, order);
    await page.getByTestId('pay').click({ clickCount: taps });
    await flow.confirmAtCashier();
    await flow.expectOutcome('succeeded');
    await expectOnePayment(order, 'succeeded');
    await page.evaluate(() => sessionStorage.clear());
  }
});

test('pressing pay again after the answer was lost pays once', async ({ page }) => {
  const order = { province: '440000', city: '440300', year: 2027 };
  const flow = new Flow(page, 'pay-after-timeout');
  await reachReview(page, flow, order);
  await swallowPaymentAnswers(page);
  await page.getByTestId('pay').click();
  // The app tried (with its automatic retries) and tells the person the network failed.
  await expect(page.locator('[data-problem=Network]')).toContainText('网络');
  await flow.screenshot('answer-lost');
  await expect(page.getByTestId('pay')).toBeEnabled();
  await page.unroute('**/payments');
  await page.getByTestId('pay').click();
  await flow.confirmAtCashier();
  await flow.expectOutcome('succeeded');
  await expectOnePayment(order, 'succeeded');
});

test('a reload while the payment is processing shows that payment', async ({ page }) => {
  const order = { province: '510000', city: '510100', year: 2027 };
  const flow = new Flow(page, 'reload-processing');
  await reachReview(page, flow, order);
  await page.getByTestId('pay').click();
  await flow.confirmAtCashier();
  await page.reload();
  await expect(page.getByTestId('processing').or(page.getByTestId('outcome'))).toBeVisible();
  await flow.expectOutcome('succeeded');
  await expectOnePayment(order, 'succeeded');
});

test('a reload while the pay request is in flight asks about that payment instead of paying again', async ({ page }) => {
  const order = { province: '430000', city: '430100', year: 2027 };
  const flow = new Flow(page, 'reload-in-flight');
  await reachReview(page, flow, order);
  await payAndLoseTheAnswer(page);
  await page.unroute('**/payments');
  await page.reload();
  await flow.confirmAtCashier();
  await flow.expectOutcome('succeeded');
  await expectOnePayment(order, 'succeeded');
});

test('closing the tab mid-payment and coming back shows that payment, never a second pay button', async ({ context, page }) => {
  const order = { province: '330000', city: '330100', year: 2027 };
  const flow = new Flow(page, 'closed-tab');
  await reachReview(page, flow, order);
  await payAndLoseTheAnswer(page);
  await page.close();

  // A new tab: nothing of the old tab's session, only the pending payment (no token) remains.
  const again = await context.newPage();
  const back = new Flow(again, 'closed-tab-back');
  await again.goto(`/?api=${encodeURIComponent(BACKEND)}`);
  const pending = again.getByTestId('pending-payment');
  await expect(pending).toContainText('您有一笔付款尚未确认结果');
  await expect(pending).toContainText('杭州');
  await back.screenshot('pending-payment');
  await pending.getByTestId('resume-payment').click();
  await expect(again).toHaveURL(/\/identity$/);
  await back.fillPerson(PEOPLE.zhangWei);
  await back.verifySms(/\/(review|processing|result|cashier)/);
  await back.confirmAtCashier();
  await back.expectOutcome('succeeded');
  await expectOnePayment(order, 'succeeded');
  // Seen to the end: the reminder is gone.
  await again.goto('/');
  await expect(again.locator('h1')).toBeVisible();
  await expect(again.getByTestId('pending-payment')).toHaveCount(0);
});

test('an expired session sends the person to verify again and back to paying, choices intact', async ({ page }) => {
  const order = { province: '310000', city: '310100', year: 2026 };
  const flow = new Flow(page, 'session-expired-pay');
  await reachReview(page, flow, order);
  const amount = await page.getByTestId('total').textContent();
  // The backend no longer knows the token (as after its 30 minutes).
  await expireToken(page);
  await page.reload();
  await page.getByTestId('pay').click();
  const problem = page.locator('[data-problem=SessionExpired]');
  await expect(problem).toContainText('身份验证已过期');
  await problem.locator('button').click();
  await expect(page).toHaveURL(/\/identity$/);
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms(/\/review$/);
  await expect(page.getByTestId('total')).toHaveText(amount!);
  await expect(page.getByTestId('review')).toContainText('微信');
  expect(await zhangWeisPayments(order)).toEqual([]);
  await flow.pay();
  await flow.expectOutcome('succeeded');
  await expectOnePayment(order, 'succeeded');
});

test('a lost answer and then an expired session: verifying again finds the same payment', async ({ page }) => {
  const order = { province: '430000', city: '430100', year: 2026 };
  const flow = new Flow(page, 'lost-then-expired');
  await reachReview(page, flow, order);
  await payAndLoseTheAnswer(page);
  await page.unroute('**/payments');
  // Before the app hears back, the token expires; the reload asks about the payment and is refused.
  await expireToken(page);
  await page.reload();
  const problem = page.locator('[data-problem=SessionExpired]');
  await expect(problem).toBeVisible();
  await problem.locator('button').click();
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms(/\/review$/);
  // The key was kept: pressing pay finds the payment the lost answer was about.
  await page.getByTestId('pay').click();
  await flow.confirmAtCashier();
  await flow.expectOutcome('succeeded');
  await expectOnePayment(order, 'succeeded');
});

test('the back button after success never reaches a pay button', async ({ page }) => {
  const order = { province: '110000', city: '110100', year: 2026 };
  const flow = new Flow(page, 'back-after-success');
  await reachReview(page, flow, order);
  await flow.pay();
  await flow.expectOutcome('succeeded');
  await flow.openReceipt();
  for (let i = 0; i < 7; i++) {
    await page.goBack();
    await page.waitForTimeout(300);
    await expect(page.getByTestId('pay')).toHaveCount(0);
  }
  await page.goto('/review');
  await expect(page).toHaveURL(/\/receipt$/);
  // The token that paid stays for the tab, because only the payer's token reads the whole
  // receipt: a reload still shows it, and still no pay button.
  await expect(page.getByTestId('receipt-serial')).toBeVisible();
  await expect(page.getByTestId('pay')).toHaveCount(0);
  await expectOnePayment(order, 'succeeded');
  // That token was granted for this order alone, which is paid: it cannot start another payment.
  const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('insurance-pay.flow.v1') ?? '{}'));
  const post = async (path: string, body: object, key?: string) => (await fetch(`${BACKEND}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stored.token}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  })).json();
  const quote = await post('/quotes', { order: { city: order.city, product: 'resident_medical', year: order.year }, choice: { kind: 'fixed', tier: 'tier-1' } });
  const again = await post('/payments', { quote_id: quote.quote_id, method: 'wallet' }, 'back-after-success-second-key');
  expect(again.type).toBe('urn:insurance-pay:problem:already-paid');
  await expectOnePayment(order, 'succeeded');
});

test('a relative pays a member\'s gap once, with a double tap, and the member is then told it is paid', async ({ page }) => {
  // 刘洋 pays his spouse 张伟's 2025 medical gap through the family (亲情社保), tapping pay twice.
  const order = { province: '110000', city: '110100', year: 2025, product: 'flexible_medical' };
  const flow = await verifiedReader(page, '/family', PEOPLE.liuYang, BACKEND, 'family-pays-once');
  await page.locator('li.member', { hasText: '配偶' }).getByTestId('read-record').click();
  await page.getByTestId('year-2025').click();
  await page.getByTestId('back-pay-medical').click();
  await flow.chooseWageTier(100, '9', 1);
  await flow.choosePaymentMethod('wallet');
  await page.getByTestId('pay').click({ clickCount: 2 });
  await flow.confirmAtCashier();
  await flow.expectOutcome('succeeded');
  await expectOnePayment(order, 'succeeded');
  // 张伟 himself, for the same order: already paid, with the receipt; nothing to pay.
  await page.evaluate(() => sessionStorage.removeItem('insurance-pay.flow.v1'));
  await page.goto('/');
  await flow.chooseOrder(order.province, order.city, order.product, order.year);
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms();
  await expect(page.getByTestId('already-paid')).toBeVisible();
  await expect(page.getByTestId('already-paid')).toContainText('凭证编号');
  await expect(page.locator('form button[type=submit]')).toHaveCount(0);
  await expectOnePayment(order, 'succeeded');
});

test('a family order in two parts, with a double tap, a lost answer and a reload, pays each member once', async ({ page }) => {
  // 刘洋 pays his three relatives' 2026 residents' insurance (back payment) from his Chengdu
  // medical account (家庭共济): ¥800 a payment, so in parts, each its own payment.
  const order = { province: '510000', city: '510100', year: 2026 };
  await verifiedReader(page, '/family', PEOPLE.liuYang, BACKEND, 'family-order-once', order);
  await page.getByTestId('family-order').click();
  await page.locator('#year-2026').check();
  const rows = page.locator('[data-testid=family-status] li.member');
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) await row.getByTestId('pick-member').check();
  await expect(page.locator('#tier-tier-1')).toBeChecked();
  await page.getByTestId('start-order').click();
  await page.locator('#method-family_medical_account').check();
  await expect(page.getByTestId('part').nth(1)).toBeVisible();
  const parts = await page.getByTestId('part').count();
  // The last part reaches the backend, and its answer is lost.
  let sent = 0;
  let reached!: () => void;
  const secondReachedBackend = new Promise<void>((resolve) => { reached = resolve; });
  await page.route('**/family/payments', async (route: Route) => {
    if (route.request().method() !== 'POST') return route.continue();
    sent += 1;
    if (sent < parts) return route.continue();
    await route.fetch();
    reached();
    await route.abort('timedout').catch(() => {});
  });
  // A double tap: each part once.
  await page.getByTestId('pay').click({ clickCount: 2 });
  await expect(page.getByTestId('part').first()).toHaveAttribute('data-state', 'part-paid', { timeout: 15_000 });
  await secondReachedBackend;
  await expect(page.locator('[data-problem=Network]')).toContainText('不会重复扣款');
  // A reload asks about the second part with its key instead of paying it again.
  await page.unroute('**/family/payments');
  await page.reload();
  await expect(page.locator('[data-state=order-done]')).toContainText('已为 3 位家人缴费', { timeout: 15_000 });
  const rowsInDb = await recordedPayments({ ...order, product: 'resident_medical' });
  expect(rowsInDb.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  expect(new Set(rowsInDb.map((r) => r.payer)).size).toBe(3);
  // Asked again, the family's overview shows each paid with a receipt, and nothing more is paid.
  await page.goto('/family/order?year=2026');
  await expect(rows.getByTestId('member-order-state')).toHaveText(['已缴费', '已缴费', '已缴费']);
  expect(await recordedPayments({ ...order, product: 'resident_medical' })).toHaveLength(3);
});
