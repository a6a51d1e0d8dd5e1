// Return to a chosen step (退回到指定节点) in real Chromium against the real stack: the legal
// reviewer opens "Return to step…" on the task page, sees the steps the policy allows, is told a
// return needs its reason before the API has to, returns the contract to pricing review; the
// contract page's history shows the return with its reason, in English and Chinese. axe-core on
// the task page with the return form open. A private database.
import { http } from '../support/stack';
import { waitFor } from '../support/wait';
import { openTask, submitLegalContract, usernameOf } from '../task-links/support';
import { expectAccessible } from './support/axe';
import { type BrowserStack, screenshot, startBrowserStack, waitForText } from './support/browser';

jest.setTimeout(300_000);

let b: BrowserStack;
beforeAll(async () => {
  b = await startBrowserStack({ freshDatabase: 'gl_return_to_step' });
});
afterAll(async () => {
  await b?.stop();
});

test('the legal reviewer returns a contract to pricing review from the task page; the history shows it in both languages', async () => {
  const contract = await submitLegalContract(b.stack.baseUrl!, 'Return to pricing');
  const task = await openTask(b.stack.db, contract.id, 'legal_review');
  const reviewer = await b.openAs(usernameOf(task.assignee_id));
  await reviewer.page.goto(`/tasks/${task.id}`);
  await reviewer.page.getByRole('button', { name: 'Return to step…' }).click();
  const form = reviewer.page.getByRole('group', { name: 'Return to an earlier step' });
  const select = form.getByLabel('Step', { exact: true });
  expect(await select.locator('option').allTextContents()).toEqual(['Choose a step', 'Credit check', 'Compliance screening', 'Pricing review', 'Sales manager approval']);
  await select.selectOption('pricing_review');
  await expectAccessible(reviewer.page, '/tasks/:id with the return form open');

  // No reason yet: the page asks for it and sends nothing.
  await form.getByRole('button', { name: 'Return to this step' }).click();
  expect(await reviewer.page.locator('#decision-comment-error').textContent()).toContain('to return');
  const [before] = await b.stack.db.query(`SELECT status FROM tasks WHERE id = $1`, [task.id]);
  expect(before.status).toBe('open');

  await reviewer.page.getByLabel('Comment', { exact: true }).fill('Price the liability cap into the offer');
  await form.getByRole('button', { name: 'Return to this step' }).click();
  await reviewer.page.getByTestId('decision-result').waitFor();
  expect(await reviewer.page.getByTestId('decision-result').textContent()).toBe('You returned the contract to an earlier step; its approver decides again.');
  await waitFor(async () => (await b.stack.db.query(`SELECT decision FROM tasks WHERE id = $1`, [task.id]))[0].decision === 'return', 'the task decided return');
  await screenshot(reviewer, 'task-returned');

  const alice = await b.openAs('alice');
  await alice.page.goto(`/contracts/${contract.id}`);
  await waitForText(alice.page, 'Returned to Pricing review: “Price the liability cap into the offer”', 'the return in the history');
  const aliceZh = await b.openAs('alice', { language: 'zh-CN' });
  await aliceZh.page.goto(`/contracts/${contract.id}`);
  await waitForText(aliceZh.page, '退回到定价审核：“Price the liability cap into the offer”', 'the return in the Chinese history');

  // Legal review is asked again in the round after the return: a new task.
  const api = http(b.stack.baseUrl!);
  await waitFor(async () => {
    const view = await api('GET', `/api/contracts/${contract.id}`, { token: 'dev-olivia' });
    const legal = view.body.openTasks.find((t: { stepKey: string }) => t.stepKey === 'legal_review');
    return legal && legal.id !== task.id;
  }, 'a new legal review task');
});
