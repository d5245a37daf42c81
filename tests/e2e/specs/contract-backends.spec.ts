// The same release build, pointed by configuration only at a backend generated from the
// published contract (Prism's mock server, on another origin), pays to a receipt.
import { test, expect, Flow, PEOPLE } from './app';

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
  await expect(page.getByTestId('amount-due')).toHaveText('¥203.53');
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
