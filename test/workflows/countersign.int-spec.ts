// Countersign (会签), or-sign (或签) and quorum on a human step, through the real API, worker,
// PostgreSQL and SMTP on the time-skipping test server. The default policy (slim-2026.12.2)
// countersigns legal review of a contract with more than one material clause deviation by lee and
// lena: each gets a task and a mail; the step waits for both; a reject rejects the contract and
// closes the other task, whose approver is told once; one approver's escalation fires at its real
// business-hour time while the other's decided task does not. Or-sign and a quorum of 2 of 3 run
// on versions activated through the policy API (draft PATCH with `approvers`).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { TestStack } from '../support/stack';
import { aContract } from '../factories/contract.factory';
import { changedLiability, withClause } from '../factories/routing-table';
import { type Api, decide, getContract, settled, step, submit, token } from '../support/contracts';
import { eventsOf, mailsFor, nextWeekdayAt, skipTo, wall, waitForEvents, waitForMail } from '../support/sla';
import { userId } from '../../src/database/seed/demo-organisation';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { workflowsPath } from '../../src/worker';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(300_000);

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;

// Its own database: the versions activated here must not reach other test files.
withApiStack({ freshDatabase: 'gl_countersign' }, (running) => ({ env, stack, api } = running));

const LEE = userId('lee');
const LENA = userId('lena');
const ED = userId('ed');

/** Two material deviations: unlimited liability, and the mandatory termination clause missing. */
const twoDeviations = (title: string) => aContract({ title, clauses: withClause(changedLiability).filter((c) => c.key !== 'termination') });
/** One material deviation: unlimited liability. */
const oneDeviation = (title: string) => aContract({ title, clauses: withClause(changedLiability) });

type Task = { id: string; stepKey: string; assignee: { id: string } };
const legalTasks = (c: { openTasks: Task[] }) => c.openTasks.filter((t) => t.stepKey === 'legal_review');
const taskOf = (c: { openTasks: Task[] }, user: string) => legalTasks(c).find((t) => t.assignee.id === user)!;
const statusOfTask = async (taskId: string) => (await stack.db.query(`SELECT status FROM tasks WHERE id = $1`, [taskId]))[0].status as string;

