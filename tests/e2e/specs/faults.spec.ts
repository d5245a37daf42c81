// The fault suite: every API call the app makes, against the reference backend, with each fault
// a flaky mobile network or a struggling backend produces. For each pair the app must say what
// happened in the person's language, offer the right next step (try again, verify again, wait),
// keep what the person entered, and carry on once the fault clears. Each pair is its own test
// titled "<call> × <fault>"; matrix-reporter.ts prints the calls × faults table.
import { Page, Route } from '@playwright/test';
import { test, expect, Flow } from './app';
import { contractOperations } from './contract';

const BACKEND = 'http://127.0.0.1:8083';
/** The app's request timeout here (config.json), so "slower than the timeout" stays quick. */
const TIMEOUT_SECONDS = 2;

// A press waits for its button at most as long as an expect waits (15 s): on a busy machine the
// page may have moved on, and a press without a limit would wait out the whole test.
test.use({ actionTimeout: 15_000, allowedConsoleErrors: [/^Failed to load resource: (net::ERR_|the server responded with a status of 5\d\d)/] });

// --- people and the backend ---------------------------------------------------------------------

/** A valid GB 11643 ID number of its own for every test, so no two tests share a person. */
function newPerson(n: number) {
  const body = `11010119800101${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return { name: '测试用户', id: body + '10X98765432'[sum % 11], mobile: `139${String(n).padStart(8, '0')}` };
}
type Person = ReturnType<typeof newPerson>;

// Changsha: seed 001's three residents' tiers, so choosing one is a step the matrix can fault.
const ORDER = { city: '430100', product: 'resident_medical', year: 2027 };

async function call(method: string, path: string, body?: object, token?: string, key?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (key) headers['idempotency-key'] = key;
  const response = await fetch(BACKEND + path, { method, headers, body: body && JSON.stringify(body) });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return response.json();
}

/** What the app keeps in sessionStorage, built from real answers of the backend. */
type FlowState = Record<string, unknown>;

async function startVerification(person: Person) {
  return call('POST', '/verifications', { order: ORDER, name: person.name, id_number: person.id, mobile: person.mobile });
}

async function verified(person: Person): Promise<FlowState> {
  const session = await startVerification(person);
  await call('POST', `/verifications/${session.session_id}/sms`);
  const { token } = await call('POST', `/verifications/${session.session_id}/sms/check`, { code: '123456' });
  return { ...ordered(), verification: session, token };
}

function ordered(): FlowState {
  return {
    province: '430000', city: ORDER.city, product: ORDER.product, year: ORDER.year, place: { zh: '湖南省长沙市', en: 'Changsha, Hunan' },
    verification: null, token: null, tier: null, quote: null, method: null, attempt: { key: null, awaiting_answer: false }, payment: null, return_to: null,
  };
}

async function quoted(person: Person): Promise<FlowState> {
  const flow = await verified(person);
  const tier = { kind: 'fixed', tier: 'tier-1' };
  const quote = await call('POST', '/quotes', { order: ORDER, choice: tier }, flow.token as string);
  return { ...flow, tier, quote, method: 'social_security_card' };
}

async function paying(person: Person): Promise<FlowState> {
  const flow = await quoted(person);
  const key = `fault-suite-${person.id}`;
  const payment = await call('POST', '/payments', { quote_id: (flow.quote as { quote_id: string }).quote_id, method: 'social_security_card' }, flow.token as string, key);
  return { ...flow, attempt: { key, awaiting_answer: false }, payment };
}

/** Opens the app at `path` with `flow` in this tab's storage, configured for the fault backend. */
async function open(page: Page, path: string, flow?: FlowState) {
  await page.route('**/config.json', (route) => route.fulfill({ json: { api_base_url: BACKEND, request_timeout_seconds: TIMEOUT_SECONDS } }));
  if (flow) {
    await page.addInitScript((state) => {
      if (!sessionStorage.getItem('fault-suite.seeded')) {
        sessionStorage.setItem('insurance-pay.flow.v1', state);
        sessionStorage.setItem('fault-suite.seeded', '1');
      }
    }, JSON.stringify(flow));
  }
  await page.goto(path);
}

// --- the calls ----------------------------------------------------------------------------------

/** A row of CALLS, keyed by its operation as the contract names it: 'METHOD /path/{param}'. */
type Call = {
  /** Reaches the point where the call is made; for calls made on arrival, that makes it. */
  prepare: (page: Page, person: Person) => Promise<void>;
  /** The person's action that makes the call (none when arriving makes it). */
  trigger?: (page: Page) => Promise<void>;
  /** How the person makes the call again when the problem offers no button (default: trigger). */
  again?: (page: Page) => Promise<void>;
  /** The app tries again by itself (polling). */
  retriesItself?: boolean;
  /** Another call whose answers wait while the fault is on (see the cancel's row). */
  heldWhileFaulty?: string;
  /** What the person sees once the call has succeeded (waiting up to `timeout` ms). */
  done: (page: Page, timeout: number) => Promise<void>;
  /** What the person entered that must still be there after the fault. */
  kept?: (page: Page) => Promise<void>;
  /** What the backend must hold once it is over. */
  recorded?: (person: Person) => Promise<void>;
  /** Who makes the call, when it must be someone with a record (reading never changes it). */
  person?: Person;
  /** A public call (no token): a 401 is the backend's fault, and trying again is the way on. */
  public?: boolean;
};

/** 李娜, the demo person whose year is already paid: her receipt exists from the start. */
const LI_NA: Person = { name: '李娜', id: '440106197208153020', mobile: '13912345678' };

/** 张伟, a demo person with a record in Beijing (README lists him). */
const ZHANG_WEI: Person = { name: '张伟', id: '110101198503072115', mobile: '13800138000' };

/** The flow state of someone who has verified (SMS, then e-card) to read their Beijing record. */
async function readingRecord(person: Person): Promise<FlowState> {
  const session = await call('POST', '/verifications', { purpose: 'record', city: '110100', name: person.name, id_number: person.id, mobile: person.mobile });
  await call('POST', `/verifications/${session.session_id}/sms`);
  await call('POST', `/verifications/${session.session_id}/sms/check`, { code: '123456' });
  const { token } = await call('POST', `/verifications/${session.session_id}/ecard/check`, { password: '135790' });
  const record = { province: '110000', city: '110100', place: { zh: '北京市', en: 'Beijing' }, verification: null, token, years: [2026, 2025, 2024, 2023, 2022], spending_delay: { min_working_days: 2, max_working_days: 3 } };
  return { ...ordered(), purpose: 'record', record };
}

/** A relative of the test's person of their own (born 1960, not 1980), so no two tests share one. */
function relativeOf(person: Person) {
  const sequence = String((Number(person.id.slice(14, 17)) + 500) % 1000).padStart(3, '0');
  const body = person.id.slice(0, 6) + '1960' + person.id.slice(10, 14) + sequence;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return { name: '测试亲属', id: body + '10X98765432'[sum % 11] };
}

/** The person verified for reading, with their relative added by the backend (consent pending). */
async function withRelative(person: Person) {
  const flow = await readingRecord(person);
  const token = (flow.record as { token: string }).token;
  const relative = relativeOf(person);
  const member = await call('POST', '/family/members', { name: relative.name, id_number: relative.id, relationship: 'parent' }, token);
  return { flow, token, member_id: member.member_id as string };
}

/** How many members the person's family holds, as the backend says (after verifying again). */
async function familySize(person: Person) {
  const { record } = await readingRecord(person) as { record: { token: string } };
  const family = await call('GET', '/family', undefined, record.token);
  return family.members.length;
}

const url = (page: Page, pattern: RegExp, timeout: number) => expect(page).toHaveURL(pattern, { timeout });
const visible = (page: Page, testId: string, timeout: number) => expect(page.getByTestId(testId)).toBeVisible({ timeout });

/** The person verified for reading, with their relative (consent given), on the family order. */
async function onFamilyOrder(page: Page, person: Person) {
  const { flow, token, member_id } = await withRelative(person);
  await call('POST', `/family/members/${member_id}/consent`, { code: '123456' }, token);
  await open(page, '/family/order', flow);
}

/** Ticks the relative and the first tier. */
async function chooseRelative(page: Page) {
  await page.getByTestId('pick-member').check();
  await page.locator('#tier-tier-1').check();
}

/** On to the family order's amounts, paying from the social security card's account (which the
 * backend debits itself: the faults here are the calls', not the wallet's; handoff.spec.ts has
 * the wallet's). */
async function onFamilyPay(page: Page, person: Person) {
  await onFamilyOrder(page, person);
  await chooseRelative(page);
  await page.getByTestId('start-order').click();
  await url(page, /\/family\/order\/pay$/, 10_000);
  await page.locator('#method-social_security_card').check();
}

/** The relative's payments for the family order's year, as the backend's database holds them. */
async function relativePayments(person: Person) {
  const relative = relativeOf(person);
  const masked = `${relative.id.slice(0, 4)}${'*'.repeat(10)}${relative.id.slice(14)}`;
  // The family order is for the city of the record the person verified to read (Beijing).
  const rows = await call('GET', `/__test/payments?city=110100&product=${ORDER.product}&year=${ORDER.year}`);
  return rows.filter((r: { payer: string }) => r.payer === masked);
}

async function toIdentity(page: Page, flow: FlowState, method: string) {
  await open(page, '/identity', flow);
  await page.locator(`#method-${method}`).check();
}

