// The shapes the approval workflow, its activities and the API exchange: step and task state,
// the batches of progress the workflow persists, and the messages people send it.
import type { AuditEventInput } from '../audit/audit-event-types';
import type { StepApprovers } from './countersign';
import type { ChainPolicy } from './policy.types';
import type { ClauseLibrary, ContractSubmission, CustomerRecord, Product } from '../contract/contract.types';

export type ContractStatus = 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
export type StepStatus =
  | 'pending'
  | 'in_progress'
  | 'waiting'
  | 'auto_approved'
  | 'approved'
  | 'rejected'
  | 'changes_requested'
  | 'skipped';
/** `return`: back to an earlier step of the chain (return-to-step.ts), not to the rep. */
export type Decision = 'approve' | 'reject' | 'request_changes' | 'return';

export interface DecidedBy {
  kind: 'rule' | 'user';
  /** Rule id, or user id. */
  id: string;
}

export interface TaskSchedule {
  dueAt: string;
  reminders: { fraction: number; at: string; sentAt?: string }[];
  escalations: { level: number; at: string; toUserId?: string; firedAt?: string }[];
}

export interface StepSla extends TaskSchedule {
  escalationLevel: number;
  breached: boolean;
  notifiedUserIds: string[];
  /** Who else could have decided (assignee or escalation managers) and was told the task closed when someone decided first. */
  toldOfDecision?: string[];
}

export interface StepState {
  key: string;
  number: number;
  name: string;
  status: StepStatus;
  revision: number;
  decidedBy?: DecidedBy;
  policyVersion?: string;
  reason?: string;
  inputs?: Record<string, unknown>;
  problems?: string[];
  comment?: string;
  keptFromRevision?: number;
  /** Fingerprint of the inputs the latest decision read; equal fingerprints keep a decision. */
  fingerprint?: string;
  taskId?: string;
  sla?: StepSla;
  /** A step several people decide together: each one's task and decision (countersign.ts); `taskId` is the first's. */
  approvers?: StepApprovers;
  startedAt?: string;
  completedAt?: string;
}

/** Contract fields the workflow owns after submission. */
export interface ContractProgress {
  status?: ContractStatus;
  revision?: number;
  currentSteps?: string[];
  discountPercent?: number;
  customerId?: string;
  problems?: string[] | null;
  completedAt?: string | null;
  reworkSince?: string | null;
  reworkMs?: number;
  anyStepBreached?: boolean;
}

export interface ProgressBatch {
  contractId: string;
  steps: StepState[];
  contract: ContractProgress;
  events: AuditEventInput[];
}

export interface ContractWorkflowInput {
  contractId: string;
  submitterId: string;
  submittedAt: string;
  submission: ContractSubmission;
  policy: ChainPolicy;
  /** Upsert search attributes (off on servers that lack them, such as the time-skipping test server). */
  searchAttributes: boolean;
  /** Origin of the submitting request, for the audit trail. */
  origin?: Record<string, unknown>;
  /** Continue-as-new once the history is longer than this while the contract waits for the rep (default 10,000 events). */
  historyLimit?: number;
  /** The RPA worker's task queue (RPA_TASK_QUEUE): the order bot enters the order in the ERP there. Absent: our table only. */
  rpaTaskQueue?: string;
  /** Set when a run continued as new: the state it resumes from, waiting for the rep's revision. */
  carryOver?: EngineCarryOver;
}

/**
 * What a run hands to the run that continues it. Taken only while the contract waits for the
 * rep (changes requested): nothing is in flight, every write is stored, no task is open.
 */
export interface EngineCarryOver {
  revision: number;
  submission: ContractSubmission;
  steps: StepState[];
  /** Tasks of the current revision (all closed), so late clicks still learn who decided. */
  tasks: (TaskState & { scheduleVersion: number })[];
  /** Who sent the contract back, and why. */
  changesRequested: { byId: string; comment?: string; problems?: string[] };
  reworkSince: string;
  reworkMs: number;
  /** The audit event counter, so event keys continue where the last run stopped. */
  eventSeq: number;
  retryRequests: number;
  /** How many runs came before this one. */
  runs: number;
}

export interface RevisionReference {
  products: Record<string, Product>;
  clauseLibrary: ClauseLibrary;
}

export type { CustomerRecord };

/** Task as the workflow tracks it. */
export interface TaskState {
  taskId: string;
  stepKey: string;
  revision: number;
  assigneeId: string;
  originalAssigneeId: string;
  /** Managers it escalated to, in order; each may decide in the assignee's place. */
  escalatedTo: string[];
  /** Upward chain of managers for escalation, submitter already removed. */
  escalationChain: string[];
  status: 'open' | 'decided' | 'cancelled';
  decision?: Decision;
  decidedById?: string;
  decidedByKind?: 'user' | 'rule';
  comment?: string;
  /** The step a `return` decision sent the contract back to. */
  toStep?: string;
  decidedAt?: string;
  schedule: TaskSchedule;
  slaBusinessHours: number;
  createdAt: string;
}

// ---- messages people send the workflow (Temporal Updates) ----

export interface DecisionRequest {
  taskId: string;
  userId: string;
  decision: Decision;
  comment?: string;
  /** With decision `return`: the earlier step the contract goes back to (the policy's returnTo). */
  toStep?: string;
  /** The revision the decider saw; a decision on an older revision is refused. */
  revision?: number;
  origin?: Record<string, unknown>;
}

export interface RevisionRequest {
  userId: string;
  /** The revision the rep revised; must be the current one. */
  baseRevision: number;
  submission: ContractSubmission;
  changedFields: string[];
  comment?: string;
  origin?: Record<string, unknown>;
}

export interface WithdrawRequest {
  userId: string;
  reason?: string;
  origin?: Record<string, unknown>;
}

export interface DelegateRequest {
  taskId: string;
  /** Who hands the task over (the assignee) or ops acting for them. */
  byUserId: string;
  toUserId: string;
  comment?: string;
  origin?: Record<string, unknown>;
}

export interface DeadlineRequest {
  taskId: string;
  byUserId: string;
  dueAt: string;
  reason: string;
  origin?: Record<string, unknown>;
}

export interface RetryRequest {
  /** The ops user asking for the retry. */
  userId: string;
  origin?: Record<string, unknown>;
}

/**
 * An activity failure the workflow could not get past by retrying: a data error (non-retryable),
 * or every attempt used up. The contract stops at that point, visibly, until the activity
 * succeeds on a retry (asked by ops; retryable causes are also retried on their own).
 */
export interface Incident {
  id: string;
  /** The activity that failed, e.g. recordProgress, openTask, createOrder. */
  activity: string;
  stepKey: string | null;
  /** The failure type (DATA_ERROR, or the error's class), and its message. */
  errorType: string;
  message: string;
  /** Whether the cause may go away by itself (then the workflow also retries on a timer). */
  retryable: boolean;
  openedAt: string;
  /** Retries tried since the incident opened. */
  retries: number;
}

/** What every update returns: the contract's state once the change is persisted. */
export interface ContractSnapshot {
  contractId: string;
  status: ContractStatus;
  revision: number;
  steps: { key: string; status: StepStatus; taskId?: string }[];
  openTasks: { taskId: string; stepKey: string; assigneeId: string; escalatedTo: string[]; dueAt: string }[];
  /** Open incidents: where the contract is stuck and why (absent in runs recorded before incidents existed). */
  incidents?: Incident[];
}