describe('the default policy: legal review of a contract with two material deviations is countersigned by lee and lena', () => {
  let id: string;
  let monday: number;
  let lee: Task;
  let lena: Task;
  const at = (time: string) => {
    const [h, m] = time.split(':').map(Number);
    return DateTime.fromMillis(monday, { zone: 'Asia/Shanghai' }).set({ hour: h, minute: m }).toMillis();
  };

  test('Monday 10:00: one legal task each for lee and lena, each mailed; the step shows mode all, 0 of 2', async () => {
    monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
    await skipTo(env, monday);
    id = await submit(api, twoDeviations('Countersigned liability'));
    const c = await settled(api, id, stack);
    expect(c.policyVersion).toBe('slim-2026.12.2');
    expect(legalTasks(c).map((t) => t.assignee.id).sort()).toEqual([LEE, LENA].sort());
    lee = taskOf(c, LEE);
    lena = taskOf(c, LENA);
    expect(step(c, 'legal_review')).toMatchObject({ status: 'waiting', taskId: lee.id, approvers: { mode: 'all', required: 2, approved: 0, total: 2, outcome: null } });
    expect(step(c, 'legal_review').approvers.approvers).toEqual([
      expect.objectContaining({ user: { id: LEE, name: 'Lee Huang' }, assignee: { id: LEE, name: 'Lee Huang' }, taskId: lee.id, status: 'open', decidedAt: null, escalationLevel: 0 }),
      expect.objectContaining({ user: { id: LENA, name: 'Lena Fischer' }, taskId: lena.id, status: 'open' }),
    ]);
    expect(wall(step(c, 'legal_review').approvers.approvers[1].dueAt)).toBe(wall(at('18:00')));
    await waitForMail(lee.id, 'lee', ':assigned');
    await waitForMail(lena.id, 'lena', ':assigned');
    expect(await eventsOf(api, id, 'TASK_CREATED')).toEqual(expect.arrayContaining([expect.objectContaining({ stepKey: 'legal_review' })]));
    expect((await eventsOf(api, id, 'TASK_CREATED')).filter((e) => e.stepKey === 'legal_review')).toHaveLength(2);
    // /metrics counts each approver's open task on the step (this database holds only this contract so far).
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(metrics).toContain('greenlight_tasks_open{step="legal_review"} 2\n');
  });

  test('10:30 lee approves (a double click is one decision): the step waits for lena, 1 of 2; the step JSON is the closing-note artefact', async () => {
    await skipTo(env, at('10:30'));
    const clicks = await Promise.all([decide(api, stack, lee.id, LEE, 'approve', 'Liability acceptable with the cap rider'), decide(api, stack, lee.id, LEE, 'approve', 'Liability acceptable with the cap rider')]);
    expect(clicks.map((r) => r.status)).toContain(200);
    for (const r of clicks) expect([200, 409]).toContain(r.status);
    const c = await settled(api, id, stack);
    const legal = step(c, 'legal_review');
    expect(legal).toMatchObject({ status: 'waiting', reason: 'Countersign (all): waiting; 1 of 2 approved', approvers: { approved: 1, total: 2, outcome: null } });
    expect(legal.approvers.approvers[0]).toMatchObject({ status: 'approved', decidedBy: { id: LEE }, comment: 'Liability acceptable with the cap rider' });
    expect(legal.approvers.approvers[1]).toMatchObject({ status: 'open', decidedAt: null });
    expect(legalTasks(c).map((t) => t.id)).toEqual([lena.id]);
    expect(await eventsOf(api, id, 'TASK_DECIDED', lee.id)).toHaveLength(1);
    expect(await eventsOf(api, id, 'STEP_APPROVERS_DECIDED')).toEqual([]);
    // With COUNTERSIGN_STEP_OUT set, the step as the API shows it is written there (for documentation).
    if (process.env.COUNTERSIGN_STEP_OUT) writeFileSync(process.env.COUNTERSIGN_STEP_OUT, `${JSON.stringify(legal, null, 2)}\n`);
  });

  test('18:00 (8 business hours): lena’s task escalates to ed, not before; lee’s decided task does not', async () => {
    await skipTo(env, at('17:59'));
    expect(await eventsOf(api, id, 'TASK_ESCALATED')).toEqual([]);
    await skipTo(env, at('18:01'));
    const [escalated] = await waitForEvents(api, id, 'TASK_ESCALATED', 1, lena.id);
    expect(escalated.data).toMatchObject({ level: 1, toUserId: ED, assigneeId: LENA });
    expect(wall(escalated.occurredAt)).toBe(wall(at('18:00')));
    expect(await eventsOf(api, id, 'TASK_ESCALATED', lee.id)).toEqual([]);
    await waitForMail(lena.id, 'ed', ':escalated:1');
    const c = await getContract(api, id);
    expect(step(c, 'legal_review').approvers.approvers[1]).toMatchObject({ escalationLevel: 1, escalatedTo: [{ id: ED, name: expect.any(String) }] });
  });

  test('ed approves in lena’s place: the step is approved once, by both approvals; lena is told', async () => {
    expect((await decide(api, stack, lena.id, ED, 'approve')).status).toBe(200);
    const c = await settled(api, id, stack);
    expect(step(c, 'legal_review')).toMatchObject({ status: 'approved', decidedBy: { kind: 'user', id: ED }, reason: 'Countersign (all): approved; 2 of 2 approved', approvers: { approved: 2, outcome: 'approved' } });
    const [decided] = await eventsOf(api, id, 'STEP_APPROVERS_DECIDED');
    expect(decided.data).toMatchObject({ mode: 'all', outcome: 'approved', approvals: 2 });
    expect(await eventsOf(api, id, 'STEP_APPROVERS_DECIDED')).toHaveLength(1);
    await waitForMail(lena.id, 'lena', ':decided-elsewhere:');
  });

  test('sam approves the sales-manager step (a clause deviation): the contract is approved; its history (patched countersign) replays', async () => {
    const sam = (await getContract(api, id)).openTasks.find((t: Task) => t.stepKey === 'sales_manager_approval') as Task;
    expect((await decide(api, stack, sam.id, sam.assignee.id, 'approve')).status).toBe(200);
    expect((await settled(api, id, stack)).status).toBe('approved');
    const handle = stack.client.workflow.getHandle(contractWorkflowId(id));
    await handle.result();
    const history = await handle.fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: workflowsPath(), replayName: 'countersign' }, history)).resolves.toBeUndefined();
  });
});

