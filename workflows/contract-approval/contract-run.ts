// The state of one contract's run, shared by the interpreter's parts (update handlers, chain
// runner, SLA waiter, bots, progress recorder): the steps and tasks of the current revision, why
// the chain halted, the Updates waiting to be acted on, and the reference data of the revision.
import { ApplicationFailure, patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { ContractActivities } from '../../activities/activity.types';
import type {
  ContractSnapshot,
  ContractStatus,
  ContractWorkflowInput,
  Incident,
  RevisionRequest,
  StepState,
  TaskState,
  WithdrawRequest,
} from '../../src/domain/chain/engine.types';
import type { ChainPolicy, StepDefinition } from '../../src/domain/chain/policy.types';
import type { ClauseDeviation, ClauseLibrary, ContractSubmission, CustomerRecord, DerivedFigures, Product } from '../../src/domain/contract/contract.types';
import type { DomainErrorCode } from '../../src/domain/errors';
import type { Refusal } from '../../src/domain/routing/decision-eligibility';
import {
  bounded,
  HARDENED_PATCH,
  LOCAL_BOTS_PATCH,
  LOCAL_CAPTURE_PATCH,
  LOCAL_WRITES_PATCH,
  unbounded,
  withLocalWrites,
  withLocalWritesAndBots,
  withLocalWritesBotsAndCapture,
  withLocalWritesOrNextRemote,
} from './activity-proxies';
import type { DecidedTask } from './task-transitions';
import type { ChainHalt } from '../../src/domain/chain/chain-state';

export type Halt =
  | { kind: 'rejected'; byUserId: string; comment?: string }
  | { kind: 'changes_requested'; byId: string; comment?: string; problems?: string[] }
  | { kind: 'withdrawn'; byUserId: string; comment?: string }
  | Extract<ChainHalt, { kind: 'returned' }>;

export type Outcome = 'approved' | Halt['kind'];

export interface WorkflowTask extends TaskState {
  persisted: boolean;
  scheduleVersion: number;
  /** Delegations so far: the nth delegation of a task has its own audit key and mail. */
  delegations?: number;
}

export function fail(code: DomainErrorCode, message: string, details?: Record<string, unknown>): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: details ? [details] : undefined });
}

/** Throws a domain rule's refusal as the Update's failure; nothing when the rule allows it. */
export function refuse(refusal: Refusal | null): void {
  if (refusal) fail(refusal.code, refusal.message, refusal.details);
}

export const nowIso = () => new Date().toISOString();

export class ContractRun {
  readonly policy: ChainPolicy;
  readonly defs = new Map<string, StepDefinition>();
  status: ContractStatus = 'in_review';
  revision = 1;
  submission: ContractSubmission;
  readonly steps = new Map<string, StepState>();
  previousSteps = new Map<string, StepState>();
  /** The stage a round after a return to an earlier step walks from (return-to-step.ts); null otherwise. */
  rerunFrom: number | null = null;
  /** Rounds this revision ran after returns (event keys of the returns). */
  rounds = 0;
  readonly tasks = new Map<string, WorkflowTask>();
  /** Decided tasks whose step has yet to take the decision (task-transitions.ts). */
  readonly decided = new Map<string, DecidedTask>();
  halt: Halt | null = null;
  pendingRevision: RevisionRequest | null = null;
  withdrawRequest: WithdrawRequest | null = null;
  finished = false;
  /** Every approval is in and the closing bots run: a withdrawal could no longer undo the order. */
  closing = false;

  readonly incidents: Incident[] = [];
  retryRequests = 0;
  /** The latest retry Update's INCIDENT_RETRIED report, which the retried activity waits for (see ProgressRecorder.guard). */
  retryReported: Promise<void> = Promise.resolve();
  incidentChanges = 0;

  products: Record<string, Product> = {};
  clauseLibrary: ClauseLibrary | null = null;
  derived: DerivedFigures | null = null;
  customer: CustomerRecord | undefined;
  deviations: ClauseDeviation[] | undefined;

  reworkSince: string | null = null;
  reworkMs = 0;

  /** Runs since incidents existed; older histories replay the code they were recorded with. */
  readonly withIncidents: boolean;
  readonly acts: ContractActivities;
  /** Set after a person's decision is stored: the chain's next write goes as an activity task (reply-first.ts). */
  remoteNextWrite = false;

  constructor(readonly input: ContractWorkflowInput) {
    this.withIncidents = patched(HARDENED_PATCH);
    // Local progress writes came after incidents: a run without incidents never takes them.
    // Local bots came after local writes: a run without local writes never takes them; local
    // capture came after local bots: a run with it asks for no local-bots marker.
    if (!this.withIncidents) this.acts = unbounded;
    else if (!patched(LOCAL_WRITES_PATCH)) this.acts = bounded;
    else this.acts = withLocalWritesOrNextRemote(this, localActivities());
    this.policy = input.policy;
    this.submission = input.submission;
    for (const def of this.policy.steps) {
      this.defs.set(def.key, def);
      this.steps.set(def.key, { key: def.key, number: def.number, name: def.name, status: 'pending', revision: 1 });
    }
  }

  /** Read through a method: tracks running in parallel set it while this one awaits. */
  halted(): Halt | null {
    return this.halt;
  }

  /** Steps someone or something is working on now. */
  currentSteps(): string[] {
    return [...this.steps.values()].filter((s) => s.status === 'in_progress' || s.status === 'waiting').map((s) => s.key);
  }

  upsertSearch(): void {
    if (!this.input.searchAttributes) return;
    upsertSearchAttributes({ ContractStatus: [this.status], CurrentStep: this.currentSteps() });
  }

  snapshot(): ContractSnapshot {
    return {
      contractId: this.input.contractId,
      status: this.status,
      revision: this.revision,
      steps: [...this.steps.values()].map((s) => ({ key: s.key, status: s.status, taskId: s.taskId })),
      openTasks: [...this.tasks.values()]
        .filter((t) => t.status === 'open')
        .map((t) => ({ taskId: t.taskId, stepKey: t.stepKey, assigneeId: t.assigneeId, escalatedTo: [...t.escalatedTo], dueAt: t.schedule.dueAt })),
      incidents: this.incidents.map((i) => ({ ...i })),
    };
  }
}

/** The newest set of local activities this run was recorded with (the patch markers, newest first). */
function localActivities(): ContractActivities {
  if (patched(LOCAL_CAPTURE_PATCH)) return withLocalWritesBotsAndCapture;
  return patched(LOCAL_BOTS_PATCH) ? withLocalWritesAndBots : withLocalWrites;
}
