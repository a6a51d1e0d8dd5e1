// The task page shows a clause written in Chinese against the library's Chinese standard text,
// character by character (issue 15 item 4): legal sees what changed, not the whole clause struck
// through against the English text.
import { DEMO_CLAUSE_LIBRARY } from '../../src/domain/rules/clause-library.data';
import { openTask, submitLegalContract, usernameOf } from '../task-links/support';
import { type BrowserStack, startBrowserStack } from './support/browser';

jest.setTimeout(240_000);

let b: BrowserStack;

beforeAll(async () => {
  b = await startBrowserStack();
});
afterAll(async () => {
  await b?.stop();
});

test('a Chinese liability clause with a material change is shown against the Chinese standard text, the changed characters marked', async () => {
  const zh = DEMO_CLAUSE_LIBRARY.clauses.find((c) => c.key === 'liability')!.standardTextZh!;
  const contract = await submitLegalContract(b.stack.baseUrl!, 'Chinese liability', zh.replace('十二个月', '六个月'));
  const task = await openTask(b.stack.db, contract.id, 'legal_review');
  const legal = await b.openAs(usernameOf(task.assignee_id));
  await legal.page.goto(`/tasks/${task.id}`);
  const standard = legal.page.getByTestId('standard-liability');
  await standard.waitFor();
  expect((await standard.textContent())?.replace(/\s+/g, '')).toBe(zh);
  expect(await standard.locator('del').allTextContents()).toEqual(['十二']);
  expect(await legal.page.getByTestId('actual-liability').locator('ins').allTextContents()).toEqual(['六']);
});
