// The payer confirms in their own wallet: each hand-off the backend can choose, to a receipt,
// and back without paying. What the wallet or the return says proves nothing: the app asks the
// backend. Tests on the reference backend pay for a person of their own (typed in, not a demo
// person) and end by counting that person's payments in its SQLite database: exactly one.
import { Browser, Page } from '@playwright/test';
import { test, expect, Flow, PEOPLE } from './app';
import { MOBILE_CHROME } from '../playwright.config';

const BACKEND = 'http://127.0.0.1:8081';

// The broken cashier page a test makes (the browser's own line for a refused connection).
test.use({ allowedConsoleErrors: [/^Failed to load resource: net::ERR_CONNECTION_REFUSED$/] });
const WECHAT = `${MOBILE_CHROME} MicroMessenger/8.0.47.2560(0x28002F35) NetType/WIFI Language/zh_CN`;
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** A valid 18-digit ID number of someone born 1990-01-01 in Beijing, number `n` (GB 11643). */
function idNumber(n: number): string {
  const body = `11010119900101${String(n).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Someone of this test's own, so no other test pays their order. */
function person(n: number) {
  return { name: '林测试', id: idNumber(n), mobile: `1380000${String(n).padStart(4, '0')}` };
}

async function paymentsOf(who: { id: string }, city = '110100', year = 2027): Promise<{ status: string }[]> {
  const rows: { payer: string; status: string }[] = await (await fetch(`${BACKEND}/__test/payments?city=${city}&product=resident_medical&year=${year}`)).json();
  const masked = `${who.id.slice(0, 4)}**********${who.id.slice(-4)}`;
  return rows.filter((r) => r.payer === masked);
}

/** From the first screen to the review screen in Beijing, paying by wallet. */
async function reachReview(page: Page, flow: Flow, who: { name: string; id: string; mobile: string }, api?: string) {
  await page.goto(api ? `/?api=${encodeURIComponent(api)}` : '/');
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  await flow.fillPerson(who);
  await flow.verifySms();
  await flow.chooseFixedTier('tier-1');
  await flow.choosePaymentMethod('wallet');
  await expect(page.getByTestId('review')).toBeVisible();
}

async function pageAs(browser: Browser, userAgent: string, init?: string) {
  const context = await browser.newContext({ userAgent, viewport: { width: 375, height: 667 } });
  if (init) await context.addInitScript(init);
  return context.newPage();
}

test('a phone browser: the cashier page and back, to a receipt; reloading and returning again change nothing', async ({ page }) => {
  const flow = new Flow(page, 'handoff-redirect');
  await reachReview(page, flow, PEOPLE.zhangWei);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/cashier\?payment=/);
  await expect(page.getByTestId('cashier-amount')).toHaveText('¥640.00');
  await flow.screenshot('cashier');
  await page.getByTestId('cashier-confirm').click();
  await expect(page).toHaveURL(/^[^?]*\/(processing|result)$/);
  await page.reload();
  await flow.expectOutcome('succeeded');
  // The return address again (the back button, a second return): the result, never the cashier.
  await page.goto('/processing');
  await expect(page).toHaveURL(/\/result$/);
  await flow.openReceipt();
  expect(await flow.recordedPayments()).toBe(1);
});

test('leaving the cashier without paying: back to pay, no money taken, and paying again is the same payment', async ({ page }) => {
  const flow = new Flow(page, 'handoff-left');
  await reachReview(page, flow, PEOPLE.zhangWei);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/cashier\?payment=/);
  const first = new URL(page.url()).searchParams.get('payment');
  await page.getByTestId('cashier-cancel').click();
  await expect(page).toHaveURL(/\/review$/);
  await expect(page.locator('[data-state=back-unpaid]')).toContainText('没有扣款');
  await flow.screenshot('back-unpaid');
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/cashier\?payment=/);
  expect(new URL(page.url()).searchParams.get('payment')).toBe(first);
  await page.getByTestId('cashier-confirm').click();
  await flow.expectOutcome('succeeded');
  expect(await flow.recordedPayments()).toBe(1);
});

test('the wallet refusing at the cashier: failed, no money taken, and paying again is a new payment', async ({ page }) => {
  const flow = new Flow(page, 'handoff-fail');
  await reachReview(page, flow, PEOPLE.zhangWei);
  await page.getByTestId('pay').click();
  await page.getByTestId('cashier-fail').click();
  await flow.expectOutcome('failed');
  await expect(page.getByTestId('no-money-taken')).toBeVisible();
});

test('the reference backend\'s cashier on its own origin, and the payment back to a receipt', async ({ page }) => {
  const who = person(101);
  const flow = new Flow(page, 'handoff-reference');
  await reachReview(page, flow, who, BACKEND);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(new RegExp(`^${BACKEND}/__cashier\\?payment=`));
  await page.getByTestId('cashier-confirm').click();
  await flow.expectOutcome('succeeded');
  await flow.openReceipt();
  expect((await paymentsOf(who)).map((p) => p.status)).toEqual(['succeeded']);
});

test('back from the cashier before the provider has told the backend: the screen waits for what the backend says', async ({ page }) => {
  const who = person(102);
  const flow = new Flow(page, 'handoff-slow-provider');
  await reachReview(page, flow, who, BACKEND);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/__cashier\?payment=/);
  const id = new URL(page.url()).searchParams.get('payment');
  // The payer confirmed; the provider tells the backend four seconds later.
  await fetch(`${BACKEND}/__cashier/${id}/confirm?notify_after_ms=4000`, { method: 'POST' });
  await page.goto('/processing');
  await expect(page.getByTestId('processing')).toHaveAttribute('data-state', 'awaiting-wallet');
  await expect(page.getByTestId('back-to-pay')).toBeVisible();
  await flow.expectOutcome('succeeded');
  expect((await paymentsOf(who)).map((p) => p.status)).toEqual(['succeeded']);
});

/** WeChat's bridge as a test stub: `said` is what the sheet answers; on ok the stub first
 * confirms at the reference backend's stand-in provider, as WeChat Pay would tell the backend. */
function wechatBridge(said: string[]) {
  return `window.__sheets = 0; window.WeixinJSBridge = { invoke(name, params, done) {
    if (name !== 'getBrandWCPayRequest') return;
    const answers = ${JSON.stringify(said)}; const answer = answers[Math.min(window.__sheets, answers.length - 1)];
    window.__sheets += 1;
    const id = params.package.replace('prepay_id=', '');
    const tell = answer === 'ok' ? fetch('${BACKEND}/__cashier/' + id + '/confirm', { method: 'POST' }) : Promise.resolve();
    tell.then(() => done({ err_msg: 'get_brand_wcpay_request:' + answer }));
  } };`;
}

test('inside WeChat: the sheet cancelled, then failed, then paid, is one payment', async ({ browser }) => {
  const who = person(103);
  const page = await pageAs(browser, WECHAT, wechatBridge(['cancel', 'fail', 'ok']));
  const flow = new Flow(page, 'handoff-wechat');
  await reachReview(page, flow, who, BACKEND);
  for (const _ of ['cancel', 'fail']) {
    await page.getByTestId('pay').click();
    await expect(page).toHaveURL(/\/review$/);
    await expect(page.locator('[data-state=back-unpaid]')).toBeVisible();
  }
  await page.getByTestId('pay').click();
  await flow.expectOutcome('succeeded');
  expect(await page.evaluate(() => (window as unknown as { __sheets: number }).__sheets)).toBe(3);
  expect((await paymentsOf(who)).map((p) => p.status)).toEqual(['succeeded']);
  await page.context().close();
});

test('on a desktop: a code to scan, confirmed on the phone, and the page follows the backend', async ({ browser }) => {
  const who = person(104);
  const page = await pageAs(browser, DESKTOP);
  const flow = new Flow(page, 'handoff-qr');
  await reachReview(page, flow, who, BACKEND);
  await page.getByTestId('pay').click();
  await expect(page.getByTestId('processing')).toHaveAttribute('data-state', 'scan-code');
  const code = await page.locator('[data-testid=payment-code] svg.qr').getAttribute('data-qr-text');
  expect(code).toContain(`${BACKEND}/__cashier?payment=`);
  await flow.screenshot('scan-code');
  // The payer's phone scans the code and confirms there.
  const phone = await pageAs(browser, MOBILE_CHROME);
  await phone.goto(code!);
  await phone.getByTestId('cashier-confirm').click();
  await expect(phone.getByTestId('cashier')).toHaveAttribute('data-state', 'cashier-told');
  await flow.expectOutcome('succeeded');
  expect((await paymentsOf(who)).map((p) => p.status)).toEqual(['succeeded']);
  await phone.context().close();
  await page.context().close();
});

test('a cashier address the deployment does not allow is refused: nothing opened, nothing paid', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ json: { allow_api_override: true, payment_origins: ['https://pay.weixin.qq.com'] } }));
  const flow = new Flow(page, 'handoff-refused');
  await reachReview(page, flow, PEOPLE.zhangWei);
  await page.getByTestId('pay').click();
  await expect(page.getByTestId('processing')).toHaveAttribute('data-state', 'handoff-refused');
  await expect(page.locator('[data-problem=HandoffRefused]')).toContainText('没有扣款');
  await expect(page).toHaveURL(/\/processing$/);
  await flow.screenshot('handoff-refused');
});

test('the tab closed at the cashier: the first screen offers that payment, and it is paid once', async ({ context, page }) => {
  const flow = new Flow(page, 'handoff-closed-tab');
  await reachReview(page, flow, PEOPLE.zhangWei);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/cashier\?payment=/);
  const demoDb = await page.evaluate(() => sessionStorage.getItem('insurance-pay.demo-db.v1'));
  await page.close();
  const again = await context.newPage();
  // (The embedded demo's database lives in the tab: the new tab starts from the old one's.)
  await again.addInitScript((db) => { if (!sessionStorage.getItem('insurance-pay.demo-db.v1')) sessionStorage.setItem('insurance-pay.demo-db.v1', db!); }, demoDb);
  const back = new Flow(again, 'handoff-closed-tab-back');
  await again.goto('/');
  await expect(again.getByTestId('pending-payment')).toBeVisible();
  await again.getByTestId('resume-payment').click();
  await back.fillPerson(PEOPLE.zhangWei);
  await back.verifySms(/\/(review|processing|result|cashier)/);
  await back.confirmAtCashier();
  await back.expectOutcome('succeeded');
  expect(await back.recordedPayments()).toBe(1);
});

test('the provider\'s page unreachable or answering garbage: back, nothing taken, the same payment to pay', async ({ page }) => {
  const who = person(105);
  const flow = new Flow(page, 'handoff-cashier-down');
  await reachReview(page, flow, who, BACKEND);
  let fault: 'unreachable' | 'garbage' = 'unreachable';
  await page.route(`${BACKEND}/__cashier?**`, (route) => fault === 'unreachable' ? route.abort('connectionrefused') : route.fulfill({ status: 200, contentType: 'text/html', body: '\u0000\u00ff garbage' }));
  for (const _ of ['unreachable', 'garbage']) {
    const opened = page.waitForRequest((r) => r.url().startsWith(`${BACKEND}/__cashier?payment=`));
    await page.getByTestId('pay').click();
    await opened;
    await page.waitForLoadState();
    // The person comes back from the broken page (to the app's address again): the app asks
    // the backend, which still waits.
    await page.goto('/processing');
    await expect(page.getByTestId('processing')).toHaveAttribute('data-state', 'awaiting-wallet');
    await page.getByTestId('back-to-pay').click();
    await expect(page.locator('[data-state=back-unpaid]')).toContainText('没有扣款');
    fault = 'garbage';
  }
  expect((await paymentsOf(who)).map((p) => p.status)).toEqual(['requires_action']);
  // The page works again: the same payment is paid, once.
  await page.unroute(`${BACKEND}/__cashier?**`);
  await page.getByTestId('pay').click();
  await page.getByTestId('cashier-confirm').click();
  await flow.expectOutcome('succeeded');
  expect((await paymentsOf(who)).map((p) => p.status)).toEqual(['succeeded']);
});
