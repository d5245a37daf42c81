// Whole payments, every product, both languages, three verification methods, to a receipt.
import { test, expect, Flow, PEOPLE, Lang } from './app';

type Case = {
  product: string; province: string; city: string; year: number; person: keyof typeof PEOPLE;
  verify: 'sms' | 'ecard' | 'face';
  tier: { fixed: string } | { base: number; rate: string | null; cycle: number | null };
  method: string; total: string; productName: Record<Lang, string>;
};

const CASES: Case[] = [
  { product: 'resident_medical', province: '110000', city: '110100', year: 2027, person: 'zhangWei', verify: 'sms',
    tier: { fixed: 'tier-1' }, method: 'wallet', total: '¥640.00',
    productName: { zh: '城乡居民医保', en: "Urban and rural residents' medical insurance" } },
  { product: 'flexible_medical', province: '440000', city: '440100', year: 2026, person: 'zhangWei', verify: 'face+sms',
    tier: { base: 100, rate: '9', cycle: 1 }, method: 'bank_card', total: '¥929.25',
    productName: { zh: '灵活就业人员医疗保险', en: 'Medical insurance for flexible employment' } },
  { product: 'flexible_pension', province: '320000', city: '320100', year: 2026, person: 'zhangWei', verify: 'ecard',
    tier: { base: 100, rate: null, cycle: 3 }, method: 'wallet', total: '¥6,003.00',
    productName: { zh: '灵活就业人员养老保险', en: 'Pension insurance for flexible employment' } },
  { product: 'newborn_medical', province: '330000', city: '330100', year: 2026, person: 'zhouXiaobao', verify: 'ecard',
    tier: { fixed: 'tier-1' }, method: 'bank_card', total: '¥390.00',
    productName: { zh: '新生儿医保', en: 'Newborn medical insurance' } },
];

for (const lang of ['zh', 'en'] as Lang[]) {
  for (const c of CASES) {
    test(`${lang}: ${c.product} paid with ${c.method} after ${c.verify} verification reaches a receipt`, async ({ page }) => {
      const flow = new Flow(page, `${lang}-${c.product}`);
      const person = PEOPLE[c.person];
      await flow.start(lang);
      await flow.chooseOrder(c.province, c.city, c.product, c.year);
      await flow.fillPerson(person);
      if (c.verify === 'sms') await flow.verifySms();
      if (c.verify === 'ecard') await flow.verifyEcard();
      if (c.verify === 'face+sms') await flow.verifyFaceThenSms();
      if ('fixed' in c.tier) await flow.chooseFixedTier(c.tier.fixed);
      else await flow.chooseWageTier(c.tier.base, c.tier.rate, c.tier.cycle);
      await expect(page.getByTestId('amount-due')).toHaveText(c.total);
      await flow.choosePaymentMethod(c.method);
      await expect(page.getByTestId('total')).toHaveText(c.total);
      await flow.pay();
      if (page.url().endsWith('/processing')) await flow.screenshot('processing');
      await flow.expectOutcome('succeeded');
      await expect(page.getByTestId('paid-amount')).toHaveText(c.total);
      // What happens next, on the backend's working-day dates (seed 001: the fund in 1–3 working
      // days from the demo's Sunday 22 November, the status one working day later).
      const arrival = lang === 'zh'
        ? '资金预计在 2026年11月23日 至 2026年11月25日 之间到达医保基金账户，参保状态最晚在 2026年11月26日 更新。'
        : 'The fund receives the payment between 23 Nov 2026 and 25 Nov 2026, and your insurance status shows it by 26 Nov 2026.';
      await expect(page.getByTestId('arrival')).toContainText(arrival);
      await flow.openReceipt();
      await expect(page.getByTestId('receipt-amount')).toHaveText(c.total);
      await expect(page.getByTestId('arrival')).toContainText(arrival);
      await expect(page.getByTestId('receipt-payer')).toHaveText(person.name);
      await expect(page.getByTestId('receipt-id')).toHaveText(person.id.slice(0, 4) + '**********' + person.id.slice(14));
      await expect(page.getByTestId('receipt-product')).toHaveText(c.productName[lang]);
      const serial = (await page.getByTestId('receipt-serial').textContent())!;
      expect(serial).toMatch(new RegExp(`^${c.year}${c.city}\\d{8}$`));
      // The QR carries the serial and an 80-bit check code (16 Crockford base32 characters).
      await expect(page.locator('svg.qr')).toHaveAttribute('data-qr-text', new RegExp(`/check\\?serial=${serial}&code=[0-9A-HJKMNP-TV-Z]{16}$`));
      await expect(page.getByTestId('receipt-check-code')).toHaveText(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(await flow.recordedPayments()).toBe(1);
      // Printing shows the receipt and nothing else of the page.
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByTestId('receipt')).toBeVisible();
      for (const hidden of ['.app-header', '.app-footer', '.actions', 'h1']) await expect(page.locator(hidden).first()).toBeHidden();
      await page.emulateMedia({ media: 'screen' });
      // Nothing personal is kept unmasked in storage.
      const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
      expect(stored).not.toContain(person.id);
      expect(stored).not.toContain(person.mobile);
      expect(stored).not.toContain(person.name);
    });
  }
}
