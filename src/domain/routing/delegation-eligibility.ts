// Who a task may be handed to, by an explicit delegation or through an out-of-office period: the
// one home of the rule. One rule for both: the delegate must hold the role the work needs.
// - A task needs its step's role (`{ kind: 'role' }`), or `sales_manager` for the submitting
//   rep's manager's step — whoever holds the task now, even a manager it was routed to because
//   the submitter holds the role.
// - An out-of-office period covers every task the absent person could be given, so the delegate
//   must hold one of the absent person's roles that some step of the policy needs. Someone who
//   holds no such role receives no tasks by role, and any colleague may stand in.
// Pure: users' roles and the policy's steps are arguments.
import type { AssigneeSpec, Role, StepDefinition } from '../chain/policy.types';
import { DomainErrorCode } from '../errors';
import type { Refusal, TaskFacts } from './decision-eligibility';

/** The role that decides the submitting rep's manager's step (and that manager's delegates hold). */
export const MANAGER_APPROVER_ROLE: Role = 'sales_manager';

/** The role a task of this step needs. */
export function roleNeeded(assignee: AssigneeSpec): Role {
  return assignee.kind === 'submitter_manager' ? MANAGER_APPROVER_ROLE : assignee.role;
}

/** The roles the steps of a policy give tasks to. */
export function approvingRoles(steps: readonly Pick<StepDefinition, 'assignee'>[]): Set<string> {
  return new Set(steps.flatMap((s) => (s.assignee ? [roleNeeded(s.assignee)] : [])));
}

/** Which of an absent person's roles their out-of-office delegate must share (at least one). */
export function rolesToCover(absentRoles: readonly string[], steps: readonly Pick<StepDefinition, 'assignee'>[]): string[] {
  const approving = approvingRoles(steps);
  return absentRoles.filter((r) => approving.has(r));
}

/** The delegate holds none of the roles the work needs. `needed` empty: nothing to hold. */
export function delegateRoleRefusal(needed: readonly string[], delegateRoles: readonly string[]): Refusal | null {
  if (!needed.length || needed.some((r) => delegateRoles.includes(r))) return null;
  return {
    code: DomainErrorCode.DELEGATE_ROLE_MISMATCH,
    message: `The delegate must hold the role the tasks need (${needed.join(' or ')})`,
    details: { neededRoles: [...needed] },
  };
}

export interface DelegationAttempt {
  task: TaskFacts;
  byUserId: string;
  toUserId: string;
  submitterId: string;
}

/** For an open task of a contract that is not halted: who may hand it on, and to whom. */
export function delegationRefusal(a: DelegationAttempt): Refusal | null {
  if (a.byUserId !== a.task.assigneeId) return { code: DomainErrorCode.NOT_ASSIGNEE, message: 'Only the assignee may delegate the task' };
  if (a.toUserId === a.task.assigneeId) return { code: DomainErrorCode.ALREADY_ASSIGNED, message: 'The task is already assigned to that user' };
  if (a.toUserId === a.submitterId) return { code: DomainErrorCode.SELF_APPROVAL_FORBIDDEN, message: "A task cannot go to the contract's submitter" };
  return null;
}
