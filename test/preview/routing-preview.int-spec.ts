// POST /api/contracts/preview against the workflow: for the automatic contract, a contract intake
// returns to the rep, and every row of the engine's routing table (test/factories/routing-table),
// the preview is asked first, then the same body is submitted and every task approved; per step,
// the preview's mode must be what the workflow decided (a person, a rule, skipped, returned, not
// reached). Also: the preview stores nothing, takes the submission's validation, and is for reps.
import type { TestStack } from '../support/stack';
import { aContract } from '../factories/contract.factory';
import { aNewUscc } from '../factories/uscc.factory';
import { changedLiability, ROUTING, withClause } from '../factories/routing-table';
import { type Api, decide, settled, submit, token } from '../support/contracts';
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(180_000);

let stack: TestStack;
let api: Api;

withApiStack({}, (running) => ({ stack, api } = running));

const preview = (body: unknown, as = 'alice') => api('POST', '/api/contracts/preview', { token: token(as), body });

/** Approves every open task wave by wave until the contract leaves review. */
async function approveAll(id: string): Promise<any> {
  for (let wave = 0; wave < 10; wave++) {
    const c = await settled(api, id, stack);
    if (c.status !== 'in_review') return c;
    for (const t of c.openTasks) expect((await decide(api, stack, t.id, t.assignee.id, 'approve')).status).toBe(200);
  }
  throw new Error('too many waves');
}

/** What the workflow made of each step, in the preview's words. */
function decidedModes(contract: any): Record<string, string> {
  const mode = (s: any) => {
    if (s.decidedBy?.kind === 'user') return 'person';
    return { auto_approved: 'automatic', skipped: 'skipped', changes_requested: 'returned', pending: 'not_reached' }[s.status as string] ?? `unexpected ${s.status}`;
  };
  return Object.fromEntries(contract.steps.map((s: any) => [s.key, mode(s)]));
}

async function expectAgreement(submission: ContractSubmission): Promise<any> {
  const p = await preview(submission);
  expect(p.status).toBe(200);
  const id = await submit(api, submission);
  const contract = await approveAll(id);
  const previewed = Object.fromEntries(p.body.steps.map((s: any) => [s.key, s.mode]));
  expect(previewed).toEqual(decidedModes(contract));
  expect(p.body.policyVersion).toBe(contract.policyVersion);
  return p.body;
}

test('the automatic contract: every step automatic or skipped, no person, as the workflow decides', async () => {
  const body = await expectAgreement(aContract({ title: 'Preview: automatic' }));
  expect(body.summary).toMatchObject({ person: 0, returned: 0, not_reached: 0 });
  expect(body.summary.automatic + body.summary.skipped).toBe(15);
  expect(body.steps.map((s: any) => s.number)).toEqual(expect.arrayContaining([1, 15]));
});

test('intake problems: returned at intake, nothing after it reached, as the workflow decides', async () => {
  const body = await expectAgreement(
    aContract({ amount: 180_000, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 6 }, { sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: 1, taxRatePercent: 6 }] }),
  );
  const intake = body.steps.find((s: any) => s.key === 'intake_check');
  expect(intake).toMatchObject({ mode: 'returned', outcome: 'return_to_rep' });
  expect(intake.problems.join('\n')).toMatch(/NO-SUCH-SKU/);
});

describe('every row of the routing table', () => {
  test.each(ROUTING)('$row ($why): the preview names the same person steps as the workflow', async ({ submission, humans }) => {
    const body = await expectAgreement(submission());
    expect(body.steps.filter((s: any) => s.mode === 'person').map((s: any) => s.key).sort()).toEqual(Object.keys(humans).sort());
    expect(body.summary.person).toBe(Object.keys(humans).length);
  });
});

test('legal review names the reason a person is needed, and who', async () => {
  const res = await preview(aContract({ clauses: withClause(changedLiability) }));
  const legal = res.body.steps.find((s: any) => s.key === 'legal_review');
  expect(legal).toMatchObject({ mode: 'person', outcome: 'human', assigneeRole: 'legal_counsel', ruleId: expect.stringMatching(/^legal_review\./) });
  expect(legal.reason).toMatch(/liability/);
});

test('the preview stores nothing: no contract, no customer for an unknown registration number', async () => {
  const reg = aNewUscc();
  const [{ n: before }] = await stack.db.query(`SELECT count(*)::int AS n FROM contracts`);
  const res = await preview(aContract({ customer: { name: 'Preview Only Ltd', registrationNumber: reg, country: 'CN' } }));
  expect(res.status).toBe(200);
  expect(res.body.steps.find((s: any) => s.key === 'credit_check').mode).toBe('person');
  const [{ n: after }] = await stack.db.query(`SELECT count(*)::int AS n FROM contracts`);
  expect(after).toBe(before);
  expect(await stack.db.query(`SELECT 1 FROM customers WHERE registration_number = $1`, [reg])).toHaveLength(0);
});

test('bad bodies get the same 400s as a submission, naming the field', async () => {
  const empty = await preview({});
  expect(empty.status).toBe(400);
  const fields = empty.body.errors.map((e: { field: string }) => e.field);
  expect(fields).toEqual(expect.arrayContaining(['title', 'customer', 'lines']));
  const badLine = await preview({ ...aContract(), lines: [{ sku: 'GL-LIC-STD', quantity: -1, unitPrice: 9_500, taxRatePercent: 6 }] });
  expect(badLine.status).toBe(400);
  expect(badLine.body.errors.map((e: { field: string }) => e.field)).toContain('lines[0].quantity');
  const submitted = await api('POST', '/api/contracts', { token: token('alice'), body: {} });
  expect(submitted.body.errors).toEqual(empty.body.errors);
});

test('only reps preview; unauthenticated callers get 401', async () => {
  const res = await preview(aContract(), 'olivia');
  expect(res.status).toBe(403);
  expect(res.body.code).toBe('FORBIDDEN');
  expect((await api('POST', '/api/contracts/preview', { body: aContract() })).status).toBe(401);
});
