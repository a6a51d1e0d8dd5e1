// Who may decide a task, and when a decision is refused: the one home of the rule. The
// workflow's update validators, the API's task views and the e-mailed decision page all call
// these functions, so they cannot disagree. Pure: every fact is an argument.
import type { Decision } from '../chain/engine.types';
import { DomainErrorCode } from '../errors';

/** Why a request is refused: the code the API maps to an HTTP status, and a sentence for people. */
export interface Refusal {
  code: DomainErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** What the rule needs to know about a task. */
export interface TaskFacts {
  status: 'open' | 'decided' | 'cancelled';
  decision?: string | null;
  assigneeId: string;
  /** Managers the task escalated to; each may decide in the assignee's place. */
  escalatedTo: readonly string[];
}

/** Why a contract stopped taking decisions (a rejection, a request for changes, a withdrawal). */
export type HaltKind = 'rejected' | 'changes_requested' | 'withdrawn' | 'returned';

/**
 * The people who may decide the task: its assignee, or a manager it escalated to; never the
 * contract's submitter (four eyes); and only while the task is open.
 */
export function mayDecide(task: TaskFacts, userId: string, submitterId?: string): boolean {
  if (task.status !== 'open' || userId === submitterId) return false;
  return userId === task.assigneeId || task.escalatedTo.includes(userId);
}

/** "Task already decided (approve)" / "Task already cancelled". */
export function alreadyDecidedMessage(task: Pick<TaskFacts, 'status' | 'decision'>): string {
  return `Task already ${task.status === 'cancelled' ? 'cancelled' : `decided (${task.decision})`}`;
}

/** The task must exist on the contract and still be open. `details` are added to the refusal. */
export function openTaskRefusal(taskId: string, task: TaskFacts | undefined, details?: Record<string, unknown>): Refusal | null {
  if (!task) return { code: DomainErrorCode.TASK_NOT_FOUND, message: `Task ${taskId} does not belong to this contract` };
  if (task.status !== 'open') return { code: DomainErrorCode.TASK_ALREADY_DECIDED, message: alreadyDecidedMessage(task), details };
  return null;
}

/**
 * Once a rejection, a request for changes or a withdrawal halted the contract, its open tasks are
 * being cancelled and take no decision, delegation or deadline change. While the contract waits
 * for the rep's revision (status `changes_requested`) nothing is open to refuse.
 */
export function haltRefusal(halt: HaltKind | null | undefined, contractStatus: string): Refusal | null {
  if (!halt || contractStatus === 'changes_requested') return null;
  const what = { rejected: 'rejected', changes_requested: 'sent back to the rep', withdrawn: 'withdrawn', returned: 'returned to an earlier step' }[halt];
  return { code: DomainErrorCode.CONTRACT_HALTED, message: `The contract was ${what}; its open tasks are being cancelled`, details: { halt } };
}

/** A rejection or a request for changes must say why; an approval needs no comment. */
export function commentRefusal(decision: Decision, comment: string | null | undefined): Refusal | null {
  if (decision === 'approve' || comment?.trim()) return null;
  return { code: DomainErrorCode.COMMENT_REQUIRED, message: `A comment is required to ${decision.replace('_', ' ')}` };
}

export interface DecisionAttempt {
  task: TaskFacts & { revision: number };
  userId: string;
  submitterId: string;
  decision: Decision;
  comment?: string | null;
  /** The revision the decider saw, when known. */
  revision?: number;
}

/** For an open task of a contract that is not halted: who decides, on which revision, with what comment. */
export function decisionRefusal(a: DecisionAttempt): Refusal | null {
  if (a.revision !== undefined && a.revision !== a.task.revision) {
    return { code: DomainErrorCode.STALE_REVISION, message: `Task belongs to revision ${a.task.revision}, not ${a.revision}` };
  }
  if (a.userId === a.submitterId) {
    return { code: DomainErrorCode.SELF_APPROVAL_FORBIDDEN, message: 'Nobody decides a task on a contract they submitted' };
  }
  if (a.userId !== a.task.assigneeId && !a.task.escalatedTo.includes(a.userId)) {
    return { code: DomainErrorCode.NOT_ASSIGNEE, message: 'Only the assignee, or a manager the task escalated to, may decide it' };
  }
  return commentRefusal(a.decision, a.comment);
}
