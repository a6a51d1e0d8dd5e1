// Return to a chosen step (退回到指定节点, src/domain/chain/return-to-step.ts) end to end on the
// time-skipping test server, through the real HTTP API, PostgreSQL and SMTP: the sales manager
// returns a contract to pricing review, a legal reviewer returns one while finance waits, and the
// API's 400s for a bad toStep. With RETURN_HISTORY_OUT set, the first contract's history (GET
// /api/contracts/:id/history, what the contract page shows) is written there.
import { writeFileSync } from 'node:fs';
import type { TestStack } from '../support/stack';
import { aContract, licences } from '../factories/contract.factory';
import { type Api, getContract, openTaskFor, settled, step, submit, token, usernameOf } from '../support/contracts';
import { changedLiability, withClause } from '../factories/routing-table';
import { waitForMail } from '../support/mail';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(180_000);

let stack: TestStack;
let api: Api;

withApiStack({}, (running) => ({ stack, api } = running));

async function decideAs(task: { id: string; assignee: { id: string } }, body: Record<string, unknown>) {
  const as = await usernameOf(stack, task.assignee.id);
  return api('POST', `/api/tasks/${task.id}/decision`, { token: token(as), body });
}

test('the sales manager returns to pricing review: deal desk decides again, earlier steps keep their decisions, the manager is asked again, the contract is approved', async () => {
  const id = await submit(api, aContract(licences(20, 8_800)));
  let c = await settled(api, id, stack);
  const pricing = openTaskFor(c, 'pricing_review');
  expect((await decideAs(pricing, { decision: 'approve' })).status).toBe(200);
  c = await settled(api, id, stack);
  const manager = openTaskFor(c, 'sales_manager_approval');
  const before = Object.fromEntries(c.steps.map((s: any) => [s.key, s]));

  // The task view offers the steps the policy allows.
  const view = await api('GET', `/api/tasks/${manager.id}`, { token: token(await usernameOf(stack, manager.assignee.id)) });
  expect(view.body.returnTargets.map((t: any) => t.key)).toEqual(['credit_check', 'compliance_screening', 'pricing_review']);

  const body = { decision: 'return', toStep: 'pricing_review', comment: 'The discount needs a second look at the floor price' };
  const [first, second] = await Promise.all([decideAs(manager, body), decideAs(manager, body)]);
  // A double click answers like the first; another decision on the decided task is refused as today.
  expect([first.status, second.status]).toEqual([200, 200]);
  expect((await decideAs(manager, { decision: 'approve' })).body.code).toBe('TASK_ALREADY_DECIDED');

  c = await settled(api, id, stack);
  expect(c).toMatchObject({ status: 'in_review', revision: 1 });
  const again = openTaskFor(c, 'pricing_review');
  expect(again.id).not.toBe(pricing.id);
  expect(c.openTasks.map((t: any) => t.stepKey)).toEqual(['pricing_review']);
  // Steps before the target's stage are as they were; the parallel reviews keep their decision from this revision.
  for (const key of ['intake_check', 'credit_check', 'compliance_screening', 'clause_validation']) {
    expect(step(c, key)).toMatchObject({ status: before[key].status, decidedBy: before[key].decidedBy, completedAt: before[key].completedAt });
  }
  for (const key of ['legal_review', 'finance_review', 'tax_review', 'delivery_review']) {
    expect(step(c, key)).toMatchObject({ status: 'auto_approved', keptFromRevision: 1, decidedBy: { kind: 'rule', id: before[key].decidedBy.id } });
  }
  expect(step(c, 'pricing_review')).toMatchObject({ status: 'waiting', revision: 1 });
  expect(step(c, 'sales_manager_approval').status).toBe('pending');
  const [closed] = await stack.db.query(`SELECT status, decision, comment FROM tasks WHERE id = $1`, [manager.id]);
  expect(closed).toEqual({ status: 'decided', decision: 'return', comment: body.comment });

  // Deal desk's new task mail says it was returned, by whom and why.
  const dana = await usernameOf(stack, again.assignee.id);
  const mail = await waitForMail((m) => m.text.includes(body.comment) && m.subject.includes('Returned'), { what: `the returned task's mail to ${dana}` });
  expect(mail.text).toMatch(/returned contract .* from step "Sales manager approval" to step "Pricing review"/);

  expect((await decideAs(again, { decision: 'approve', comment: 'Floor price checked' })).status).toBe(200);
  c = await settled(api, id, stack);
  const managerAgain = openTaskFor(c, 'sales_manager_approval');
  expect(managerAgain.id).not.toBe(manager.id);
  expect(step(c, 'pricing_review')).toMatchObject({ status: 'approved', decidedBy: { kind: 'user', id: again.assignee.id } });
  expect(step(c, 'pricing_review').keptFromRevision).toBeNull();
  expect((await decideAs(managerAgain, { decision: 'approve' })).status).toBe(200);
  c = await settled(api, id, stack);
  expect(c).toMatchObject({ status: 'approved', revision: 1 });

  const history = (await api('GET', `/api/contracts/${id}/history`, { token: token('alice') })).body;
  const returned = history.filter((e: any) => e.type === 'CONTRACT_RETURNED_TO_STEP');
  expect(returned).toHaveLength(1);
  expect(returned[0]).toMatchObject({ stepKey: 'sales_manager_approval', actor: { kind: 'user', id: manager.assignee.id }, data: { fromStep: 'sales_manager_approval', toStep: 'pricing_review', comment: body.comment, revision: 1, round: 1 } });
  expect(history.filter((e: any) => e.type === 'TASK_CREATED' && e.stepKey === 'pricing_review')).toHaveLength(2);
  expect(history.some((e: any) => e.type === 'CHANGES_REQUESTED')).toBe(false);
  if (process.env.RETURN_HISTORY_OUT) {
    writeFileSync(process.env.RETURN_HISTORY_OUT, `${JSON.stringify({ contract: await getContract(api, id), history }, null, 2)}\n`);
  }
});