const CALLS: Record<string, Call> = {
  'GET /regions': {
    prepare: (page) => open(page, '/'),
    done: (page, timeout) => expect(page.locator('#province-110000')).toBeVisible({ timeout }),
  },
  'GET /regions/{city}/products': {
    prepare: (page) => open(page, '/'),
    trigger: async (page) => {
      await page.locator('#province-110000').check();
      await page.locator('#city-110100').check();
    },
    done: (page, timeout) => expect(page.locator('#product-resident_medical')).toBeVisible({ timeout }),
    kept: (page) => expect(page.locator('#city-110100')).toBeChecked(),
  },
  'POST /verifications': {
    prepare: async (page, person) => {
      await open(page, '/identity', ordered());
      await page.locator('#name').fill(person.name);
      await page.locator('#id-number').fill(person.id);
      await page.locator('#mobile').fill(person.mobile);
    },
    trigger: (page) => page.locator('form button[type=submit]').click(),
    done: (page, timeout) => expect(page.locator('#method').or(page.getByTestId('profile'))).toBeVisible({ timeout }),
    kept: async (page) => {
      await expect(page.locator('#id-number')).toHaveValue(/^11010119800101/);
      await expect(page.locator('#name')).toHaveValue('测试用户');
    },
  },
  'POST /verifications/{session_id}/sms': {
    prepare: async (page, person) => toIdentity(page, { ...ordered(), verification: await startVerification(person) }, 'sms'),
    trigger: (page) => page.getByTestId('send-sms').click(),
    done: (page, timeout) => expect(page.getByText('验证码已发送，请输入短信验证码，共 6 位。').or(page.getByTestId('profile'))).toBeVisible({ timeout }),
  },
  'POST /verifications/{session_id}/sms/check': {
    prepare: async (page, person) => {
      const session = await startVerification(person);
      await call('POST', `/verifications/${session.session_id}/sms`);
      await toIdentity(page, { ...ordered(), verification: session }, 'sms');
      await page.locator('#sms-code').fill('123456');
    },
    trigger: (page) => page.locator('section.panel form button[type=submit]').click(),
    done: (page, timeout) => url(page, /\/tier$/, timeout),
    kept: (page) => expect(page.locator('#sms-code')).toHaveValue('123456'),
  },
  'POST /verifications/{session_id}/ecard/check': {
    prepare: async (page, person) => {
      await toIdentity(page, { ...ordered(), verification: await startVerification(person) }, 'ecard');
      await page.locator('#ecard-password').fill('135790');
    },
    trigger: (page) => page.locator('section.panel form button[type=submit]').click(),
    done: (page, timeout) => url(page, /\/tier$/, timeout),
    kept: (page) => expect(page.locator('#ecard-password')).toHaveValue('135790'),
  },
  'POST /verifications/{session_id}/face': {
    prepare: async (page, person) => toIdentity(page, { ...ordered(), verification: await startVerification(person) }, 'face'),
    trigger: (page) => page.locator('section.panel .button-primary').click(),
    done: (page, timeout) => url(page, /\/(face-check|tier)/, timeout),
  },
  'GET /verifications/{session_id}/face': {
    prepare: async (page, person) => {
      const session = await startVerification(person);
      await call('POST', `/verifications/${session.session_id}/face`, { return_url: 'http://127.0.0.1:8090/identity' });
      await open(page, '/identity?face=done', { ...ordered(), verification: session });
    },
    // Trying again means going through the face check again. On a busy machine the last try
    // may still be on its way (at the provider's page, or coming back): short waits only, so a
    // press that finds nothing to press leaves the time to the next look.
    again: async (page) => {
      if (!/\/face-check/.test(page.url())) {
        const started = await page.locator('section.panel .button-primary').click({ timeout: 3_000 }).then(() => true, () => false);
        if (!started) return;
      }
      // The provider's page opens, unless the backend refuses to start (then a problem says so).
      if (await page.waitForURL(/\/face-check/, { timeout: 5_000 }).then(() => true, () => false)) {
        await page.locator('main .button-primary').click({ timeout: 3_000 }).catch(() => {});
      }
    },
    done: (page, timeout) => url(page, /\/tier$/, timeout),
  },
  'POST /tokens/refresh': {
    // The token has under two minutes left by the page's clock: "need more time" shows at once.
    prepare: async (page, person) => {
      await open(page, '/tier', { ...(await verified(person)), token_time: { expires_at: Date.now() + 115_000, can_extend: true } });
      await expect(page.getByTestId('more-time')).toBeVisible();
    },
    trigger: (page) => page.getByTestId('more-time').click(),
    // More time given; or, after verifying again, the tier screen on a fresh token with no limit near.
    done: (page, timeout) => expect(page.locator('[data-state=time-limit-extended]')
      .or(page.locator('main[data-screen=tier]:not(:has([data-testid=time-limit])) [data-testid=profile]'))).toBeVisible({ timeout }),
  },
  'GET /insured': {
    prepare: async (page, person) => open(page, '/tier', await verified(person)),
    done: (page, timeout) => visible(page, 'profile', timeout),
  },
  'GET /tiers': {
    prepare: async (page, person) => open(page, '/tier', await verified(person)),
    done: (page, timeout) => expect(page.locator('#tier-tier-1')).toBeVisible({ timeout }),
  },
  'POST /quotes': {
    prepare: async (page, person) => {
      await open(page, '/tier', await verified(person));
      await expect(page.locator('#tier-tier-1')).toBeVisible();
    },
    trigger: async (page) => {
      await page.locator('#tier-tier-2').check();
      await page.locator('#tier-tier-1').check();
    },
    done: (page, timeout) => visible(page, 'breakdown', timeout),
    kept: (page) => expect(page.locator('#tier-tier-1')).toBeChecked(),
  },
  'GET /quotes/{quote_id}/payment-methods': {
    prepare: async (page, person) => open(page, '/payment', await quoted(person)),
    done: (page, timeout) => expect(page.locator('#pay-wallet')).toBeVisible({ timeout }),
  },
  'POST /payments': {
    prepare: async (page, person) => {
      await open(page, '/review', await quoted(person));
      await visible(page, 'review');
    },
    trigger: (page) => page.getByTestId('pay').click(),
    done: (page, timeout) => url(page, /\/(processing|result)$/, timeout),
    // However the fault went (an answer lost after the backend made the payment included),
    // the person has exactly one payment.
    recorded: async (person) => {
      const rows = await call('GET', `/__test/payments?city=${ORDER.city}&product=${ORDER.product}&year=${ORDER.year}`);
      const masked = `${person.id.slice(0, 4)}${'*'.repeat(10)}${person.id.slice(14)}`;
      expect(rows.filter((r: { payer: string }) => r.payer === masked)).toHaveLength(1);
    },
  },
  'GET /payments/{payment_id}': {
    prepare: async (page, person) => open(page, '/processing', await paying(person)),
    retriesItself: true,
    done: (page, timeout) => visible(page, 'outcome', timeout),
  },
  'POST /payments/{payment_id}/cancel': {
    prepare: async (page, person) => {
      await open(page, '/processing', await paying(person));
      await visible(page, 'processing');
    },
    trigger: (page) => page.getByTestId('cancel-payment').click(),
    // The screen's status poll would otherwise learn the result (cancelled when the broken answer
    // hid a cancel that went through, or settled after 8 s) and show the outcome over the problem
    // before anyone could read it: the status answers wait until the fault clears.
    heldWhileFaulty: 'GET /payments/{payment_id}',
    // After verifying again the payment may have settled (it does after 8 s): the outcome is
    // then shown instead of the cancel button, and that is the way on too.
    again: async (page) => {
      const cancel = page.getByTestId('cancel-payment');
      await expect(cancel.or(page.getByTestId('outcome')).first()).toBeVisible();
      if (await cancel.isVisible()) await cancel.click({ timeout: 2_000 }).catch(() => {});
    },
    done: (page, timeout) => visible(page, 'outcome', timeout),
  },
  'GET /receipts/{serial}': {
    // Only its payer reads the whole receipt: verifying again is 李娜 doing it.
    person: LI_NA,
    prepare: async (page) => {
      // 李娜's receipt exists from the start (the demo person whose year is already paid).
      const flow = await verified(LI_NA);
      const profile = await call('GET', `/insured?city=${ORDER.city}&product=${ORDER.product}&year=${ORDER.year}`, undefined, flow.token as string);
      const { serial, amount } = profile.already_paid;
      const payment = { payment_id: 'pay_already', status: 'succeeded', amount, method: 'wallet', money_taken: true, receipt_serial: serial };
      await open(page, '/receipt', { ...flow, payment, verification: null });
    },
    done: (page, timeout) => visible(page, 'receipt', timeout),
  },
  'POST /receipt-checks': {
    public: true,
    prepare: async (page) => {
      // A verifier scans 李娜's receipt: its QR leads to the check page with the serial and code.
      const flow = await verified(LI_NA);
      const profile = await call('GET', `/insured?city=${ORDER.city}&product=${ORDER.product}&year=${ORDER.year}`, undefined, flow.token as string);
      const receipt = await call('GET', `/receipts/${profile.already_paid.serial}`, undefined, flow.token as string);
      await open(page, `/check${new URL(receipt.verify_url).search}`);
    },
    done: (page, timeout) => visible(page, 'receipt-genuine', timeout),
  },
  'GET /record': {
    person: ZHANG_WEI,
    prepare: async (page, person) => open(page, '/record', await readingRecord(person)),
    done: (page, timeout) => visible(page, 'record-holder', timeout),
  },
  'GET /record/years/{year}': {
    person: ZHANG_WEI,
    prepare: async (page, person) => open(page, '/record/year?year=2025', await readingRecord(person)),
    done: (page, timeout) => visible(page, 'total-pension', timeout),
  },
  'GET /record/medical-spending': {
    person: ZHANG_WEI,
    prepare: async (page, person) => open(page, '/record/spending', await readingRecord(person)),
    done: (page, timeout) => expect(page.getByTestId('spending-item').first()).toBeVisible({ timeout }),
  },
  'POST /record/proofs': {
    person: ZHANG_WEI,
    prepare: async (page, person) => open(page, '/record/proof', await readingRecord(person)),
    done: (page, timeout) => visible(page, 'proof-code', timeout),
  },
  'GET /record/proofs/{code}': {
    person: ZHANG_WEI, public: true,
    prepare: async (page, person) => {
      const { record } = await readingRecord(person) as { record: { token: string } };
      const proof = await call('POST', '/record/proofs', { city: '110100' }, record.token);
      await open(page, `/check?proof=${proof.code}`);
    },
    done: (page, timeout) => visible(page, 'proof-genuine', timeout),
  },
  'GET /family': {
    prepare: async (page, person) => open(page, '/family', await readingRecord(person)),
    done: (page, timeout) => visible(page, 'family-count', timeout),
  },
  'POST /family/members': {
    prepare: async (page, person) => {
      await open(page, '/family/add', await readingRecord(person));
      await page.locator('#relationship-parent').check();
      await page.locator('#member-name').fill(relativeOf(person).name);
      await page.locator('#member-id-number').fill(relativeOf(person).id);
    },
    trigger: (page) => page.getByTestId('add-submit').click(),
    done: (page, timeout) => url(page, /\/family\/consent\?member=fm_/, timeout),
    kept: async (page) => {
      await expect(page.locator('#member-name')).toHaveValue('测试亲属');
      await expect(page.locator('#member-id-number')).toHaveValue(/^11010119600101/);
    },
    // However the fault went (an answer lost after the backend added them), one member.
    recorded: async (person) => expect(await familySize(person)).toBe(1),
  },
  'POST /family/members/{member_id}/consent-requests': {
    prepare: async (page, person) => {
      const { flow, token, member_id } = await withRelative(person);
      await call('POST', `/family/members/${member_id}/consent`, { code: '123456' }, token);
      const withdrawn = await fetch(`${BACKEND}/__test/family/members/${member_id}/withdraw-consent`, { method: 'POST' });
      expect(withdrawn.status).toBe(204);
      await open(page, '/family', flow);
      await expect(page.getByTestId('ask-again')).toBeVisible();
    },
    trigger: (page) => page.getByTestId('ask-again').click(),
    // Once the list shows whether a code went out: type it in, or ask again.
    again: async (page) => {
      const next = page.getByTestId('enter-code').or(page.getByTestId('ask-again'));
      await next.first().click({ timeout: 5_000 }).catch(() => {});
    },
    done: (page, timeout) => url(page, /\/family\/consent\?member=fm_/, timeout),
  },
  'POST /family/members/{member_id}/consent': {
    prepare: async (page, person) => {
      const { flow, member_id } = await withRelative(person);
      await open(page, `/family/consent?member=${member_id}`, flow);
      await page.locator('#consent-code').fill('123456');
    },
    trigger: (page) => page.getByTestId('confirm-consent').click(),
    // After verifying again the code is typed in again.
    again: async (page) => {
      await page.locator('#consent-code').fill('123456');
      await page.getByTestId('confirm-consent').click();
    },
    done: (page, timeout) => url(page, /\/family\?consented=fm_/, timeout),
    kept: (page) => expect(page.locator('#consent-code')).toHaveValue('123456'),
  },
  'GET /family/status': {
    prepare: onFamilyOrder,
    done: (page, timeout) => expect(page.locator('[data-state=status-due]')).toBeVisible({ timeout }),
  },
  'POST /family/quotes': {
    prepare: async (page, person) => {
      await onFamilyOrder(page, person);
      await chooseRelative(page);
    },
    trigger: (page) => page.getByTestId('start-order').click(),
    done: (page, timeout) => url(page, /\/family\/order\/pay$/, timeout),
    kept: async (page) => {
      await expect(page.getByTestId('pick-member')).toBeChecked();
      await expect(page.locator('#tier-tier-1')).toBeChecked();
    },
  },
  'POST /family/payments': {
    prepare: onFamilyPay,
    trigger: (page) => page.getByTestId('pay').click(),
    // Pressed again, the app carries on by itself (asking about the part until it settles).
    // The button goes once the order is paid: every wait here is short, or it would wait for a
    // button that never comes back (CI saw that: 90 s).
    again: async (page) => {
      const pay = page.getByTestId('pay');
      if (await pay.isEnabled({ timeout: 1_000 }).catch(() => false)) await pay.click({ timeout: 2_000 }).catch(() => {});
    },
    done: (page, timeout) => expect(page.locator('[data-state=order-done]')).toBeVisible({ timeout }),
    // However the fault went, the relative has exactly one payment.
    recorded: async (person) => expect(await relativePayments(person)).toHaveLength(1),
  },
  'GET /family/payments/{payment_id}': {
    prepare: async (page, person) => {
      await onFamilyPay(page, person);
      await page.getByTestId('pay').click();
    },
    retriesItself: true,
    done: (page, timeout) => expect(page.locator('[data-state=order-done]')).toBeVisible({ timeout }),
    recorded: async (person) => expect(await relativePayments(person)).toHaveLength(1),
  },
  'DELETE /family/members/{member_id}': {
    prepare: async (page, person) => {
      const { flow } = await withRelative(person);
      await open(page, '/family', flow);
      await page.getByTestId('remove').click();
    },
    trigger: (page) => page.getByTestId('confirm-remove').click(),
    again: async (page) => {
      await page.getByTestId('remove').click({ timeout: 5_000 }).catch(() => {});
      await page.getByTestId('confirm-remove').click({ timeout: 5_000 }).catch(() => {});
    },
    done: (page, timeout) => expect(page.locator('[data-state=family-empty]')).toBeVisible({ timeout }),
    recorded: async (person) => expect(await familySize(person)).toBe(0),
  },
};

