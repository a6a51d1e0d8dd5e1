// The task SLA waiter: while a human task is open, it sleeps until the next reminder or
// escalation on the task's schedule (which one comes next is the domain's nextSlaEvent) and fires
// it; on a step the policy approves on timeout, escalation level 1 decides the task instead.
import { condition } from '@temporalio/workflow';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import type { StepState } from '../../src/domain/chain/engine.types';
import type { StepDefinition } from '../../src/domain/chain/policy.types';
import { nextSlaEvent, type SlaEvent } from '../../src/domain/chain/sla-next-event';
import { NO_MANAGER_LEFT, timeoutDecision } from '../../src/domain/chain/step-status';
import { type ContractRun, nowIso, type WorkflowTask } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';
import { tellOthersDecided } from './update-handlers';

export class TaskSlaWaiter {
  constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {}

  /** Waits for a decision while firing reminders and escalations on the task's schedule. */
  async awaitTask(task: WorkflowTask, def: StepDefinition, step: StepState): Promise<void> {
    while (task.status === 'open' && !this.run.halt) {
      const next = nextSlaEvent(task.schedule);
      const version = task.scheduleVersion;
      const wake = () => task.status !== 'open' || this.run.halt !== null || task.scheduleVersion !== version;
      if (!next) {
        await condition(wake);
        continue;
      }
      const wait = Date.parse(next.at) - Date.now();
      if (wait > 0) await condition(wake, wait);
      // A decision, a halt or a new deadline may land in the same activation as the timer: look
      // again rather than fire an event from the schedule that was just replaced.
      if (wake()) continue;
      await this.fireSlaEvent(task, def, step, next);
    }
  }

  private async fireSlaEvent(task: WorkflowTask, def: StepDefinition, step: StepState, next: SlaEvent): Promise<void> {
    const { run, rec } = this;
    const at = nowIso();
    const sla = step.sla!;
    if (next.kind === 'reminder') {
      const reminder = task.schedule.reminders.find((r) => r.fraction === next.fraction)!;
      reminder.sentAt = at;
      sla.reminders = task.schedule.reminders.map((r) => ({ ...r }));
      rec.touch(step.key);
      rec.event(`${task.taskId}:${next.fraction}:${task.scheduleVersion}`, AUDIT_EVENT_TYPES.TASK_REMINDER_SENT, 'system', null, step.key, {
        taskId: task.taskId,
        toUserId: task.assigneeId,
        fraction: next.fraction,
        dueAt: task.schedule.dueAt,
      });
      rec.sendTaskMail({ taskId: task.taskId, eventKey: `${task.taskId}:reminder:${next.fraction}:${task.scheduleVersion}`, kind: 'task_reminder', fraction: next.fraction });
      await rec.flush();
      return;
    }

    const escalation = task.schedule.escalations.find((e) => e.level === next.level)!;
    escalation.firedAt = at;
    sla.breached = true;
    rec.setContract({ anyStepBreached: true });

    if (next.level === 1 && def.autoApproveOnTimeout) {
      const timeout = timeoutDecision(def, task.schedule.dueAt);
      task.status = 'decided';
      task.decision = timeout.decision;
      task.decidedByKind = timeout.decidedByKind;
      task.decidedById = timeout.decidedById;
      task.decidedAt = at;
      sla.escalations = task.schedule.escalations.map((e) => ({ ...e }));
      const told = tellOthersDecided(run, rec, task, timeout.decidedById);
      rec.event(task.taskId, AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED, 'rule', timeout.decidedById, step.key, {
        taskId: task.taskId,
        dueAt: task.schedule.dueAt,
        policyVersion: run.policy.version,
        othersTold: told,
      });
      return;
    }

    const toUserId = task.escalationChain[next.level - 1];
    escalation.toUserId = toUserId;
    sla.escalations = task.schedule.escalations.map((e) => ({ ...e }));
    sla.escalationLevel = next.level;
    if (toUserId) {
      task.escalatedTo.push(toUserId);
      if (!sla.notifiedUserIds.includes(toUserId)) sla.notifiedUserIds.push(toUserId);
    }
    rec.touch(step.key);
    rec.event(`${task.taskId}:${next.level}`, AUDIT_EVENT_TYPES.TASK_ESCALATED, 'system', null, step.key, {
      taskId: task.taskId,
      level: next.level,
      toUserId: toUserId ?? null,
      assigneeId: task.assigneeId,
      dueAt: task.schedule.dueAt,
      // The chain ran out (the assignee is at or near the top): the level is recorded, nobody new is told.
      note: toUserId ? null : NO_MANAGER_LEFT,
    });
    await rec.persist('escalateTask', step.key, (progress) =>
      run.acts.escalateTask({ contractId: run.input.contractId, taskId: task.taskId, level: next.level, toUserId: toUserId ?? '', at, progress }),
    );
    if (toUserId) {
      rec.sendTaskMail({ taskId: task.taskId, eventKey: `${task.taskId}:escalated:${next.level}`, kind: 'task_escalated', toUserId, escalationLevel: next.level });
    }
  }
}
