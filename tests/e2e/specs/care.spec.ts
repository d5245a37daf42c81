// Care mode (关怀模式): a switch on every screen and `?care=1`, remembered across visits, also
// switched on by WeChat's own care setting; voice guidance (语音播报) that reads every step (the
// title and what to do, errors, problems, changes, the amount) from the screen, with captions
// (字幕), silent where there is no speech, and the choice in focus; simpler codes (简化验证码): the
// large keypad in care mode, counting the digits aloud, and the code offered through WebOTP; and an
// SMS code that says it is about to expire and how to get more time.
import { test, expect, Flow, PEOPLE, recordSpeech } from './app';

test('the care switch is on every screen, remembered, and settable by link', async ({ page }) => {
  await page.goto('/');
  const html = page.locator('html');
  await expect(html).not.toHaveClass(/care/);
  await page.getByTestId('care-switch').click();
  await expect(html).toHaveClass(/care/);
  await expect(page.getByTestId('care-switch')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('body')).toHaveCSS('font-size', '24px');
  await page.reload();
  await expect(html).toHaveClass(/care/);
  await page.goto('/?care=0');
  await expect(html).not.toHaveClass(/care/);
  await page.goto('/identity');
  await expect(page.getByTestId('care-switch')).toBeVisible();
  await expect(html).not.toHaveClass(/care/);
  await page.goto('/?care=1');
  await expect(html).toHaveClass(/care/);
});

test("WeChat's care setting switches care mode on, unless the person chose here", async ({ page }) => {
  await page.addInitScript(() => {
    // The webview's bridge, arriving after the page as it does in WeChat.
    setTimeout(() => {
      (window as any).WeixinJSBridge = { invoke: (name: string, _args: object, done: (r: object) => void) => done(name === 'getUserConfig' ? { isCareMode: true } : {}) };
      document.dispatchEvent(new Event('WeixinJSBridgeReady'));
    }, 300);
  });
  await page.goto('/');
  await expect(page.locator('html')).toHaveClass(/care/);
  await page.getByTestId('care-switch').click();
  await page.reload();
  await page.waitForTimeout(600);
  await expect(page.locator('html')).not.toHaveClass(/care/);
});

test('voice guidance reads every step of a care-mode payment, with captions, and never an ID or phone number', async ({ page }) => {
  test.setTimeout(120_000);
  const speech = await recordSpeech(page);
  const flow = new Flow(page, 'voice');
  const person = PEOPLE.zhangWei;
  const expected: string[] = [];
  /** What the screen shows in `selector`, as the voice must say it. */
  const shown = async (selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
  /** Waits until the voice has said these, next and in this order, and nothing else. */
  const says = async (...lines: string[]) => {
    expected.push(...lines.map((line) => `zh-CN ${line}`));
    await expect.poll(speech, { message: `said so far, ending with ${lines.join(' / ')}` }).toEqual(expected);
  };
  const submit = (form = 'main form') => page.locator(`${form} button[type=submit]`).click();

  await page.goto('/?care=1');
  await page.getByTestId('voice-switch').click();
  await says('医保社保缴费', await shown('main .lead'));
  // Changsha: seed 001's three tiers, so a tier is chosen (and heard) here.
  await flow.chooseOrder('430000', '430100', 'resident_medical', 2027);
  // Each choice as it is taken (the province, the city, the insurance, the year), then the next screen.
  await says('湖南省', '长沙市', '城乡居民医保 按年缴费，政府给予补助。适用于未参加职工医保的城乡居民、学生和儿童。', '2027 年度 征缴中',
    '身份验证', '请填写姓名、身份证号码和手机号码，然后选择一种验证方式。');
  await submit();
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await says(await shown('[data-testid=error-summary]'));
  await flow.fillPerson(person);
  await page.locator('#method-sms').check();
  await page.getByTestId('send-sms').click();
  await says('验证码已发送，请输入短信验证码，共 6 位。');
  await page.locator('#sms-code').fill('000000');
  // Care mode's keypad under the field counts what is in, however it was typed.
  await says('已输入 6 位，共 6 位');
  await submit('section.panel form');
  await expect(page.locator('.problem[role=alert]')).toBeVisible();
  await says(await shown('.problem[role=alert]'));
  await page.locator('#sms-code').fill('123456');
  await submit('section.panel form');

  await expect(page).toHaveURL(/\/tier$/);
  await says('确认信息并选择档次', '请核对您的参保信息，然后选择缴费档次。');
  await page.locator('#tier-tier-1').check();
  await says('一档 · 个人缴费 ¥200.00/年 政府补助 ¥610.00', '应缴金额 ¥200.00');
  await submit();
  await expect(page).toHaveURL(/\/payment$/);
  await says('选择支付方式', '请选择一种支付方式，然后点击下一步。');
  // Going back (no tap, no key): the new screen cuts the voice off and is read from its title.
  await page.goBack();
  await expect(page).toHaveURL(/\/tier$/);
  await says('确认信息并选择档次', '请核对您的参保信息，然后选择缴费档次。', '应缴金额 ¥200.00');
  const log = await speech.log();
  const back = log.findLastIndex((s) => s.said === 'zh-CN 确认信息并选择档次');
  expect(log[back - 1], 'speech is cancelled when the screen changes').toEqual({ said: 'cancel' });
  await submit();
  await expect(page).toHaveURL(/\/payment$/);
  await says('选择支付方式', '请选择一种支付方式，然后点击下一步。');
  // (The social security card's account, which the backend debits itself: the whole payment is
  // heard on this one page. A wallet's goes to its provider's page and back: handoff.spec.ts.)
  await page.locator('#pay-social_security_card').check();
  await submit();

  await expect(page).toHaveURL(/\/review$/);
  await says('社保卡金融账户 单笔限额 ¥10,000.00', '核对信息', '请核对以下信息和金额，无误后点击支付。', '应缴金额 ¥200.00');
  await flow.pay();
  await flow.expectOutcome('succeeded');
  await says('正在支付', '正在等待支付结果，请不要关闭页面，也不要重复支付。', '缴费成功', '¥200.00', '缴费已成功。',
    '资金预计在 2026年11月23日 至 2026年11月25日 之间到达医保基金账户，参保状态最晚在 2026年11月26日 更新。届时仍未更新的，请联系参保地社保经办机构。');

  // The caption bar showed each thing while it was said, and nothing said was an ID or a phone.
  for (const entry of await speech.log()) {
    if (entry.said === 'cancel') continue;
    expect(entry.caption, 'the caption while it was said').toBe(entry.said.replace(/^zh-CN /, ''));
    expect(entry.said).not.toContain(person.id.slice(0, 6));
    expect(entry.said).not.toContain(person.mobile.slice(-4));
    expect(entry.said, 'no long number, nothing masked').not.toMatch(/\d{7}|\*/);
  }
});

test('the caption bar can be switched off, and that is remembered', async ({ page }) => {
  await recordSpeech(page);
  await page.goto('/?care=1');
  await page.getByTestId('voice-switch').click();
  const caption = page.getByTestId('caption');
  await expect(caption).toBeVisible();
  await expect(caption).toHaveAttribute('role', 'log');
  await expect(caption).toHaveAttribute('aria-live', 'off');
  await page.getByTestId('caption-switch').click();
  await expect(page.getByTestId('caption-switch')).toHaveAttribute('aria-pressed', 'false');
  await expect(caption).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('caption-switch')).toHaveAttribute('aria-pressed', 'false');
  await expect(caption).toBeHidden();
  await page.getByTestId('caption-switch').click();
  await expect(caption).toBeVisible();
});