// --- the faults ---------------------------------------------------------------------------------

function problem(type: string, status: number, extra: object = {}) {
  return { status, contentType: 'application/problem+json', json: { type: `urn:insurance-pay:problem:${type}`, title: type, status, ...extra } };
}

/** A Retry-After header the page can read: the reference backend exposes it to other origins. */
function retryAfter(seconds: number) {
  return { 'retry-after': String(seconds), 'access-control-expose-headers': 'Retry-After' };
}

/** Replaces the first value found (depth first) with an array of the wrong kind of things. */
function wrongType(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [wrongType(value[0]), ...value.slice(1)] : ['unexpected', 1];
  if (value && typeof value === 'object') {
    const [key] = Object.keys(value);
    return { ...value, [key]: ['unexpected', 1] };
  }
  return ['unexpected', 1];
}

type Fault = {
  /** The problem the app must show (its data-problem), and how soon (ms). */
  shows: string;
  within?: number;
  /** Words the problem must say (the wait the backend asked for, read from its header). */
  says?: string;
  inject: (route: Route) => Promise<void>;
};

const FAULTS: Record<string, Fault> = {
  'connection refused': { shows: 'Network', inject: (route) => route.abort('connectionrefused') },
  '500': { shows: 'ServerError', inject: (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }) },
  // As the contract's backends send it: Retry-After, exposed to the page (CORS) so it can be read.
  '503 Retry-After': { shows: 'Maintenance', says: '约 2 分钟后再试', inject: (route) => route.fulfill({ ...problem('maintenance', 503), headers: retryAfter(120) }) },
  // No answer at all: only the app's own timeout (2 s here, not the default 15) ends the wait.
  // Three tries of 2 s with their pauses take 8.4 s (at 15 s, 47 s); a busy machine, longer.
  'slower than the timeout': { shows: 'Network', within: 20_000, inject: () => new Promise(() => {}) },
  // The backend did the work; its answer arrives broken.
  'malformed JSON': {
    shows: 'BadResponse',
    inject: async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: '{"oops', contentType: 'application/json' });
    },
  },
  'unexpected field type': {
    shows: 'BadResponse',
    inject: async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: wrongType(await response.json()) });
    },
  },
  '401 session expired': { shows: 'SessionExpired', inject: (route) => route.fulfill(problem('session-expired', 401)) },
  '409 idempotency conflict': { shows: 'IdempotencyConflict', inject: (route) => route.fulfill(problem('idempotency-conflict', 409)) },
  '429': { shows: 'TooManyRequests', says: '请 45 秒后再试', inject: (route) => route.fulfill({ ...problem('too-many-requests', 429), headers: retryAfter(45) }) },
};

