// The family (亲情账户): the payer verifies as themself (the record's verification), adds an
// adult relative who consents with the code sent to their own registered phone, adds a minor as
// guardian with no consent step, is refused a relative in another payer's family, a mismatched
// name and a sixth member, and removes a member. Other people's ID numbers are shown masked and
// never stored or put in a URL.
import { Page } from '@playwright/test';
import { test, expect, Flow, PEOPLE, Person } from './app';

const ZHANG_JIANGUO = { name: '张建国', id: '110101195606152114' };
const ZHANG_YINUO = { name: '张一诺', id: '110105201605083026' };

/** From the first screen to the family list, verified for Beijing (or `where`) with the SMS code then the e-card (or the face). */
async function openFamily(page: Page, person: Person, lang: 'zh' | 'en' = 'zh', where = { province: '110000', city: '110100' }) {
  await page.goto('/');
  if (lang === 'en') {
    await page.locator('.lang-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  await page.getByTestId('job-family').click();
  await expect(page).toHaveURL(/\/family$/);
  await page.locator(`#province-${where.province}`).check();
  await page.locator(`#city-${where.city}`).check();
  await page.locator('main form button[type=submit]').click();
  await expect(page).toHaveURL(/\/identity$/);
  const flow = new Flow(page);
  await flow.fillPerson(person);
  // Back where the person set out from, not the record.
  await flow.verifyToRead(/\/family$/);
}

async function addRelative(page: Page, relationship: string, relative: { name: string; id: string }) {
  await page.getByTestId('add-member').click();
  await expect(page).toHaveURL(/\/family\/add$/);
  await page.locator(`#relationship-${relationship}`).check();
  await page.locator('#member-name').fill(relative.name);
  await page.locator('#member-id-number').fill(relative.id);
  await page.getByTestId('add-submit').click();
}

test('张伟 adds his father with his consent and his daughter as guardian, is refused others, and removes one', async ({ page }) => {
  await openFamily(page, PEOPLE.zhangWei);
  await expect(page.locator('[data-state=family-empty]')).toBeVisible();
  await expect(page.getByTestId('family-count')).toHaveText('已添加 0 位家庭成员，最多 5 位。');

  // An adult: on to his consent, with the code sent to the phone he registered.
  await addRelative(page, 'parent', ZHANG_JIANGUO);
  await expect(page).toHaveURL(/\/family\/consent\?member=fm_/);
  await expect(page.getByTestId('consent-sent-to')).toContainText('验证码已发送至 138****1001（张** 在社保登记的手机）');
  await expect(page.getByTestId('consent-sent-to')).toContainText('授权有效期 365 天');
  await page.locator('#consent-code').fill('000000');
  await page.getByTestId('confirm-consent').click();
  await expect(page.locator('#consent-code-error')).toHaveText('验证码或密码不正确，还可以再试 4 次');
  await expect(page.locator('#consent-code')).toHaveValue('000000');
  await page.locator('#consent-code').fill('123456');
  await page.getByTestId('confirm-consent').click();
  await expect(page).toHaveURL(/\/family\?consented=fm_/);
  await expect(page.locator('[data-state=notice-consented]')).toHaveText('张** 已授权，您可以为其缴费、查看其参保情况。');
  const father = page.locator('li.member[data-consent=Granted]');
  await expect(father.locator('h2')).toHaveText('张** · 父母');
  await expect(father.getByTestId('member-id')).toHaveText('身份证号 1101**********2114');
  await expect(father.getByTestId('member-consent')).toContainText(/已授权，有效期至 20\d\d-\d\d-\d\d/);

  // A minor: added at once, no consent step.
  await addRelative(page, 'child', ZHANG_YINUO);
  await expect(page).toHaveURL(/\/family\?added=fm_/);
  await expect(page.locator('[data-state=notice-added]')).toHaveText('已添加 张**。');
  await expect(page.locator('li.member[data-consent=NotNeeded] [data-testid=member-consent]')).toHaveText('未成年人：由您作为监护人添加和代缴，无需授权');
  await expect(page.getByTestId('family-count')).toHaveText('已添加 2 位家庭成员，最多 5 位。');

  // 李娜 is in 陈静's family: refused, with the reason and the way on; what was typed stays.
  await addRelative(page, 'parent', { name: '李娜', id: PEOPLE.liNa.id });
  await expect(page.locator('[data-problem=InOtherFamily]')).toContainText('一人只能加入一个亲情账户');
  await expect(page.locator('#member-name')).toHaveValue('李娜');
  await expect(page.locator('#member-id-number')).toHaveValue(PEOPLE.liNa.id);
  // A name that is not the one registered for the number: beside the fields, and in the summary.
  await page.locator('#member-name').fill('李丽');
  await page.getByTestId('add-submit').click();
  await expect(page.locator('#member-name-error')).toContainText('姓名与身份证号不一致');
  await expect(page.getByTestId('error-summary')).toContainText('姓名与身份证号不一致');
  // The same father again.
  await page.locator('#member-name').fill(ZHANG_JIANGUO.name);
  await page.locator('#member-id-number').fill(ZHANG_JIANGUO.id);
  await page.getByTestId('add-submit').click();
  await expect(page.locator('[data-problem=AlreadyMember]')).toContainText('已在您的亲情账户中');

  // Removing asks first, then the list is as the backend left it.
  await page.getByRole('link', { name: '返回亲情账户' }).first().click();
  const daughter = page.locator('li.member[data-consent=NotNeeded]');
  await daughter.getByTestId('remove').click();
  await expect(daughter.locator('[data-state=confirm-remove]')).toContainText('确定将 张** 移出家庭？');
  await daughter.getByTestId('confirm-remove').click();
  await expect(page.locator('li.member')).toHaveCount(1);
  await expect(page.getByTestId('family-count')).toHaveText('已添加 1 位家庭成员，最多 5 位。');

  // Other people's ID numbers and names are in no URL and in no web storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
  for (const secret of [ZHANG_JIANGUO.id, ZHANG_JIANGUO.name, ZHANG_YINUO.id, ZHANG_YINUO.name, PEOPLE.liNa.id, '13810001001']) expect(stored).not.toContain(secret);
});

test('陈静 sees a withdrawn and a run-out consent and asks again (in English)', async ({ page }) => {
  await openFamily(page, PEOPLE.chenJing, 'en');
  await expect(page.locator('li.member')).toHaveCount(3);
  await expect(page.locator('li.member[data-consent=Granted] [data-testid=member-consent]')).toContainText(/^Consent given, valid until \d{4}-\d\d-\d\d$/);
  await expect(page.locator('li.member[data-consent=Withdrawn] [data-testid=member-consent]')).toContainText('They withdrew their consent on');
  const expired = page.locator('li.member[data-consent=Expired]');
  await expect(expired.getByTestId('member-consent')).toContainText('Their consent ran out on');
  await expired.getByTestId('ask-again').click();
  await expect(page).toHaveURL(/\/family\/consent\?member=fm_/);
  await expect(page.getByTestId('consent-sent-to')).toContainText('A code was sent to 138****1012');
  await page.locator('#consent-code').fill('123456');
  await page.getByTestId('confirm-consent').click();
  await expect(page.locator('[data-state=notice-consented]')).toContainText('gave their consent');
  await expect(page.locator('li.member[data-consent=Granted]')).toHaveCount(2);
});

test('赵国强 has five relatives and cannot add a sixth (in English)', async ({ page: other }) => {
  await openFamily(other, PEOPLE.zhaoGuoqiang, 'en');
  await expect(other.locator('[data-state=family-full]')).toBeVisible();
  await expect(other.getByTestId('family-full')).toHaveText('Your family has the most relatives it may have (5). To add someone, first remove someone.');
  await expect(other.getByTestId('add-member')).toHaveCount(0);
  await other.goto('/family/add');
  await other.locator('#relationship-child').check();
  await other.locator('#member-name').fill(ZHANG_JIANGUO.name);
  await other.locator('#member-id-number').fill(ZHANG_JIANGUO.id);
  await other.getByTestId('add-submit').click();
  await expect(other.locator('[data-problem=FamilyFull]')).toContainText('(5)');
});

test('刘洋 reads his spouse\'s record (亲情社保), read-only, and pays his gap; the receipt names both', async ({ page }) => {
  await openFamily(page, PEOPLE.liuYang);
  const spouse = page.locator('li.member', { hasText: '配偶' });
  await expect(spouse.locator('h2')).toHaveText('张* · 配偶');
  await spouse.getByTestId('read-record').click();
  await expect(page).toHaveURL(/\/record$/);
  await expect(page.locator('h1')).toContainText('亲情社保');
  await expect(page.getByTestId('member-record-whose')).toContainText('您正在查看家庭成员 张* 的社保记录（只读）');
  await expect(page.getByTestId('record-holder')).toHaveText('张*');
  // Read-only: no proof in his name, no paying from here but for his gaps.
  await expect(page.getByTestId('proof-own-only')).toBeVisible();
  await expect(page.getByTestId('proof-link')).toHaveCount(0);
  await page.getByTestId('year-2025').click();
  await expect(page.locator('[data-state=member-record]')).toBeVisible();
  const pension = page.locator('section[data-insurance=pension]');
  await expect(pension.locator('tr[data-month-state=Gap]')).toHaveCount(3);
  // 补缴 for him, on 刘洋's verification: nothing asked again, the order is his.
  await page.getByTestId('back-pay-pension').click();
  await expect(page).toHaveURL(/\/tier$/);
  await expect(page.getByTestId('profile')).toContainText('1101**********2115');
  const flow = new Flow(page, 'family-gap');
  await flow.chooseWageTier(60, null, 3);
  await flow.choosePaymentMethod('wallet');
  await flow.pay();
  await flow.expectOutcome('succeeded');
  await flow.openReceipt();
  await expect(page.getByTestId('receipt')).toContainText('参保人');
  await expect(page.getByTestId('receipt-id')).toHaveText('1101**********2115');
  await expect(page.getByTestId('receipt')).toContainText('代缴人（亲情账户）');
  await expect(page.getByTestId('receipt-paid-by')).toHaveText('刘*');
  // His record now shows the months paid, each with its receipt.
  await page.goto('/family');
  await spouse.getByTestId('read-record').click();
  await page.getByTestId('year-2025').click();
  await expect(pension.locator('tr[data-month-state=Gap]')).toHaveCount(0);
  await expect(pension.getByTestId('month-receipt')).toHaveCount(3);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
  for (const secret of [PEOPLE.zhangWei.id, PEOPLE.zhangWei.name, PEOPLE.zhangWei.mobile, PEOPLE.liuYang.id]) expect(stored).not.toContain(secret);
});

test('陈静 reads her mother\'s record where it is kept, and not a withdrawn relative\'s (in English)', async ({ page }) => {
  await openFamily(page, PEOPLE.chenJing, 'en');
  await expect(page.locator('li.member[data-consent=Withdrawn] [data-testid=read-record]')).toHaveCount(0);
  await expect(page.locator('li.member[data-consent=Expired] [data-testid=read-record]')).toHaveCount(0);
  await page.locator('li.member[data-consent=Granted]').getByTestId('read-record').click();
  // Not insured in Beijing, where 陈静 verified: the cities where she is.
  await expect(page.locator('[data-problem=NotInsured]')).toContainText('No insurance was found for 李* in this city.');
  await page.getByTestId('elsewhere-440100').click();
  await expect(page.getByTestId('record-holder')).toHaveText('李*');
  await expect(page.getByTestId('member-record-whose')).toContainText('You are reading the record of 李*');
  await page.getByTestId('spending-link').click();
  await expect(page.locator('[data-state=member-record]')).toBeVisible();
  await expect(page.locator('a.link-target').first()).toHaveText("← Back to the relative's record");
  // Back to the family, then her own record is her own again.
  await page.goto('/record');
  await page.getByRole('link', { name: 'Back to my family' }).click();
  await expect(page).toHaveURL(/\/family$/);
  await page.getByTestId('job-record').click();
  await expect(page.locator('[data-state=member-record]')).toHaveCount(0);
  await expect(page.locator('h1')).toContainText('My insurance record');
});

test('刘洋 pays for his spouse, father and daughter in one order from his medical account, in two parts; each gets a receipt naming him', async ({ page }) => {
  await openFamily(page, PEOPLE.liuYang, 'zh', { province: '510000', city: '510100' });
  await page.getByTestId('family-order').click();
  await expect(page).toHaveURL(/\/family\/order$/);
  await expect(page.locator('[data-state=status-due]')).toBeVisible();
  const rows = page.locator('[data-testid=family-status] li.member');
  await expect(rows).toHaveCount(3);
  await expect(rows.getByTestId('member-order-state')).toHaveText(['待缴费', '待缴费', '待缴费']);
  // Nothing chosen: said beside the list and in the summary.
  await page.getByTestId('start-order').click();
  await expect(page.getByTestId('error-summary')).toContainText('请勾选至少一位要缴费的家人');
  // Chengdu has one standard (seed 003): it is chosen already.
  await expect(page.getByTestId('error-summary')).not.toContainText('请选择缴费档次');
  await expect(page.locator('#tier-tier-1')).toBeChecked();
  await expect(page.locator('#members-error')).toHaveText('请勾选至少一位要缴费的家人');
  for (const row of await rows.all()) await row.getByTestId('pick-member').check();
  await expect(page.locator('label[for=tier-tier-1]')).toContainText('每人个人缴费 ¥390.00（政府补助 ¥570.00）');
  await page.getByTestId('start-order').click();

  // A block for each insured person, each adding up, and the total.
  await expect(page).toHaveURL(/\/family\/order\/pay$/);
  const blocks = page.getByTestId('member-block');
  await expect(blocks).toHaveCount(3);
  await expect(blocks.locator('h2')).toHaveText(['张* · 1101**********2115', '刘** · 5101**********3010', '刘** · 5101**********6028']);
  await expect(blocks.getByTestId('total')).toHaveText(['¥390.00', '¥390.00', '¥390.00']);
  await expect(page.getByTestId('order-total')).toHaveText('合计（3 人）：¥1,170.00');
  // 家庭共济: his own medical account, its balance and limit shown; over the limit, two parts.
  const account = page.locator('label[for=method-family_medical_account]');
  await expect(account).toContainText('医保个人账户（家庭共济）');
  await expect(account).toContainText('单笔限额 ¥800.00');
  await expect(account.getByTestId('account-balance')).toContainText(/医保个人账户余额 ¥[\d,]+\.\d\d/);
  await page.locator('#method-family_medical_account').check();
  await expect(page.getByTestId('parts').locator('h2')).toHaveText('超过单笔限额 ¥800.00，分 2 笔支付');
  await expect(page.getByTestId('part')).toHaveText(['第 1 笔 ¥780.00（张*、刘**）：待支付', '第 2 笔 ¥390.00（刘**）：待支付']);
  await expect(page.getByTestId('pay')).toHaveText('确认支付 ¥1,170.00（分 2 笔）');
  await page.getByTestId('pay').click();
  await expect(page.locator('[data-state=order-done]')).toContainText('已为 3 位家人缴费，共 ¥1,170.00。', { timeout: 15_000 });
  await expect(page.getByTestId('part')).toHaveText(['第 1 笔 ¥780.00（张*、刘**）：✓ 已支付', '第 2 笔 ¥390.00（刘**）：✓ 已支付']);
  await expect(page.getByTestId('order-receipt')).toHaveCount(3);

  // Each receipt is the member's own and names him as the one who paid.
  await page.getByTestId('order-receipt').first().click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await expect(page.getByTestId('receipt-id')).toHaveText('1101**********2115');
  await expect(page.getByTestId('receipt-paid-by')).toHaveText('刘*');
  // The overview: all paid, each with their receipt; the account's balance is less by the total.
  await page.goto('/family/order');
  await expect(rows.getByTestId('member-order-state')).toHaveText(['已缴费', '已缴费', '已缴费']);
  await expect(rows.getByTestId('member-receipt')).toHaveCount(3);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
  for (const secret of ['510104196201153010', '510104201803156028', '刘建平', '刘欣怡', PEOPLE.zhangWei.id, PEOPLE.liuYang.id]) expect(stored).not.toContain(secret);
});

test('a year whose collection closed, and a product each person pays on their own (in English)', async ({ page }) => {
  await openFamily(page, PEOPLE.liuYang, 'en', { province: '510000', city: '510100' });
  await page.getByTestId('family-order').click();
  await page.locator('#year-2025').check();
  await expect(page.locator('[data-state=status]')).toBeVisible();
  const rows = page.locator('[data-testid=family-status] li.member');
  await expect(rows.getByTestId('member-order-state')).toHaveText(Array(3).fill("Not paid, and this year's collection has closed"));
  await expect(page.getByTestId('start-order')).toHaveCount(0);
  // Flexible employment: each person chooses a base of their own, so each is paid for alone.
  await page.locator('#product-flexible_medical').check();
  await expect(page.locator('[data-state=status-alone]')).toBeVisible();
  await rows.first().getByTestId('pay-alone').click();
  await expect(page).toHaveURL(/\/tier$/);
  await expect(page.getByTestId('profile')).toContainText('1101**********2115');
});

test('赵国强 pays for three relatives by a bank card in two parts, each confirmed at the cashier; the second left unpaid stays the same payment', async ({ page }) => {
  // Maoming's bank card allows ¥500 a payment; Guangdong verifies by the face, then SMS.
  await page.goto('/');
  await page.getByTestId('job-family').click();
  await page.locator('#province-440000').check();
  await page.locator('#city-440900').check();
  await page.locator('main form button[type=submit]').click();
  await expect(page).toHaveURL(/\/identity$/);
  const flow = new Flow(page, 'family-parts-wallet');
  await flow.fillPerson(PEOPLE.zhaoGuoqiang);
  await flow.verifyFaceThenSms(/\/family$/);
  await page.getByTestId('family-order').click();
  const rows = page.locator('[data-testid=family-status] li.member');
  await expect(rows).toHaveCount(5);
  for (const row of (await rows.all()).slice(0, 3)) await row.getByTestId('pick-member').check();
  await page.locator('#tier-tier-1').check();
  await page.getByTestId('start-order').click();
  await expect(page).toHaveURL(/\/family\/order\/pay$/);
  await expect(page.getByTestId('order-total')).toHaveText('合计（3 人）：¥600.00');
  await page.locator('#method-bank_card').check();
  await expect(page.getByTestId('parts').locator('h2')).toHaveText('超过单笔限额 ¥500.00，分 2 笔支付');

  // The first part to the cashier and confirmed; back, the second goes to the cashier in turn.
  await page.getByTestId('pay').click();
  await expect(page.getByTestId('cashier-amount')).toHaveText('¥400.00');
  const first = new URL(page.url()).searchParams.get('payment');
  await page.getByTestId('cashier-confirm').click();
  await expect(page.getByTestId('cashier-amount')).toHaveText('¥200.00');
  const second = new URL(page.url()).searchParams.get('payment');
  expect(second).not.toBe(first);
  // Left unpaid: the first stays paid with its receipts; nothing taken for the second.
  await page.getByTestId('cashier-cancel').click();
  await expect(page).toHaveURL(/\/family\/order\/pay\?left=1$/);
  await expect(page.locator('[data-state=back-unpaid]')).toContainText('您还没有在钱包中确认第 2 笔付款，这一笔没有扣款；已支付的 1 笔不受影响。');
  await expect(page.getByTestId('part')).toHaveText([/^第 1 笔 ¥400\.00（.+）：✓ 已支付/, /^第 2 笔 ¥200\.00（.+）：等待您在钱包中确认，尚未扣款/]);
  await expect(page.getByTestId('part-receipt')).toHaveCount(2);
  await flow.screenshot('second-part-left');
  // Paying again is the same payment, never a second one.
  await expect(page.getByTestId('pay')).toHaveText('继续支付 ¥200.00');
  await page.getByTestId('pay').click();
  await expect(page.getByTestId('cashier-amount')).toHaveText('¥200.00');
  expect(new URL(page.url()).searchParams.get('payment')).toBe(second);
  await page.getByTestId('cashier-confirm').click();
  await expect(page.locator('[data-state=order-done]')).toContainText('已为 3 位家人缴费，共 ¥600.00。');
  await expect(page.getByTestId('order-receipt')).toHaveCount(3);
  expect(await flow.recordedPayments()).toBe(3);
});
