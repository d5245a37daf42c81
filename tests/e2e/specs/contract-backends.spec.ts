// The same release build, pointed by configuration only at a backend generated from the
// published contract (Prism's mock server, on another origin), pays to a receipt.
import { test, expect, Flow, PEOPLE, verifiedReader } from './app';

const PRISM = 'http://127.0.0.1:4010';

test('the flow reaches a receipt against the contract mock, chosen by ?api=', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => { if (r.url().startsWith(PRISM)) requests.push(`${r.method()} ${new URL(r.url()).pathname}`); });
  const flow = new Flow(page, 'prism-mock');
  await page.goto(`/?api=${encodeURIComponent(PRISM)}`);
  await expect(page.locator('#province-110000')).toBeVisible();
  await page.locator('.app-footer summary').click();
  await expect(page.getByTestId('backend')).toHaveText(PRISM);
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms();
  // Prism answers with the contract's first example: the student 杨帆.
  await expect(page.getByTestId('profile')).toContainText('3301**********2132');
  await flow.chooseFixedTier('tier-2');
  await expect(page.getByTestId('amount-due')).toHaveText('¥372.16');
  await flow.choosePaymentMethod('wallet');
  await flow.pay();
  await flow.expectOutcome('succeeded');
  await flow.openReceipt();
  await expect(page.getByTestId('receipt-serial')).toHaveText('2027110100000001');
  // The choice survives navigation within the tab, and `?api=demo` returns to the demo.
  await page.goto('/?api=demo');
  await page.locator('.app-footer summary').click();
  await expect(page.getByTestId('backend')).toContainText('演示');
  for (const call of ['GET /regions', 'POST /verifications', 'GET /insured', 'POST /quotes', 'POST /payments', 'GET /receipts/2027110100000001']) {
    expect(requests.some((r) => r.startsWith(call)), `${call} was sent to the mock`).toBe(true);
  }
  console.log(`requests sent to the contract mock: ${requests.length}`);
});

const PROXY = 'http://127.0.0.1:4011';

