// Who a task goes to and when it is due, changed while the workflow runs, on the time-skipping
// test server through the real API: out-of-office routing, escalation that skips the submitter,
// a manager deciding at level 1, explicit delegation, and ops moving a running deadline.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { http, startTestStack, type TestStack } from '../support/stack';
import { aContract, CUSTOMERS, licences } from '../factories/contract.factory';
import { type Api, decide, getContract, openTaskFor, settled, step, submit, token } from '../support/contracts';
import { ensureTestUser, eventsOf, mailsFor, nextWeekdayAt, type OpenTaskView, ORG_ZONE, skipTo, slaOf, testUserId, wall, waitForEvents, waitForMail } from '../support/sla';
import { userId } from '../../src/database/seed/demo-organisation';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;

// A small sales team of test users. reese is a rep who manages dex: when reese submits, a task
// that reaches dex must never escalate to reese. Only the sales_manager role, which no step
// draws from a pool, so no demo task ever lands on them.
//   reese (rep) → mona (sales_manager) → rita → ed
//   dex (sales_manager) → reese → mona → rita
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  stack = await startTestStack({ env, api: true });
  api = http(stack.baseUrl!);
  await ensureTestUser(stack.db, { username: 'mona', roles: ['sales_manager'], manager: 'rita' });
  await ensureTestUser(stack.db, { username: 'reese', roles: ['rep'], manager: 'mona' });
  await ensureTestUser(stack.db, { username: 'dex', roles: ['sales_manager'], manager: 'reese' });
});

afterAll(async () => {
  await stack?.db.query(`UPDATE users SET ooo_from = NULL, ooo_to = NULL, ooo_delegate_id = NULL WHERE id = $1`, [testUserId('mona')]).catch(() => undefined);
  await stack?.stop();
  await env?.teardown();
});

const [mona, dex] = ['mona', 'dex'].map(testUserId);
const large = CUSTOMERS.large;
/** 1,045,000 CNY: the sales manager (the submitter's manager) must approve; every other step is automatic. */
const salesManagerContract = (title: string) =>
  aContract({ title, customer: { name: large.name, registrationNumber: large.registrationNumber, country: large.country }, ...licences(110, 9_500) });
/** Payment terms over 60 days: finance_review for fiona (manager frank → ed). */
const financeContract = (title: string) => aContract({ title, paymentTermsDays: 90 });

/** Shanghai wall-clock time on the Monday of a scenario, `days` later. */
function on(monday: number, days: number, time: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromMillis(monday, { zone: ORG_ZONE }).plus({ days }).set({ hour, minute }).toMillis();
}
const isoAt = (ms: number) => DateTime.fromMillis(ms, { zone: ORG_ZONE }).toISO()!;

