// Approvers added to a running contract (POST /api/contracts/:id/approvers) and ops reassigning a
// waiting task (POST /api/tasks/:id/reassign), through the real API, worker, PostgreSQL and SMTP
// on the time-skipping test server: the added step's task, mail, SLA reminder at its real time,
// the contract approved only once the added approver approves; a repeated request adds one step;
// the 400/409 table; a reassigned task goes to the new holder, is mailed and audited.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import type { TestStack } from '../support/stack';
import { aContract } from '../factories/contract.factory';
import { type Api, decide, getContract, openTaskFor, settled, step, submit, token } from '../support/contracts';
import { ensureTestUser, eventsOf, nextWeekdayAt, skipTo, wall, waitForEvents, waitForMail } from '../support/sla';
import { userId } from '../../src/database/seed/demo-organisation';
import { workflowsPath } from '../../src/worker';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(240_000);

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;

// Its own database: lena's added tasks must not weigh on legal routing in other test files.
withApiStack({ freshDatabase: 'gl_ad_hoc_approvers' }, (running) => ({ env, stack, api } = running));

/** Payment terms over 60 days: finance_review waits for fiona; everything else is automatic. */
async function financeContract(title: string) {
  const id = await submit(api, aContract({ title, paymentTermsDays: 90 }));
  const contract = await settled(api, id, stack);
  return { id, task: openTaskFor(contract, 'finance_review') };
}

const addApprover = (id: string, body: Record<string, unknown>, as = 'olivia') => api('POST', `/api/contracts/${id}/approvers`, { token: token(as), body });
const reassign = (taskId: string, body: Record<string, unknown>, as = 'olivia') => api('POST', `/api/tasks/${taskId}/reassign`, { token: token(as), body });
const keys = (c: { steps: { key: string }[] }) => c.steps.map((s) => s.key);

