// Clauses checked by meaning (issue 15 item 4) through the real API and workflow on the
// time-skipping server: under the policy in force, cosmetic edits to the liability clause and the
// Chinese standard wording go through without a lawyer, a material edit still opens a legal
// task; the routing preview says the same before submission.
import type { TestStack } from '../support/stack';
import { aContract, AUTOMATIC_STEP_STATUSES, STANDARD_CLAUSES } from '../factories/contract.factory';
import { withClause } from '../factories/routing-table';
import { type Api, getContract, settled, step, submit, token } from '../support/contracts';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { DEMO_CLAUSE_LIBRARY } from '../../src/domain/rules/clause-library.data';
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(180_000);

let stack: TestStack;
let api: Api;

withApiStack({}, (running) => ({ stack, api } = running));

const standard = (key: string) => DEMO_CLAUSE_LIBRARY.clauses.find((c) => c.key === key)!;
const preview = async (body: ContractSubmission) => {
  const res = await api('POST', '/api/contracts/preview', { token: token('alice'), body });
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.steps.map((s: { key: string; mode: string }) => [s.key, s.mode]));
};

test('a contract with only cosmetic edits to its liability clause is approved without a legal task', async () => {
  // Numbering, a synonym the library lists, an extra comma, doubled spaces and a typographic apostrophe.
  const text = `1. ${standard('liability').standardText.replace('this Agreement', 'this contract').replace('twelve months', 'twelve  months,').replace("party's", 'party\u2019s')}`;
  const submission = aContract({ title: 'Cosmetic liability edits', clauses: withClause({ key: 'liability', text }) });
  expect((await preview(submission)).legal_review).toBe('automatic');

  const id = await submit(api, submission);
  const c = await settled(api, id, stack);
  expect(c.status).toBe('approved');
  expect(c.policyVersion).toBe(SLIM_POLICY.version);
  expect(c.openTasks).toEqual([]);
  expect(Object.fromEntries(c.steps.map((s: any) => [s.key, s.status]))).toEqual(AUTOMATIC_STEP_STATUSES);
  expect(step(c, 'legal_review').reason).toBe('Only cosmetic changes to standard clauses: Limitation of liability (numbering, quotes, synonym, punctuation)');
  expect(step(c, 'sales_manager_approval').status).toBe('auto_approved');
  expect(step(c, 'clause_validation').reason).toBe(`0 material deviations and 1 cosmetic change recorded against clause library ${DEMO_CLAUSE_LIBRARY.version}`);
});

test('a contract whose clauses are the Chinese standard texts is approved without a legal task', async () => {
  const clauses = STANDARD_CLAUSES.map((c) => ({ key: c.key, text: standard(c.key).standardTextZh! }));
  const submission = aContract({ title: '中文标准条款', clauses });
  expect((await preview(submission)).legal_review).toBe('automatic');
  const id = await submit(api, submission);
  const c = await settled(api, id, stack);
  expect(c.status).toBe('approved');
  expect(step(c, 'legal_review')).toMatchObject({ status: 'auto_approved', reason: 'All clauses match the standard library' });
});

test('a material edit (a longer liability period) still goes to legal counsel and the sales manager', async () => {
  const text = standard('liability').standardText.replace('twelve months', 'twenty-four months');
  const submission = aContract({ title: 'Longer liability period', clauses: withClause({ key: 'liability', text }) });
  const previewed = await preview(submission);
  expect(previewed.legal_review).toBe('person');
  expect(previewed.sales_manager_approval).toBe('person');
  const id = await submit(api, submission);
  const c = await settled(api, id, stack);
  expect(c.status).toBe('in_review');
  expect(c.openTasks.map((t: { stepKey: string }) => t.stepKey).sort()).toEqual(['legal_review', 'sales_manager_approval']);
  expect(step(c, 'legal_review').reason).toBe(
    "1 clause deviation: Limitation of liability clause changes the standard text materially: removed 'twelve' (number), added 'twenty-four' (number)",
  );
  expect((await getContract(api, id)).policyVersion).toBe(SLIM_POLICY.version);
});
