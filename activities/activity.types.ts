// The activity interface the approval workflow calls. Workflows import this file as types only;
// implementations come from createActivities(deps) so tests can swap in their own dependencies.
import type {
  ContractSnapshot,
  Decision,
  Incident,
  ProgressBatch,
  RevisionReference,
  TaskSchedule,
} from '../src/domain/chain/engine.types';
import type { AssigneeSpec } from '../src/domain/chain/policy.types';
import type { AuditEventInput } from '../src/domain/audit/audit-event-types';
import type { CustomerRecord, CustomerRef, NewRevision } from '../src/domain/contract/contract.types';

export interface OpenTaskInput {
  contractId: string;
  taskId: string;
  stepKey: string;
  stepName: string;
  revision: number;
  assignee: AssigneeSpec;
  submitterId: string;
  slaBusinessHours: number;
  reminderFractions: number[];
  escalationLevels: number;
  policyVersion: string;
  ruleResult: { ruleId: string; reason: string; problems?: string[]; inputs?: Record<string, unknown> };
  /** Workflow time the task was created; the SLA schedule is computed from it. */
  createdAt: string;
  progress: ProgressBatch;
}

export interface OpenTaskResult {
  assigneeId: string;
  originalAssigneeId: string;
  routingNote: string | null;
  schedule: TaskSchedule;
  /** Managers above the assignee in escalation order, submitter removed. */
  escalationChain: string[];
}

export interface CloseTaskInput {
  contractId: string;
  taskId: string;
  decision: Decision;
  decidedById: string;
  decidedByKind: 'user' | 'rule';
  comment?: string;
  decidedAt: string;
  progress: ProgressBatch;
}

export interface TaskMailInput {
  taskId: string;
  /** Unique per mail-worthy task event (created, delegated, reminder, escalation); keys idempotency. */
  eventKey: string;
  /**
   * `task_decided_elsewhere`: the task closed because someone else decided it first (the
   * assignee, a manager it escalated to, or rule timeout_auto_approved); sent to the others who
   * could have decided, after the task is decided. `escalation_exhausted`: the task's escalation
   * found no manager left; sent to every user with the ops role, once per task.
   */
  kind: 'task_assigned' | 'task_reminder' | 'task_escalated' | 'task_delegated' | 'task_decided_elsewhere' | 'task_urged' | 'escalation_exhausted';
  /** Recipient, when not the task's assignee (escalation notices go to managers; decided-elsewhere notices to each other party). */
  toUserId?: string;
  /** For reminders: the fraction of the SLA used. */
  fraction?: number;
  escalationLevel?: number;
  /** For urges (task_urged): the rep's note to the approver. */
  note?: string;
}

export interface RepMailInput {
  contractId: string;
  eventKey: string;
  kind: 'contract_approved' | 'contract_rejected' | 'changes_requested' | 'contract_withdrawn' | 'order_shipped' | 'revision_reminder';
  /** order_shipped: when the ERP shows the order shipped; revision_reminder: when the contract is withdrawn unless revised. */
  at?: string;
  comment?: string;
  problems?: string[];
}

export interface EscalateInput {
  contractId: string;
  taskId: string;
  level: number;
  toUserId: string;
  at: string;
  progress: ProgressBatch;
}

export interface ReassignInput {
  contractId: string;
  taskId: string;
  toUserId: string;
  byUserId: string;
  comment?: string;
  at: string;
  /** To recompute the escalation chain from the new assignee (never through the submitter). */
  submitterId: string;
  escalationLevels: number;
  progress: ProgressBatch;
}

export interface ReassignResult {
  /** Managers above the new assignee in escalation order, submitter removed. */
  escalationChain: string[];
}

export interface RescheduleInput {
  taskId: string;
  createdAt: string;
  dueAt: string;
  slaBusinessHours: number;
  reminderFractions: number[];
  escalationLevels: number;
}

export interface ReportIncidentsInput {
  contractId: string;
  /** Every incident still open after this change; empty when the contract moves again. */
  open: Incident[];
  /** The audit event recording the change (opened, retried or resolved), keyed by incident; null when only the stored list changes. */
  event: AuditEventInput | null;
}

export interface ContractActivities {
  /** Reference data a revision is evaluated against (products it names, the clause library). */
  prepareRevision(input: { contractId: string; skus: string[] }): Promise<RevisionReference>;
  /**
   * RPA bot: find or create the customer by registration number and enrich it. `progress`: what
   * the run changed and has not stored yet, stored first (the bot carries the write that would
   * otherwise be a recordProgress of its own; absent in runs from before the bots carried it).
   */
  captureCustomer(input: { contractId: string; customer: CustomerRef; progress?: ProgressBatch }): Promise<CustomerRecord>;
  /** Persist step states, contract fields and audit events in one transaction; idempotent. */
  recordProgress(batch: ProgressBatch): Promise<void>;
  recordRevision(input: NewRevision & { progress: ProgressBatch }): Promise<void>;
  /** Resolve the assignee (role, manager, out-of-office, no self-approval), compute the SLA schedule, store the task. */
  openTask(input: OpenTaskInput): Promise<OpenTaskResult>;
  closeTask(input: CloseTaskInput): Promise<void>;
  cancelTasks(input: { contractId: string; taskIds: string[]; reason: string; at: string; progress: ProgressBatch }): Promise<void>;
  /** Who holds a role, by username: the approvers of a step several people decide together when the policy names a role (countersign). */
  approversOfRole(input: { contractId: string; role: string }): Promise<string[]>;
  escalateTask(input: EscalateInput): Promise<void>;
  /** Hand the task to a delegate; returns the delegate's escalation chain. */
  reassignTask(input: ReassignInput): Promise<ReassignResult>;
  rescheduleTask(input: RescheduleInput): Promise<TaskSchedule>;
  /** When a contract back with its rep since `since` is reminded and withdrawn: the policy's business hours on the organisation's calendar. */
  revisionDeadlines(input: { contractId: string; since: string; remindAfterBusinessHours: number; withdrawAfterBusinessHours: number }): Promise<{ remindAt: string; withdrawAt: string }>;
  sendTaskMail(input: TaskMailInput): Promise<{ sent: boolean; reason?: string }>;
  sendRepMail(input: RepMailInput): Promise<{ sent: boolean }>;
  /** RPA bot: render the final contract from the approved data and store it (`progress` stored first, as for captureCustomer). */
  generateDocument(input: { contractId: string; revision: number; eventKey: string; progress?: ProgressBatch }): Promise<{ sha256: string; bytes: number }>;
  /** RPA bot: create the sales order from the approved contract (`progress` stored first, as for captureCustomer). */
  createOrder(input: { contractId: string; revision: number; eventKey: string; progress?: ProgressBatch }): Promise<{ orderId: string; orderNumber: string }>;
  /** Shows the contract's open incidents (contracts.incidents) and records the change in the audit trail. */
  reportIncidents(input: ReportIncidentsInput): Promise<void>;
}

export type { ContractSnapshot };