describe('an approver added after a waiting step: task, mail, SLA reminder, and the contract waits for them', () => {
  let id: string;
  let monday: number;
  let lenaTask: { id: string; assignee: { id: string } };
  const at = (time: string) => {
    const [h, m] = time.split(':').map(Number);
    return DateTime.fromMillis(monday, { zone: 'Asia/Shanghai' }).set({ hour: h, minute: m }).toMillis();
  };
  const request = { userId: userId('lena'), stepAfter: 'finance_review', reason: 'The liability cap is unusual: also ask Lena from legal' };

  test('Monday 10:00: ops add lena after finance_review (waiting for fiona); the step shows after it, pending, with who added it and why', async () => {
    monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
    await skipTo(env, monday);
    const finance = await financeContract('Ad-hoc legal look');
    id = finance.id;
    const res = await addApprover(id, request);
    expect(res.status).toBe(200);
    const c = res.body;
    expect(keys(c).indexOf('adhoc_1')).toBe(keys(c).indexOf('finance_review') + 1);
    expect(step(c, 'adhoc_1')).toMatchObject({
      status: 'pending',
      adHoc: true,
      name: 'Additional approval: Lena Fischer',
      addedBy: { id: userId('olivia'), name: 'Olivia Wu' },
      addedReason: request.reason,
    });
    expect(step(c, 'finance_review')).toMatchObject({ adHoc: false, addedBy: null });
    const [added] = await eventsOf(api, id, 'APPROVER_ADDED');
    expect(added).toMatchObject({ stepKey: 'adhoc_1', actor: { kind: 'user', id: userId('olivia') } });
    expect(added.data).toMatchObject({ userId: userId('lena'), role: 'legal_counsel', stepAfter: 'finance_review', reason: request.reason, slaBusinessHours: 8 });
  });

  test('the same request again (a double click, a retry) adds no second step', async () => {
    const again = await Promise.all([addApprover(id, request), addApprover(id, request)]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    const c = await getContract(api, id);
    expect(keys(c).filter((k) => k.startsWith('adhoc_'))).toEqual(['adhoc_1']);
    expect(await eventsOf(api, id, 'APPROVER_ADDED')).toHaveLength(1);
  });

  test('fiona approves: the contract is not approved; lena gets the added step’s task and its mail, due 18:00 (8 business hours)', async () => {
    const c0 = await getContract(api, id);
    expect((await decide(api, stack, openTaskFor(c0, 'finance_review').id, userId('fiona'), 'approve')).status).toBe(200);
    const c = await settled(api, id, stack);
    expect(c.status).toBe('in_review');
    expect(step(c, 'finance_review').status).toBe('approved');
    lenaTask = openTaskFor(c, 'adhoc_1');
    expect(lenaTask.assignee.id).toBe(userId('lena'));
    expect(step(c, 'adhoc_1')).toMatchObject({ status: 'waiting', inputs: { adHoc: true, addedBy: userId('olivia'), reason: request.reason } });
    expect(wall(step(c, 'adhoc_1').sla.dueAt)).toBe(wall(at('18:00')));
    expect(step(c, 'adhoc_1').sla.reminders.map((r: { at: string }) => wall(r.at))).toEqual([wall(at('14:00')), wall(at('17:12'))]);
    const mail = await waitForMail(lenaTask.id, 'lena', ':assigned');
    expect(mail.subject).toContain('Ad-hoc legal look');
    const [created] = await eventsOf(api, id, 'TASK_CREATED', lenaTask.id);
    expect(created.stepKey).toBe('adhoc_1');
  });

  test('14:00 (50% of the SLA): the reminder goes to lena, not before', async () => {
    await skipTo(env, at('13:59'));
    expect(await eventsOf(api, id, 'TASK_REMINDER_SENT', lenaTask.id)).toEqual([]);
    await skipTo(env, at('14:01'));
    const [reminder] = await waitForEvents(api, id, 'TASK_REMINDER_SENT', 1, lenaTask.id);
    expect(reminder.data).toMatchObject({ fraction: 0.5, toUserId: userId('lena') });
    expect(wall(reminder.occurredAt)).toBe(wall(at('14:00')));
    expect(await waitForMail(lenaTask.id, 'lena', ':reminder:0.5')).toBeTruthy();
  });

  test('lena approves: now the contract is approved; adding an approver to it is 409 CONTRACT_ALREADY_CLOSED', async () => {
    expect((await decide(api, stack, lenaTask.id, userId('lena'), 'approve')).status).toBe(200);
    const c = await settled(api, id, stack);
    expect(c.status).toBe('approved');
    expect(step(c, 'adhoc_1')).toMatchObject({ status: 'approved', decidedBy: { kind: 'user', id: userId('lena') } });
    const late = await addApprover(id, { ...request, reason: 'one more' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CONTRACT_ALREADY_CLOSED');
  });

  test('its history (the addApprover Update, the added step, patched ad-hoc-approvers) replays on the current workflow code', async () => {
    const history = await stack.client.workflow.getHandle(contractWorkflowId(id)).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: workflowsPath(), replayName: 'ad-hoc-approvers' }, history)).resolves.toBeUndefined();
  });
});

