// Fast tier: a human task's SLA timers on skipped time. The schedule comes from the domain
// (computeTaskSchedule over the default business calendar, in the stub's openTask); the test
// skips the server's clock to just before and just after each moment and checks that the
// reminder, the escalation or the approval on timeout happens then and not earlier.
import type { TaskSchedule } from '../../../src/domain/chain/engine.types';
import { AUDIT_EVENT_TYPES } from '../../../src/domain/audit/audit-event-types';
import { withAutoApproveOnTimeout } from '../../../src/domain/chain/policy';
import { SLIM_POLICY } from '../../../src/domain/chain/slim.policy';
import { TIMEOUT_AUTO_APPROVED } from '../../../src/domain/rules/rule-ids';
import { eventually, type RunningContract, useFastEnv, withContract } from './harness';

jest.setTimeout(60_000);

const fast = useFastEnv();
const MINUTE = 60_000;

/** Payment terms of 90 days: finance_review becomes a task with the policy's SLA. */
const financeTask = { contract: { paymentTermsDays: 90 } };

/** Skips the server's clock to `offsetMs` around the instant `at`. */
async function skipTo(c: RunningContract, at: string, offsetMs: number): Promise<void> {
  const wait = Date.parse(at) + offsetMs - (await c.env.currentTimeMs());
  if (wait > 0) await c.env.sleep(wait);
}

const eventsOf = (c: RunningContract, type: string) => c.stubs.events().filter((e) => e.type === type);
const mailsOf = (c: RunningContract, kind: string) => c.stubs.callsOf('sendTaskMail').filter((m) => m.input.kind === kind);

async function openedSchedule(c: RunningContract): Promise<{ taskId: string; schedule: TaskSchedule }> {
  const task = await c.openTask('finance_review');
  const opened = c.stubs.callsOf('openTask')[0];
  return { taskId: task.taskId, schedule: opened.result!.schedule };
}

