// SLA timers on the business calendar, with real durations on the time-skipping test server,
// through the real API, PostgreSQL and SMTP: deadlines across weekends and public holidays,
// reminders at 50% and 90%, escalation to level 1 and level 2 managers (never the submitter),
// a manager's decision closing the task, and the contract's RAG moving green → amber → red.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { TestStack } from '../support/stack';
import { aContract, STANDARD_CLAUSES } from '../factories/contract.factory';
import { type Api, decide, getContract, openTaskFor, settled, step, submit, token, usernameOf } from '../support/contracts';
import { eventsOf, mailsFor, nextWeekdayAt, type OpenTaskView, skipTo, slaOf, wall, wallToMs, waitForEvents, waitForMail } from '../support/sla';
import { BusinessCalendar } from '../../src/domain/sla/business-calendar';
import { createCalendarProvider } from '../../src/sla/calendar.provider';
import { waitFor } from '../support/wait';
import { userId } from '../../src/database/seed/demo-organisation';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;

// Its own database: lee's out-of-office below must not route other test files' tasks.
withApiStack({ freshDatabase: 'gl_sla_timers' }, (running) => ({ env, stack, api } = running));

const MINUTE = 60_000;
/** Payment terms over 60 days: finance_review goes to fiona (manager frank, whose manager is ed); everything else is automatic. */
const financeContract = (title: string) => aContract({ title, paymentTermsDays: 90 });

/** Submits as alice at the test server's current time and returns the contract with its open finance task. */
async function submitFinance(title: string) {
  const id = await submit(api, financeContract(title));
  const contract = await settled(api, id);
  return { id, contract, task: openTaskFor(contract, 'finance_review') };
}

const ids = (...usernames: string[]) => usernames.map(userId);

describe('deadlines on the business calendar', () => {
  test('a task created Friday 17:00 Shanghai time is due Monday 16:00: one business hour on Friday, seven on Monday', async () => {
    await skipTo(env, nextWeekdayAt(await env.currentTimeMs(), 5, '17:00'));
    const { id, contract, task } = await submitFinance('Friday evening deal');
    const sla = slaOf(contract, 'finance_review');
    expect(wall(sla.dueAt)).toMatch(/^Mon .* 16:00$/);
    expect(Date.parse(sla.dueAt) - wallToMs(wall(sla.dueAt).slice(4))).toBeLessThan(MINUTE);
    expect(sla.reminders.map((r) => [r.fraction, wall(r.at).slice(0, 3) + wall(r.at).slice(14)])).toEqual([
      [0.5, 'Mon 12:00'],
      [0.9, 'Mon 15:12'],
    ]);
    expect(sla.escalations.map((e) => [e.level, wall(e.at).slice(0, 3) + wall(e.at).slice(14)])).toEqual([
      [1, 'Mon 16:00'],
      [2, 'Tue 15:00'],
    ]);
    expect(step(contract, 'finance_review').dueAt).toBe(sla.dueAt);
    expect(task.dueAt).toBe(sla.dueAt);
    expect(await usernameOf(stack, task.assignee.id)).toBe('fiona');
    expect((await decide(api, stack, task.id, task.assignee.id, 'approve')).status).toBe(200);
    expect((await settled(api, id)).status).toBe('approved');
  });
});

