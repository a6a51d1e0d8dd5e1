// What a task's decision makes of its step: the step status, who decided, the reason the step
// record shows, and whether the decision halts the contract. One home for these mappings; the
// reason texts are the ones stored in every contract's trail, so they must not change wording.
import { timeoutAutoApproved } from '../rules';
import type { Decision, DecidedBy, StepStatus, TaskState } from './engine.types';
import type { StepDefinition } from './policy.types';

/** Step statuses that are a decision (the step will not change again in this revision). */
export const DECIDED_STATUSES: ReadonlySet<StepStatus> = new Set(['auto_approved', 'approved', 'rejected', 'changes_requested', 'skipped']);

/** Step statuses a revision may keep when the step's inputs did not change. */
export const KEEPABLE_STATUSES: ReadonlySet<StepStatus> = new Set(['approved', 'auto_approved', 'skipped']);

/** A decision by a person is `approved`; the same approval by a rule (timeout) is `auto_approved`. */
export function stepStatusForDecision(decision: Decision, byRule: boolean): StepStatus {
  if (decision === 'approve') return byRule ? 'auto_approved' : 'approved';
  // Returned to an earlier step: this step is asked again in the next round (return-to-step.ts).
  if (decision === 'return') return 'pending';
  return decision === 'reject' ? 'rejected' : 'changes_requested';
}

/** Why a contract stops after a decision; null when the chain goes on. */
export type DecisionHalt =
  | { kind: 'rejected'; byUserId: string; comment?: string }
  | { kind: 'changes_requested'; byId: string; comment?: string }
  | { kind: 'returned'; byUserId: string; fromStep: string; toStep: string; comment?: string };

export function haltForDecision(task: Pick<TaskState, 'decision' | 'decidedById' | 'comment' | 'stepKey' | 'toStep'>): DecisionHalt | null {
  if (task.decision === 'return') return { kind: 'returned', byUserId: task.decidedById!, fromStep: task.stepKey, toStep: task.toStep!, comment: task.comment };
  if (task.decision === 'reject') return { kind: 'rejected', byUserId: task.decidedById!, comment: task.comment };
  if (task.decision === 'request_changes') return { kind: 'changes_requested', byId: task.decidedById!, comment: task.comment };
  return null;
}

/**
 * The approval on timeout of a task whose escalation-level-1 deadline passed on a step with
 * `autoApproveOnTimeout`: the domain's `timeoutAutoApproved` record says which rule decided.
 */
export function timeoutDecision(def: StepDefinition, dueAt: string): { decision: 'approve'; decidedByKind: 'rule'; decidedById: string } {
  return { decision: 'approve', decidedByKind: 'rule', decidedById: timeoutAutoApproved(def, dueAt).ruleId };
}

/**
 * The step record a closed task leaves. The reason texts are exactly those of every stored trail
 * (a timeout approval names its rule and deadline; a person's decision says whether the assignee
 * or an escalation manager took it, with the comment).
 */
export function decidedStepFields(task: TaskState, policyVersion: string): {
  status: StepStatus;
  decidedBy: DecidedBy;
  policyVersion: string;
  comment?: string;
  reason: string;
  completedAt?: string;
} {
  const byRule = task.decidedByKind === 'rule';
  const verb = { approve: 'Approved', reject: 'Rejected', request_changes: 'Changes requested', return: `Returned to ${task.toStep ?? 'an earlier step'}` }[task.decision!];
  return {
    status: stepStatusForDecision(task.decision!, byRule),
    decidedBy: { kind: byRule ? 'rule' : 'user', id: task.decidedById! },
    policyVersion,
    comment: task.comment,
    reason: byRule
      ? `Approved by rule ${task.decidedById}: no decision by the deadline ${task.schedule.dueAt}, and the policy allows approval on timeout`
      : `${verb} by ${task.decidedById === task.assigneeId ? 'the assignee' : 'an escalation manager'}${task.comment ? `: ${task.comment}` : ''}`,
    completedAt: task.decidedAt,
  };
}

/** Why the open tasks of a halted contract are cancelled, as the trail says it. */
export const CANCEL_REASON: Readonly<Record<'rejected' | 'changes_requested' | 'withdrawn' | 'returned', string>> = {
  returned: 'contract returned to an earlier step',
  rejected: 'contract rejected',
  changes_requested: 'contract returned to the rep',
  withdrawn: 'contract withdrawn',
};

/** The escalation's note when the chain of managers ran out: the level is recorded, nobody new is told. */
export const NO_MANAGER_LEFT = 'No manager left to escalate to: the task stays with the assignee and the managers already notified';

/**
 * Whoever else could have decided a task — the assignee when a manager decided, the managers it
 * escalated to when the assignee (or another manager, or the timeout rule) did — and is told so.
 */
export function othersToTell(task: Pick<TaskState, 'assigneeId' | 'escalatedTo'>, deciderId: string): string[] {
  return [...new Set([task.assigneeId, ...task.escalatedTo])].filter((id) => id !== deciderId);
}
