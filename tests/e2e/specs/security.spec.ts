// Privacy and safety over a whole payment against the reference backend: requests go only to
// the app's origin and the configured backend; no unmasked ID number, phone or name lands in
// storage, a URL or the console; the token is gone at the end; and text the backend sends is
// shown as text, never run as markup. The suite as a whole runs under the strict CSP that
// serve.mjs sends (a CSP violation is a console error, which fails any test).
import { Page } from '@playwright/test';
import { test, expect, Flow, PEOPLE } from './app';

const APP = 'http://127.0.0.1:8090';
const BACKEND = 'http://127.0.0.1:8081';

/** Pays for residents' insurance 2026 (a back payment: an order no other test on this backend
 * uses), calling `between` at each stage. */
async function payToReceipt(page: Page, flow: Flow, province: string, city: string, person = PEOPLE.zhouXiaobao, between = async (_stage: string) => {}) {
  await page.goto(`/?api=${encodeURIComponent(BACKEND)}`);
  await flow.chooseOrder(province, city, 'resident_medical', 2026);
  await flow.fillPerson(person);
  await between('identity');
  // Both callers pay in Guangdong: the face, then an SMS code.
  await flow.verifyFaceThenSms();
  await between('verified');
  await flow.chooseFixedTier('tier-2');
  await flow.choosePaymentMethod('wallet');
  await flow.pay();
  await between('paying');
  await flow.expectOutcome('succeeded');
  await flow.openReceipt();
}

const storageOf = (page: Page) => page.evaluate(() => {
  const dump = (s: Storage) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));
  return { local: JSON.stringify(dump(localStorage)), session: JSON.stringify(dump(sessionStorage)), cookies: document.cookie };
});

test('a whole payment talks only to its backend and leaves nothing personal behind', async ({ page }) => {
  const origins = new Set<string>();
  const urls: string[] = [];
  const logs: string[] = [];
  page.on('request', (r) => origins.add(new URL(r.url()).origin));
  page.on('framenavigated', (f) => urls.push(f.url()));
  page.on('console', (m) => logs.push(m.text()));
  const person = PEOPLE.zhouXiaobao;
  const flow = new Flow(page, 'privacy');
  const secrets = [person.id, person.mobile, person.name, encodeURIComponent(person.name)];
  const stages: string[] = [];
  // On the way too (while a payment is pending, its record is in localStorage): never anything
  // personal, and the token never in localStorage.
  await payToReceipt(page, flow, '440000', '440300', person, async (stage) => {
    const { local, session } = await storageOf(page);
    for (const secret of secrets) expect(local + session, `${stage}: storage holds ${secret}`).not.toContain(secret);
    expect(local, `${stage}: a token in localStorage`).not.toMatch(/tok_/);
    if (stage === 'paying') expect(local, 'the pending payment is kept').toContain('insurance-pay.pending.v1');
    stages.push(stage);
  });
  expect(stages).toEqual(['identity', 'verified', 'paying']);
  // The receipt shows the name, as a receipt must; nothing else keeps it.
  await expect(page.getByTestId('receipt')).toContainText(person.name);

  expect([...origins].sort()).toEqual([APP, BACKEND].sort());
  const stored = JSON.stringify(await storageOf(page));
  const everywhere = { storage: stored, urls: urls.join('\n') + '\n' + page.url(), console: logs.join('\n') };
  for (const [where, text] of Object.entries(everywhere)) {
    for (const secret of secrets) {
      expect(text.includes(secret), `${where} holds ${secret}`).toBe(false);
    }
  }
  // The bearer token was never in localStorage. It stays in this tab's sessionStorage while the
  // receipt is on screen (only the payer's token reads it, after a reload too) and is dropped
  // when the person starts again.
  expect(JSON.parse(stored).local).not.toMatch(/tok_/);
  await page.getByTestId('pay-another').click();
  await expect(page.locator('main[data-screen=entry]')).toBeVisible();
  expect(JSON.stringify(await storageOf(page))).not.toMatch(/tok_/);
  console.log(`privacy scan: ${origins.size} origins, ${urls.length} URLs, ${logs.length} console lines, ${stored.length} bytes of storage`);
});

const MARKUP = [`<img src=x onerror="window.__xss=(window.__xss||0)+1">`, `<script>window.__xss=(window.__xss||0)+1</script>`];

/** Puts markup and script into every text the backend sends (names, labels, reasons, periods…). */
function poison(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(poison);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
      const text = ['zh', 'en', 'name', 'payer_name', 'title', 'detail'].includes(k) && typeof v === 'string';
      return [k, text ? `${v}${MARKUP.join('')}` : poison(v)];
    }));
  }
  return value;
}