describe('deadlines skip public holidays', () => {
  test('a task created the evening before a public holiday is due after it (holidays from date-holidays, country CN)', async () => {
    const now = await env.currentTimeMs();
    const holidays = new Set(createCalendarProvider(stack.config).calendarAt(new Date(now)).holidays);
    const isWorkday = (d: DateTime) => d.weekday <= 5 && !holidays.has(d.toISODate()!);
    // The next holiday on a weekday whose eve is a working day (from today: New Year's Day 2027, a Friday).
    let holiday = DateTime.fromMillis(now, { zone: 'Asia/Shanghai' }).startOf('day').plus({ days: 2 });
    while (!(holiday.weekday <= 5 && holidays.has(holiday.toISODate()!) && isWorkday(holiday.minus({ days: 1 })))) holiday = holiday.plus({ days: 1 });
    let firstDayBack = holiday.plus({ days: 1 });
    while (!isWorkday(firstDayBack)) firstDayBack = firstDayBack.plus({ days: 1 });

    await skipTo(env, holiday.minus({ days: 1 }).set({ hour: 17 }).toMillis());
    const { id, contract, task } = await submitFinance('Holiday eve deal');
    const dueAt = step(contract, 'finance_review').sla.dueAt;
    // One business hour on the eve, the holiday (and any weekend) skipped, seven on the first day back.
    expect(wall(dueAt)).toBe(wall(firstDayBack.set({ hour: 16 }).toMillis()));
    expect(DateTime.fromISO(dueAt, { zone: 'Asia/Shanghai' }).toISODate()).not.toBe(holiday.toISODate());
    expect(new BusinessCalendar(createCalendarProvider(stack.config).calendarAt(new Date(now))).businessHoursBetween(new Date(task.createdAt), new Date(dueAt))).toBeCloseTo(8, 3);
    expect((await decide(api, stack, task.id, task.assignee.id, 'approve')).status).toBe(200);
    expect((await settled(api, id)).status).toBe('approved');
  });
});

