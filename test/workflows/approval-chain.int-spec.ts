// The 15-step chain end to end on the time-skipping test server, through the real HTTP API,
// PostgreSQL and SMTP: every routing row of the policy, rejection, rework with smart
// re-approval, withdrawal, self-approval rerouting, duplicate decisions and parallel tracks.
import type { TestStack } from '../support/stack';
import { aContract, AUTOMATIC_STEP_STATUSES, CUSTOMERS, licences } from '../factories/contract.factory';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { type Api, decide, getContract, openTaskFor, settled, step, submit, token, usernameOf } from '../support/contracts';
import { changedLiability, ROUTING, withClause } from '../factories/routing-table';
import { stableUuid, sha256Hex } from '../../src/common/ids';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(180_000);

let stack: TestStack;
let api: Api;

withApiStack({}, (running) => ({ stack, api } = running));


/** Approves every open task wave by wave; returns which steps needed a human and who got them. */
async function approveAll(id: string): Promise<{ contract: any; humans: Record<string, string> }> {
  const humans: Record<string, string> = {};
  for (let wave = 0; wave < 10; wave++) {
    const c = await settled(api, id, stack);
    if (c.status !== 'in_review') return { contract: c, humans };
    for (const t of c.openTasks) {
      humans[t.stepKey] = await usernameOf(stack, t.assignee.id);
      const res = await decide(api, stack, t.id, t.assignee.id, 'approve');
      expect(res.status).toBe(200);
    }
  }
  throw new Error('too many waves');
}

describe('automatic path', () => {
  test('a standard contract is approved without a human: rules decide 1-13, bots create the document and the order', async () => {
    const id = await submit(api, aContract());
    const { contract, humans } = await approveAll(id);
    expect(humans).toEqual({});
    expect(contract.status).toBe('approved');
    expect(contract.policyVersion).toBe(SLIM_POLICY.version);
    expect(contract.discountPercent).toBe(5);
    const statuses = Object.fromEntries(contract.steps.map((s: any) => [s.key, s.status]));
    expect(statuses).toEqual(AUTOMATIC_STEP_STATUSES);
    for (const s of contract.steps) {
      expect(s.decidedBy.kind).toBe('rule');
      expect(s.decidedBy.id).toMatch(new RegExp(`^${s.key}\\.`));
      expect(s.reason).toBeTruthy();
    }
    expect(step(contract, 'credit_check').inputs).toMatchObject({ amount: 190000 });
    expect(contract.order.orderNumber).toMatch(/^SO-\d+$/);
    expect(contract.completedAt).toBeTruthy();
    const doc = await fetch(`${stack.baseUrl}/api/contracts/${id}/document`, { headers: { authorization: `Bearer ${token('alice')}` } });
    expect(doc.status).toBe(200);
    const html = await doc.text();
    expect(html).toContain('Harbour licences');
    expect(html).toContain(CUSTOMERS.good.name.replace(/'/g, '&#39;'));
  });

  test('intake problems return the contract to the rep with the list of problems', async () => {
    const id = await submit(api, aContract({ amount: 180_000, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 6 }, { sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: 1, taxRatePercent: 6 }] }));
    const c = await settled(api, id, stack);
    expect(c.status).toBe('changes_requested');
    expect(step(c, 'intake_check').status).toBe('changes_requested');
    expect(c.problems.join('\n')).toMatch(/NO-SUCH-SKU/);
    expect(c.problems.join('\n')).toMatch(/amount/i);
    expect(step(c, 'customer_capture').status).toBe('pending');
  });
});