describe('out of office, and escalation past the submitter', () => {
  let monday: number;
  let id: string;
  let task: OpenTaskView;

  test('mona is out of office when the task is created: it goes to her delegate dex, and the history keeps both', async () => {
    monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
    // Away on Monday morning only; back before the task is due.
    const away = await api('PUT', '/api/users/me/out-of-office', {
      token: token('mona'),
      body: { from: isoAt(on(monday, 0, '09:00')), to: isoAt(on(monday, 0, '12:00')), delegateUserId: dex },
    });
    expect(away.status).toBe(200);
    expect(away.body.outOfOffice.delegateUserId).toBe(dex);
    const notSameRole = await api('PUT', '/api/users/me/out-of-office', {
      token: token('mona'),
      body: { from: isoAt(on(monday, 0, '09:00')), to: isoAt(on(monday, 0, '12:00')), delegateUserId: userId('tom') },
    });
    expect(notSameRole.status).toBe(409);
    expect(notSameRole.body.code).toBe('DELEGATE_ROLE_MISMATCH');

    await skipTo(env, monday);
    id = await submit(api, salesManagerContract('Away manager'), 'reese');
    const c = await settled(api, id);
    task = openTaskFor(c, 'sales_manager_approval');
    expect(task.assignee.id).toBe(dex);
    expect(task.originalAssignee.id).toBe(mona);
    const [created] = await eventsOf(api, id, 'TASK_CREATED', task.id);
    expect(created.data).toMatchObject({ assigneeId: dex, originalAssigneeId: mona });
    expect(created.data.routingNote).toMatch(/mona is out of office .*routed to delegate dex/);
    expect(step(c, 'sales_manager_approval').sla).toMatchObject({ notifiedUserIds: [dex] });
    expect(await waitForMail(task.id, 'dex', ':assigned')).toBeTruthy();
    expect(await mailsFor(task.id, 'mona')).toEqual([]);
  });

  test('dex does not decide: level 1 skips reese, who submitted, and goes to mona; level 2 to rita', async () => {
    await skipTo(env, on(monday, 0, '18:01'));
    const [first] = await waitForEvents(api, id, 'TASK_ESCALATED', 1, task.id);
    expect(first.data).toMatchObject({ level: 1, toUserId: mona, assigneeId: dex });
    expect(await waitForMail(task.id, 'mona', ':escalated:1')).toBeTruthy();
    await skipTo(env, on(monday, 1, '17:01'));
    const [, second] = await waitForEvents(api, id, 'TASK_ESCALATED', 2, task.id);
    expect(second.data).toMatchObject({ level: 2, toUserId: userId('rita') });
    expect(wall(second.occurredAt)).toBe(wall(on(monday, 1, '17:00')));
    expect(await waitForMail(task.id, 'rita', ':escalated:2')).toBeTruthy();
    expect(step(await getContract(api, id), 'sales_manager_approval').sla).toMatchObject({
      escalationLevel: 2,
      breached: true,
      notifiedUserIds: [dex, mona, userId('rita')],
    });
    expect(await mailsFor(task.id, 'reese')).toEqual([]);
    // The submitter cannot decide either: four eyes.
    const self = await api('POST', `/api/tasks/${task.id}/decision`, { token: token('reese'), body: { decision: 'approve' } });
    expect(self.body.code).toBe('SELF_APPROVAL_FORBIDDEN');
  });

  test('mona decides: the task closes, dex and rita are told, and dex can no longer decide', async () => {
    expect((await api('POST', `/api/tasks/${task.id}/decision`, { token: token('mona'), body: { decision: 'approve', comment: 'Fine by me' } })).status).toBe(200);
    const c = await settled(api, id);
    expect(c.status).toBe('approved');
    expect(step(c, 'sales_manager_approval')).toMatchObject({ status: 'approved', decidedBy: { kind: 'user', id: mona } });
    expect(step(c, 'sales_manager_approval').sla.toldOfDecision).toEqual([dex, userId('rita')]);
    const late = await api('POST', `/api/tasks/${task.id}/decision`, { token: token('dex'), body: { decision: 'approve' } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TASK_ALREADY_DECIDED');
  });
});

describe('explicit delegation', () => {
  test('mona hands her open task to dex, who holds the same role: the history keeps both, mona can no longer decide, escalation now goes up from dex', async () => {
    const monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
    await skipTo(env, monday);
    const id = await submit(api, salesManagerContract('Delegated deal'), 'reese');
    let c = await settled(api, id);
    const task = openTaskFor(c, 'sales_manager_approval');
    expect(task.assignee.id).toBe(mona);
    const [{ escalation_chain: before }] = await stack.db.query(`SELECT escalation_chain FROM tasks WHERE id = $1`, [task.id]);
    expect(before).toEqual([userId('rita'), userId('ed')]);

    const wrongRole = await api('POST', `/api/tasks/${task.id}/delegate`, { token: token('mona'), body: { toUserId: userId('tom') } });
    expect(wrongRole.status).toBe(409);
    expect(wrongRole.body.code).toBe('DELEGATE_ROLE_MISMATCH');
    const res = await api('POST', `/api/tasks/${task.id}/delegate`, { token: token('mona'), body: { toUserId: dex, comment: 'Dex knows this customer' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assigneeId: dex, originalAssigneeId: mona, status: 'open' });

    const [delegated] = await eventsOf(api, id, 'TASK_DELEGATED', task.id);
    expect(delegated.actor).toEqual({ kind: 'user', id: mona });
    expect(delegated.data).toMatchObject({ fromUserId: mona, toUserId: dex, originalAssigneeId: mona, comment: 'Dex knows this customer' });
    expect(await waitForMail(task.id, 'dex', ':delegated:')).toBeTruthy();
    c = await getContract(api, id);
    expect(openTaskFor(c, 'sales_manager_approval')).toMatchObject({ assignee: { id: dex }, originalAssignee: { id: mona } });
    expect(step(c, 'sales_manager_approval').sla.notifiedUserIds).toEqual([mona, dex]);
    // dex's managers, without reese who submitted: mona, then rita.
    const [{ escalation_chain: after }] = await stack.db.query(`SELECT escalation_chain FROM tasks WHERE id = $1`, [task.id]);
    expect(after).toEqual([mona, userId('rita')]);

    const old = await api('POST', `/api/tasks/${task.id}/decision`, { token: token('mona'), body: { decision: 'approve' } });
    expect(old.status).toBe(409);
    expect(old.body.code).toBe('NOT_ASSIGNEE');

    await skipTo(env, on(monday, 0, '18:01'));
    const [escalation] = await waitForEvents(api, id, 'TASK_ESCALATED', 1, task.id);
    expect(escalation.data).toMatchObject({ level: 1, toUserId: mona, assigneeId: dex });
    expect((await decide(api, stack, task.id, dex, 'approve')).status).toBe(200);
    c = await settled(api, id);
    expect(step(c, 'sales_manager_approval')).toMatchObject({ status: 'approved', decidedBy: { kind: 'user', id: dex } });
    expect(step(c, 'sales_manager_approval').sla.toldOfDecision).toEqual([mona]);
  });
});

describe('changing a running deadline', () => {
  test('ops extend a deadline: reminders and escalation fire at the new times, not the old ones', async () => {
    const monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
    await skipTo(env, monday);
    const id = await submit(api, financeContract('Extended deadline'));
    const task = openTaskFor(await settled(api, id), 'finance_review');

    const notOps = await api('POST', `/api/tasks/${task.id}/deadline`, { token: token('fiona'), body: { dueAt: isoAt(on(monday, 1, '18:00')), reason: 'more time' } });
    expect(notOps.status).toBe(403);
    expect(notOps.body.code).toBe('FORBIDDEN');
    const noReason = await api('POST', `/api/tasks/${task.id}/deadline`, { token: token('olivia'), body: { dueAt: isoAt(on(monday, 1, '18:00')), reason: '' } });
    expect(noReason.status).toBe(400);

    const res = await api('POST', `/api/tasks/${task.id}/deadline`, {
      token: token('olivia'),
      body: { dueAt: isoAt(on(monday, 1, '18:00')), reason: 'Customer sends the bank guarantee on Tuesday' },
    });
    expect(res.status).toBe(200);
    expect(wall(res.body.dueAt)).toBe(wall(on(monday, 1, '18:00')));
    const sla = slaOf(await getContract(api, id), 'finance_review');
    // 17 business hours from Monday 10:00 to Tuesday 18:00: 50% = 8.5 h, 90% = 15.3 h.
    expect(sla.reminders.map((r) => wall(r.at))).toEqual([wall(on(monday, 1, '09:30')), wall(on(monday, 1, '16:18'))]);
    expect(sla.escalations.map((e) => wall(e.at))).toEqual([wall(on(monday, 1, '18:00')), wall(on(monday, 2, '17:00'))]);
    const [changed] = await eventsOf(api, id, 'TASK_DEADLINE_CHANGED', task.id);
    expect(changed.actor).toEqual({ kind: 'user', id: userId('olivia') });
    expect(wall(changed.data.previousDueAt)).toBe(wall(on(monday, 0, '18:00')));
    expect(changed.data.reason).toBe('Customer sends the bank guarantee on Tuesday');

    // The old moments (14:00, 17:12, 18:00) pass without a reminder or an escalation.
    await skipTo(env, on(monday, 0, '18:30'));
    expect(await eventsOf(api, id, 'TASK_REMINDER_SENT', task.id)).toEqual([]);
    expect(await eventsOf(api, id, 'TASK_ESCALATED', task.id)).toEqual([]);
    await skipTo(env, on(monday, 1, '09:31'));
    const [half] = await waitForEvents(api, id, 'TASK_REMINDER_SENT', 1, task.id);
    expect(wall(half.occurredAt)).toBe(wall(on(monday, 1, '09:30')));
    await skipTo(env, on(monday, 1, '18:01'));
    const reminders = await waitForEvents(api, id, 'TASK_REMINDER_SENT', 2, task.id);
    expect(wall(reminders[1].occurredAt)).toBe(wall(on(monday, 1, '16:18')));
    const [escalation] = await waitForEvents(api, id, 'TASK_ESCALATED', 1, task.id);
    expect(escalation.data).toMatchObject({ level: 1, toUserId: userId('frank') });
    expect(wall(escalation.occurredAt)).toBe(wall(on(monday, 1, '18:00')));

    // frank, the level 1 manager, decides; fiona is told.
    expect((await decide(api, stack, task.id, userId('frank'), 'approve')).status).toBe(200);
    const c = await settled(api, id);
    expect(step(c, 'finance_review')).toMatchObject({ status: 'approved', decidedBy: { id: userId('frank') } });
    expect(step(c, 'finance_review').sla.toldOfDecision).toEqual([userId('fiona')]);
  });

  test('ops shorten a deadline after the 50% reminder: the overdue 90% reminder goes at once (only once), escalation at the new time', async () => {
    const monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
    await skipTo(env, monday);
    const id = await submit(api, financeContract('Shortened deadline'));
    const task = openTaskFor(await settled(api, id), 'finance_review');
    await skipTo(env, on(monday, 0, '14:01'));
    await waitForEvents(api, id, 'TASK_REMINDER_SENT', 1, task.id);
    await skipTo(env, on(monday, 0, '14:40'));

    const past = await api('POST', `/api/tasks/${task.id}/deadline`, { token: token('olivia'), body: { dueAt: isoAt(on(monday, 0, '14:30')), reason: 'Board meets at 14:30' } });
    expect(past.status).toBe(400);
    expect(past.body.code).toBe('DEADLINE_INVALID');
    const res = await api('POST', `/api/tasks/${task.id}/deadline`, { token: token('olivia'), body: { dueAt: isoAt(on(monday, 0, '15:00')), reason: 'Board meets at 15:30' } });
    expect(res.status).toBe(200);

    // 5 business hours from 10:00 to 15:00: 90% is 14:30, already past, so that reminder goes now.
    const reminders = await waitForEvents(api, id, 'TASK_REMINDER_SENT', 2, task.id);
    expect(reminders[1].data).toMatchObject({ fraction: 0.9, toUserId: userId('fiona') });
    expect(wall(reminders[1].data.dueAt)).toBe(wall(on(monday, 0, '15:00')));
    expect(await waitForMail(task.id, 'fiona', ':reminder:0.9:1')).toBeTruthy();
    expect(slaOf(await getContract(api, id), 'finance_review').reminders.map((r) => [r.fraction, wall(r.at), !!r.sentAt])).toEqual([
      [0.5, wall(on(monday, 0, '14:00')), true],
      [0.9, wall(on(monday, 0, '14:30')), true],
    ]);

    await skipTo(env, on(monday, 0, '15:01'));
    const [escalation] = await waitForEvents(api, id, 'TASK_ESCALATED', 1, task.id);
    expect(wall(escalation.occurredAt)).toBe(wall(on(monday, 0, '15:00')));
    // The old 90% (17:12) and due (18:00) moments bring nothing more.
    await skipTo(env, on(monday, 0, '18:30'));
    expect(await eventsOf(api, id, 'TASK_REMINDER_SENT', task.id)).toHaveLength(2);
    expect(await eventsOf(api, id, 'TASK_ESCALATED', task.id)).toHaveLength(1);

    // fiona decides after all; frank, who could have, is told.
    expect((await decide(api, stack, task.id, userId('fiona'), 'approve')).status).toBe(200);
    const c = await settled(api, id);
    expect(step(c, 'finance_review').sla.toldOfDecision).toEqual([userId('frank')]);
  });
});