describe('the life of a breached step: created Monday 10:00, 8 business hours, nobody decides', () => {
  let id: string;
  let task: OpenTaskView;
  let monday: number;
  const at = (dayOffset: number, time: string) => {
    const [h, m] = time.split(':').map(Number);
    return DateTime.fromMillis(monday, { zone: 'Asia/Shanghai' }).plus({ days: dayOffset }).set({ hour: h, minute: m }).toMillis();
  };
  const sla = async () => slaOf(await getContract(api, id), 'finance_review');
  const rag = async () => (await getContract(api, id)).timing.rag;
  const listed = async (r: string) => (await api('GET', `/api/contracts?rag=${r}&pageSize=100`, { token: token('olivia') })).body.items.map((c: { id: string }) => c.id);

  test('10:00 the task is created: due 18:00, reminders at 14:00 and 17:12, escalations at 18:00 and Tuesday 17:00; fiona gets the task by mail', async () => {
    monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
    await skipTo(env, monday);
    ({ id, task } = await submitFinance('Breached step'));
    expect(await usernameOf(stack, task.assignee.id)).toBe('fiona');
    const s = await sla();
    expect(wall(s.dueAt)).toBe(wall(at(0, '18:00')));
    expect(s.reminders.map((r) => wall(r.at))).toEqual([wall(at(0, '14:00')), wall(at(0, '17:12'))]);
    expect(s.escalations.map((e) => wall(e.at))).toEqual([wall(at(0, '18:00')), wall(at(1, '17:00'))]);
    expect(s).toMatchObject({ escalationLevel: 0, breached: false, notifiedUserIds: ids('fiona') });
    expect(await waitForMail(task.id, 'fiona', ':assigned')).toBeTruthy();
    expect(await rag()).toBe('green');
  });

  test('14:00 (50%): a reminder to fiona, not before', async () => {
    await skipTo(env, at(0, '13:59'));
    expect(await eventsOf(api, id, 'TASK_REMINDER_SENT', task.id)).toEqual([]);
    await skipTo(env, at(0, '14:01'));
    const [reminder] = await waitForEvents(api, id, 'TASK_REMINDER_SENT', 1, task.id);
    expect(reminder.data).toMatchObject({ fraction: 0.5, toUserId: userId('fiona') });
    expect(wall(reminder.occurredAt)).toBe(wall(at(0, '14:00')));
    expect(await waitForMail(task.id, 'fiona', ':reminder:0.5')).toBeTruthy();
    expect((await sla()).reminders[0].sentAt).toBeTruthy();
  });

  test('17:12 (90%): a second reminder to fiona', async () => {
    await skipTo(env, at(0, '17:13'));
    const reminders = await waitForEvents(api, id, 'TASK_REMINDER_SENT', 2, task.id);
    expect(reminders[1].data).toMatchObject({ fraction: 0.9, toUserId: userId('fiona') });
    expect(wall(reminders[1].occurredAt)).toBe(wall(at(0, '17:12')));
    expect(await waitForMail(task.id, 'fiona', ':reminder:0.9')).toBeTruthy();
    expect(await rag()).toBe('green');
  });

  test('18:00 (due): level 1 escalation to frank, fiona’s manager, who may now decide; the step is breached and the contract amber', async () => {
    await skipTo(env, at(0, '18:01'));
    const [escalation] = await waitForEvents(api, id, 'TASK_ESCALATED', 1, task.id);
    expect(escalation.data).toMatchObject({ level: 1, toUserId: userId('frank'), assigneeId: userId('fiona') });
    expect(wall(escalation.occurredAt)).toBe(wall(at(0, '18:00')));
    expect(await waitForMail(task.id, 'frank', ':escalated:1')).toBeTruthy();
    const s = await sla();
    expect(s).toMatchObject({ escalationLevel: 1, breached: true, notifiedUserIds: ids('fiona', 'frank') });
    expect(s.escalations[0]).toMatchObject({ level: 1, toUserId: userId('frank') });
    expect(await rag()).toBe('amber');
    expect(await listed('amber')).toContain(id);
    expect(await listed('green')).not.toContain(id);
    const franks = (await api('GET', '/api/tasks', { token: token('frank') })).body;
    expect(franks.find((t: { id: string }) => t.id === task.id)).toMatchObject({ canDecide: true, escalationLevel: 1 });
  });

  test('Tuesday 17:00 (one SLA later): level 2 escalation to ed, the next manager up; no reminder after the escalation; never the submitter', async () => {
    await skipTo(env, at(1, '17:01'));
    const escalations = await waitForEvents(api, id, 'TASK_ESCALATED', 2, task.id);
    expect(escalations[1].data).toMatchObject({ level: 2, toUserId: userId('ed') });
    expect(wall(escalations[1].occurredAt)).toBe(wall(at(1, '17:00')));
    expect(await waitForMail(task.id, 'ed', ':escalated:2')).toBeTruthy();
    expect(await sla()).toMatchObject({ escalationLevel: 2, notifiedUserIds: ids('fiona', 'frank', 'ed') });
    expect(await eventsOf(api, id, 'TASK_REMINDER_SENT', task.id)).toHaveLength(2);
    // alice submitted the contract: she is nobody's escalation and got no mail about the task.
    expect(await mailsFor(task.id, 'alice')).toEqual([]);
    expect((await mailsFor(task.id)).map((m) => m.to[0]).sort()).toEqual(
      ['ed', 'fiona', 'fiona', 'fiona', 'frank'].map((u) => `${u}@greenlight.example`),
    );
  });

  test('Thursday 10:01 the contract passes its 72-hour target: red', async () => {
    // The API reads the test server's clock (test/support/time-skipping.ts), so skipping past the
    // target is all it takes; one minute before it the contract is still amber.
    await skipTo(env, at(3, '09:59'));
    expect(await rag()).toBe('amber');
    await skipTo(env, at(3, '10:01'));
    const c = await getContract(api, id);
    expect(c.timing).toMatchObject({ rag: 'red', targetHours: 72 });
    expect(c.timing.elapsedHours).toBeGreaterThan(72);
    expect(await listed('red')).toContain(id);
    expect(await listed('amber')).not.toContain(id);
  });

  test('ed decides in fiona’s place: first decision wins, the task closes, fiona and frank are told and can no longer decide', async () => {
    const res = await decide(api, stack, task.id, userId('ed'), 'approve');
    expect(res.status).toBe(200);
    const c = await settled(api, id);
    expect(c.status).toBe('approved');
    const s = step(c, 'finance_review');
    expect(s).toMatchObject({ status: 'approved', decidedBy: { kind: 'user', id: userId('ed') } });
    expect(s.reason).toMatch(/^Approved by an escalation manager/);
    expect(s.sla.toldOfDecision).toEqual(ids('fiona', 'frank'));
    const [decided] = await eventsOf(api, id, 'TASK_DECIDED', task.id);
    expect(decided.data).toMatchObject({ decision: 'approve', onBehalfOf: userId('fiona'), othersTold: ids('fiona', 'frank') });
    for (const who of ['fiona', 'frank']) {
      const late = await decide(api, stack, task.id, userId(who), 'approve');
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('TASK_ALREADY_DECIDED');
      expect(late.body.details.decidedById).toBe(userId('ed'));
    }
  });
});