describe('SLA timers on skipped time', () => {
  test('reminders at 50% and 90% of the SLA, escalation to the first manager at the deadline, who may then decide', async () => {
    await withContract(fast(), financeTask, async (c) => {
      const { taskId, schedule } = await openedSchedule(c);
      expect(schedule.reminders.map((r) => r.fraction)).toEqual(SLIM_POLICY.reminderFractions);
      const [half, ninety] = schedule.reminders;
      expect(schedule.escalations.map((e) => e.level)).toEqual([1, 2]);
      expect(schedule.escalations[0].at).toBe(schedule.dueAt);

      await skipTo(c, half.at, -MINUTE);
      expect(mailsOf(c, 'task_reminder')).toHaveLength(0);
      await skipTo(c, half.at, MINUTE);
      await eventually('the 50% reminder', () => mailsOf(c, 'task_reminder').length === 1);
      expect(mailsOf(c, 'task_reminder')[0].input).toMatchObject({ taskId, kind: 'task_reminder', fraction: 0.5, eventKey: `${taskId}:reminder:0.5:0` });
      await eventually('the reminder recorded', () => eventsOf(c, AUDIT_EVENT_TYPES.TASK_REMINDER_SENT).length === 1);
      const sent = eventsOf(c, AUDIT_EVENT_TYPES.TASK_REMINDER_SENT)[0];
      expect(Date.parse(sent.occurredAt)).toBeGreaterThanOrEqual(Date.parse(half.at));
      expect(Date.parse(sent.occurredAt)).toBeLessThanOrEqual(Date.parse(half.at) + MINUTE);
      expect(sent.data).toMatchObject({ taskId, toUserId: 'user:finance_controller', fraction: 0.5 });

      await skipTo(c, ninety.at, -MINUTE);
      expect(mailsOf(c, 'task_reminder')).toHaveLength(1);
      await skipTo(c, ninety.at, MINUTE);
      await eventually('the 90% reminder', () => mailsOf(c, 'task_reminder').length === 2);
      expect(mailsOf(c, 'task_reminder')[1].input).toMatchObject({ fraction: 0.9 });

      await skipTo(c, schedule.dueAt, -MINUTE);
      expect(c.stubs.callsOf('escalateTask')).toHaveLength(0);
      await skipTo(c, schedule.dueAt, MINUTE);
      await eventually('the escalation', () => c.stubs.callsOf('escalateTask').length === 1);
      const escalated = c.stubs.callsOf('escalateTask')[0].input;
      expect(escalated).toMatchObject({ contractId: c.id, taskId, level: 1, toUserId: 'manager:1' });
      expect(Date.parse(escalated.at)).toBeGreaterThanOrEqual(Date.parse(schedule.dueAt));
      expect(Date.parse(escalated.at)).toBeLessThanOrEqual(Date.parse(schedule.dueAt) + MINUTE);
      expect(escalated.progress.contract).toMatchObject({ anyStepBreached: true });
      await eventually('the escalation mail', () => mailsOf(c, 'task_escalated').length === 1);
      expect(mailsOf(c, 'task_escalated')[0].input).toMatchObject({ taskId, toUserId: 'manager:1', escalationLevel: 1, eventKey: `${taskId}:escalated:1` });
      expect((await c.state()).openTasks[0].escalatedTo).toEqual(['manager:1']);

      // The manager the task escalated to decides in the assignee's place; the assignee is told.
      await c.decide({ taskId, userId: 'manager:1', decision: 'approve', revision: 1 });
      expect(c.stubs.callsOf('closeTask')[0].input).toMatchObject({ taskId, decision: 'approve', decidedById: 'manager:1', decidedByKind: 'user' });
      expect((await c.handle.result()).status).toBe('approved');
      expect(mailsOf(c, 'task_decided_elsewhere').map((m) => m.input.toUserId)).toEqual(['user:finance_controller']);
      // Nothing fires after the decision: no second escalation.
      expect(c.stubs.callsOf('escalateTask')).toHaveLength(1);
    });
  });

  test('a step the policy approves on timeout is approved by rule at the deadline instead of escalating', async () => {
    const policy = withAutoApproveOnTimeout(SLIM_POLICY, ['finance_review']);
    await withContract(fast(), { ...financeTask, input: { policy } }, async (c) => {
      const { taskId, schedule } = await openedSchedule(c);
      await skipTo(c, schedule.dueAt, -MINUTE);
      expect(c.stubs.callsOf('closeTask')).toHaveLength(0);
      expect(mailsOf(c, 'task_reminder')).toHaveLength(2);

      const final = await c.handle.result();
      expect(final.status).toBe('approved');
      expect(final.steps.find((s) => s.key === 'finance_review')!.status).toBe('auto_approved');
      expect(c.stubs.callsOf('escalateTask')).toHaveLength(0);
      const closed = c.stubs.callsOf('closeTask');
      expect(closed).toHaveLength(1);
      expect(closed[0].input).toMatchObject({ taskId, decision: 'approve', decidedByKind: 'rule', decidedById: TIMEOUT_AUTO_APPROVED });
      expect(Date.parse(closed[0].input.decidedAt)).toBeGreaterThanOrEqual(Date.parse(schedule.dueAt));
      expect(Date.parse(closed[0].input.decidedAt)).toBeLessThan(Date.parse(schedule.escalations[1].at));
      const timedOut = eventsOf(c, AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED);
      expect(timedOut.map((e) => e.data)).toEqual([expect.objectContaining({ taskId, dueAt: schedule.dueAt, policyVersion: policy.version })]);
      const step = c.stubs.batches().flatMap((b) => b.steps).filter((s) => s.key === 'finance_review').at(-1)!;
      expect(step).toMatchObject({ status: 'auto_approved', decidedBy: { kind: 'rule', id: TIMEOUT_AUTO_APPROVED } });
    });
  });
});
