// Care mode (关怀模式): a switch on every screen and `?care=1`, remembered across visits, also
// switched on by WeChat's own care setting; voice guidance (语音播报) that reads the screen's
// title, the amount and the outcome, silent where there is no speech; and an SMS code that says
// it is about to expire and how to get more time.
import { test, expect, Flow, PEOPLE, recordSpeech } from './app';

test('the care switch is on every screen, remembered, and settable by link', async ({ page }) => {
  await page.goto('/');
  const html = page.locator('html');
  await expect(html).not.toHaveClass(/care/);
  await page.getByTestId('care-switch').click();
  await expect(html).toHaveClass(/care/);
  await expect(page.getByTestId('care-switch')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('body')).toHaveCSS('font-size', '20px');
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

test('voice guidance reads the title, the amount and the outcome', async ({ page }) => {
  const spoken = await recordSpeech(page);
  const flow = new Flow(page, 'voice');
  await page.goto('/?care=1');
  await page.getByTestId('voice-switch').click();
  await expect(page.getByTestId('voice-switch')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(spoken).toContain('zh-CN 医保社保缴费');
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  await expect.poll(spoken).toContain('zh-CN 身份验证');
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms();
  await flow.chooseFixedTier('tier-1');
  await flow.choosePaymentMethod('wallet');
  await expect.poll(spoken).toContain('zh-CN 应缴金额 ¥200.00');
  await flow.pay();
  await flow.expectOutcome('succeeded');
  await expect.poll(spoken).toContain('zh-CN 缴费成功');
  await expect.poll(spoken).toContain('zh-CN 金额 ¥200.00');
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