test('legal review returns to pricing review while finance waits: finance is cancelled and asked again by its inputs, legal asked again', async () => {
  const id = await submit(api, aContract({ clauses: withClause(changedLiability), paymentTermsDays: 90 }));
  let c = await settled(api, id, stack);
  const legal = openTaskFor(c, 'legal_review');
  const finance = openTaskFor(c, 'finance_review');
  const res = await decideAs(legal, { decision: 'return', toStep: 'pricing_review', comment: 'Price the liability cap into the offer' });
  expect(res.status).toBe(200);
  c = await settled(api, id, stack);
  const [cancelled] = await stack.db.query(`SELECT status FROM tasks WHERE id = $1`, [finance.id]);
  expect(cancelled.status).toBe('cancelled');
  expect(c).toMatchObject({ status: 'in_review', revision: 1 });
  // Pricing review's rule decided it again (the discount is routine); finance's inputs ask a person again.
  expect(step(c, 'pricing_review')).toMatchObject({ status: 'auto_approved', decidedBy: { kind: 'rule' } });
  expect(step(c, 'tax_review')).toMatchObject({ status: 'auto_approved', keptFromRevision: 1 });
  expect(c.openTasks.map((t: any) => t.stepKey).sort()).toEqual(['finance_review', 'legal_review', 'sales_manager_approval']);
  expect(openTaskFor(c, 'finance_review').id).not.toBe(finance.id);
  expect(openTaskFor(c, 'legal_review').id).not.toBe(legal.id);
  const history = (await api('GET', `/api/contracts/${id}/history`, { token: token('alice') })).body;
  expect(history.find((e: any) => e.type === 'TASK_CANCELLED' && e.data.taskId === finance.id).data.reason).toBe('contract returned to an earlier step');
});

test('a bad toStep is a 400 naming toStep, and nothing changes', async () => {
  const id = await submit(api, aContract(licences(20, 8_800)));
  let c = await settled(api, id, stack);
  const pricing = openTaskFor(c, 'pricing_review');
  const cases: [Record<string, unknown>, string][] = [
    [{ decision: 'return', comment: 'x' }, 'required'],
    [{ decision: 'return', toStep: 'no_such_step', comment: 'x' }, 'known_step'],
    [{ decision: 'return', toStep: 'sales_manager_approval', comment: 'x' }, 'earlier_step'],
    [{ decision: 'return', toStep: 'intake_check', comment: 'x' }, 'allowed_by_policy'],
  ];
  for (const [body, rule] of cases) {
    const res = await decideAs(pricing, body);
    expect({ status: res.status, code: res.body.code, field: res.body.details?.field, rule: res.body.details?.rule }).toEqual({ status: 400, code: 'RETURN_TARGET_INVALID', field: 'toStep', rule });
  }
  // A return needs its reason.
  expect((await decideAs(pricing, { decision: 'return', toStep: 'credit_check' })).body.code).toBe('COMMENT_REQUIRED');
  expect((await decideAs(pricing, { decision: 'return', toStep: 'credit_check', comment: 42 })).status).toBe(400);
  c = await getContract(api, id);
  expect(openTaskFor(c, 'pricing_review').id).toBe(pricing.id);

  // None of the refused requests returned anything (an older policy, without returnTo, refuses like the last case: return-to-step.spec.ts).
  const [row] = await stack.db.query(`SELECT COUNT(*)::int AS n FROM audit_events WHERE contract_id = $1 AND type = 'CONTRACT_RETURNED_TO_STEP'`, [id]);
  expect(row.n).toBe(0);
});