describe('each row of the chain routes to its human exactly as specified', () => {
  test.each(ROUTING)('$row goes to a human when $why', async ({ row, submission, humans }) => {
    const id = await submit(api, submission());
    const { contract, humans: got } = await approveAll(id);
    expect(contract.status).toBe('approved');
    expect(Object.keys(got).sort()).toEqual(Object.keys(humans).sort());
    for (const [key, who] of Object.entries(humans)) {
      if (Array.isArray(who)) expect(who).toContain(got[key]);
      else expect(got[key]).toBe(who);
    }
    const s = step(contract, row);
    expect(s.status).toBe('approved');
    expect(s.decidedBy.kind).toBe('user');
    expect(s.reason).toMatch(/^Approved by/);
    // Every step a human did not decide was decided by a rule with a readable reason.
    for (const other of contract.steps.filter((x: any) => !(x.key in humans))) {
      expect(other.decidedBy?.kind).toBe('rule');
      expect(['auto_approved', 'skipped']).toContain(other.status);
    }
    // The task explains why a human was needed.
    const history = (await api('GET', `/api/contracts/${id}/history`, { token: token('olivia') })).body;
    const created = history.filter((e: any) => e.type === 'TASK_CREATED' && e.stepKey === row);
    expect(created).toHaveLength(1);
    expect(created[0].data.reason).toBeTruthy();
    expect(created[0].data.ruleId).toMatch(new RegExp(`^${row}\\.`));
  });
});

