// A task's events — a person's decision, an SLA timer due — go through the chain's state machine
// (src/domain/chain/chain-machine.ts): `reduce` runs on the task's view of the run (its step and
// task, the halt, no stage walking), and this file carries out the commands it returns.
//
// The transition is split where the step's own coroutine always resumed: what happens to the task
// (its status, schedule, the step's SLA state, audit events, the escalation, reminder mail) is done
// at the event; from the machine's CloseTask on (the step's record, the halt, storing the decision
// and telling the others) is kept for the step's coroutine (human-step.ts), which executes it when
// it wakes. Tracks therefore resume in the same order, and every write lands in the same batch, as
// before the machine was interpreted: the recorded histories replay.
import { reduce } from '../../src/domain/chain/chain-machine';
import type { ChainCommand, ChainEvent, ChainState, ChainTask } from '../../src/domain/chain/chain-state';
import type { StepState } from '../../src/domain/chain/engine.types';
import { type ContractRun, type Halt, nowIso, type WorkflowTask } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';

/** What a decided task leaves for its step's coroutine: the step's record, the halt and the commands from CloseTask on. */
export interface DecidedTask {
  /** Null on a step several people decide: it took its record at the decision (applyTaskEvent). */
  step: StepState | null;
  halt: Halt | null;
  commands: ChainCommand[];
}

/** Sets `target`'s fields to `next`'s, dropping those `next` does not have (the machine's state is plain JSON). */
export function replaceFields<T extends object>(target: T, next: T): void {
  for (const key of Object.keys(target)) if (!(key in next)) delete (target as Record<string, unknown>)[key];
  Object.assign(target, next);
}

/** The run as the machine sees one of its steps: the step, its task and the halt; no stage is walked. */
function taskView(run: ContractRun, task: WorkflowTask | null, step: StepState): ChainState {
  return {
    policy: run.policy,
    contractId: run.input.contractId,
    status: run.status,
    revision: run.revision,
    steps: { [step.key]: step },
    // What the previous revision left of this step: what it may keep.
    previousSteps: run.previousSteps.has(step.key) ? { [step.key]: run.previousSteps.get(step.key)! } : {},
    tasks: task ? { [task.taskId]: task as ChainTask } : {},
    stage: -1,
    tracks: [],
    halt: run.halt,
    closing: run.closing,
    finished: run.finished,
  };
}

/**
 * Moves a step by a rule's result, its bot's result or its task opening through the machine, on
 * the step's view (no stage is walked: the chain runner walks them), and takes the step's new
 * record, the halt, the contract fields and a task the step opened; returns the commands to
 * execute (audit events, OpenTask, the assignment mail). `touch` is false where the activity
 * that answered the command stored the step itself (openTask).
 */
export function applyStepEvent(run: ContractRun, rec: ProgressRecorder, stepKey: string, event: ChainEvent, touch = true): ChainCommand[] {
  const step = run.steps.get(stepKey)!;
  const view = taskView(run, null, step);
  const out = reduce(view, event);
  replaceFields(step, out.state.steps[stepKey]);
  if (touch) rec.touch(stepKey);
  if (out.state.halt) run.halt ??= out.state.halt;
  for (const [taskId, task] of Object.entries(out.state.tasks)) run.tasks.set(taskId, { ...task, persisted: false } as WorkflowTask);
  for (const cmd of out.commands) {
    if (cmd.type !== 'RecordProgress') continue;
    const { currentSteps: _current, ...contract } = cmd.contract;
    rec.setContract(contract);
  }
  return out.commands;
}

/**
 * Moves a task by `event` through the machine and applies what belongs to the task now; returns
 * the commands to execute now (executeTaskCommands). A decision's rest is kept in `run.decided`.
 */
export function applyTaskEvent(run: ContractRun, rec: ProgressRecorder, task: WorkflowTask, event: ChainEvent): ChainCommand[] {
  const step = run.steps.get(task.stepKey)!;
  const out = reduce(taskView(run, task, step), event);
  const nextStep = out.state.steps[step.key];
  replaceFields(task, out.state.tasks[task.taskId] as WorkflowTask);
  if (JSON.stringify(step.sla) !== JSON.stringify(nextStep.sla)) {
    step.sla = nextStep.sla;
    rec.touch(step.key);
  }
  for (const cmd of out.commands) {
    if (cmd.type !== 'RecordProgress') continue;
    // The recorder adds the run's current steps itself when it writes.
    const { currentSteps: _current, ...contract } = cmd.contract;
    rec.setContract(contract);
  }
  const close = out.commands.findIndex((c) => c.type === 'CloseTask');
  if (close < 0) return out.commands;
  // A step several people decide (countersign.ts) takes each approver's decision at once, so a
  // decision by another approver in the same activation reads it; the tasks the step's decision
  // closes are closed at once too, so their validators refuse a late click.
  if (nextStep.approvers) {
    replaceFields(step, nextStep);
    rec.touch(step.key);
    for (const c of out.commands) if (c.type === 'CloseStepTasks') for (const id of c.taskIds) run.tasks.get(id)!.status = 'cancelled';
  }
  run.decided.set(task.taskId, { step: nextStep.approvers ? null : nextStep, halt: out.state.halt, commands: out.commands.slice(close) });
  return out.commands.slice(0, close);
}