test('without speech in the browser, voice guidance is silent and harmless', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { value: undefined }));
  await page.goto('/?care=1');
  await page.getByTestId('voice-switch').click();
  await page.locator('#province-110000').check();
  await expect(page.getByTestId('voice-switch')).toHaveAttribute('aria-pressed', 'true');
});

test('an SMS code says a minute before it expires, and a new code gives more time', async ({ page }) => {
  await page.clock.install();
  const flow = new Flow(page, 'code-expiring');
  await page.goto('/');
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await page.locator('#method-sms').check();
  await page.getByTestId('send-sms').click();
  await expect(page.getByTestId('sms-expiry')).toContainText(/[45] 分/);
  const expiring = page.getByTestId('sms-expiring');
  await expect(expiring).toBeEmpty();
  await page.clock.fastForward('04:02');
  await expect(expiring).toHaveText('验证码将在 1 分钟内过期。如需更多时间，请点击“重新获取验证码”。');
  await expect(expiring).toHaveAttribute('role', 'status');
  await flow.screenshot('code-expiring');
  await page.getByTestId('send-sms').click();
  await expect(expiring).toBeEmpty();
  await expect(page.getByTestId('sms-expiry')).toContainText(/[45] 分/);
});

test('the skip link, when revealed, is a whole target: 44 px tall, 60 in care mode', async ({ page }) => {
  for (const [query, least] of [['?care=0', 44], ['?care=1', 60]] as const) {
    await page.goto(`/${query}`);
    await expect(page.locator('#province-110000')).toBeVisible();
    const skip = page.locator('.skip-link');
    // (The screen's h1 has focus on arrival; the skip link is the first Tab stop of the page.)
    await skip.focus();
    await expect(skip).toHaveText('跳到主要内容');
    expect((await skip.boundingBox())!.height, `skip link height ${query}`).toBeGreaterThanOrEqual(least);
  }
});

