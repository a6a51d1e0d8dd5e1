// The catalogue of audit events. Every row in the audit trail has one of these types; names are
// past tense because each records something that happened.
export const AUDIT_EVENT_TYPES = {
  /** A rep submitted a new contract (API). */
  CONTRACT_SUBMITTED: 'CONTRACT_SUBMITTED',
  /** A rep submitted a new revision after changes were requested. */
  CONTRACT_REVISED: 'CONTRACT_REVISED',
  /** The submitting rep withdrew the contract; open tasks were cancelled. */
  CONTRACT_WITHDRAWN: 'CONTRACT_WITHDRAWN',
  /** A contract left with the rep passed the policy's reminder period (revisionTimeout): the rep was reminded, with when it is withdrawn. */
  REVISION_REMINDER_SENT: 'REVISION_REMINDER_SENT',
  /** An approver sent the contract back to an earlier step (fromStep, toStep, byUserId, comment, revision, round): the chain runs again from there in the same revision. */
  CONTRACT_RETURNED_TO_STEP: 'CONTRACT_RETURNED_TO_STEP',
  /** The contract went back to the rep (intake problems or a reviewer's request). */
  CHANGES_REQUESTED: 'CHANGES_REQUESTED',
  /** Every step approved or skipped, document and order created: the contract is approved. */
  CONTRACT_APPROVED: 'CONTRACT_APPROVED',
  /** A reviewer rejected the contract. */
  CONTRACT_REJECTED: 'CONTRACT_REJECTED',
  /** A step began work in this revision. */
  STEP_STARTED: 'STEP_STARTED',
  /** A rule approved a step without a human (rule id and policy version in data). */
  STEP_AUTO_APPROVED: 'STEP_AUTO_APPROVED',
  /** A rule found the step does not apply to this contract. */
  STEP_SKIPPED: 'STEP_SKIPPED',
  /** A revision kept a step's earlier decision because the step's inputs did not change. */
  STEP_DECISION_KEPT: 'STEP_DECISION_KEPT',
  /** A bot (RPA activity) completed its step. */
  STEP_BOT_COMPLETED: 'STEP_BOT_COMPLETED',
  /** The approvers of a countersign, or-sign or quorum step decided it together: mode, outcome, tally, each approver's decision (recorded once per step). */
  STEP_APPROVERS_DECIDED: 'STEP_APPROVERS_DECIDED',
  /** A human task was created for a step. */
  TASK_CREATED: 'TASK_CREATED',
  /** A human decided a task (approve, reject, request changes). */
  TASK_DECIDED: 'TASK_DECIDED',
  /** A task was cancelled because the contract was withdrawn, rejected or returned elsewhere. */
  TASK_CANCELLED: 'TASK_CANCELLED',
  /** A task was approved by rule timeout_auto_approved when its SLA passed. */
  TASK_TIMEOUT_AUTO_APPROVED: 'TASK_TIMEOUT_AUTO_APPROVED',
  /** An approver handed a task to a colleague, or out-of-office routing did. */
  TASK_DELEGATED: 'TASK_DELEGATED',
  /** A sales manager or ops added an approver's step to the running chain: who, after which step, why, its SLA. */
  APPROVER_ADDED: 'APPROVER_ADDED',
  /** A reminder went to the assignee at a fraction of the SLA. */
  TASK_REMINDER_SENT: 'TASK_REMINDER_SENT',
  /** A task passed its deadline and escalated to a manager (level in data). */
  TASK_ESCALATED: 'TASK_ESCALATED',
  /** A task's escalation found no manager left (level in data): ops were mailed and the contract flagged for attention until the task is decided. */
  ESCALATION_EXHAUSTED: 'ESCALATION_EXHAUSTED',
  /** Ops moved a task's deadline. */
  TASK_DEADLINE_CHANGED: 'TASK_DEADLINE_CHANGED',
  /** The submitting rep urged (催办) a waiting task: who, the note, who was mailed, when it may be urged again. */
  TASK_URGED: 'TASK_URGED',
  /** People were copied (抄送) on a step's decision: who (recipientIds), from which roles and users, the decision; one mail each. */
  CC_NOTIFIED: 'CC_NOTIFIED',
  /** An e-mail was handed to the SMTP server. */
  MAIL_SENT: 'MAIL_SENT',
  /** The final contract document was rendered and stored. */
  DOCUMENT_GENERATED: 'DOCUMENT_GENERATED',
  /** The sales order was created from the approved contract. */
  ORDER_CREATED: 'ORDER_CREATED',
  /**
   * The order bot ran on the RPA worker: which adapter (browser or rest), the ERP's order number,
   * whether it entered the order (created) or found it already there (reused), duration in ms.
   */
  ORDER_BOT_RAN: 'ORDER_BOT_RAN',
  /** An order bot run stopped (step, error, bot run id whose screenshot ops can open); the activity retries. */
  ORDER_BOT_FAILED: 'ORDER_BOT_FAILED',
  /** The status bot read a new status of the contract's order in the ERP (confirmed, shipped, invoiced; when the ERP set it). */
  ORDER_STATUS_CHANGED: 'ORDER_STATUS_CHANGED',
  /**
   * Task-link refusals (expired, used, forged, superseded or someone else's), sampled: one row for
   * the first refusal of a link or address in a 15-minute window and one when it crosses the
   * limit, with the count (data.countedBy, sample, attemptsInWindow).
   */
  TASK_LINK_REJECTED: 'TASK_LINK_REJECTED',
  /** A step's activity failed for good (a data error, or every retry used up): the contract needs attention (activity, step, error in data). */
  INCIDENT_OPENED: 'INCIDENT_OPENED',
  /** Ops asked the workflow to retry the failed activity of an open incident. */
  INCIDENT_RETRIED: 'INCIDENT_RETRIED',
  /** The failed activity of an incident succeeded on a retry: the contract moves again. */
  INCIDENT_RESOLVED: 'INCIDENT_RESOLVED',
  /** A policy admin activated a policy draft as a new version (version, from version, active from; no contract). */
  POLICY_ACTIVATED: 'POLICY_ACTIVATED',
} as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[keyof typeof AUDIT_EVENT_TYPES];

export type ActorKind = 'user' | 'rule' | 'bot' | 'system' | 'anonymous';

/** An audit event as writers produce it; the database adds the id and the hash chain. */
export interface AuditEventInput {
  /** Unique per event; a retried write with the same key is ignored. */
  eventKey: string;
  type: AuditEventType;
  contractId: string | null;
  actorKind: ActorKind;
  actorId: string | null;
  revision: number | null;
  stepKey: string | null;
  occurredAt: string;
  origin?: Record<string, unknown> | null;
  data: Record<string, unknown>;
}