describe('countersign: one approver rejects', () => {
  test('the contract is rejected, the other approver’s task is cancelled and they are told once', async () => {
    const id = await submit(api, twoDeviations('Countersign rejected'));
    const c0 = await settled(api, id, stack);
    const [lee, lena] = [taskOf(c0, LEE), taskOf(c0, LENA)];
    expect((await decide(api, stack, lena.id, LENA, 'reject', 'Unlimited liability is not acceptable')).status).toBe(200);
    const c = await settled(api, id, stack);
    expect(c.status).toBe('rejected');
    expect(step(c, 'legal_review')).toMatchObject({ status: 'rejected', decidedBy: { id: LENA }, approvers: { outcome: 'rejected' } });
    expect(step(c, 'legal_review').approvers.approvers.map((a: { status: string }) => a.status)).toEqual(['closed', 'rejected']);
    expect(await statusOfTask(lee.id)).toBe('cancelled');
    expect(c.openTasks).toEqual([]);
    expect(await eventsOf(api, id, 'TASK_CANCELLED', lee.id)).toHaveLength(1);
    await waitForMail(lena.id, 'lee', ':decided-elsewhere:');
    expect((await mailsFor(lena.id, 'lee')).filter((m) => JSON.stringify(m).includes('decided-elsewhere'))).toHaveLength(1);
    // Lee's late click is refused, not a second decision.
    expect((await decide(api, stack, lee.id, LEE, 'approve')).status).toBe(409);
  });
});

describe('one material deviation: one legal task, as before', () => {
  test('legal review goes to one counsel with no approvers', async () => {
    const id = await submit(api, oneDeviation('One deviation'));
    const c = await settled(api, id, stack);
    expect(legalTasks(c)).toHaveLength(1);
    expect(step(c, 'legal_review')).toMatchObject({ status: 'waiting', approvers: null });
  });
});

/** Activates a version whose legal review has these approvers (no `when`: whenever legal asks a person). */
async function activateApprovers(approvers: Record<string, unknown>): Promise<string> {
  const as = { token: token('paula') };
  const draft = await api('POST', '/api/policy/drafts', { ...as, body: { fromVersion: SLIM_POLICY.version } });
  expect(draft.status).toBe(201);
  const bad = await api('PATCH', `/api/policy/drafts/${draft.body.id}`, { ...as, body: { steps: { legal_review: { approvers: { ...approvers, mode: 'quorum', count: 0 } } } } });
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'steps[7].approvers.count', rule: 'range' })]);
  const patched = await api('PATCH', `/api/policy/drafts/${draft.body.id}`, { ...as, body: { steps: { legal_review: { approvers } } } });
  expect(patched.status).toBe(200);
  const activated = await api('POST', `/api/policy/drafts/${draft.body.id}/activate`, { ...as, body: {} });
  expect(activated.status).toBe(200);
  return activated.body.version as string;
}