/** The decided task's step takes its record and the halt; returns the commands from CloseTask on. */
export function takeDecision(run: ContractRun, rec: ProgressRecorder, task: WorkflowTask): ChainCommand[] {
  const decided = run.decided.get(task.taskId)!;
  run.decided.delete(task.taskId);
  const step = run.steps.get(task.stepKey)!;
  if (decided.step) replaceFields(step, decided.step);
  rec.touch(step.key);
  if (decided.halt) run.halt ??= decided.halt;
  return decided.commands;
}

/** A write through the recorder's queue the commands wait for, and what runs once it is stored. */
export interface PendingWrite {
  stored: Promise<unknown>;
  /** Runs the commands after the write; returns the next write to wait for, if any. */
  then: () => PendingWrite | null;
}

/**
 * Carries out a task's commands in order: audit events (with the request's origin) and task mail
 * (in the background) at once; the escalation or the decision is stored through the recorder's
 * queue, and the commands after it wait for it: the caller awaits `stored` and calls `then`. The
 * caller awaits in its own body, so it resumes after as many microtasks as the workflow always
 * did (parallel tracks keep their order). Progress was staged by applyTaskEvent; timers are the
 * SLA waiter's (it sleeps until the next event on the task's schedule, the one StartSlaTimer names).
 */
export function executeTaskCommands(run: ContractRun, rec: ProgressRecorder, commands: ChainCommand[], origin?: Record<string, unknown>): PendingWrite | null {
  const contractId = run.input.contractId;
  for (const [index, cmd] of commands.entries()) {
    const rest = () => executeTaskCommands(run, rec, commands.slice(index + 1), origin);
    switch (cmd.type) {
      case 'AuditEvent':
        rec.event(cmd.identity, cmd.eventType, cmd.actorKind, cmd.actorId, cmd.stepKey, cmd.data, origin);
        break;
      case 'SendTaskMail': {
        const { type: _type, ...mail } = cmd;
        rec.sendTaskMail(mail);
        break;
      }
      case 'EscalateTask': {
        const task = run.tasks.get(cmd.taskId)!;
        const at = nowIso();
        const stored = rec.persist('escalateTask', task.stepKey, (progress) =>
          run.acts.escalateTask({ contractId, taskId: cmd.taskId, level: cmd.level, toUserId: cmd.toUserId ?? '', at, progress }),
        );
        return { stored, then: rest };
      }
      case 'CloseTask': {
        const task = run.tasks.get(cmd.taskId)!;
        const stored = rec.persist('closeTask', task.stepKey, (progress) =>
          run.acts.closeTask({
            contractId,
            taskId: task.taskId,
            decision: task.decision!,
            decidedById: task.decidedById!,
            decidedByKind: task.decidedByKind!,
            comment: task.comment,
            decidedAt: task.decidedAt!,
            progress,
          }),
        );
        return {
          stored,
          then: () => {
            task.persisted = true;
            return rest();
          },
        };
      }
      case 'CloseStepTasks': {
        // The step's approvers decided it: the others' tasks (already closed in the run) are stored cancelled.
        const at = nowIso();
        const stored = rec.persist('cancelTasks', cmd.stepKey, (progress) => run.acts.cancelTasks({ contractId, taskIds: cmd.taskIds, reason: cmd.reason, at, progress }));
        return { stored, then: rest };
      }
      case 'StartSlaTimer':
      case 'RecordProgress':
        break;
      case 'OpenTask':
        // The chain runner opens the task (human-step.ts) once the step's other commands ran.
        break;
      default:
        // A task's event never walks the stages: anything else is a bug in the machine or its view.
        throw new Error(`A task's transition asked for ${cmd.type}, which only the chain runner carries out`);
    }
  }
  return null;
}
