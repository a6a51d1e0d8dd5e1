// /api/policy against the real stack on a database of its own (activating a version changes what
// every new contract takes, so it must not share the suite's database): drafts are made, changed
// and validated (400 naming the field and rule, nothing stored), activated (audited, now or from a
// future instant); a NEW contract takes the new version while a contract started under the old
// one finishes under it on the real workflow; reading is for ops and policy admins, writing for
// policy admins only.
import { sha256Hex, stableUuid } from '../../src/common/ids';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { PolicyService } from '../../src/reference/policy.service';
import { aContract, licences } from '../factories/contract.factory';
import { type Api, decide, getContract, openTaskFor, settled, step, submit, token } from '../support/contracts';
import { http, startTestStack, type TestStack } from '../support/stack';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';

jest.setTimeout(180_000);

let fresh: FreshDatabase;
let stack: TestStack;
let api: Api;
const OPS_ONLY = 'ops-reader';

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_policy_api');
  stack = await startTestStack({ api: true, config: { DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl } });
  api = http(stack.baseUrl!);
  // A user who holds only ops: may read policies, not change them.
  const id = stableUuid('greenlight-user', OPS_ONLY);
  await stack.db.query(`INSERT INTO users (id, username, display_name, email, roles) VALUES ($1, $2, 'Ops Reader', 'ops-reader@greenlight.example', '{ops}')`, [id, OPS_ONLY]);
  await stack.db.query(`INSERT INTO api_tokens (user_id, token_hash, label, is_dev) VALUES ($1, $2, 'dev token', true)`, [id, sha256Hex(token(OPS_ONLY))]);
});

afterAll(async () => {
  await stack?.stop();
  await fresh?.drop();
});

const as = (user: string) => ({ token: token(user) });
/** 20 licences at 8,900 (list 10,000): an 11% discount, above the shipped 10% limits for pricing and the sales manager. */
const elevenPercent = () => aContract(licences(20, 8_900));

async function newDraft(user = 'paula', fromVersion = SLIM_POLICY.version): Promise<string> {
  const res = await api('POST', '/api/policy/drafts', { ...as(user), body: { fromVersion } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

test('the shipped versions are seeded: the newest in force, the older ones superseded', async () => {
  const res = await api('GET', '/api/policy/versions', as('olivia'));
  expect(res.status).toBe(200);
  const byVersion = Object.fromEntries(res.body.map((v: { version: string; status: string; source: string }) => [v.version, v]));
  expect(byVersion[SLIM_POLICY.version]).toMatchObject({ status: 'in_force', source: 'code' });
  expect(byVersion['slim-2026.12.1']).toMatchObject({ status: 'superseded', source: 'code' });
  expect(byVersion['slim-2026.11.1']).toMatchObject({ status: 'superseded', source: 'code' });
  const one = await api('GET', '/api/policy/versions/slim-2026.11.1', as('paula'));
  expect(one.status).toBe(200);
  expect(one.body.policy.version).toBe('slim-2026.11.1');
  expect((await api('GET', '/api/policy/versions/slim-1999.1.1', as('paula'))).status).toBe(404);
});

describe('permissions', () => {
  test('a rep and a sales manager may not read; ops may read but not write; policy admins write', async () => {
    expect((await api('GET', '/api/policy/versions', as('alice'))).body.code).toBe('FORBIDDEN');
    expect((await api('GET', '/api/policy/versions', as('sam'))).status).toBe(403);
    expect((await api('GET', '/api/policy/versions', as(OPS_ONLY))).status).toBe(200);
    const refused = await api('POST', '/api/policy/drafts', { ...as(OPS_ONLY), body: { fromVersion: SLIM_POLICY.version } });
    expect(refused.status).toBe(403);
    const draftId = await newDraft('olivia');
    expect((await api('GET', `/api/policy/drafts/${draftId}`, as(OPS_ONLY))).status).toBe(200);
    expect((await api('PATCH', `/api/policy/drafts/${draftId}`, { ...as(OPS_ONLY), body: { steps: { legal_review: { slaBusinessHours: 12 } } } })).status).toBe(403);
    expect((await api('POST', `/api/policy/drafts/${draftId}/activate`, { ...as('sam'), body: {} })).status).toBe(403);
  });
});

describe('a draft is validated completely: 400 naming the field and rule, nothing stored', () => {
  test('thresholds out of range, unknown roles, unknown steps, bad shapes, unknown versions', async () => {
    const draftId = await newDraft();
    const before = (await api('GET', `/api/policy/drafts/${draftId}`, as('paula'))).body.policy;
    const bad = await api('PATCH', `/api/policy/drafts/${draftId}`, {
      ...as('paula'),
      body: { steps: { pricing_review: { params: { maxDiscountPercent: 120 } }, legal_review: { assignee: { kind: 'role', role: 'wizard' } } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'steps[5].params.maxDiscountPercent', rule: 'range' }),
        expect.objectContaining({ field: 'steps[7].assignee.role', rule: 'unknown_role' }),
      ]),
    );
    const stages = await api('PATCH', `/api/policy/drafts/${draftId}`, { ...as('paula'), body: { stages: [...SLIM_POLICY.stages].reverse() } });
    expect(stages.status).toBe(400);
    expect(stages.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'order' })]));
    const unknownStep = await api('PATCH', `/api/policy/drafts/${draftId}`, { ...as('paula'), body: { steps: { vibe_check: { slaBusinessHours: 4 } } } });
    expect(unknownStep.status).toBe(400);
    expect(unknownStep.body.errors).toEqual([expect.objectContaining({ field: 'steps.vibe_check', rule: 'known_step' })]);
    const shape = await api('PATCH', `/api/policy/drafts/${draftId}`, { ...as('paula'), body: { steps: { legal_review: { sla: 4 } } } });
    expect(shape.status).toBe(400);
    expect(shape.body.errors).toEqual([expect.objectContaining({ field: 'steps.legal_review.sla' })]);
    expect((await api('GET', `/api/policy/drafts/${draftId}`, as('paula'))).body.policy).toEqual(before);

    const unknownFrom = await api('POST', '/api/policy/drafts', { ...as('paula'), body: { fromVersion: 'slim-1999.1.1' } });
    expect(unknownFrom.status).toBe(400);
    expect(unknownFrom.body.errors).toEqual([expect.objectContaining({ field: 'fromVersion', rule: 'known_version' })]);
    const past = await api('POST', `/api/policy/drafts/${draftId}/activate`, { ...as('paula'), body: { activeFrom: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'activeFrom', rule: 'not_past' })]);
  });
});