describe('a chain that runs out of managers, seen by an approver abroad', () => {
  test('lena (Europe/Berlin) is shown times in her zone; level 1 goes to ed, level 2 finds nobody above ed and is recorded without a notice', async () => {
    const monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
    const at = (days: number, time: string) =>
      DateTime.fromMillis(monday, { zone: 'Asia/Shanghai' }).plus({ days }).set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)) }).toMillis();
    // lee is away on Monday morning with lena as delegate, so legal review reaches lena whoever the pool picks.
    const away = await api('PUT', '/api/users/me/out-of-office', {
      token: token('lee'),
      body: { from: new Date(at(0, '09:00')).toISOString(), to: new Date(at(0, '12:00')).toISOString(), delegateUserId: userId('lena') },
    });
    expect(away.status).toBe(200);
    try {
      await skipTo(env, monday);
      const changedLiability = { key: 'liability', text: 'Each party accepts unlimited liability for any damages arising under this Agreement.' };
      const id = await submit(api, aContract({ title: 'Unlimited liability', clauses: [...STANDARD_CLAUSES.filter((c) => c.key !== 'liability'), changedLiability] }));
      const c = await waitFor(async () => {
        const x = await getContract(api, id);
        return x.openTasks.length === 2 ? x : null;
      }, 'legal and sales manager tasks');
      const sm = openTaskFor(c, 'sales_manager_approval');
      expect((await decide(api, stack, sm.id, sm.assignee.id, 'approve')).status).toBe(200);
      const legal = openTaskFor(c, 'legal_review');
      expect(legal.assignee.id).toBe(userId('lena'));
      const dueAt = step(c, 'legal_review').sla.dueAt;
      expect(wall(dueAt)).toBe(wall(at(0, '18:00')));

      // The reminder tells lena the deadline in her own time zone (Shanghai 18:00 is Berlin 11:00 in winter).
      await skipTo(env, at(0, '14:01'));
      const reminder = await waitForMail(legal.id, 'lena', ':reminder:0.5');
      expect(reminder.text).toContain(`${DateTime.fromISO(dueAt, { zone: 'Europe/Berlin' }).toFormat('HH:mm')} (Europe/Berlin)`);

      await skipTo(env, at(1, '17:01'));
      const [first, second] = await waitForEvents(api, id, 'TASK_ESCALATED', 2, legal.id);
      expect(first.data).toMatchObject({ level: 1, toUserId: userId('ed') });
      expect(second.data).toMatchObject({ level: 2, toUserId: null });
      expect(second.data.note).toMatch(/No manager left to escalate to/);
      expect(step(await getContract(api, id), 'legal_review').sla).toMatchObject({ escalationLevel: 2, breached: true, notifiedUserIds: ids('lena', 'ed') });
      expect((await mailsFor(legal.id)).filter((m) => m.headers['x-greenlight-event'].includes(':escalated:'))).toHaveLength(1);

      expect((await decide(api, stack, legal.id, userId('lena'), 'approve')).status).toBe(200);
      const done = await settled(api, id);
      expect(done.status).toBe('approved');
      expect(step(done, 'legal_review').sla.toldOfDecision).toEqual(ids('ed'));
    } finally {
      await stack.db.query(`UPDATE users SET ooo_from = NULL, ooo_to = NULL, ooo_delegate_id = NULL WHERE username = 'lee'`);
    }
  });
});
