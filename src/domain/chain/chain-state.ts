// The chain as a state machine: its state, the events that move it and the commands it asks its
// interpreter to carry out. `reduce` (chain-machine.ts) is pure: `(state, event) -> { state,
// commands }`, and every event carries `now`, so nothing reads a clock.
import type { ActorKind, AuditEventType } from '../audit/audit-event-types';
import type { RuleResult } from '../rules/rule.types';
import type { StepApprovers } from './countersign';
import type { ContractStatus, Decision, StepState, TaskState } from './engine.types';
import type { ChainPolicy, StepKey } from './policy.types';
import type { SlaEvent } from './sla-next-event';

/** Why the chain stopped before the end of a revision. */
export type ChainHalt =
  | { kind: 'rejected'; byUserId: string; comment?: string }
  | { kind: 'changes_requested'; byId: string; comment?: string; problems?: string[] }
  | { kind: 'withdrawn'; byUserId: string; comment?: string }
  /** An approver sent the contract back to an earlier step (return-to-step.ts): a new round, not the rep's. */
  | { kind: 'returned'; byUserId: string; fromStep: StepKey; toStep: StepKey; comment?: string };

export type ChainOutcome = 'approved' | 'rejected' | 'withdrawn';

export interface ChainTask extends TaskState {
  /** Bumped when ops move the deadline; a timer armed for an older schedule is ignored. */
  scheduleVersion: number;
}

/** One track of the running stage: its steps in order, the one running now, and whether it stopped. */
export interface TrackCursor {
  keys: StepKey[];
  /** Index in `keys` of the step running now (or of the next to run). */
  at: number;
  done: boolean;
}

export interface ChainState {
  policy: ChainPolicy;
  contractId: string;
  status: ContractStatus;
  revision: number;
  steps: Record<StepKey, StepState>;
  /** The steps as the previous revision left them: what a revision may keep. */
  previousSteps: Record<StepKey, StepState>;
  tasks: Record<string, ChainTask>;
  /** Index of the running stage; -1 while no revision runs (waiting for the rep, or finished). */
  stage: number;
  tracks: TrackCursor[];
  halt: ChainHalt | null;
  /** The closing stages run (bots only): a withdrawal can no longer undo the order. */
  closing: boolean;
  finished: boolean;
  /**
   * A halted revision's end waits for its writes (the cancelled tasks, or what was left to store)
   * to be stored before the outcome is recorded: set from CancelTasks / StoreProgress to `stored`.
   */
  storing?: boolean;
  /** Since when the contract is back with the rep, and the time it spent there before (rework time). */
  reworkSince?: string | null;
  reworkMs?: number;
  /** Rounds this revision ran after a return to an earlier step (return-to-step.ts); absent: none. */
  rounds?: number;
}

export type ChainEvent =
  /** A revision starts running (the first submission, or after `revised`). */
  | { type: 'revision_started'; now: string; /** A round after RerunFrom: the stage it walks from (absent: 0). */ fromStage?: number }
  /**
   * A step starts: an interpreter that walks the stages and tracks itself says so (the machine's
   * own walking starts steps in startStage / stepDone). Applies to a pending step while nothing
   * halted or closed the revision; answered with RunBot or EvaluateRule.
   */
  | { type: 'step_started'; stepKey: StepKey; now: string }
  /**
   * The rule of a rule step was evaluated on the revision's facts; `fingerprint` is of its inputs.
   * `result` may be left out when the step keeps its decision (keepOrRedecide says so from the
   * fingerprint): the interpreter need not evaluate the rule then.
   */
  | {
      type: 'rule_result';
      stepKey: StepKey;
      fingerprint: string;
      result?: RuleResult;
      /** The id the step's task gets if the result needs a person (drawn by the interpreter). */
      taskId?: string;
      /** Several people decide the step (countersign.ts approversPlan), each task id drawn by the interpreter; the first is `taskId`. */
      approvers?: StepApprovers;
      now: string;
    }
  /** A bot finished its step. */
  | { type: 'bot_completed'; stepKey: StepKey; ruleId: string; reason: string; inputs: Record<string, unknown>; now: string }
  /** The task an OpenTask command asked for was opened (routing and schedule came back). */
  | { type: 'task_opened'; stepKey: StepKey; task: TaskState; now: string }
  /** A person decided an open task (the Update's validator already allowed it). */
  | { type: 'decision'; taskId: string; userId: string; decision: Decision; comment?: string; toStep?: StepKey; now: string }
  /** The timer a StartSlaTimer command armed is due. */
  | { type: 'sla_timer_due'; taskId: string; scheduleVersion: number; now: string }
  /**
   * Every track of the running stage returned: an interpreter that runs each track as its own
   * coroutine says so (the machine's own walking ends a stage with the step that ends it).
   */
  | { type: 'stage_ended'; now: string }
  /** The writes a halted revision's CancelTasks or StoreProgress asked for are stored. */
  | { type: 'stored'; now: string }
  /** The rep revised a contract sent back to them. */
  | { type: 'revised'; userId: string; changedFields: string[]; comment?: string; now: string }
  /** The rep withdrew the contract. */
  | { type: 'withdrawal'; userId: string; reason?: string; now: string }
  /** Something outside the steps halts the chain (e.g. ops stop a contract). */
  | { type: 'halt'; halt: ChainHalt; now: string };

export type TaskMailKind = 'task_assigned' | 'task_reminder' | 'task_escalated' | 'task_decided_elsewhere';
export type RepMailKind = 'contract_approved' | 'contract_rejected' | 'changes_requested' | 'contract_withdrawn';

export type ChainCommand =
  | { type: 'RunBot'; stepKey: StepKey; bot: string }
  | { type: 'EvaluateRule'; stepKey: StepKey }
  | { type: 'OpenTask'; stepKey: StepKey; taskId: string; ruleResult: RuleResult }
  | { type: 'StartSlaTimer'; taskId: string; scheduleVersion: number; event: SlaEvent }
  | { type: 'EscalateTask'; taskId: string; level: number; toUserId: string | null }
  | { type: 'CloseTask'; taskId: string }
  | { type: 'CancelTasks'; taskIds: string[]; reason: string }
  /** A step its approvers decided closes the tasks of those who had not decided yet (countersign.ts). */
  | { type: 'CloseStepTasks'; stepKey: StepKey; taskIds: string[]; reason: string }
  | { type: 'AuditEvent'; identity: string; eventType: AuditEventType; actorKind: ActorKind; actorId: string | null; stepKey: StepKey | null; data: Record<string, unknown> }
  /** Store these steps and contract fields (one batch, in order after earlier writes). */
  | { type: 'RecordProgress'; stepKeys: StepKey[]; contract: Partial<Record<string, unknown>> }
  /**
   * Write everything recorded so far now, before the commands after it: before a halted
   * revision's outcome (answered by `stored`), and before the rep is mailed the outcome.
   */
  | { type: 'StoreProgress' }
  | { type: 'SendTaskMail'; taskId: string; kind: TaskMailKind; eventKey: string; toUserId?: string; fraction?: number; escalationLevel?: number }
  | { type: 'SendRepMail'; kind: RepMailKind; comment?: string; problems?: string[] }
  /** Changes were requested: wait for the rep's revision or withdrawal. */
  | { type: 'AwaitRevision' }
  /** A step returned the contract to an earlier one: walk the chain again from `stage` in the same revision. */
  | { type: 'RerunFrom'; stage: number }
  | { type: 'Finish'; outcome: ChainOutcome };

export interface Transition {
  state: ChainState;
  commands: ChainCommand[];
}