test('markup and script the backend sends in any text are shown as text and never run', async ({ page }) => {
  let poisoned = 0;
  await page.route((u) => u.origin === BACKEND, async (route) => {
    // (The stand-in provider's cashier page is the provider's, not the contract's.)
    if (route.request().method() === 'OPTIONS' || new URL(route.request().url()).pathname.startsWith('/__cashier')) return route.continue();
    const response = await route.fetch();
    const type = response.headers()['content-type'] ?? '';
    if (!type.includes('json')) return route.fulfill({ response });
    poisoned += 1;
    await route.fulfill({ response, json: poison(await response.json()) });
  });
  const flow = new Flow(page, 'markup');
  // Maoming: an order no other test on this backend pays for 张伟 (the family suite pays his Chengdu).
  await payToReceipt(page, flow, '440000', '440900', PEOPLE.zhangWei);
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.locator('.lang-switch').click();
    await expect(page.getByTestId('receipt')).toContainText('<img src=x onerror=');
    await expect(page.getByTestId('receipt')).toContainText('<script>');
  }
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0)).toBe(0);
  await expect(page.locator('main img[src=x], main script')).toHaveCount(0);
  expect(poisoned).toBeGreaterThan(8);
  console.log(`answers with markup in every text field: ${poisoned}`);
});

test.describe('under the Content Security Policy', () => {
  test.use({ allowedConsoleErrors: [/^Executing inline script violates the following Content Security Policy directive/] });

  test('the app starts, and a script injected into the page is refused', async ({ page }) => {
    const response = await page.goto('/');
    const policy = response!.headers()['content-security-policy'];
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).not.toContain('unsafe-inline');
    await expect(page.locator('#province-110000')).toBeVisible();
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
      return (window as unknown as { __inline?: number }).__inline ?? 0;
    });
    expect(ran).toBe(0);
  });
});

test('negative, absurd and malformed amounts from the backend are refused, never shown', async ({ page }) => {
  const flow = new Flow(page, 'bad-amounts');
  const answers: Record<string, (json: any) => unknown> = {
    '/tiers': (json) => ({ ...json, tiers: json.tiers.map((t: object, i: number) => (i === 0 ? { ...t, personal_amount: '-350.00' } : t)) }),
    // Absurd, though the lines still add up (so only the amount check can refuse it).
    '/quotes': (json) => {
      const more = (amount: string) => (Number(amount) + 100_000_000_000).toFixed(2);
      const lines = json.breakdown.lines.map((l: { kind: string; amount: string }, i: number) => (i === 0 ? { ...l, amount: more(l.amount) } : l));
      return { ...json, breakdown: { lines, total: more(json.breakdown.total) } };
    },
    '/payment-methods': (json) => json.map((offer: object) => ({ ...offer, single_limit: '-1' })),
  };
  let bent = '';
  await page.route((u) => u.origin === BACKEND, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const bend = Object.entries(answers).find(([end]) => path.endsWith(end) && end === bent);
    if (!bend || route.request().method() === 'OPTIONS') return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, json: bend[1](await response.json()) });
  });
  await page.goto(`/?api=${encodeURIComponent(BACKEND)}`);
  await flow.chooseOrder('330000', '330100', 'resident_medical', 2026);
  await flow.fillPerson(PEOPLE.zhangWei);
  bent = '/tiers';
  await flow.verifySms();
  const refused = page.locator('[data-problem=BadResponse]');
  await expect(refused).toContainText('为保障资金安全已停止');
  await expect(page.getByText('-¥350.00')).toHaveCount(0);
  await expect(page.locator('#tier-tier-1')).toHaveCount(0);
  await flow.screenshot('negative-tier');

  bent = '/quotes';
  await refused.locator('button').click();
  await page.locator('#tier-tier-1').check();
  await expect(refused).toBeVisible();
  await expect(page.getByTestId('breakdown')).toHaveCount(0);

  bent = '/payment-methods';
  await refused.locator('button').click();
  await expect(page.getByTestId('breakdown')).toBeVisible();
  await page.locator('form button[type=submit]').click();
  await expect(page).toHaveURL(/\/payment$/);
  await expect(refused).toBeVisible();
  await expect(page.locator('#pay-wallet')).toHaveCount(0);

  bent = '';
  await refused.locator('button').click();
  await expect(page.locator('#pay-wallet')).toBeVisible();
});
