// POST /api/policy/what-if against the real stack on a database of its own (so the window holds
// only this file's contracts): contracts run through the real workflow, people decide their tasks,
// then the what-if with the policy they ran under must decide every recorded step exactly as the
// workflow did, and a draft with 12% discount limits must change exactly the 11% contract's two
// steps. Bad requests are 400s naming the field and rule; reps may not ask.
import { randomUUID } from 'node:crypto';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { aContract, CUSTOMERS, licences } from '../factories/contract.factory';
import { type Api, decide, getContract, openTaskFor, settled, step, submit, token } from '../support/contracts';
import { http, startTestStack, type TestStack } from '../support/stack';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';

jest.setTimeout(300_000);

let fresh: FreshDatabase;
let stack: TestStack;
let api: Api;
const as = (user: string) => ({ token: token(user) });
const ids: Record<string, string> = {};
let from: string;
let to: string;

async function approve(id: string, stepKey: string): Promise<void> {
  const task = openTaskFor(await settled(api, id, stack), stepKey);
  expect((await decide(api, stack, task.id, task.assignee.id, 'approve')).status).toBe(200);
}

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_what_if');
  stack = await startTestStack({ api: true, config: { DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl } });
  api = http(stack.baseUrl!);

  from = new Date(Date.now() - 1_000).toISOString();
  const c = CUSTOMERS.overdue;
  ids.routine = await submit(api, aContract({ title: 'what-if routine' }));
  ids.eleven = await submit(api, aContract({ title: 'what-if 11%', ...licences(20, 8_900) }));
  ids.thirteen = await submit(api, aContract({ title: 'what-if 13%', ...licences(20, 8_700) }));
  ids.overdue = await submit(api, aContract({ title: 'what-if overdue', customer: { name: c.name, registrationNumber: c.registrationNumber, country: c.country } }));
  ids.badAmount = await submit(api, aContract({ title: 'what-if bad amount', amount: 1_000 }));

  // People decide: the 11% contract is approved by the deal desk and the rep's manager; the 13%
  // one is rejected by the deal desk; the overdue customer's credit check stays open.
  await approve(ids.eleven, 'pricing_review');
  await approve(ids.eleven, 'sales_manager_approval');
  const pricing13 = openTaskFor(await settled(api, ids.thirteen, stack), 'pricing_review');
  expect((await decide(api, stack, pricing13.id, pricing13.assignee.id, 'reject', 'too deep')).status).toBe(200);
  for (const id of Object.values(ids)) await settled(api, id, stack);
  to = new Date(Date.now() + 60_000).toISOString();
});

afterAll(async () => {
  await stack?.stop();
  await fresh?.drop();
});

test('the contracts ran as intended on the real workflow', async () => {
  expect((await getContract(api, ids.routine)).status).toBe('approved');
  const eleven = await getContract(api, ids.eleven);
  expect(eleven.status).toBe('approved');
  expect(step(eleven, 'pricing_review')).toMatchObject({ status: 'approved', decidedBy: { kind: 'user' } });
  expect((await getContract(api, ids.thirteen)).status).toBe('rejected');
  const overdue = await getContract(api, ids.overdue);
  expect(step(overdue, 'credit_check').status).toBe('waiting');
  expect((await getContract(api, ids.badAmount)).status).toBe('changes_requested');
});

test('with the policy the contracts ran under, every recorded decision is what the evaluator decides', async () => {
  const res = await api('POST', '/api/policy/what-if', { ...as('olivia'), body: { version: SLIM_POLICY.version, from, to } });
  expect(res.status).toBe(200);
  const body = res.body;
  expect(body).toMatchObject({ version: SLIM_POLICY.version, draftId: null, chainId: 'slim', contracts: 5, contractsChanged: 0, changes: [], changesTruncated: false });
  // Every step the workflow decided (or handed to a person) was compared: none is missing from the
  // evaluator. The rest are the running overdue contract's steps after its credit check, expected.
  const [{ n }] = await stack.db.query(
    `SELECT count(*)::int AS n FROM contract_steps s JOIN contracts c ON c.id = s.contract_id AND c.revision = s.revision
     WHERE c.id = ANY($1::uuid[]) AND s.status NOT IN ('pending', 'in_progress')`,
    [Object.values(ids)],
  );
  expect(body.comparedDecisions - body.expectedDecisions).toBe(n);
  expect(body.expectedDecisions).toBeGreaterThan(0);
  for (const s of body.steps) {
    expect({ step: s.stepKey, a2h: s.automaticToHuman, h2a: s.humanToAutomatic, after: s.automaticAfter }).toEqual({ step: s.stepKey, a2h: 0, h2a: 0, after: s.automaticBefore });
  }
  // The person-asked steps: the 11% contract's two, the 13% contract's pricing, the overdue customer's credit check.
  expect(body.humanTasksByRole).toEqual([
    { role: 'credit_controller', before: 1, after: 1 },
    { role: 'deal_desk', before: 2, after: 2 },
    { role: 'sales_manager', before: 1, after: 1 },
  ]);
  expect(body.automaticShare.before).toBe(body.automaticShare.after);
});

