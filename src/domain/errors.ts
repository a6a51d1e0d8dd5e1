// Domain error codes shared by the API and the workflow. Each code's comment says when it is
// thrown; the API maps codes to HTTP statuses in one place (src/common/app-error.ts httpStatusOf).
//
// Where a code travels, by layer:
// - Domain rules return a refusal value ({ code, message, details }), they do not throw:
//   decisionRefusal, delegationRefusal, haltRefusal, openTaskRefusal (src/domain/routing).
// - The API's services throw AppError with the code (src/common/app-error.ts); the error filter
//   answers with its status.
// - The workflow's Update validators and handlers throw it as a non-retryable ApplicationFailure
//   whose type is the code (workflows/contract-approval/contract-run.ts fail/refuse); the API's
//   Temporal client turns that back into the status (src/temporal/temporal-errors.ts).
// - DomainError (below) is thrown by a pure domain function that computes rather than checks:
//   today only rescheduleFromDueAt (DEADLINE_INVALID), which runs inside the rescheduleTask
//   activity, after the deadline Update's validator has refused the same cases.

export enum DomainErrorCode {
  /** A request body, query or submission fails its schema or a business-level field check (API: 400 naming each field). */
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  /** A decision, comment or deadline change names a task the contract does not have. */
  TASK_NOT_FOUND = 'TASK_NOT_FOUND',
  /** A decision arrives for a task that was already approved, rejected, auto-approved or cancelled. */
  TASK_ALREADY_DECIDED = 'TASK_ALREADY_DECIDED',
  /** The caller deciding a task is neither its assignee nor a delegate acting for the assignee. */
  NOT_ASSIGNEE = 'NOT_ASSIGNEE',
  /** A decision or revision refers to a contract revision that is no longer the current one. */
  STALE_REVISION = 'STALE_REVISION',
  /** The submitter of a contract tries to decide one of its tasks (four-eyes principle). */
  SELF_APPROVAL_FORBIDDEN = 'SELF_APPROVAL_FORBIDDEN',
  /** A contract id matches no contract the caller may see. */
  CONTRACT_NOT_FOUND = 'CONTRACT_NOT_FOUND',
  /** A revision is submitted while the contract is not in `changes_requested`. */
  CONTRACT_NOT_EDITABLE = 'CONTRACT_NOT_EDITABLE',
  /** Anything but reading is attempted on a contract that is approved, rejected or withdrawn. */
  CONTRACT_ALREADY_CLOSED = 'CONTRACT_ALREADY_CLOSED',
  /** Someone other than the submitting rep revises or withdraws a contract. */
  NOT_SUBMITTER = 'NOT_SUBMITTER',
  /** The caller's role does not allow the operation at all (e.g. a rep moving a deadline). */
  FORBIDDEN = 'FORBIDDEN',
  /** An Idempotency-Key is replayed with a different request body. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** A delegation names a delegate who does not hold the role the delegated tasks need. */
  DELEGATE_ROLE_MISMATCH = 'DELEGATE_ROLE_MISMATCH',
  /** A delegation names the person who already holds the task. */
  ALREADY_ASSIGNED = 'ALREADY_ASSIGNED',
  /** An e-mailed decision token is malformed or unknown (no link was ever mailed with it). */
  TOKEN_INVALID = 'TOKEN_INVALID',
  /** An e-mailed decision token is used after its expiry. */
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  /** An e-mailed decision token is used a second time. */
  TOKEN_USED = 'TOKEN_USED',
  /**
   * An e-mailed decision token belongs to a task or revision that has since been replaced, or is
   * of the old format without a server-made random part (links mailed before that, or computed).
   */
  TOKEN_SUPERSEDED = 'TOKEN_SUPERSEDED',
  /** A rejection or a request for changes arrives without the comment that explains it. */
  COMMENT_REQUIRED = 'COMMENT_REQUIRED',
  /** A return to an earlier step names no step, an unknown one, one not earlier, or one the policy does not allow from this step (details.field: toStep). */
  RETURN_TARGET_INVALID = 'RETURN_TARGET_INVALID',
  /**
   * A new deadline is not after the task's creation and after now, or is not a valid instant:
   * refused by the deadline Update's validator; rescheduleFromDueAt throws it as a DomainError.
   */
  DEADLINE_INVALID = 'DEADLINE_INVALID',
  /** A decision, delegation or deadline change arrives for a task of a contract that a rejection, a request for changes or a withdrawal has already halted (its open tasks are being cancelled). */
  CONTRACT_HALTED = 'CONTRACT_HALTED',
  /** A withdrawal arrives after every approval is in, while the closing bots (document, order) run. */
  CONTRACT_CLOSING = 'CONTRACT_CLOSING',
  /** An approver is to be added after a step already decided in this revision (src/domain/chain/ad-hoc-step.ts). */
  AD_HOC_STEP_PASSED = 'AD_HOC_STEP_PASSED',
  /** Ops ask to retry a contract that has no open incident (nothing is stuck). */
  NO_INCIDENT = 'NO_INCIDENT',
  /** The rep urges a task again within a business hour of the last urge (API: 429 with Retry-After; details.nextUrgeAt says when). */
  URGE_TOO_SOON = 'URGE_TOO_SOON',
}

/**
 * An expected, explainable refusal thrown by pure domain code (today only rescheduleFromDueAt, see
 * the header). Update validators do not throw it: they throw ApplicationFailure with the code as
 * its type. Thrown inside an activity it is an ordinary error to Temporal, so the activity's retry
 * policy applies (bounded: the workflow's proxies give up after ten attempts). A plain Error
 * subclass with a fixed `name`, so code in another realm (the workflow sandbox, the API's error
 * filter) recognises it by `name` and `code` (see isDomainError), not by `instanceof`.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const CODES = new Set<string>(Object.values(DomainErrorCode));

/** Realm-independent check: true for a DomainError from this or another V8 context. */
export function isDomainError(error: unknown): error is DomainError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown };
  return candidate.name === 'DomainError' && typeof candidate.code === 'string' && CODES.has(candidate.code);
}
