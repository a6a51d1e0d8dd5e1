// The moves of the chain's state machine, on a working copy of the state (chain-machine.ts makes
// the copy and turns what is collected here into the transition's commands): stage progression,
// the end of a step, halts and cancellations, a task's decision, the end of the contract.
import { AUDIT_EVENT_TYPES, type AuditEventType } from '../audit/audit-event-types';
import type { ChainCommand, ChainHalt, ChainState, ChainTask } from './chain-state';
import { botOf, closingStageIndex } from './policy';
import type { StepKey } from './policy.types';
import { returnRound } from './return-to-step';
import { decideApprover, stepHasOpenTask } from './countersign-transitions';
import { nextSlaEvent } from './sla-next-event';
import { CANCEL_REASON, decidedStepFields, haltForDecision, othersToTell } from './step-status';

/** Open tasks of the contract (what a closed contract must not have). */
export function openTasks(state: ChainState): ChainTask[] {
  return Object.values(state.tasks).filter((t) => t.status === 'open');
}

export class Draft {
  readonly commands: ChainCommand[] = [];
  constructor(
    readonly s: ChainState,
    readonly now: string,
  ) {}

  def(key: StepKey) {
    return this.s.policy.steps.find((d) => d.key === key)!;
  }

  readonly contract: Record<string, unknown> = {};

  audit(identity: string, eventType: AuditEventType, actorKind: 'user' | 'rule' | 'bot' | 'system', actorId: string | null, stepKey: StepKey | null, data: Record<string, unknown>): void {
    this.commands.push({ type: 'AuditEvent', identity, eventType, actorKind, actorId, stepKey, data });
  }

  /** Contract fields to store with this transition's RecordProgress. */
  record(contract: Record<string, unknown>): void {
    Object.assign(this.contract, contract);
  }

  startStage(index: number): void {
    const s = this.s;
    s.stage = index;
    if (index >= closingStageIndex(s.policy)) s.closing = true;
    s.tracks = s.policy.stages[index].tracks.map((keys) => ({ keys: [...keys], at: 0, done: false }));
    for (const track of s.tracks) this.startStep(track.keys[0]);
  }

  startStep(key: StepKey): void {
    const step = this.s.steps[key];
    Object.assign(step, { status: 'in_progress', revision: this.s.revision, startedAt: this.now, completedAt: undefined });
    const def = this.def(key);
    const bot = botOf(def);
    if (def.mode === 'bot_activity') {
      this.audit(key, AUDIT_EVENT_TYPES.STEP_STARTED, 'bot', key, key, {});
      this.commands.push({ type: 'RunBot', stepKey: key, bot: bot ?? '' });
    } else {
      this.commands.push({ type: 'EvaluateRule', stepKey: key });
    }
  }

  /** The step of `key` is over: its track goes on when `proceed`, else stops; then the stage may end. */
  stepDone(key: StepKey, proceed: boolean): void {
    const track = this.s.tracks.find((t) => !t.done && t.keys[t.at] === key);
    if (!track) return;
    if (proceed && !this.s.halt && track.at + 1 < track.keys.length) {
      track.at += 1;
      this.startStep(track.keys[track.at]);
    } else {
      track.done = true;
    }
    this.maybeEndStage();
  }

  maybeEndStage(): void {
    const s = this.s;
    if (s.stage < 0 || s.tracks.some((t) => !t.done)) return;
    if (s.halt) return this.endRevision(s.halt);
    if (s.stage + 1 < s.policy.stages.length) return this.startStage(s.stage + 1);
    this.finish('approved');
  }

  /** Stops every track: tracks waiting on a task stop at once, its task is cancelled. */
  haltTracks(): void {
    for (const track of this.s.tracks) {
      const step = this.s.steps[track.keys[track.at]];
      // A step still waiting for its task to open stops once it has (task_opened).
      if (!track.done && step?.status === 'waiting' && stepHasOpenTask(this.s, step)) track.done = true;
    }
    this.maybeEndStage();
  }

  /** Cancels the open tasks; returns whether there were any (CancelTasks then stores the cancellation). */
  cancelOpenTasks(halt: ChainHalt): boolean {
    const open = openTasks(this.s);
    if (!open.length) return false;
    const reason = CANCEL_REASON[halt.kind];
    for (const task of open) {
      task.status = 'cancelled';
      Object.assign(this.s.steps[task.stepKey], { status: 'pending', reason: `Task cancelled: ${reason}`, decidedBy: undefined, fingerprint: undefined, completedAt: undefined });
      this.audit(task.taskId, AUDIT_EVENT_TYPES.TASK_CANCELLED, 'system', null, task.stepKey, { taskId: task.taskId, reason });
    }
    this.commands.push({ type: 'CancelTasks', taskIds: open.map((t) => t.taskId), reason });
    return true;
  }

  /**
   * A halt ends the revision: its open tasks are cancelled, and once that (or whatever else was
   * left to write) is stored (`stored`), the outcome is recorded (outcomeOfHalt).
   */
  endRevision(halt: ChainHalt): void {
    const s = this.s;
    s.stage = -1;
    s.tracks = [];
    if (!this.cancelOpenTasks(halt)) this.commands.push({ type: 'StoreProgress' });
    s.storing = true;
  }