test('a draft raising the discount limits to 12% changes exactly the 11% contract: deal desk and manager no longer asked', async () => {
  const draft = await api('POST', '/api/policy/drafts', { ...as('paula'), body: { fromVersion: SLIM_POLICY.version } });
  expect(draft.status).toBe(201);
  const patched = await api('PATCH', `/api/policy/drafts/${draft.body.id}`, {
    ...as('paula'),
    body: { steps: { pricing_review: { params: { maxDiscountPercent: 12 } }, sales_manager_approval: { params: { maxDiscountPercent: 12 } } } },
  });
  expect(patched.status).toBe(200);
  const res = await api('POST', '/api/policy/what-if', { ...as('paula'), body: { draftId: draft.body.id, from, to } });
  expect(res.status).toBe(200);
  const body = res.body;
  expect(body).toMatchObject({ draftId: draft.body.id, version: null, contracts: 5, contractsChanged: 1 });
  expect(body.changes.map((c: { contractId: string; stepKey: string; before: { kind: string; role?: string }; after: { kind: string } }) => [c.contractId, c.stepKey, c.before.kind, c.before.role, c.after.kind])).toEqual([
    [ids.eleven, 'pricing_review', 'human', 'deal_desk', 'automatic'],
    [ids.eleven, 'sales_manager_approval', 'human', 'sales_manager', 'automatic'],
  ]);
  expect(body.changes[0]).toMatchObject({ title: 'what-if 11%', stepName: 'Pricing review', reason: expect.stringContaining('within 12.00%') });
  const byStep = Object.fromEntries(body.steps.map((s: { stepKey: string }) => [s.stepKey, s]));
  // Compared: routine, 11%, 13% (recorded) and the running overdue contract (expected; rejected and returned ones not reached).
  expect(byStep.pricing_review).toMatchObject({ humanToAutomatic: 1, automaticToHuman: 0, decisions: 4, automaticBefore: 2, automaticAfter: 3 });
  expect(byStep.sales_manager_approval).toMatchObject({ humanToAutomatic: 1, automaticToHuman: 0 });
  expect(byStep.credit_check).toMatchObject({ humanToAutomatic: 0, automaticToHuman: 0 });
  expect(body.humanTasksByRole).toEqual([
    { role: 'credit_controller', before: 1, after: 1 },
    { role: 'deal_desk', before: 2, after: 1 },
    { role: 'sales_manager', before: 1, after: 0 },
  ]);
  expect(body.automaticShare.after).toBeGreaterThan(body.automaticShare.before);
});

describe('bad requests: 400 naming the field and rule; only ops and policy admins', () => {
  const day = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const now = Date.now();
  test.each<[string, Record<string, unknown>, string, string]>([
    ['a date that is not ISO 8601', { version: SLIM_POLICY.version, from: 'yesterday', to: iso(now) }, 'from', 'isIso8601'],
    ['from after to', { version: SLIM_POLICY.version, from: iso(now), to: iso(now - day) }, 'to', 'after_from'],
    ['from equal to to', { version: SLIM_POLICY.version, from: iso(now), to: iso(now) }, 'to', 'after_from'],
    ['a window over 92 days', { version: SLIM_POLICY.version, from: iso(now - 93 * day), to: iso(now) }, 'to', 'max_window'],
    ['neither draft nor version', { from: iso(now - day), to: iso(now) }, 'draftId', 'one_of'],
    ['both draft and version', { draftId: randomUUID(), version: SLIM_POLICY.version, from: iso(now - day), to: iso(now) }, 'draftId', 'one_of'],
    ['an unknown draft', { draftId: randomUUID(), from: iso(now - day), to: iso(now) }, 'draftId', 'known_draft'],
    ['a draft id that is no uuid', { draftId: 'nope', from: iso(now - day), to: iso(now) }, 'draftId', 'isUuid'],
    ['an unknown version', { version: 'slim-1999.1.1', from: iso(now - day), to: iso(now) }, 'version', 'known_version'],
  ])('%s', async (_name, body, field, rule) => {
    const res = await api('POST', '/api/policy/what-if', { ...as('olivia'), body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  });

  test('simulate: true starts the calibrated simulation in the background: 202 { jobId }, readable at /api/policy/what-if/jobs/:id', async () => {
    const res = await api('POST', '/api/policy/what-if', { ...as('olivia'), body: { version: SLIM_POLICY.version, from: iso(now - day), to: iso(now), simulate: true } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ jobId: expect.any(String) });
    const job = await api('GET', `/api/policy/what-if/jobs/${res.body.jobId}`, as('olivia'));
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ id: res.body.jobId, request: { version: SLIM_POLICY.version } });
    expect(['pending', 'running', 'succeeded', 'failed']).toContain(job.body.status);
  });

  test('a rep and a sales manager may not ask', async () => {
    const body = { version: SLIM_POLICY.version, from, to };
    expect((await api('POST', '/api/policy/what-if', { ...as('alice'), body })).status).toBe(403);
    expect((await api('POST', '/api/policy/what-if', { ...as('sam'), body })).status).toBe(403);
  });
});
