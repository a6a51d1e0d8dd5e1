// Maps what Temporal says to API errors: a validator's rejection carries a domain code as the
// failure type; an Update to a finished contract means it is closed; a call that ran out of its
// deadline, or a server that cannot be reached, is a 503 whose details say the retry is safe.
import {
  ApplicationFailure,
  isGrpcCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { DomainErrorCode } from '../domain/errors';
import { AppError, EdgeErrorCode } from '../common/app-error';

const CODES = new Set<string>(Object.values(DomainErrorCode));
/** gRPC status codes (fixed by the gRPC protocol); @grpc/grpc-js is only a transitive dependency. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** What the caller may retry and how: the id that makes the retry land on the first attempt. */
export interface RetryHint {
  /** The Update's id: a retry with the same request reuses it, so the action is applied once. */
  updateId?: string;
  /** The workflow id (the business key): a second start attaches to the first. */
  workflowId?: string;
  contractId?: string;
}

/**
 * Our own timer ran out before the SDK gave up: with the server down, the client's retries wait
 * up to 5 s between attempts and may overrun the gRPC deadline by that much, so TemporalCalls
 * answers at the deadline itself.
 */
export class TemporalDeadlineError extends Error {
  override readonly name = 'TemporalDeadlineError';
  constructor(ms: number) {
    super(`no answer from Temporal within ${ms} ms`);
  }
}

export function toAppError(err: unknown, hint: RetryHint = {}): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const type = err.cause.type ?? '';
    if (CODES.has(type)) {
      const details = (err.cause.details?.[0] as Record<string, unknown> | undefined) ?? undefined;
      return new AppError(type as DomainErrorCode, err.cause.message, details);
    }
  }
  if (err instanceof WorkflowNotFoundError || isCompletedError(err)) {
    return new AppError(DomainErrorCode.CONTRACT_ALREADY_CLOSED, 'The contract is already closed');
  }
  if (isTemporalUnavailable(err)) return temporalUnavailable(err, hint);
  return err;
}

/**
 * True when Temporal did not answer in time or could not be reached: the call's deadline passed
 * (DEADLINE_EXCEEDED, or the Update's own timeout error), it was cancelled, or the server stayed
 * UNAVAILABLE through the client's retries.
 */
export function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || err instanceof TemporalDeadlineError) return true;
  if (isGrpcDeadlineError(err) || isGrpcCancelledError(err)) return true;
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e) && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) return true;
  }
  return false;
}

export function temporalUnavailable(err: unknown, hint: RetryHint = {}): AppError {
  const what = hint.updateId
    ? 'The workflow did not answer in time; the action may still be applied once the workflow runs again. Retrying the same request is safe: it carries the same update id'
    : hint.workflowId
      ? 'Temporal did not answer in time. Retrying is safe: the workflow id is the business key, so a second start attaches to the first'
      : 'Temporal did not answer in time; retrying is safe';
  return new AppError(EdgeErrorCode.SERVICE_UNAVAILABLE, `${what} (${describe(err)})`, {
    dependency: 'temporal',
    retrySafe: true,
    ...hint,
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

function isCompletedError(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : '';
  return /workflow execution already completed|already completed/i.test(msg);
}
