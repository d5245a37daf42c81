// Shared fixture and a page object for the payment flow. Every test fails if the page logs an
// uncaught error or a console error.
import { test as base, expect, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { recordStates, saveStates } from './states';

export const SCREENS_DIR = '../../artifacts/screens';
mkdirSync(SCREENS_DIR, { recursive: true });

export const test = base.extend<{ consoleErrors: string[]; allowedConsoleErrors: RegExp[]; reachedStates: Set<string> }>({
  // Every screen state the test's pages show, for the gallery's coverage check.
  reachedStates: [async ({ context }, use) => {
    const reached = new Set<string>();
    await recordStates(context, reached);
    await use(reached);
    saveStates('reached', reached);
  }, { auto: true }],
  // Chromium's own lines for faults a test injects on purpose (e.g. /net::ERR_TIMED_OUT/).
  allowedConsoleErrors: [[], { option: true }],
  consoleErrors: [async ({ page, allowedConsoleErrors }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Chromium logs every 4xx and 5xx answer; 4xx and 503 are problems the backend sends on
      // purpose (a wrong code, a refused name, maintenance) and the app shows them. Anything
      // else logged as an error fails.
      const expectedProblem = /^Failed to load resource: the server responded with a status of (4\d\d|503)/.test(m.text());
      const injected = allowedConsoleErrors.some((allowed) => allowed.test(m.text()));
      if (m.type() === 'error' && !expectedProblem && !injected) errors.push(`console.error: ${m.text()}`);
    });
    await use(errors);
    expect(errors, 'the page reported errors').toEqual([]);
  }, { auto: true }],
});
export { expect };

export type Lang = 'zh' | 'en';

/** Demo people, as documented in README.md. */
export const PEOPLE = {
  zhangWei: { name: '张伟', id: '110101198503072115', mobile: '13800138000' },
  liNa: { name: '李娜', id: '440106197208153020', mobile: '13912345678' },
  wangFang: { name: '王芳', id: '320102195804124021', mobile: '13700001111' },
  liuYang: { name: '刘洋', id: '510107199001013315', mobile: '13600002222' },
  chenJing: { name: '陈静', id: '430102199511204021', mobile: '13500003333' },
  yangFan: { name: '杨帆', id: '330106200509012132', mobile: '13300004444' },
  zhaoGuoqiang: { name: '赵国强', id: '310115194910014518', mobile: '13200005555' },
  zhouXiaobao: { name: '周小宝', id: '110105202503152013', mobile: '13100006666' },
  sunLi: { name: '孙丽', id: '110105198806123026', mobile: '13000007777' },
  zhengHong: { name: '郑红', id: '110102199203154021', mobile: '13000008888' },
  wuXiulan: { name: '吴秀兰', id: '410225196205083025', mobile: '13000009999' },
};
export type Person = typeof PEOPLE.zhangWei;

export class Flow {
  constructor(public page: Page, public label = 'flow') {}
  private shot = 0;

  /** Saves a screenshot of the current screen as a test artifact. */
  async screenshot(name: string) {
    this.shot += 1;
    const n = String(this.shot).padStart(2, '0');
    await this.page.screenshot({ path: `${SCREENS_DIR}/${this.label}-${n}-${name}.png`, fullPage: true });
  }

