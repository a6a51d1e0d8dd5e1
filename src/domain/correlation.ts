// The correlation id that follows one request from HTTP into the workflow, its activities and its
// mails. Pure: shared by the API (X-Request-Id), the workflow interceptors and the activity ones.

/** Temporal header that carries the id on workflow starts, Updates, signals and scheduled activities. */
export const CORRELATION_HEADER = 'greenlight-correlation-id';

/** The HTTP request header a caller may set, and the response header that echoes the id used. */
export const REQUEST_ID_HEADER = 'x-request-id';

export const MAX_CORRELATION_ID_LENGTH = 128;

/**
 * Accepted from a caller: 1–128 characters of letters, digits and `-_.:/+=@`, so the id is safe in a
 * log line, a header and a Temporal payload; anything else is replaced by a fresh id.
 */
export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CORRELATION_ID_LENGTH && /^[A-Za-z0-9\-_.:/+=@]+$/.test(value);
}