describe('or-sign (或签): the first decision wins', () => {
  test('lena approves first: the step is approved, lee’s task is closed and lee is told once', async () => {
    const version = await activateApprovers({ mode: 'any', from: { users: [LEE, LENA] } });
    const id = await submit(api, oneDeviation('Or-signed'));
    const c0 = await settled(api, id, stack);
    expect(c0.policyVersion).toBe(version);
    const [lee, lena] = [taskOf(c0, LEE), taskOf(c0, LENA)];
    expect(step(c0, 'legal_review').approvers).toMatchObject({ mode: 'any', required: 1, total: 2 });
    expect((await decide(api, stack, lena.id, LENA, 'approve')).status).toBe(200);
    const c = await settled(api, id, stack);
    expect(step(c, 'legal_review')).toMatchObject({ status: 'approved', reason: 'Or-sign (any): approved; 1 of 2 approved', approvers: { outcome: 'approved' } });
    expect(legalTasks(c)).toEqual([]);
    expect(await statusOfTask(lee.id)).toBe('cancelled');
    await waitForMail(lena.id, 'lee', ':decided-elsewhere:');
    expect((await mailsFor(lena.id, 'lee')).filter((m) => JSON.stringify(m).includes('decided-elsewhere'))).toHaveLength(1);
    expect((await decide(api, stack, lee.id, LEE, 'approve')).status).toBe(409);
  });
});

describe('quorum 2 of 3, with a reject arriving first', () => {
  test('lee rejects: still waiting; lena and ed approve: the step is approved with 2 of 3', async () => {
    const version = await activateApprovers({ mode: 'quorum', count: 2, from: { users: [LEE, LENA, ED] } });
    const id = await submit(api, oneDeviation('Quorum'));
    const c0 = await settled(api, id, stack);
    expect(c0.policyVersion).toBe(version);
    const [lee, lena, ed] = [taskOf(c0, LEE), taskOf(c0, LENA), taskOf(c0, ED)];
    expect((await decide(api, stack, lee.id, LEE, 'reject', 'Not without a cap')).status).toBe(200);
    let c = await settled(api, id, stack);
    expect(c.status).toBe('in_review');
    expect(step(c, 'legal_review')).toMatchObject({ status: 'waiting', approvers: { mode: 'quorum', required: 2, approved: 0, outcome: null } });
    expect((await decide(api, stack, lena.id, LENA, 'approve')).status).toBe(200);
    c = await settled(api, id, stack);
    expect(step(c, 'legal_review').status).toBe('waiting');
    expect((await decide(api, stack, ed.id, ED, 'approve')).status).toBe(200);
    c = await settled(api, id, stack);
    expect(step(c, 'legal_review')).toMatchObject({ status: 'approved', reason: 'Quorum (2 of 3): approved; 2 of 3 approved, 1 rejected', approvers: { approved: 2, outcome: 'approved' } });
    expect(c.status).toBe('in_review'); // sam's sales-manager task (a clause deviation) is still open
  });
});

describe('approvers named by role', () => {
  test('every holder of legal_counsel gets a task (lee and lena); both approve and the step is approved', async () => {
    const version = await activateApprovers({ mode: 'all', from: { role: 'legal_counsel' } });
    const id = await submit(api, oneDeviation('Countersigned by role'));
    const c0 = await settled(api, id, stack);
    expect(c0.policyVersion).toBe(version);
    expect(legalTasks(c0).map((t) => t.assignee.id).sort()).toEqual([LEE, LENA].sort());
    expect(step(c0, 'legal_review').approvers).toMatchObject({ mode: 'all', required: 2, total: 2 });
    const [created] = await eventsOf(api, id, 'TASK_CREATED');
    expect(created).toBeTruthy();
    for (const user of [LEE, LENA]) expect((await decide(api, stack, taskOf(c0, user).id, user, 'approve')).status).toBe(200);
    const c = await settled(api, id, stack);
    expect(step(c, 'legal_review')).toMatchObject({ status: 'approved', approvers: { approved: 2, outcome: 'approved' } });
  });
});
