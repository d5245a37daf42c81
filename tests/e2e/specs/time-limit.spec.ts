// Time limits a person can extend (WCAG 2.2.1): two minutes before a verification's token runs
// out, the screen says so (a live region, and the voice in care mode) and "需要更多时间" asks the
// backend for more; at six hours from the verification it cannot be extended again; a token
// that runs out sends the person to verify again and back, with everything kept. Playwright's
// clock moves the page's time on, so nothing here waits for real.
import { test, expect, Flow, PEOPLE, recordSpeech, verifiedReader } from './app';

const ENDING = '为保护您的信息，身份验证将在 2 分钟内失效。如需更多时间，请点击“需要更多时间”。';

test('two minutes before the token runs out the person is told, and one press gives more time', async ({ page }) => {
  await page.clock.install();
  const spoken = await recordSpeech(page);
  const flow = new Flow(page, 'time-limit');
  await page.goto('/?care=1');
  await page.getByTestId('voice-switch').click();
  await flow.chooseOrder('430000', '430100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms();
  await expect(page.getByTestId('profile')).toBeVisible();
  await page.locator('#tier-tier-2').check();
  await expect(page.getByTestId('breakdown')).toBeVisible();
  const notice = page.getByTestId('time-limit');
  await expect(notice).toHaveCount(0);

  // 28 minutes on: under two minutes left of the demo's half hour.
  await page.clock.fastForward('28:05');
  await expect(notice).toHaveAttribute('data-state', 'time-limit-ending');
  await expect(notice.getByRole('alert')).toHaveText(ENDING);
  await expect(page.getByTestId('time-left')).toHaveText(/^剩余 1 分 \d\d 秒$/);
  await expect.poll(spoken).toContain(`zh-CN ${ENDING}`);
  await flow.screenshot('ending');
  // The countdown runs outside the live region: the alert's words stay as they were.
  await page.clock.fastForward('00:10');
  await expect(page.getByTestId('time-left')).toHaveText(/^剩余 1 分 [0-4]\d 秒$/);
  await expect(notice.getByRole('alert')).toHaveText(ENDING);

  await page.getByTestId('more-time').click();
  await expect(notice).toHaveAttribute('data-state', 'time-limit-extended');
  await expect(notice).toHaveText('已延长，身份验证在 30 分钟内有效。');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect.poll(spoken).toContain('zh-CN 已延长，身份验证在 30 分钟内有效。');
  // What the person chose is still there, and the token still works 55 minutes after verifying.
  await expect(page.locator('#tier-tier-2')).toBeChecked();
  await page.clock.fastForward('27:00');
  await expect(page.locator('[data-state=time-limit-ending]')).toHaveCount(0);
  await page.locator('main form button[type=submit]').click();
  await expect(page).toHaveURL(/\/payment$/);
  await expect(page.locator('#pay-wallet')).toBeVisible();
});

test('a token that runs out sends the person to verify again, and back with everything kept', async ({ page }) => {
  await page.clock.install();
  const flow = new Flow(page, 'time-limit-out');
  await page.goto('/');
  await flow.chooseOrder('430000', '430100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms();
  await flow.chooseFixedTier('tier-2');
  await page.locator('#pay-bank_card').check();
  await page.clock.fastForward('30:05');
  const notice = page.getByTestId('time-limit');
  await expect(notice).toHaveAttribute('data-state', 'time-limit-out');
  await expect(notice.getByRole('alert').first()).toHaveText('身份验证已失效。请重新验证身份后继续，您已填写的内容都会保留。');
  await expect(page.locator('#pay-bank_card')).toBeChecked();
  await flow.screenshot('out');
  await notice.getByRole('button', { name: '重新验证身份' }).click();
  await expect(page).toHaveURL(/\/identity$/);
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms(/\/payment$/);
  await expect(page.getByTestId('time-limit')).toHaveCount(0);
  await page.locator('#pay-wallet').check();
  await page.locator('main form button[type=submit]').click();
  await expect(page.getByTestId('review')).toContainText('二档');
});

test('six hours from the verification, the time cannot be extended again', async ({ page }) => {
  await page.clock.install();
  const flow = new Flow(page, 'time-limit-last');
  await page.goto('/');
  await flow.chooseOrder('110000', '110100', 'resident_medical', 2027);
  await flow.fillPerson(PEOPLE.zhangWei);
  await flow.verifySms();
  const notice = page.getByTestId('time-limit');
  let extensions = 0;
  for (;;) {
    await page.clock.fastForward('28:30');
    await expect(notice).toHaveAttribute('data-state', 'time-limit-ending');
    await page.getByTestId('more-time').click();
    await expect(notice).toHaveAttribute('data-state', 'time-limit-extended');
    extensions += 1;
    if ((await notice.textContent())?.includes('这是最后一次延长')) break;
    expect(extensions, 'six hours allow about twelve extensions').toBeLessThan(14);
  }
  expect(extensions).toBeGreaterThanOrEqual(10);
  // What was given last (up to the six hours, so often under half an hour) runs out too: a
  // minute before the minutes it names, it is said without the button.
  const minutes = Number((await notice.textContent())?.match(/在 (\d+) 分钟内有效/)?.[1]);
  expect(minutes).toBeGreaterThan(1);
  await page.clock.fastForward((minutes - 1) * 60_000);
  await expect(notice).toHaveAttribute('data-state', 'time-limit-last');
  await expect(notice.getByRole('alert')).toContainText('已不能再延长');
  await expect(page.getByTestId('more-time')).toHaveCount(0);
  await flow.screenshot('last');
});

test('the record token is given more time through the validating proxy, on the contract', async ({ page }) => {
  const PROXY = 'http://127.0.0.1:4011';
  const validated: string[] = [];
  page.on('response', (r) => { if (r.url().startsWith(PROXY) && r.request().method() !== 'OPTIONS') validated.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
  await page.clock.install();
  const flow = await verifiedReader(page, '/record', PEOPLE.zhangWei, PROXY, 'time-limit-record');
  await expect(page.locator('main [data-state^=overview]')).toBeVisible();
  await page.clock.fastForward('28:30');
  const notice = page.getByTestId('time-limit');
  await expect(notice).toHaveAttribute('data-state', 'time-limit-ending');
  await page.getByTestId('more-time').click();
  await expect(notice).toHaveAttribute('data-state', 'time-limit-extended');
  await expect(notice).toHaveText('已延长，身份验证在 30 分钟内有效。');
  await flow.screenshot('record-extended');
  expect(validated).toContain('200 POST /tokens/refresh');
  expect(validated.filter((v) => v.startsWith('5')), 'no contract violations').toEqual([]);
});
