// Urging and CC in the rep's pages, in real Chromium, in both languages: the new-contract form
// copies a colleague (the contract's data keeps it), the contract page urges the waiting
// approver once and then shows when the next urge is possible (also after a reload); a page
// loaded before that urge that tries again gets the API's 429 as a sentence with the time. A
// private database: the contract here opens a task for dana.
import { expectAccessible } from './support/axe';
import { type BrowserStack, screenshot, startBrowserStack, waitForText } from './support/browser';
import { userId } from '../../src/database/seed/demo-organisation';

jest.setTimeout(300_000);

let b: BrowserStack;
beforeAll(async () => {
  b = await startBrowserStack({ freshDatabase: 'gl_urge_cc' });
});
afterAll(async () => {
  await b?.stop();
});

test('a rep copies bob on a new contract and urges the deal desk once; a second urge is refused with the time, in English and Chinese', async () => {
  const alice = await b.openAs('alice');
  await alice.page.goto('/contracts/new');
  await alice.page.locator('.preview:not([data-state=loading])').waitFor();
  await alice.page.getByLabel('Title', { exact: true }).fill('Urge and CC');
  await alice.page.getByLabel('Search the customer registry').fill('Harbour');
  await alice.page.getByRole('button', { name: /Shanghai Harbour Logistics/ }).click();
  // A discount beyond policy: the deal desk (dana) reviews the price first.
  const price = alice.page.getByLabel('Unit price', { exact: true }).first();
  await price.fill(String(Math.round(Number(await price.inputValue()) * 0.8)));
  await alice.page.locator('[data-testid=preview-people] li', { hasText: 'Sales manager approval' }).waitFor();
  const cc = alice.page.getByRole('group', { name: 'Copy people in (CC)' });
  await cc.getByLabel('Bob Wang').check();
  expect(await cc.getByLabel('Alice Chen').count()).toBe(0);
  await alice.page.getByRole('button', { name: 'Submit for approval' }).click();
  await alice.page.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
  const id = new URL(alice.page.url()).pathname.split('/').pop()!;
  const [row] = await b.stack.db.query(`SELECT data->'cc' AS cc FROM contracts WHERE id = $1`, [id]);
  expect(row.cc).toEqual([userId('bob')]);

  // The task opens once the workflow reaches it (the page is reloaded until then).
  await waitForText(alice.page, 'Urge Dana Zhou', 'the Urge button of the waiting task');
  // The same page in Chinese, opened before the urge.
  const aliceZh = await b.openAs('alice', { language: 'zh-CN' });
  await aliceZh.page.goto(`/contracts/${id}`);
  await waitForText(aliceZh.page, '催办 Dana Zhou', 'the Chinese Urge button');
  const zhButton = aliceZh.page.getByRole('button', { name: /催办 Dana Zhou/ });

  const button = alice.page.getByRole('button', { name: /Urge Dana Zhou/ });
  await alice.page.getByLabel('Note for the approver (optional)').fill('The customer signs on Friday');
  await button.click();
  await alice.page.getByText('Urged. You may urge again from').waitFor();
  expect(await button.isDisabled()).toBe(true);
  await screenshot(alice, 'contract-urged');
  await expectAccessible(alice.page, '/contracts/:id after an urge');

  // After a reload the button still waits, from the history's TASK_URGED; the history shows it.
  await alice.page.reload();
  await waitForText(alice.page, 'You may urge again from', 'the next possible urge after a reload');
  expect(await alice.page.getByRole('button', { name: /Urge Dana Zhou/ }).isDisabled()).toBe(true);
  await waitForText(alice.page, 'Task urged', 'the urge in the history');

  // The Chinese page still offers the button; pressing it gets the 429 as a sentence with the time.
  expect(await zhButton.isDisabled()).toBe(false);
  await zhButton.click();
  await aliceZh.page.getByText('该任务在一个工作小时内已催办过').waitFor();
  expect(await zhButton.isDisabled()).toBe(true);
  await expectAccessible(aliceZh.page, '/contracts/:id in Chinese after a refused urge');
  const [urges] = await b.stack.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE contract_id = $1 AND type = 'TASK_URGED'`, [id]);
  expect(urges.n).toBe(1);
});