  async start(lang: Lang) {
    await this.page.goto('/');
    await expect(this.page.locator('h1')).toBeVisible();
    const current = await this.page.locator('html').getAttribute('lang');
    if ((lang === 'en') !== (current === 'en')) await this.page.locator('.lang-switch').click();
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang === 'en' ? 'en' : 'zh-CN');
  }

  async chooseOrder(province: string, city: string, product: string, year: number) {
    const p = this.page;
    await p.locator(`#province-${province}`).check();
    await p.locator(`#city-${city}`).check();
    await p.locator(`#product-${product}`).check();
    await p.locator(`#year-${year}`).check();
    await expect(p.getByTestId('window-card')).toBeVisible();
    await this.screenshot('entry');
    await p.locator('form button[type=submit]').click();
    await expect(p).toHaveURL(/\/identity$/);
  }

  async fillPerson(person: Person) {
    const p = this.page;
    await p.locator('#name').fill(person.name);
    await p.locator('#id-number').fill(person.id);
    await p.locator('#mobile').fill(person.mobile);
    await this.screenshot('identity');
    await p.locator('form button[type=submit]').click();
    await expect(p.locator('#method')).toBeVisible();
  }

  /** Asks for the SMS code and, once it is sent (as a person waits for it), types it in. */
  private async enterSmsCode() {
    const p = this.page;
    await p.locator('#method-sms').check();
    await p.getByTestId('send-sms').click();
    await expect(p.getByTestId('sms-expiry')).not.toBeEmpty();
    await p.locator('#sms-code').fill('123456');
  }

  /** Verifies for reading (the record, the family): the SMS code, then the e-card password. */
  async verifyToRead(next: RegExp) {
    const p = this.page;
    await this.enterSmsCode();
    await p.locator('section.panel form button[type=submit]').click();
    await expect(p.locator('[data-state=method-passed]')).toBeVisible();
    if (await p.locator('#method-ecard').count()) {
      await p.locator('#method-ecard').check();
      await p.locator('#ecard-password').fill('135790');
      await p.locator('section.panel form button[type=submit]').click();
    } else {
      // A city without the e-card (Chengdu): the face check's stand-in, and back.
      await p.locator('#method-face').check();
      await p.locator('section.panel .button-primary').click();
      await expect(p).toHaveURL(/\/face-check/);
      await p.locator('.button-primary').click();
    }
    await expect(p).toHaveURL(next);
  }

  /** Verifies by SMS; the next screen is the tier screen unless `next` says otherwise. */
  async verifySms(next: RegExp = /\/tier$/) {
    const p = this.page;
    await this.enterSmsCode();
    // The resend button counts down (from 60 s, or less when a code sent to this phone a moment
    // ago, for another verification, serves this one too) and cannot be pressed meanwhile.
    await expect(p.getByTestId('send-sms')).toBeDisabled();
    await expect(p.getByTestId('send-sms')).toHaveText(/(重新获取（|Send again \()\d+/);
    await this.screenshot('verify-sms');
    await p.locator('section.panel form button[type=submit]').click();
    await expect(p).toHaveURL(next);
  }

  async verifyEcard() {
    const p = this.page;
    await p.locator('#method-ecard').check();
    // On the on-screen keypad, as a touch user would.
    for (const d of '135790') await p.locator('.keypad .key', { hasText: new RegExp(`^${d}$`) }).click();
    await this.screenshot('verify-ecard');
    await p.locator('section.panel form button[type=submit]').click();
    await expect(p).toHaveURL(/\/tier$/);
  }

  async verifyFace() {
    const p = this.page;
    await p.locator('#method-face').check();
    await this.screenshot('verify-face');
    await p.locator('section.panel .button-primary').click();
    await expect(p).toHaveURL(/\/face-check/);
    await this.screenshot('face-check');
    await p.locator('.button-primary').click();
    await expect(p).toHaveURL(/\/tier$/);
  }

  /** Guangdong (seed 000): the face, then an SMS code, both, in that order. */
  async verifyFaceThenSms(next: RegExp = /\/tier$/) {
    const p = this.page;
    const steps = p.getByTestId('verify-steps');
    await expect(steps).toHaveAttribute('data-state', 'verify-step-1');
    await expect(steps).toContainText(/2 步验证。第 1 步|in 2 steps, in turn. Step 1/);
    await expect(p.locator('#method-sms')).toBeDisabled();
    await p.locator('#method-face').check();
    await p.locator('section.panel .button-primary').click();
    await expect(p).toHaveURL(/\/face-check/);
    await p.locator('.button-primary').click();
    await expect(steps).toHaveAttribute('data-state', 'verify-step-2');
    await expect(p.locator('#method-face')).toBeDisabled();
    await this.enterSmsCode();
    await this.screenshot('verify-step-2');
    await p.locator('section.panel form button[type=submit]').click();
    await expect(p).toHaveURL(next);
  }

  async chooseFixedTier(tier: string) {
    const p = this.page;
    await expect(p.getByTestId('profile')).toBeVisible();
    await p.locator(`#tier-${tier}`).check();
    await expect(p.getByTestId('breakdown')).toBeVisible();
    await this.screenshot('tier');
    await p.locator('form button[type=submit]').click();
    await expect(p).toHaveURL(/\/payment$/);
  }

  async chooseWageTier(basePercent: number | string, rate: string | null, cycleMonths: number | null) {
    const p = this.page;
    await expect(p.getByTestId('profile')).toBeVisible();
    if (typeof basePercent === 'number') {
      await p.locator(`#base-${basePercent}`).check();
    } else {
      await p.locator('#base-other').check();
      await p.locator('#base-custom').fill(basePercent);
    }
    if (rate) await p.locator(`#rate-${rate}`).check();
    if (cycleMonths) await p.locator(`#cycle-${cycleMonths}`).check();
    await expect(p.getByTestId('breakdown')).toBeVisible();
    await this.screenshot('tier');
    await p.locator('form button[type=submit]').click();
    await expect(p).toHaveURL(/\/payment$/);
  }

  async choosePaymentMethod(method: string) {
    const p = this.page;
    await p.locator(`#pay-${method}`).check();
    await this.screenshot('payment-method');
    await p.locator('form button[type=submit]').click();
    await expect(p).toHaveURL(/\/review$/);
  }

  async pay() {
    const p = this.page;
    await expect(p.getByTestId('review')).toBeVisible();
    await this.screenshot('review');
    await p.getByTestId('pay').click();
    await this.confirmAtCashier();
  }

  /** Wherever pay led: at a provider's (stand-in) cashier page, confirms there; then waits for
   * the app's own waiting or result screen. */
  async confirmAtCashier() {
    const p = this.page;
    const cashier = p.getByTestId('cashier-confirm');
    const waiting = p.locator('[data-testid=processing]:not([data-state=handing-off]), [data-testid=outcome]');
    await expect(cashier.or(waiting).first()).toBeVisible();
    if (await cashier.isVisible()) {
      await this.screenshot('cashier');
      await p.getByTestId('cashier-confirm').click();
      await expect(p).toHaveURL(/^[^?]*\/(processing|result)$/);
    }
  }

  async expectOutcome(status: 'succeeded' | 'failed' | 'cancelled' | 'expired') {
    const p = this.page;
    await expect(p).toHaveURL(/\/result$/, { timeout: 20_000 });
    await expect(p.getByTestId('outcome')).toHaveAttribute('data-status', status);
    await this.screenshot(`outcome-${status}`);
  }

  async openReceipt() {
    const p = this.page;
    await p.locator('a[href="/receipt"]').click();
    await expect(p.getByTestId('receipt')).toBeVisible();
    await expect(p.locator('svg.qr')).toBeVisible();
    await this.screenshot('receipt');
  }

  /** How many payments the embedded demo backend recorded (its database is in sessionStorage). */
  async recordedPayments(): Promise<number> {
    return this.page.evaluate(() => {
      const db = JSON.parse(sessionStorage.getItem('insurance-pay.demo-db.v1') ?? '{"payments":{}}');
      return Object.keys(db.payments).length;
    });
  }
}