test.describe('through the validating proxy to the reference backend', () => {
  test('payments, a failed payment and refused details all stay on the contract', async ({ page }) => {
    const validated: string[] = [];
    page.on('response', (r) => { if (r.url().startsWith(PROXY) && r.request().method() !== 'OPTIONS') validated.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
    const flow = new Flow(page, 'proxy');
    // The reference backend's stand-in cashier is on its own origin, not the proxy's: allowed.
    await page.route('**/config.json', (route) => route.fulfill({ json: { allow_api_override: true, payment_origins: ['http://127.0.0.1:8081'] } }));
    await page.goto(`/?api=${encodeURIComponent(PROXY)}`);
    // A refused name comes back as a problem the app explains.
    await flow.chooseOrder('440000', '440100', 'flexible_medical', 2026);
    await page.locator('#name').fill('李四');
    await page.locator('#id-number').fill(PEOPLE.zhangWei.id);
    await page.locator('#mobile').fill(PEOPLE.zhangWei.mobile);
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('[data-problem=IdentityMismatch]')).toBeVisible();
    // Someone with no registration: the guide the backend sends, in its problem.
    await page.locator('#name').fill(PEOPLE.zhengHong.name);
    await page.locator('#id-number').fill(PEOPLE.zhengHong.id);
    await page.locator('#mobile').fill(PEOPLE.zhengHong.mobile);
    await page.locator('form button[type=submit]').click();
    await expect(page.getByTestId('not-registered')).toContainText('粤省事小程序「参保登记」');
    await page.locator('#name').fill(PEOPLE.zhangWei.name);
    await page.locator('#id-number').fill(PEOPLE.zhangWei.id);
    await page.locator('#mobile').fill(PEOPLE.zhangWei.mobile);
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('#method')).toBeVisible();
    await flow.verifyFaceThenSms();
    await flow.chooseWageTier(100, '9', 3);
    await expect(page.getByTestId('amount-due')).toHaveText('¥2,787.75');
    await flow.choosePaymentMethod('bank_card');
    await flow.pay();
    await flow.expectOutcome('succeeded');
    await flow.openReceipt();
    await expect(page.getByTestId('receipt-id')).toHaveText('1101**********2115');
    // The same person again, now for residents' insurance: the payment is declined for 刘洋.
    await page.getByTestId('pay-another').click();
    await flow.chooseOrder('440000', '440100', 'resident_medical', 2027);
    await flow.fillPerson(PEOPLE.liuYang);
    await flow.verifyFaceThenSms();
    await flow.chooseFixedTier('tier-1');
    await flow.choosePaymentMethod('bank_card');
    await flow.pay();
    await flow.expectOutcome('failed');
    await expect(page.getByTestId('no-money-taken')).toBeVisible();
    expect(validated.filter((v) => v.startsWith('5')), 'no contract violations').toEqual([]);
    console.log(`requests validated by the contract proxy: ${validated.length}`);
  });

  test('reading a record, its years, spending and proof all stay on the contract', async ({ page }) => {
    const validated: string[] = [];
    page.on('response', (r) => { if (r.url().startsWith(PROXY) && r.request().method() !== 'OPTIONS') validated.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
    await verifiedReader(page, '/record', PEOPLE.zhangWei, PROXY, 'proxy-record');
    await expect(page.getByTestId('record-holder')).toHaveText('张*');
    await page.getByTestId('year-2025').click();
    await expect(page.locator('section[data-insurance=pension] tr[data-month-state=Gap]')).toHaveCount(3);
    await page.goto('/record/spending?page=2');
    await expect(page.getByTestId('spending-item')).toHaveCount(10);
    await page.goto('/record/proof');
    const code = await page.getByTestId('proof-code').innerText();
    await page.goto(`/check?proof=${code}`);
    await expect(page.getByTestId('proof-genuine')).toBeVisible();
    for (const call of ['POST /verifications', 'GET /record', 'GET /record/years/2025', 'GET /record/medical-spending', 'POST /record/proofs', `GET /record/proofs/${code}`]) {
      expect(validated.some((v) => v.slice(4).startsWith(call)), `${call} went through the proxy`).toBe(true);
    }
    expect(validated.filter((v) => v.startsWith('5')), 'no contract violations').toEqual([]);
    console.log(`record requests validated by the contract proxy: ${validated.length}`);
  });

  test('the family: adding, consent, refusals, asking again and removing all stay on the contract', async ({ page }) => {
    const validated: string[] = [];
    page.on('response', (r) => { if (r.url().startsWith(PROXY) && r.request().method() !== 'OPTIONS') validated.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
    await verifiedReader(page, '/family', PEOPLE.zhangWei, PROXY, 'proxy-family');
    await expect(page.getByTestId('family-count')).toBeVisible();
    const add = async (relationship: string, name: string, id: string) => {
      await page.goto('/family/add');
      await page.locator(`#relationship-${relationship}`).check();
      await page.locator('#member-name').fill(name);
      await page.locator('#member-id-number').fill(id);
      await page.getByTestId('add-submit').click();
    };
    await add('parent', '张建国', '110101195606152114');
    await page.locator('#consent-code').fill('000000');
    await page.getByTestId('confirm-consent').click();
    await expect(page.locator('#consent-code-error')).toContainText('4');
    await page.locator('#consent-code').fill('123456');
    await page.getByTestId('confirm-consent').click();
    await expect(page.locator('[data-state=notice-consented]')).toBeVisible();
    const father = new URL(page.url()).searchParams.get('consented');
    await add('child', '张一诺', '110105201605083026');
    await expect(page.locator('[data-state=notice-added]')).toBeVisible();
    await add('parent', '李娜', PEOPLE.liNa.id);
    await expect(page.locator('[data-problem=InOtherFamily]')).toBeVisible();
    // 张建国 withdraws his consent from his own phone (the backend's switch), then gives it again.
    expect((await fetch(`http://127.0.0.1:8081/__test/family/members/${father}/withdraw-consent`, { method: 'POST' })).status).toBe(204);
    await page.goto('/family');
    await page.getByTestId('ask-again').click();
    await page.locator('#consent-code').fill('123456');
    await page.getByTestId('confirm-consent').click();
    await expect(page.locator('li.member[data-consent=Granted]')).toHaveCount(1);
    await page.locator('li.member[data-consent=NotNeeded]').getByTestId('remove').click();
    await page.getByTestId('confirm-remove').click();
    await expect(page.locator('li.member')).toHaveCount(1);
    for (const call of ['GET /family', 'POST /family/members', 'POST /family/members/fm_', 'DELETE /family/members/fm_']) {
      expect(validated.some((v) => v.slice(4).startsWith(call)), `${call} went through the proxy`).toBe(true);
    }
    for (const path of [/consent-requests$/, /\/consent$/]) expect(validated.some((v) => path.test(v)), `${path} went through the proxy`).toBe(true);
    for (const refusal of ['422 POST', '409 POST']) expect(validated.some((v) => v.startsWith(refusal)), `a ${refusal} problem went through the proxy`).toBe(true);
    expect(validated.filter((v) => v.startsWith('5')), 'no contract violations').toEqual([]);
    console.log(`family requests validated by the contract proxy: ${validated.length}`);
  });

  test('亲情社保: a relative\'s record through the proxy, stopped at once by a withdrawn consent', async ({ page }) => {
    const validated: string[] = [];
    page.on('response', (r) => { if (r.url().startsWith(PROXY) && r.request().method() !== 'OPTIONS') validated.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
    await verifiedReader(page, '/family', PEOPLE.chenJing, PROXY, 'proxy-family-record');
    const mother = page.locator('li.member[data-consent=Granted]');
    const member = await mother.getAttribute('data-member');
    await mother.getByTestId('read-record').click();
    await page.getByTestId('elsewhere-440100').click();
    await expect(page.getByTestId('record-holder')).toHaveText('李*');
    await page.getByTestId('year-2025').click();
    await expect(page.locator('[data-state=year-complete]')).toBeVisible();
    // She withdraws from her own phone: the very next read is refused, with the way back.
    expect((await fetch(`http://127.0.0.1:8081/__test/family/members/${member}/withdraw-consent`, { method: 'POST' })).status).toBe(204);
    await page.reload();
    await expect(page.locator('[data-problem=ConsentRequired]')).toContainText('其授权已撤回或已过期');
    await page.locator('[data-problem=ConsentRequired] a[href="/family"]').click();
    await expect(page.locator(`li.member[data-member=${member}]`)).toHaveAttribute('data-consent', 'Withdrawn');
    // She gives it again (the backend is shared with the other tests).
    await page.locator(`li.member[data-member=${member}]`).getByTestId('ask-again').click();
    await page.locator('#consent-code').fill('123456');
    await page.getByTestId('confirm-consent').click();
    await expect(page.locator(`li.member[data-member=${member}]`)).toHaveAttribute('data-consent', 'Granted');
    for (const call of ['404 GET /record', '200 GET /record', '200 GET /record/years/2025', '403 GET /record/years/2025']) {
      expect(validated.some((v) => v.startsWith(call)), `${call} went through the proxy`).toBe(true);
    }
    expect(validated.filter((v) => v.startsWith('5')), 'no contract violations').toEqual([]);
    console.log(`family record requests validated by the contract proxy: ${validated.length}`);
  });

  test('a family order for five relatives through the proxy: status, quote, payment and each receipt', async ({ page }) => {
    const validated: string[] = [];
    page.on('response', (r) => { if (r.url().startsWith(PROXY) && r.request().method() !== 'OPTIONS') validated.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
    await page.route('**/config.json', (route) => route.fulfill({ json: { allow_api_override: true, payment_origins: ['http://127.0.0.1:8081'] } }));
    // 赵国强's five relatives, residents' insurance in Beijing (where 家庭共济 is not offered).
    await verifiedReader(page, '/family', PEOPLE.zhaoGuoqiang, PROXY, 'proxy-family-order');
    await page.getByTestId('family-order').click();
    const rows = page.locator('[data-testid=family-status] li.member');
    await expect(rows).toHaveCount(5);
    for (const row of await rows.all()) await row.getByTestId('pick-member').check();
    await page.locator('#tier-tier-1').check();
    await page.getByTestId('start-order').click();
    await expect(page.getByTestId('member-block')).toHaveCount(5);
    await expect(page.getByTestId('order-total')).toHaveText('合计（5 人）：¥3,200.00');
    await expect(page.locator('#method-family_medical_account')).toHaveCount(0);
    await page.locator('#method-wallet').check();
    await page.getByTestId('pay').click();
    // The wallet's (stand-in) cashier, on the reference backend's origin, and back.
    await page.getByTestId('cashier-confirm').click();
    await expect(page).toHaveURL(/\/family\/order\/pay$/);
    await expect(page.locator('[data-state=order-done]')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('order-receipt')).toHaveCount(5);
    await page.getByTestId('order-receipt').first().click();
    await expect(page.getByTestId('receipt-paid-by')).toHaveText('赵**');
    // The public check of that receipt, typed in by hand.
    const serial = (await page.getByTestId('receipt-serial').textContent())!.trim();
    const code = (await page.getByTestId('receipt-check-code').textContent())!.trim();
    await page.goto('/check');
    await page.locator('#check-serial').fill(serial);
    await page.locator('#check-code').fill(code);
    await page.getByTestId('check-submit').click();
    await expect(page.getByTestId('receipt-genuine')).toBeVisible();
    for (const call of ['200 GET /family/status', '200 POST /family/quotes', '201 POST /family/payments', '200 GET /receipts/', '200 POST /receipt-checks']) {
      expect(validated.some((v) => v.startsWith(call)), `${call} went through the proxy`).toBe(true);
    }
    expect(validated.filter((v) => v.startsWith('5')), 'no contract violations').toEqual([]);
    console.log(`family order requests validated by the contract proxy: ${validated.length}`);
  });
});
