// Ops reassigning a waiting task: the one home of the rule. It is a delegation made by ops for
// the assignee (same Update, same audit event TASK_DELEGATED with ops as the actor, same mail to
// the new holder), so the delegation's rules apply except "only the assignee may delegate":
// - the new holder must hold the role the task's step needs (delegateRoleRefusal, checked by the
//   API, which knows people's roles);
// - not the current holder (ALREADY_ASSIGNED), never the contract's submitter (SELF_APPROVAL_FORBIDDEN);
// - a reason is required (it is the delegation's comment).
// Pure: the task's facts are arguments.
import type { DelegateRequest } from '../chain/engine.types';
import { DomainErrorCode } from '../errors';
import type { Refusal, TaskFacts } from './decision-eligibility';

/** A delegation made by ops for the task's holder. */
export interface OpsReassignRequest extends DelegateRequest {
  byOps: true;
}

export function isOpsReassign(req: DelegateRequest): req is OpsReassignRequest {
  return (req as Partial<OpsReassignRequest>).byOps === true;
}

export function reassignRefusal(a: { task: TaskFacts; toUserId: string; submitterId: string; reason: string | undefined }): Refusal | null {
  if (!a.reason?.trim()) return { code: DomainErrorCode.VALIDATION_FAILED, message: 'reason is required', details: { field: 'reason' } };
  if (a.toUserId === a.task.assigneeId) return { code: DomainErrorCode.ALREADY_ASSIGNED, message: 'The task is already assigned to that user' };
  if (a.toUserId === a.submitterId) return { code: DomainErrorCode.SELF_APPROVAL_FORBIDDEN, message: "A task cannot go to the contract's submitter" };
  return null;
}