// --- the matrix ---------------------------------------------------------------------------------

/** Verifies the test's person again by SMS, as the "verify again" step asks. */
async function verifyAgain(page: Page, person: Person) {
  await expect(page).toHaveURL(/\/(identity|$)/);
  if (!/\/identity/.test(page.url())) return;
  const form = page.locator('#name');
  // The identity screen's code may still be arriving: wait for its form or its methods.
  await expect(form.or(page.locator('#method'))).toBeVisible();
  if (await form.isVisible()) {
    await form.fill(person.name);
    await page.locator('#id-number').fill(person.id);
    await page.locator('#mobile').fill(person.mobile);
    await page.locator('form button[type=submit]').click();
  }
  await page.locator('#method-sms').check();
  await page.getByTestId('send-sms').click();
  // As a person would: the code is typed once it has been sent (on a busy machine the check
  // could otherwise reach the backend before the send).
  await expect(page.locator('section.panel').getByText('验证码已发送')).toBeVisible();
  await page.locator('#sms-code').fill('123456');
  await page.locator('section.panel form button[type=submit]').click();
  // Reading a record asks for a second method: the e-card password.
  const passed = page.locator('[data-state=method-passed]');
  await expect(passed.or(page.locator('main:not([data-screen=identity])'))).toBeVisible();
  if (await passed.isVisible()) {
    await page.locator('#method-ecard').check();
    await page.locator('#ecard-password').fill('135790');
    await page.locator('section.panel form button[type=submit]').click();
  }
  await expect(page).not.toHaveURL(/\/identity/);
}

