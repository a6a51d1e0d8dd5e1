// The task SLA waiter: while a human task is open, it sleeps until the next reminder or
// escalation on the task's schedule (which one comes next is the domain's nextSlaEvent, the same
// the machine's StartSlaTimer names) and then hands the due timer to the chain's state machine,
// which fires it (reminder, escalation, or on a step the policy approves on timeout, the decision
// at escalation level 1); task-transitions.ts carries out the commands.
import { condition, patched } from '@temporalio/workflow';
import { nextSlaEvent } from '../../src/domain/chain/sla-next-event';
import { type ContractRun, nowIso, type WorkflowTask } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';
import { applyTaskEvent, executeTaskCommands } from './task-transitions';

/**
 * Runs since an escalation that finds no manager mails ops (the escalateTask activity flags the
 * contract and records ESCALATION_EXHAUSTED): older histories scheduled no such mail.
 */
export const ESCALATION_EXHAUSTED_OPS_PATCH = 'escalation-exhausted-ops';

export class TaskSlaWaiter {
  constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {}

  /** Waits for a decision while firing reminders and escalations on the task's schedule. */
  async awaitTask(task: WorkflowTask): Promise<void> {
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
      await this.timerDue(task);
    }
  }

  private async timerDue(task: WorkflowTask): Promise<void> {
    const { run, rec } = this;
    const commands = applyTaskEvent(run, rec, task, { type: 'sla_timer_due', taskId: task.taskId, scheduleVersion: task.scheduleVersion, now: nowIso() });
    let write = executeTaskCommands(run, rec, commands);
    // An escalation is stored with its activity, a timeout's approval with the decision (by the
    // step, human-step.ts); a reminder is stored at once.
    if (!write && !run.decided.has(task.taskId)) await rec.flush();
    while (write) {
      await write.stored;
      write = write.then();
    }
    // The escalation found nobody: once it is stored (the contract flagged), ops are told. The
    // mail is keyed by the task, so a later level that finds nobody either sends nothing new.
    const exhausted = commands.find((c) => c.type === 'EscalateTask' && !c.toUserId);
    if (exhausted?.type === 'EscalateTask' && patched(ESCALATION_EXHAUSTED_OPS_PATCH)) {
      rec.sendTaskMail({ taskId: task.taskId, kind: 'escalation_exhausted', eventKey: `${task.taskId}:escalation_exhausted`, escalationLevel: exhausted.level });
    }
  }
}