describe('human decisions', () => {
  test('reject ends the contract as rejected and cancels the other open tasks', async () => {
    const id = await submit(api, aContract({ clauses: withClause(changedLiability), paymentTermsDays: 90 }));
    let c = await settled(api, id, stack);
    const legal = openTaskFor(c, 'legal_review');
    const finance = openTaskFor(c, 'finance_review');
    expect((await decide(api, stack, legal.id, legal.assignee.id, 'reject')).body.code).toBe('COMMENT_REQUIRED');
    const res = await decide(api, stack, legal.id, legal.assignee.id, 'reject', 'Unlimited liability is not acceptable');
    expect(res.status).toBe(200);
    c = await settled(api, id, stack);
    expect(c.status).toBe('rejected');
    expect(step(c, 'legal_review')).toMatchObject({ status: 'rejected', comment: 'Unlimited liability is not acceptable' });
    expect(c.openTasks).toEqual([]);
    const [row] = await stack.db.query(`SELECT status FROM tasks WHERE id = $1`, [finance.id]);
    expect(row.status).toBe('cancelled');
    expect(step(c, 'regional_director_approval').status).toBe('pending');
    expect(c.order).toBeNull();
  });

  test('request changes, revise, and only the steps whose inputs changed are decided again', async () => {
    const id = await submit(api, aContract({ clauses: withClause(changedLiability), paymentTermsDays: 90 }));
    let c = await settled(api, id, stack);
    const legal = openTaskFor(c, 'legal_review');
    expect((await decide(api, stack, legal.id, legal.assignee.id, 'approve')).status).toBe(200);
    const finance = openTaskFor(c, 'finance_review');
    expect((await decide(api, stack, finance.id, finance.assignee.id, 'request_changes', 'Payment terms must be 60 days or less')).status).toBe(200);
    c = await settled(api, id, stack);
    expect(c.status).toBe('changes_requested');

    // Only the submitting rep revises.
    expect((await api('POST', `/api/contracts/${id}/revisions`, { token: token('olivia'), body: { paymentTermsDays: 45 } })).status).toBe(409);
    const revised = await api('POST', `/api/contracts/${id}/revisions`, { token: token('alice'), body: { paymentTermsDays: 45, comment: 'Terms reduced to 45 days' } });
    expect(revised.status).toBe(200);
    c = await settled(api, id, stack);
    // The sales manager still has to approve (clause deviation), but legal keeps its approval.
    const sm = openTaskFor(c, 'sales_manager_approval');
    expect(c.revision).toBe(2);
    const legalStep = step(c, 'legal_review');
    expect(legalStep).toMatchObject({ status: 'approved', keptFromRevision: 1, revision: 2 });
    expect(legalStep.reason).toMatch(/^Kept from revision 1: inputs unchanged/);
    const financeStep = step(c, 'finance_review');
    expect(financeStep.status).toBe('auto_approved');
    expect(financeStep.reason).toMatch(/Inputs changed since revision 1; decided again/);
    expect((await decide(api, stack, sm.id, sm.assignee.id, 'approve')).status).toBe(200);
    c = await settled(api, id, stack);
    expect(c.status).toBe('approved');
    const history = (await api('GET', `/api/contracts/${id}/history`, { token: token('alice') })).body;
    expect(history.some((e: any) => e.type === 'STEP_DECISION_KEPT' && e.stepKey === 'legal_review' && e.revision === 2)).toBe(true);
    expect(history.find((e: any) => e.type === 'CONTRACT_REVISED').data.changedFields).toEqual(['paymentTermsDays']);
    expect(c.timing.reworkHours).toBeGreaterThanOrEqual(0);
  });

  test('the rep withdraws: the contract ends as withdrawn and open tasks are cancelled', async () => {
    const id = await submit(api, aContract({ paymentTermsDays: 90 }));
    const c = await settled(api, id, stack);
    const task = openTaskFor(c, 'finance_review');
    expect((await api('POST', `/api/contracts/${id}/withdraw`, { token: token('bob'), body: {} })).status).toBe(404);
    const res = await api('POST', `/api/contracts/${id}/withdraw`, { token: token('alice'), body: { reason: 'Customer postponed' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    expect(res.body.openTasks).toEqual([]);
    const [row] = await stack.db.query(`SELECT status FROM tasks WHERE id = $1`, [task.id]);
    expect(row.status).toBe('cancelled');
    const again = await api('POST', `/api/contracts/${id}/withdraw`, { token: token('alice'), body: {} });
    expect(again.status).toBe(200);
    const late = await decide(api, stack, task.id, task.assignee.id, 'approve');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TASK_ALREADY_DECIDED');
  });

  test('a submitter who holds the role never gets the task: it goes to their manager', async () => {
    const rexId = stableUuid('greenlight-test-user', 'rex');
    await stack.db.query(
      `INSERT INTO users (id, username, display_name, email, roles, manager_id) VALUES ($1, 'rex', 'Rex Deal', 'rex@greenlight.example', '{rep,deal_desk}', $2) ON CONFLICT (id) DO NOTHING`,
      [rexId, stableUuid('greenlight-user', 'frank')],
    );
    await stack.db.query(`INSERT INTO api_tokens (user_id, token_hash, label, is_dev) VALUES ($1, $2, 'test', true) ON CONFLICT DO NOTHING`, [rexId, sha256Hex('dev-rex')]);
    const id = await submit(api, aContract({ ...licences(20, 9_000), lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 8_400, taxRatePercent: 6 }], amount: 168_000 }), 'rex');
    const c = await settled(api, id, stack);
    const pricing = openTaskFor(c, 'pricing_review');
    expect(await usernameOf(stack, pricing.assignee.id)).toBe('frank');
    const self = await api('POST', `/api/tasks/${pricing.id}/decision`, { token: 'dev-rex', body: { decision: 'approve' } });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('SELF_APPROVAL_FORBIDDEN');
    const [task] = await stack.db.query(`SELECT routing_note FROM tasks WHERE id = $1`, [pricing.id]);
    expect(task.routing_note).toMatch(/manager of the submitter rex/);
  });

  test('double clicks, retries and concurrent decisions record one decision; others get 409 with a code', async () => {
    const id = await submit(api, aContract({ clauses: withClause(changedLiability) }));
    const c = await settled(api, id, stack);
    const legal = openTaskFor(c, 'legal_review');
    const sm = openTaskFor(c, 'sales_manager_approval');
    // Someone unrelated cannot even see the task; the rep and another approver are refused with a reason.
    expect((await api('POST', `/api/tasks/${legal.id}/decision`, { token: token('tom'), body: { decision: 'approve' } })).status).toBe(404);
    expect((await api('POST', `/api/tasks/${legal.id}/decision`, { token: token('alice'), body: { decision: 'approve' } })).body.code).toBe('SELF_APPROVAL_FORBIDDEN');
    const notMine = await decide(api, stack, legal.id, sm.assignee.id, 'approve');
    expect(notMine.status).toBe(409);
    expect(notMine.body.code).toBe('NOT_ASSIGNEE');

    const results = await Promise.all([1, 2, 3].map(() => decide(api, stack, legal.id, legal.assignee.id, 'approve')));
    expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200]));
    for (const r of results) expect([200, 409]).toContain(r.status);
    const conflicting = await decide(api, stack, legal.id, legal.assignee.id, 'reject', 'changed my mind');
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.code).toBe('TASK_ALREADY_DECIDED');
    expect(conflicting.body.details.decision).toBe('approve');
    const [{ n }] = await stack.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE type = 'TASK_DECIDED' AND data->>'taskId' = $1`, [legal.id]);
    expect(n).toBe(1);
  });

  test('parallel tracks are all awaited before the next stage starts', async () => {
    const id = await submit(api, aContract({ clauses: withClause(changedLiability), paymentTermsDays: 90, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 13 }] }));
    let c = await settled(api, id, stack);
    // pricing auto-approved, so the manager's task is open beside legal, finance and tax.
    expect(c.openTasks.map((t: any) => t.stepKey).sort()).toEqual(['finance_review', 'legal_review', 'sales_manager_approval', 'tax_review']);
    for (const key of ['legal_review', 'finance_review', 'sales_manager_approval']) {
      const t = openTaskFor(c, key);
      expect((await decide(api, stack, t.id, t.assignee.id, 'approve')).status).toBe(200);
    }
    c = await settled(api, id, stack);
    expect(c.status).toBe('in_review');
    expect(c.openTasks.map((t: any) => t.stepKey)).toEqual(['tax_review']);
    expect(step(c, 'regional_director_approval').status).toBe('pending');
    const tax = openTaskFor(c, 'tax_review');
    expect((await decide(api, stack, tax.id, tax.assignee.id, 'approve')).status).toBe(200);
    c = await settled(api, id, stack);
    expect(c.status).toBe('approved');
    expect(step(c, 'regional_director_approval').status).toBe('skipped');
  });
});

describe('object-level authorization', () => {
  test('reps see their own contracts, approvers those they hold tasks on, ops everything', async () => {
    const id = await submit(api, aContract({ paymentTermsDays: 90 }));
    await settled(api, id, stack);
    expect((await api('GET', `/api/contracts/${id}`, { token: token('bob') })).status).toBe(404);
    expect((await api('GET', `/api/contracts/${id}`, { token: token('fiona') })).status).toBe(200);
    expect((await api('GET', `/api/contracts/${id}`, { token: token('tom') })).status).toBe(404);
    expect((await api('GET', `/api/contracts/${id}`, { token: token('olivia') })).status).toBe(200);
    const bobs = await api('GET', '/api/contracts?pageSize=100', { token: token('bob') });
    expect(bobs.body.items.map((x: any) => x.id)).not.toContain(id);
    const fionas = await api('GET', '/api/contracts?status=in_review&step=finance_review', { token: token('fiona') });
    expect(fionas.body.items.map((x: any) => x.id)).toContain(id);
    const task = (await getContract(api, id)).openTasks[0];
    expect((await api('GET', `/api/tasks/${task.id}`, { token: token('bob') })).status).toBe(404);
    expect((await api('GET', `/api/tasks/${task.id}`, { token: token('fiona') })).status).toBe(200);
    const mine = await api('GET', '/api/tasks', { token: token('fiona') });
    expect(mine.body.map((t: any) => t.id)).toContain(task.id);
  });
});
