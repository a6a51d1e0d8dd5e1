// The ops dashboard's section on order bot runs that stopped, in real Chromium: a failed run the
// RPA worker stored (with the PNG of the page) shows with its step and error, in English and
// Chinese, and its screenshot link opens the image with the ops user's session.
import { randomUUID } from 'node:crypto';
import { BotRunEntity } from '../../src/rpa/bot-runs/bot-run.entity';
import { expectAccessible } from './support/axe';
import { type BrowserStack, startBrowserStack } from './support/browser';

jest.setTimeout(240_000);

// A 1x1 PNG, as the browser adapter's screenshot would be stored.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let b: BrowserStack;
const runId = randomUUID();

beforeAll(async () => {
  b = await startBrowserStack();
  const started = new Date();
  await b.stack.db.getRepository(BotRunEntity).insert({
    id: runId,
    bot: 'order_bot',
    contractId: null,
    adapter: 'browser',
    status: 'failed',
    outcome: null,
    erpOrderNumber: null,
    attempt: 1,
    step: 'sign in',
    error: `The ERP refused the bot's sign-in ${runId}`,
    pageUrl: 'http://127.0.0.1:3090/login',
    screenshot: PNG,
    durationMs: 1200,
    startedAt: started,
    finishedAt: new Date(started.getTime() + 1200),
  });
});
afterAll(async () => {
  await b?.stack.db.getRepository(BotRunEntity).delete({ id: runId });
  await b?.stop();
});

test('a stopped order bot run shows on the ops dashboard with its screenshot, in both languages', async () => {
  const olivia = await b.openAs('olivia');
  await olivia.page.goto(`${b.appUrl}/ops`);
  const row = olivia.page.locator(`tr[data-bot-run-id="${runId}"]`);
  await row.waitFor();
  await expect(row.locator('td').nth(3).innerText()).resolves.toBe('sign in');
  await expect(row.innerText()).resolves.toContain(`The ERP refused the bot's sign-in ${runId}`);
  const href = await row.getByRole('link', { name: 'Open screenshot' }).getAttribute('href');
  expect(href).toBe(`/api/ops/bot-runs/${runId}/screenshot.png`);
  const png = await olivia.context.request.get(`${b.appUrl}${href}`);
  expect(png.status()).toBe(200);
  expect(png.headers()['content-type']).toBe('image/png');
  expect(Buffer.from(await png.body())).toEqual(PNG);
  await expectAccessible(olivia.page, 'ops dashboard with bot runs');

  const zh = await b.openAs('olivia', { language: 'zh-CN' });
  await zh.page.goto(`${b.appUrl}/ops`);
  await zh.page.getByRole('heading', { name: '中断的下单机器人运行' }).waitFor();
  await zh.page.locator(`tr[data-bot-run-id="${runId}"]`).getByRole('link', { name: '打开截图' }).waitFor();
  await expectAccessible(zh.page, 'ops dashboard with bot runs (zh-CN)');
});