test('errors are marked in red, with an icon and words, in both modes', async ({ page }) => {
  for (const query of ['?care=0', '?care=1']) {
    await page.goto(`/${query}`);
    await new Flow(page, 'error-marks').chooseOrder('110000', '110100', 'resident_medical', 2027);
    await page.locator('main form button[type=submit]').click();
    for (const mark of [page.locator('.field-error').first(), page.getByTestId('error-summary').locator('h2')]) {
      await expect(mark).not.toBeEmpty();
      const icon = await mark.evaluate((el) => {
        const before = getComputedStyle(el, '::before');
        return { mask: before.maskImage || before.getPropertyValue('-webkit-mask-image'), width: parseFloat(before.width), paint: before.backgroundColor, color: getComputedStyle(el).color };
      });
      expect(icon.mask, `an icon before the error ${query}`).toContain('svg');
      expect(icon.width).toBeGreaterThanOrEqual(16);
      expect(icon.paint, 'the icon is drawn in the error colour').toBe(icon.color);
      const [r, g, b] = icon.color.match(/\d+/g)!.map(Number);
      expect(r > 2 * g && r > 2 * b, `the error is red: ${icon.color}`).toBe(true);
    }
  }
});

test('in care mode a code is typed on the large keypad, and the voice counts the digits, never saying them', async ({ page }) => {
  const speech = await recordSpeech(page);
  const flow = new Flow(page, 'care-keypad');
  await page.goto('/?care=1');
  await page.getByTestId('voice-switch').click();
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await page.locator('#method-sms').check();
  await page.getByTestId('send-sms').click();
  const keypad = page.locator('section.panel .keypad');
  await expect(keypad).toBeVisible();
  // A digit at a time, as a person presses them, each count said before the next press (a
  // press cuts the voice off).
  for (const [i, digit] of [...'123'].entries()) {
    await keypad.locator('.key', { hasText: new RegExp(`^${digit}$`) }).click();
    await expect.poll(speech).toContain(`zh-CN 已输入 ${i + 1} 位，共 6 位`);
  }
  await expect(page.locator('#sms-code')).toHaveValue('123');
  await expect(page.getByTestId('keypad-count')).toHaveText('已输入 3 位，共 6 位');
  await expect(page.getByTestId('keypad-count')).toHaveAttribute('role', 'status');
  await expect.poll(speech).toContain('zh-CN 已输入 3 位，共 6 位');
  await flow.screenshot('sms-keypad');
  // Each press is said as a count; no digit pressed is ever said on its own.
  const said = await speech();
  expect(said.filter((s) => /已输入/.test(s))).toEqual(['zh-CN 已输入 1 位，共 6 位', 'zh-CN 已输入 2 位，共 6 位', 'zh-CN 已输入 3 位，共 6 位']);
  expect(said.filter((s) => /^zh-CN [0-9]+$/.test(s))).toEqual([]);
  await keypad.locator('.key', { hasText: '清空' }).click();
  await expect(page.getByTestId('keypad-count')).toBeEmpty();
  // Out of care mode the SMS panel has no keypad: the phone's own keyboard offers the code.
  await page.getByTestId('care-switch').click();
  await expect(keypad).toBeHidden();
  await expect(page.locator('#sms-code')).toHaveAttribute('autocomplete', 'one-time-code');
});

test('the voice says the choice in focus where choosing is the step', async ({ page }) => {
  const speech = await recordSpeech(page);
  await page.goto('/?care=1');
  await page.getByTestId('voice-switch').click();
  await expect.poll(speech).toContain('zh-CN 医保社保缴费');
  await page.locator('#province-110000').focus();
  const label = (await page.locator('label[for=province-110000]').innerText()).replace(/\s+/g, ' ').trim();
  await expect.poll(speech).toContain(`zh-CN ${label}`);
  // Moving along the list with the arrow keys says each choice reached.
  await page.keyboard.press('ArrowDown');
  const next = await page.locator('input[name=province]:focus').getAttribute('id');
  const nextLabel = (await page.locator(`label[for=${next}]`).innerText()).replace(/\s+/g, ' ').trim();
  await expect.poll(async () => (await speech()).at(-1)).toBe(`zh-CN ${nextLabel}`);
});

test('the SMS code the phone receives is offered through WebOTP where the browser has it', async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).OTPCredential = class {};
    const asked: unknown[] = [];
    (window as any).__otpAsked = asked;
    Object.defineProperty(navigator, 'credentials', { value: {
      get: (options: { otp?: { transport?: string[] }; signal?: AbortSignal }) => {
        asked.push({ transport: options.otp?.transport, signal: options.signal instanceof AbortSignal });
        return new Promise((resolve) => setTimeout(() => resolve({ type: 'otp', code: '123456' }), 300));
      },
    } });
  });
  const flow = new Flow(page, 'web-otp');
  await page.goto('/');
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await page.locator('#method-sms').check();
  await page.getByTestId('send-sms').click();
  await expect(page.locator('#sms-code')).toHaveValue('123456');
  expect(await page.evaluate(() => (window as any).__otpAsked)).toEqual([{ transport: ['sms'], signal: true }]);
  await page.locator('section.panel form button[type=submit]').click();
  await expect(page).toHaveURL(/\/tier$/);
});