/** The request an operation's key names: its method, and its path with any value in each parameter. */
function requestOf(operation: string) {
  const [method, template] = operation.split(' ');
  return { method, path: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) };
}

test('every operation of the contract has a row in the fault matrix, and every row is an operation', () => {
  const contract = contractOperations();
  const rows = Object.keys(CALLS);
  expect(contract.length, 'operations found in public/openapi.yaml').toBeGreaterThan(30);
  expect(contract.filter((o) => !rows.includes(o)), 'operations with no row in CALLS').toEqual([]);
  expect(rows.filter((r) => !contract.includes(r)), 'rows of CALLS that name no operation').toEqual([]);
  for (const row of Object.values(CALLS)) if (row.heldWhileFaulty) expect(contract).toContain(row.heldWhileFaulty);
});

for (const [callIndex, [callName, apiCall]] of Object.entries(CALLS).entries()) {
  for (const [faultIndex, [faultName, fault]] of Object.entries(FAULTS).entries()) {
    test(`${callName} × ${faultName}`, async ({ page }) => {
      // One person per cell, the same on every run and worker.
      const person = apiCall.person ?? newPerson(callIndex * Object.keys(FAULTS).length + faultIndex);
      let faulty = true;
      let injected = 0;
      const request = requestOf(callName);
      await page.route((u) => u.origin === BACKEND && request.path.test(u.pathname), async (route) => {
        if (!faulty || route.request().method() !== request.method) return route.continue();
        injected += 1;
        await fault.inject(route);
      });
      const held: (() => void)[] = [];
      const hold = apiCall.heldWhileFaulty && requestOf(apiCall.heldWhileFaulty);
      if (hold) {
        await page.route((u) => u.origin === BACKEND && hold.path.test(u.pathname), async (route) => {
          if (faulty && route.request().method() === hold.method) await new Promise<void>((go) => held.push(go));
          await route.continue().catch(() => {});
        });
      }
      await apiCall.prepare(page, person);
      await apiCall.trigger?.(page);

      // What happened, in the person's language, with a way on.
      const shown = page.locator(`[data-problem=${fault.shows}]`).first();
      await expect(shown).toBeVisible({ timeout: fault.within ?? 20_000 });
      await expect(shown).toContainText(/[\u4e00-\u9fff]/);
      if (fault.says) await expect(shown).toContainText(fault.says);
      expect(injected).toBeGreaterThan(0);
      const nextStep = shown.locator('button, a');
      const again = apiCall.again ?? apiCall.trigger;
      const canGoOn = (await nextStep.count()) > 0 || again !== undefined || apiCall.retriesItself === true;
      expect(canGoOn, 'a next step is offered').toBe(true);
      if (fault.shows === 'SessionExpired') await expect(nextStep.first()).toHaveText(apiCall.public ? '重试' : '重新验证身份');
      await apiCall.kept?.(page);
      await new Flow(page, 'faults').screenshot(`${callName.replace(/\W+/g, '-')}-${faultName.replace(/\W+/g, '-')}`);

      // The fault clears: the next step the app offers leads on.
      faulty = false;
      held.splice(0).forEach((go) => go());
      for (let step = 0; step < 4; step++) {
        // Nothing has changed yet unless the app retries by itself: look, and act at once.
        const wait = step === 0 && !apiCall.retriesItself ? 250 : 3_000;
        if (await apiCall.done(page, wait).then(() => true, () => false)) break;
        // The newest problem that offers a next step (an older one may still be on screen).
        const problemNow = page.locator('[data-problem]:has(button, a)').last();
        const button = problemNow.locator('button, a').first();
        if (await problemNow.isVisible() && await button.isVisible()) {
          // The problem may go while we look (the app retrying by itself): short waits only.
          const reverify = (await button.textContent({ timeout: 2_000 }).catch(() => null)) === '重新验证身份';
          const clicked = await button.click({ timeout: 2_000 }).then(() => true, () => false);
          // (The text may not have been read in time: the identity screen says it was that button.)
          const onIdentity = () => page.waitForURL(/\/identity/, { timeout: 1_000 }).then(() => true, () => false);
          if (clicked && (reverify || await onIdentity())) await verifyAgain(page, person);
        } else if (again) {
          // A press that finds nothing to press (the page moved on meanwhile) is not the
          // failure: the next look, or the last wait below, tells.
          await again(page).catch(() => {});
        }
      }
      await apiCall.done(page, 20_000);
      await apiCall.recorded?.(person);
    });
  }
}