test('activation: audited; a new contract takes the new version, a contract started under the old one finishes under it', async () => {
  // Contract A starts under the version in force: its 11% discount needs the deal desk.
  const a = await submit(api, elevenPercent());
  let contractA = await settled(api, a, stack);
  expect(contractA.policyVersion).toBe(SLIM_POLICY.version);
  const pricingTask = openTaskFor(contractA, 'pricing_review');

  // Paula raises the pricing and sales-manager discount limits to 12% and gives legal 12 hours.
  const draftId = await newDraft();
  const patched = await api('PATCH', `/api/policy/drafts/${draftId}`, {
    ...as('paula'),
    body: { steps: { pricing_review: { params: { maxDiscountPercent: 12 } }, sales_manager_approval: { params: { maxDiscountPercent: 12 } }, legal_review: { slaBusinessHours: 12 } } },
  });
  expect(patched.status).toBe(200);
  expect(patched.body.policy.steps[5].params.maxDiscountPercent).toBe(12);
  const activated = await api('POST', `/api/policy/drafts/${draftId}/activate`, { ...as('paula'), body: {} });
  expect(activated.status).toBe(200);
  const version = activated.body.version as string;
  expect(activated.body).toMatchObject({ status: 'in_force', source: 'api', fromVersion: SLIM_POLICY.version });
  expect(activated.body.policy.version).toBe(version);
  expect((await api('GET', '/api/policy', as('alice'))).body.version).toBe(version);

  const [audit] = await stack.db.query(`SELECT actor_kind, actor_id, contract_id, data FROM audit_events WHERE type = 'POLICY_ACTIVATED'`);
  expect(audit).toMatchObject({ actor_kind: 'user', actor_id: stableUuid('greenlight-user', 'paula'), contract_id: null });
  expect(audit.data).toMatchObject({ version, fromVersion: SLIM_POLICY.version, draftId });
  expect(audit.data.changes).toEqual(expect.arrayContaining([{ path: 'steps.pricing_review.params.maxDiscountPercent', kind: 'changed', from: 10, to: 12 }]));

  // Another process's PolicyService (another API replica, a reconciler with a database) loaded
  // before the activation finds the version after its reload, which asking for it starts.
  const elsewhere = new PolicyService(stack.config, stack.db);
  expect(() => elsewhere.byVersion(version)).toThrow(/not loaded yet/);
  await elsewhere.refresh();
  expect(elsewhere.byVersion(version).steps[5].params.maxDiscountPercent).toBe(12);

  const diff = await api('GET', `/api/policy/diff?from=${SLIM_POLICY.version}&to=${version}`, as('olivia'));
  expect(diff.status).toBe(200);
  // In step order, nothing else (descriptions, stages and every other step are equal).
  expect(diff.body.changes).toEqual([
    { path: 'steps.pricing_review.params.maxDiscountPercent', kind: 'changed', from: 10, to: 12 },
    { path: 'steps.sales_manager_approval.params.maxDiscountPercent', kind: 'changed', from: 10, to: 12 },
    { path: 'steps.legal_review.slaBusinessHours', kind: 'changed', from: 8, to: 12 },
  ]);
  // A version is immutable, and a draft once activated is no longer one.
  await expect(stack.db.query(`UPDATE policy_versions SET policy = '{}'::jsonb WHERE version = $1`, [version])).rejects.toThrow(/immutable/);
  expect((await api('PATCH', `/api/policy/drafts/${draftId}`, { ...as('paula'), body: { description: 'again' } })).status).toBe(404);

  // Contract B, submitted now, takes the new version: 11% is within its limits.
  const b = await submit(api, elevenPercent());
  const contractB = await settled(api, b, stack);
  expect(contractB.policyVersion).toBe(version);
  expect(step(contractB, 'pricing_review').status).toBe('auto_approved');
  expect(step(contractB, 'sales_manager_approval').status).toBe('auto_approved');
  expect(contractB.status).toBe('approved');

  // Contract A keeps the version it started under: after the deal desk approves, its sales manager is still asked.
  expect((await decide(api, stack, pricingTask.id, pricingTask.assignee.id, 'approve')).status).toBe(200);
  contractA = await settled(api, a, stack);
  const managerTask = openTaskFor(contractA, 'sales_manager_approval');
  expect((await decide(api, stack, managerTask.id, managerTask.assignee.id, 'approve')).status).toBe(200);
  contractA = await settled(api, a, stack);
  expect(contractA.status).toBe('approved');
  expect(contractA.policyVersion).toBe(SLIM_POLICY.version);
  expect(step(contractA, 'sales_manager_approval').decidedBy).toMatchObject({ kind: 'user' });
  expect(await getContract(api, b)).toMatchObject({ policyVersion: version });
});

