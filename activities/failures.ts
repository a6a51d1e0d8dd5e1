// How an activity's failure reaches the workflow. A database error caused by the data itself
// (SQLSTATE class 22, data exception: a NUL byte, a number too large for its column, an invalid
// date; class 23, integrity violation, other than the unique conflicts retries expect) fails the
// same way on every attempt, so it is made non-retryable: the workflow opens an incident at once
// instead of retrying forever. An SMTP server's permanent refusal (a 5xx reply: unknown mailbox,
// relay denied, message rejected) is final too: the mail is given up and the run can close.
// Anything else (connections, timeouts, locks, SMTP 4xx) stays retryable and is bounded by the
// workflow's retry policy.
import { ApplicationFailure } from '@temporalio/common';

export const DATA_ERROR = 'DATA_ERROR';
export const MAIL_REFUSED = 'MAIL_REFUSED';

/** Unique violations are what two racing attempts of one idempotent write produce: the retry finds the row. */
const RETRYABLE_INTEGRITY = new Set(['23505']);

export function sqlStateOf(err: unknown): string | null {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

export function isDataError(err: unknown): boolean {
  const state = sqlStateOf(err);
  if (!state) return false;
  return state.startsWith('22') || (state.startsWith('23') && !RETRYABLE_INTEGRITY.has(state));
}

/** nodemailer puts the SMTP reply code of a refused command on the error as `responseCode`. */
export function isPermanentSmtpRefusal(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { responseCode?: unknown }).responseCode : undefined;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The error to throw from an activity: non-retryable for data errors and permanent SMTP refusals, the error itself otherwise. */
export function classifyActivityError(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (isPermanentSmtpRefusal(err)) {
    const e = err as { message?: string; responseCode: number; response?: string };
    return ApplicationFailure.create({
      type: MAIL_REFUSED,
      nonRetryable: true,
      message: `The SMTP server refused the mail for good (${e.responseCode}): ${e.message ?? String(err)}`,
      details: [{ responseCode: e.responseCode, response: e.response ?? null }],
      cause: err instanceof Error ? err : undefined,
    });
  }
  if (!isDataError(err)) return err;
  const e = err as { message?: string; code?: string; column?: string; table?: string; constraint?: string; detail?: string };
  return ApplicationFailure.create({
    type: DATA_ERROR,
    nonRetryable: true,
    message: `The database refused the data (SQLSTATE ${e.code}): ${e.message ?? String(err)}`,
    details: [{ sqlState: e.code, table: e.table ?? null, column: e.column ?? null, constraint: e.constraint ?? null }],
    cause: err instanceof Error ? err : undefined,
  });
}

/** Wraps every function of an activity object so its failures are classified as above. */
export function withFailureClassification<T extends object>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (fn as (...a: unknown[]) => unknown)(...args);
            } catch (err) {
              throw classifyActivityError(err);
            }
          }
        : fn;
  }
  return wrapped as T;
}