/** Opens `path` (the record or the family) against the backend at `api`, chooses Beijing and
 * verifies `person` for reading (SMS code, then e-card): back at `path`, verified. */
export async function verifiedReader(page: Page, path: '/record' | '/family', person: Person, api: string, label: string, where = { province: '110000', city: '110100' }): Promise<Flow> {
  await page.goto(`${path}?api=${encodeURIComponent(api)}`);
  await page.locator(`#province-${where.province}`).check();
  await page.locator(`#city-${where.city}`).check();
  await page.locator('main form button[type=submit]').click();
  const flow = new Flow(page, label);
  await flow.fillPerson(person);
  await flow.verifyToRead(new RegExp(`${path}$`));
  return flow;
}

/** One thing the voice said ("<lang> <text>"), with the caption bar's words while it was said;
 * or `cancel`, when speech was stopped. */
export type Said = { said: string; caption: string } | { said: 'cancel' };

/** A stand-in for speechSynthesis that speaks its queue one utterance at a time (50 ms each, as a
 * real voice starts each when the last ends) and records what was said. Returns what was said
 * (`said`), and each utterance with the caption shown meanwhile (`log`). */
export async function recordSpeech(page: Page): Promise<(() => Promise<string[]>) & { log: () => Promise<Said[]> }> {
  await page.addInitScript(() => {
    type Utterance = { text: string; lang: string; onstart?: () => void; onerror?: () => void };
    const log: ({ said: string; caption: string } | { said: 'cancel' })[] = [];
    (window as any).__said = log;
    let queue: Utterance[] = [];
    let speaking: Utterance | null = null;
    const next = () => {
      speaking = queue.shift() ?? null;
      const now = speaking;
      if (!now) return;
      now.onstart?.();
      setTimeout(() => {
        if (speaking !== now) return;
        const caption = document.querySelector('[data-testid=caption]')?.textContent ?? '';
        log.push({ said: `${now.lang} ${now.text}`, caption });
        next();
      }, 50);
    };
    Object.defineProperty(window, 'speechSynthesis', { value: {
      cancel() { queue = []; speaking = null; log.push({ said: 'cancel' }); },
      speak(u: Utterance) { queue.push(u); if (!speaking) next(); },
    } });
    (window as any).SpeechSynthesisUtterance = class { lang = ''; constructor(public text: string) {} };
  });
  const log = () => page.evaluate(() => (window as any).__said as Said[]);
  const said = async () => (await log()).map((s) => s.said).filter((s) => s !== 'cancel');
  return Object.assign(said, { log });
}