describe('what adding an approver refuses', () => {
  let id: string;
  let inactive: string;
  beforeAll(async () => {
    ({ id } = await financeContract('Refusals'));
    inactive = await ensureTestUser(stack.db, { username: 'gone', roles: [], manager: null });
  });
  const ok = { userId: userId('lena'), stepAfter: 'finance_review', reason: 'second opinion' };

  test.each([
    ['an unknown user', { userId: '00000000-0000-4000-8000-000000000000' }, 'userId', 'exists'],
    ['a user id that is no UUID', { userId: 'lena' }, 'userId', 'isUuid'],
    // alice, the submitting rep, holds no role that approves (a submitter who does is refused by the workflow too: ad-hoc-step.spec.ts).
    ['a user holding no approving role', { userId: userId('alice') }, 'userId', 'approver'],
    ['a missing reason', { reason: undefined }, 'reason', 'isString'],
    ['a blank reason', { reason: '   ' }, 'reason', 'matches'],
    ['an unknown step', { stepAfter: 'no_such_step' }, 'stepAfter', 'exists'],
    ['a closing step', { stepAfter: 'order_creation' }, 'stepAfter', 'allowed'],
  ])('%s: 400 naming the field', async (_what, change, field, rule) => {
    const res = await addApprover(id, { ...ok, ...change });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  });

  test('an inactive user (holds no role): 400 naming userId', async () => {
    const res = await addApprover(id, { ...ok, userId: inactive });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'userId', rule: 'active' })]);
  });

  test('a step already decided in this revision (intake_check): 409 AD_HOC_STEP_PASSED', async () => {
    const res = await addApprover(id, { ...ok, stepAfter: 'intake_check' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'AD_HOC_STEP_PASSED', details: { stepAfter: 'intake_check', status: 'auto_approved' } });
  });

  test('a rep may not add approvers (403); nothing was added by any refusal', async () => {
    const res = await addApprover(id, ok, 'alice');
    expect(res.status).toBe(403);
    const c = await getContract(api, id);
    expect(keys(c).filter((k) => k.startsWith('adhoc_'))).toEqual([]);
    expect(await eventsOf(api, id, 'APPROVER_ADDED')).toEqual([]);
  });
});

describe('ops reassign a waiting task', () => {
  test('refusals: not ops 403, no holder of the role 400, the current holder 409, no reason 400; then an added approver’s task moves from lena to lee, mailed and audited; a decided task is 409', async () => {
    const { id, task } = await financeContract('Reassigned');
    expect((await reassign(task.id, { toUserId: userId('frank'), reason: 'away' }, 'fiona')).status).toBe(403);
    const wrongRole = await reassign(task.id, { toUserId: userId('frank'), reason: 'away' });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.errors).toEqual([expect.objectContaining({ field: 'toUserId', rule: 'holdsRole' })]);
    const same = await reassign(task.id, { toUserId: userId('fiona'), reason: 'again' });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('ALREADY_ASSIGNED');
    const noReason = await reassign(task.id, { toUserId: userId('fiona') });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));

    expect((await addApprover(id, { userId: userId('lena'), stepAfter: 'finance_review', reason: 'legal look' }, 'olivia')).status).toBe(200);
    expect((await decide(api, stack, task.id, userId('fiona'), 'approve')).status).toBe(200);
    const lenaTask = openTaskFor(await settled(api, id, stack), 'adhoc_1');
    expect(lenaTask.assignee.id).toBe(userId('lena'));
    // The added step needs legal_counsel (the role lena was added in): fiona does not hold it.
    const notLegal = await reassign(lenaTask.id, { toUserId: userId('fiona'), reason: 'lena is away' });
    expect(notLegal.status).toBe(400);

    const moved = await reassign(lenaTask.id, { toUserId: userId('lee'), reason: 'Lena is on leave this week' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: lenaTask.id, status: 'open', assigneeId: userId('lee') });
    const [delegated] = await eventsOf(api, id, 'TASK_DELEGATED', lenaTask.id);
    expect(delegated.actor).toEqual({ kind: 'user', id: userId('olivia') });
    expect(delegated.data).toMatchObject({ fromUserId: userId('lena'), toUserId: userId('lee'), comment: 'Lena is on leave this week' });
    expect(await waitForMail(lenaTask.id, 'lee', ':delegated:')).toBeTruthy();
    expect(openTaskFor(await getContract(api, id), 'adhoc_1').assignee.id).toBe(userId('lee'));

    expect((await decide(api, stack, lenaTask.id, userId('lee'), 'approve')).status).toBe(200);
    expect((await settled(api, id, stack)).status).toBe('approved');
    const decided = await reassign(lenaTask.id, { toUserId: userId('lena'), reason: 'back' });
    expect(decided.status).toBe(409);
    expect(decided.body.code).toBe('TASK_ALREADY_DECIDED');
  });
});