  /** The halted revision's writes are stored: the contract goes back to the rep, or closes. */
  outcomeOfHalt(halt: ChainHalt): void {
    const s = this.s;
    s.storing = false;
    if (halt.kind === 'returned') return this.startReturnRound(halt);
    if (halt.kind !== 'changes_requested') return this.finish(halt.kind);
    s.status = 'changes_requested';
    s.reworkSince = this.now;
    this.audit('contract', AUDIT_EVENT_TYPES.CHANGES_REQUESTED, halt.problems ? 'rule' : 'user', halt.byId, null, { comment: halt.comment ?? null, problems: halt.problems ?? [] });
    this.record({ status: 'changes_requested', reworkSince: this.now, problems: halt.problems ?? null });
    this.commands.push({ type: 'StoreProgress' });
    this.commands.push({ type: 'SendRepMail', kind: 'changes_requested', comment: halt.comment, problems: halt.problems });
    this.commands.push({ type: 'AwaitRevision' });
  }

  /**
   * A step returned the contract to an earlier one (return-to-step.ts): the history says so, the
   * steps from the target's stage on start again pending in the same revision, and the chain is
   * walked again from that stage (RerunFrom); the rep is asked nothing.
   */
  startReturnRound(halt: Extract<ChainHalt, { kind: 'returned' }>): void {
    const s = this.s;
    const round = returnRound(s.policy, s.steps, s.previousSteps, halt, s.revision);
    s.steps = round.steps;
    s.previousSteps = round.previousSteps;
    s.halt = null;
    s.rounds = (s.rounds ?? 0) + 1;
    this.audit(`returned:${s.revision}:${s.rounds}`, AUDIT_EVENT_TYPES.CONTRACT_RETURNED_TO_STEP, 'user', halt.byUserId, halt.fromStep, {
      fromStep: halt.fromStep,
      toStep: halt.toStep,
      byUserId: halt.byUserId,
      comment: halt.comment ?? null,
      revision: s.revision,
      round: s.rounds,
    });
    this.commands.push({ type: 'StoreProgress' });
    this.commands.push({ type: 'RerunFrom', stage: round.stage });
  }

  /** Time spent with the rep so far, the current stay included. */
  endRework(): void {
    const s = this.s;
    if (s.reworkSince) s.reworkMs = (s.reworkMs ?? 0) + Date.parse(this.now) - Date.parse(s.reworkSince);
    s.reworkSince = null;
  }

  finish(outcome: 'approved' | 'rejected' | 'withdrawn'): void {
    const s = this.s;
    s.stage = -1;
    s.tracks = [];
    s.status = outcome;
    s.finished = true;
    this.endRework();
    const halt = s.halt;
    const type = { approved: AUDIT_EVENT_TYPES.CONTRACT_APPROVED, rejected: AUDIT_EVENT_TYPES.CONTRACT_REJECTED, withdrawn: AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN }[outcome];
    const byUser = halt && 'byUserId' in halt ? halt.byUserId : null;
    this.audit('contract', type, byUser ? 'user' : 'system', byUser, null, { comment: halt?.comment ?? null, policyVersion: s.policy.version });
    this.record({ status: outcome, completedAt: this.now, reworkSince: null, reworkMs: s.reworkMs ?? 0 });
    this.commands.push({ type: 'StoreProgress' });
    this.commands.push({ type: 'SendRepMail', kind: `contract_${outcome}`, comment: halt?.comment });
    this.commands.push({ type: 'Finish', outcome });
  }

  /** Whoever else could have decided the task (assignee, escalation managers) is told once the decision is stored; returns who. */
  tellOthers(task: ChainTask, deciderId: string): string[] {
    const step = this.s.steps[task.stepKey];
    const others = othersToTell(task, deciderId);
    if (others.length && step.sla) step.sla.toldOfDecision = others;
    return others;
  }

  /** Applies a task's decision (by a person, or by rule on timeout) to its step. */
  decide(task: ChainTask): void {
    const step = this.s.steps[task.stepKey];
    // One of several approvers decided: the step is decided by all of their decisions together.
    if (step.approvers) return decideApprover(this, task);
    Object.assign(step, decidedStepFields(task, this.s.policy.version));
    const halt = haltForDecision(task);
    if (halt) this.s.halt ??= halt;
    this.commands.push({ type: 'CloseTask', taskId: task.taskId });
    for (const toUserId of step.sla?.toldOfDecision ?? []) {
      this.commands.push({ type: 'SendTaskMail', taskId: task.taskId, kind: 'task_decided_elsewhere', eventKey: `${task.taskId}:decided-elsewhere:${toUserId}`, toUserId });
    }
    this.stepDone(task.stepKey, task.decision === 'approve');
    if (this.s.halt) this.haltTracks();
  }

  armTimer(task: ChainTask): void {
    const next = nextSlaEvent(task.schedule);
    if (next) this.commands.push({ type: 'StartSlaTimer', taskId: task.taskId, scheduleVersion: task.scheduleVersion, event: next });
  }
}