// --- the code of a screen, fetched on demand ----------------------------------------------------
// Every screen but the first arrives as code of its own (src/screens.rs). Its download can fail
// like any request: a 404 when a deploy replaced the files, a connection that drops between two
// screens, or a download slow enough to watch. The person is told in their language, keeps what
// they entered, and a retry (or the wait) brings the screen.

type ScreenCode = {
  /** The screen's own code file (content-hashed: matched by its stem). */
  file: RegExp;
  /** Opens the app just before the screen and goes on to it. */
  reach: (page: Page, person: Person) => Promise<void>;
  /** The screen working, with what the person entered or chose before still there. */
  done: (page: Page, timeout: number) => Promise<void>;
};

const SCREEN_CODE: Record<string, ScreenCode> = {
  'code of /identity': {
    file: /\/split_screen_identity-[0-9a-f]+\.wasm$/,
    reach: async (page) => {
      await open(page, '/');
      await page.locator('#province-110000').check();
      await page.locator('#city-110100').check();
      await page.locator('#product-resident_medical').check();
      await page.locator('#year-2027').check();
      await page.locator('main form button[type=submit]').click();
    },
    // The order chosen on the first screen is what the identity screen is for.
    done: async (page, timeout) => {
      await expect(page.locator('#name')).toBeVisible({ timeout });
      await expect(page.locator('main')).toContainText('2027');
    },
  },
  'code of /tier': {
    file: /\/split_screen_tier-[0-9a-f]+\.wasm$/,
    reach: async (page, person) => {
      const session = await startVerification(person);
      await call('POST', `/verifications/${session.session_id}/sms`);
      await toIdentity(page, { ...ordered(), verification: session }, 'sms');
      await page.locator('#sms-code').fill('123456');
      await page.locator('section.panel form button[type=submit]').click();
    },
    // Verified once: the insured person's details show without verifying again.
    done: (page, timeout) => visible(page, 'profile', timeout),
  },
  'code of /review': {
    file: /\/split_screen_review-[0-9a-f]+\.wasm$/,
    reach: async (page, person) => {
      await open(page, '/payment', { ...(await quoted(person)), method: null });
      await page.locator('#pay-bank_card').check();
      await page.locator('main form button[type=submit]').click();
    },
    // The method chosen a screen before is the one to check.
    done: async (page, timeout) => {
      await visible(page, 'review', timeout);
      await expect(page.getByTestId('review')).toContainText(/银行卡/);
    },
  },
};

