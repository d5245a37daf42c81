// Bad input: a clear message beside the field and in a summary, and nothing typed is lost.
import { test, expect, Flow } from './app';

test('the first screen says what is missing', async ({ page }) => {
  const flow = new Flow(page, 'entry-errors');
  await page.goto('/');
  await page.locator('form button[type=submit]').click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.locator('li')).toHaveText(['请选择参保城市', '请选择险种', '请选择缴费年度']);
  await flow.screenshot('entry-errors');
});

for (const lang of ['zh', 'en'] as const) {
  test(`${lang}: identity errors sit beside each field and keep what was typed`, async ({ page }) => {
    const flow = new Flow(page, `${lang}-identity-errors`);
    await flow.start(lang);
    await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
    await page.locator('form button[type=submit]').click();
    await expect(page.getByTestId('error-summary').locator('li')).toHaveCount(3);
    await page.locator('#name').fill('张伟');
    await page.locator('#id-number').fill('110101198503072116');
    await page.locator('#mobile').fill('1380013800');
    await page.locator('form button[type=submit]').click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.locator('li')).toHaveCount(2);
    await expect(summary).toContainText(lang === 'zh' ? '校验位不正确' : 'check digit');
    await expect(page.locator('#id-number-error')).toContainText(lang === 'zh' ? '校验位不正确' : 'check digit');
    await expect(page.locator('#mobile-error')).toContainText(lang === 'zh' ? '您输入了 10 位' : 'you entered 10');
    await expect(page.locator('#id-number')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#id-number')).toHaveValue('110101198503072116');
    await expect(page.locator('#mobile')).toHaveValue('1380013800');
    await expect(page.locator('#name')).toHaveValue('张伟');
    await flow.screenshot('identity-errors');
    // The summary links move focus to the field.
    await summary.locator('a').first().click();
    await expect(page.locator('#id-number')).toBeFocused();
  });
}

test('a name that does not match the ID number is refused by the backend with a clear message', async ({ page }) => {
  await page.goto('/');
  const flow = new Flow(page, 'mismatch');
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  await page.locator('#name').fill('李四');
  await page.locator('#id-number').fill('110101198503072115');
  await page.locator('#mobile').fill('13800138000');
  await page.locator('form button[type=submit]').click();
  await expect(page.locator('.problem')).toContainText('姓名与身份证号不一致');
  await expect(page.locator('#name')).toHaveValue('李四');
});

test('a custom contribution base outside 60–300 % is explained and kept', async ({ page }) => {
  const flow = new Flow(page, 'custom-base');
  await flow.start('zh');
  await flow.chooseOrder('110000', '110100', 'flexible_pension', 2026);
  await flow.fillPerson({ name: '张伟', id: '110101198503072115', mobile: '13800138000' });
  await flow.verifySms();
  await page.locator('#base-other').check();
  await page.locator('#base-custom').fill('350');
  await page.locator('#cycle-1').check();
  await page.locator('form button[type=submit]').click();
  await expect(page.getByTestId('error-summary')).toContainText('60 到 300 之间');
  await expect(page.locator('#base-custom')).toHaveValue('350');
  await page.locator('#base-custom').fill('120');
  // 11,937 × 120 % = 14,324.40; × 20 % = 2,864.88
  await expect(page.getByTestId('total')).toHaveText('¥2,864.88');
});
