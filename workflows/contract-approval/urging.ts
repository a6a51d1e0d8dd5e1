// Urging (催办): the submitting rep nudges whoever holds a waiting task (its assignee and any
// manager it escalated to) with an "urgent" mail, at most once per business hour per task. An
// Update with a validator, like every human action: the rule is the domain's
// (src/domain/routing/urge-eligibility.ts); when the task may be urged again is computed once, by
// the worker's calendar (activities/urge.activities.ts), and kept here, so the validator refuses
// a second urge before it with the time. A double click is that second urge: the first one's
// state is set before its handler first waits, so the second is refused (or, when it arrives
// while the first computes its window, waits for it and is refused then), and only one mail goes
// out. Runs that never saw an urge replay unchanged; urging is new behaviour behind
// patched('urge').
import { ApplicationFailure, condition, defineUpdate, patched, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { UrgeActivities } from '../../activities/urge.activities';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import { haltRefusal, openTaskRefusal } from '../../src/domain/routing/decision-eligibility';
import { urgeRefusal } from '../../src/domain/routing/urge-eligibility';
import { type ContractRun, nowIso, refuse, type WorkflowTask } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';

/** Patch marker of the runs that take urges. */
export const URGE_PATCH = 'urge';

export interface UrgeRequest {
  taskId: string;
  /** Who urges: must be the contract's submitting rep. */
  userId: string;
  /** A short note for the approver, shown in the mail and the history. */
  note?: string;
  origin?: Record<string, unknown>;
}

export interface UrgeResult {
  taskId: string;
  urgedAt: string;
  /** When the task may be urged again (one business hour later, organisation calendar). */
  nextUrgeAt: string;
  /** Who got the urgent mail: the assignee, and managers the task escalated to. */
  notifiedUserIds: string[];
  /** How many times the task has been urged, this one included. */
  urges: number;
}

export const urgeUpdate = defineUpdate<UrgeResult, [UrgeRequest]>('urge');

// A pure computation in the worker: a local activity, no activity task.
const { urgeWindow } = proxyLocalActivities<UrgeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 5 },
});

interface TaskUrges {
  urges: number;
  /** The last urge's "not before", null until the first urge's window is known. */
  nextAt: string | null;
  /** An urge is computing its window: a second one waits for it, then is refused with its time. */
  busy: boolean;
}

export class Urging {
  private readonly byTask = new Map<string, TaskUrges>();

  constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {}

  install(): void {
    setHandler(urgeUpdate, (req) => this.onUrge(req), { validator: (req) => this.validate(req) });
  }

  private stateOf(taskId: string): TaskUrges {
    let state = this.byTask.get(taskId);
    if (!state) this.byTask.set(taskId, (state = { urges: 0, nextAt: null, busy: false }));
    return state;
  }

  /** The task is this contract's and open, the contract not halted, the caller its rep, and the last urge over a business hour ago. */
  private check(req: UrgeRequest): WorkflowTask {
    const { run } = this;
    const task = run.tasks.get(req.taskId);
    refuse(openTaskRefusal(req.taskId, task, task && { decision: task.decision, decidedById: task.decidedById, decidedAt: task.decidedAt, status: task.status }));
    refuse(haltRefusal(run.halt?.kind, run.status));
    refuse(urgeRefusal({ userId: req.userId, submitterId: run.input.submitterId, nextAt: this.byTask.get(req.taskId)?.nextAt ?? null, now: Date.now() }));
    return task!;
  }

  private validate(req: UrgeRequest): void {
    this.check(req);
  }

  private async onUrge(req: UrgeRequest): Promise<UrgeResult> {
    const { run, rec } = this;
    if (!patched(URGE_PATCH)) throw ApplicationFailure.nonRetryable('This contract was started before urging existed');
    const state = this.stateOf(req.taskId);
    // A second urge accepted while the first computes its window (a double click) is refused with the first one's time.
    if (state.busy) await condition(() => !state.busy);
    const task = this.check(req);
    state.busy = true;
    const urges = state.urges + 1;
    const urgedAt = nowIso();
    try {
      state.nextAt = (await urgeWindow({ urgedAt })).nextUrgeAt;
    } catch (err) {
      throw ApplicationFailure.nonRetryable(`The next possible urge could not be computed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      state.busy = false;
    }
    state.urges = urges;
    const notifiedUserIds = [...new Set([task.assigneeId, ...task.escalatedTo])];
    rec.event(`${task.taskId}:${urges}`, AUDIT_EVENT_TYPES.TASK_URGED, 'user', req.userId, task.stepKey, {
      taskId: task.taskId,
      note: req.note ?? null,
      notifiedUserIds,
      urgedAt,
      nextUrgeAt: state.nextAt,
    }, req.origin);
    if (run.withIncidents) await rec.settledOrIncident(rec.flush());
    else await rec.flush();
    // One mail per urge and recipient (the mail log keys it by event and recipient); none for a task decided meanwhile.
    for (const toUserId of notifiedUserIds) {
      rec.sendTaskMail({ taskId: task.taskId, eventKey: `${task.taskId}:urged:${urges}`, kind: 'task_urged', toUserId, note: req.note });
    }
    return { taskId: task.taskId, urgedAt, nextUrgeAt: state.nextAt, notifiedUserIds, urges };
  }
}
