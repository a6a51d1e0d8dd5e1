// Recognising "the database is not there right now" among the errors pg, its pool and TypeORM
// throw, so that an outage, a restart or a timed-out statement is a 503 with Retry-After (the
// client should come back) rather than a 500 (something is broken).

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs that mean "not now" rather than "never": the connection classes (08xxx), server
 * shutdown and restart, too many connections, a statement or lock wait cut off by its timeout,
 * an idle transaction or session ended, and the transient conflicts (serialization, deadlock).
 * Every one of them rolled the transaction back, so nothing was half-written.
 */
const TRANSIENT_SQLSTATES = new Set([
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '57P05', // idle_session_timeout
  '57014', // query_canceled (statement_timeout)
  '55P03', // lock_not_available (lock_timeout)
  '25P03', // idle_in_transaction_session_timeout
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/** Socket-level failures reaching the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** What pg and pg-pool say when a connection dies or cannot be had in time (they set no code). */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Connection ended unexpectedly/i,
  /terminating connection due to/i,
];

/** True when err (or what it wraps: TypeORM's driverError, an Error's cause) is a database outage. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const { code, message, driverError, cause, errors } = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code))) return true;
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
    queue.push(driverError, cause);
    // AggregateError: Node reports a refused connection to every address of a host this way.
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return false;
}