const CODE_FAULTS: Record<string, { fails: boolean; inject: (route: Route) => Promise<void> }> = {
  'code 404 after a deploy': { fails: true, inject: (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' }) },
  'code connection dropped': { fails: true, inject: (route) => route.abort('internetdisconnected') },
  'code slow to arrive': { fails: false, inject: async (route) => { await new Promise((r) => setTimeout(r, 4_000)); await route.continue().catch(() => {}); } },
};

test.describe('screen code', () => {
  // The loader reports a failed download on the console (wasm-split's wrapAsyncCb) as well.
  test.use({ allowedConsoleErrors: [/^Failed to load resource: (net::ERR_|the server responded with a status of [45]\d\d)|WebAssembly|Failed to fetch|HTTP status code is not ok/] });
  for (const [screenIndex, [screenName, screen]] of Object.entries(SCREEN_CODE).entries()) {
    for (const [faultIndex, [faultName, fault]] of Object.entries(CODE_FAULTS).entries()) {
      test(`${screenName} × ${faultName}`, async ({ page }) => {
        const person = newPerson(500 + screenIndex * 10 + faultIndex);
        let faulty = true;
        let injected = 0;
        await page.route((u) => screen.file.test(u.pathname), async (route) => {
          if (!faulty) return route.continue();
          injected += 1;
          await fault.inject(route);
        });
        await screen.reach(page, person);
        if (fault.fails) {
          const shown = page.locator('[data-problem=ChunkLoad]');
          await expect(shown).toBeVisible({ timeout: 20_000 });
          await expect(shown).toContainText('您填写的内容都还在');
          await new Flow(page, 'faults').screenshot(`${screenName.replace(/\W+/g, '-')}-${faultName.replace(/\W+/g, '-')}`);
          faulty = false;
          await shown.getByRole('button', { name: '重试' }).click();
        } else {
          // The screen says it is on its way, then arrives by itself.
          await expect(page.locator('main [data-state=loading]')).toBeVisible();
        }
        await screen.done(page, 20_000);
        expect(injected).toBeGreaterThan(0);
      });
    }
  }
});
