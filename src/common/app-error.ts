// API errors: every failure the API reports carries a code. Domain codes come from
// src/domain/errors.ts; these few belong to the HTTP edge. One filter maps codes to statuses.
import { DomainErrorCode } from '../domain/errors';

export enum EdgeErrorCode {
  /** No bearer token or session cookie, an unknown token or ended session, or a dev token in production. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** Temporal or the database did not answer in time; the request changed nothing and may be retried. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** Too many failed task-link attempts from one address. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** A route or resource that does not exist. */
  NOT_FOUND = 'NOT_FOUND',
  /** A request body over the size limit (JSON 1 MiB, forms 64 KiB; see src/common/body-parsing.ts). */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /**
   * A state-changing request (POST, PUT, PATCH, DELETE) authenticated by the session cookie whose
   * X-CSRF-Token header is missing or is not its session's token. Bearer requests are exempt.
   */
  CSRF_TOKEN_INVALID = 'CSRF_TOKEN_INVALID',
  /** An upload whose content is not a type the route takes (document intake: DOCX or PDF, decided by content, not name). */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** An upload of an accepted type that cannot be read: damaged, password-protected, no text layer, or too slow to parse. */
  DOCUMENT_UNREADABLE = 'DOCUMENT_UNREADABLE',
}

export type ErrorCode = DomainErrorCode | EdgeErrorCode;

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case DomainErrorCode.VALIDATION_FAILED:
    case DomainErrorCode.COMMENT_REQUIRED:
    case DomainErrorCode.RETURN_TARGET_INVALID:
    case DomainErrorCode.DEADLINE_INVALID:
      return 400;
    case EdgeErrorCode.UNAUTHENTICATED:
      return 401;
    case DomainErrorCode.FORBIDDEN:
    case EdgeErrorCode.CSRF_TOKEN_INVALID:
      return 403;
    case DomainErrorCode.CONTRACT_NOT_FOUND:
    case DomainErrorCode.TASK_NOT_FOUND:
    case EdgeErrorCode.NOT_FOUND:
    case DomainErrorCode.TOKEN_INVALID:
      return 404;
    case DomainErrorCode.TASK_ALREADY_DECIDED:
    case DomainErrorCode.NOT_ASSIGNEE:
    case DomainErrorCode.STALE_REVISION:
    case DomainErrorCode.SELF_APPROVAL_FORBIDDEN:
    case DomainErrorCode.CONTRACT_NOT_EDITABLE:
    case DomainErrorCode.CONTRACT_ALREADY_CLOSED:
    case DomainErrorCode.NOT_SUBMITTER:
    case DomainErrorCode.DELEGATE_ROLE_MISMATCH:
    case DomainErrorCode.ALREADY_ASSIGNED:
    case DomainErrorCode.CONTRACT_HALTED:
    case DomainErrorCode.CONTRACT_CLOSING:
    case DomainErrorCode.AD_HOC_STEP_PASSED:
    case DomainErrorCode.NO_INCIDENT:
      return 409;
    case DomainErrorCode.TOKEN_EXPIRED:
    case DomainErrorCode.TOKEN_USED:
    case DomainErrorCode.TOKEN_SUPERSEDED:
      return 410;
    case DomainErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 422;
    case EdgeErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case EdgeErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
    case EdgeErrorCode.DOCUMENT_UNREADABLE:
      return 422;
    case EdgeErrorCode.RATE_LIMITED:
    case DomainErrorCode.URGE_TOO_SOON:
      return 429;
    case EdgeErrorCode.SERVICE_UNAVAILABLE:
      return 503;
  }
}
