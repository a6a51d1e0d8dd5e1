// Maps what Temporal says about an Update to API errors: a validator's rejection carries a
// domain code as the failure type; an Update to a finished contract means it is closed.
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { DomainErrorCode } from '../domain/errors';
import { AppError, EdgeErrorCode } from '../common/app-error';

const CODES = new Set<string>(Object.values(DomainErrorCode));

export function toAppError(err: unknown): unknown {
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
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new AppError(EdgeErrorCode.SERVICE_UNAVAILABLE, 'The workflow did not answer in time; retry the request');
  }
  return err;
}

function isCompletedError(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : '';
  return /workflow execution already completed|already completed/i.test(msg);
}