test('a version activated from a future instant is scheduled; new contracts keep the one in force until then', async () => {
  const inForce = (await api('GET', '/api/policy', as('alice'))).body.version as string;
  const draftId = await newDraft('olivia', inForce);
  expect((await api('PATCH', `/api/policy/drafts/${draftId}`, { ...as('olivia'), body: { autoApproveOnTimeout: ['tax_review'] } })).status).toBe(200);
  const activeFrom = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
  const res = await api('POST', `/api/policy/drafts/${draftId}/activate`, { ...as('olivia'), body: { activeFrom } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'scheduled', activeFrom });
  expect((await api('GET', '/api/policy', as('alice'))).body.version).toBe(inForce);
  const c = await submit(api, aContract());
  expect((await settled(api, c, stack)).policyVersion).toBe(inForce);
});

test('GET /api/policy/drafts lists the open drafts, the most recently changed first; an activated one leaves the list', async () => {
  const ids = async (user = 'paula') => ((await api('GET', '/api/policy/drafts', as(user))).body as { id: string }[]).map((d) => d.id);
  const older = await newDraft('paula');
  const newer = await newDraft('paula');
  expect((await api('PATCH', `/api/policy/drafts/${older}`, { ...as('paula'), body: { description: 'Legal in 12 hours' } })).status).toBe(200);
  const listed = await api('GET', '/api/policy/drafts', as('paula'));
  expect(listed.status).toBe(200);
  const mine = (listed.body as { id: string }[]).filter((d) => d.id === older || d.id === newer);
  // The one just changed comes first, with its description and where it came from.
  expect(mine[0]).toMatchObject({ id: older, fromVersion: SLIM_POLICY.version, description: 'Legal in 12 hours' });
  expect(mine[1]).toMatchObject({ id: newer });
  expect(await ids(OPS_ONLY)).toEqual(expect.arrayContaining([older, newer]));
  expect((await api('GET', '/api/policy/drafts', as('alice'))).status).toBe(403);

  const inForce = (await api('GET', '/api/policy', as('alice'))).body.version as string;
  const current = await newDraft('paula', inForce);
  expect((await api('POST', `/api/policy/drafts/${current}/activate`, { ...as('paula'), body: { activeFrom: new Date(Date.now() + 30 * 24 * 3600_000).toISOString() } })).status).toBe(200);
  expect(await ids()).not.toContain(current);
  expect(await ids()).toEqual(expect.arrayContaining([older, newer]));
});
