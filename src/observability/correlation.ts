// The correlation id of the work in progress, per async context: set for an HTTP request by the
// API's middleware (X-Request-Id or a new id) and for an activity by its interceptor (the
// workflow's Temporal header). The Temporal client interceptor reads it to stamp starts and
// Updates; the worker's logger mixes it into every line.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { CORRELATION_HEADER, isValidCorrelationId } from '../domain/correlation';

export { CORRELATION_HEADER, REQUEST_ID_HEADER, isValidCorrelationId } from '../domain/correlation';

export interface CorrelationContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/** The current context's id, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function runWithCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

/** The caller's id when it is acceptable (bounded length and charset), else a new UUID. */
export function correlationIdFromRequest(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return isValidCorrelationId(value) ? value : randomUUID();
}

/** Headers with the id added (never replacing one already set). */
export function withCorrelationHeader<H extends Record<string, Payload>>(headers: H, correlationId: string | undefined): H {
  if (!correlationId || headers[CORRELATION_HEADER]) return headers;
  return { ...headers, [CORRELATION_HEADER]: defaultPayloadConverter.toPayload(correlationId) };
}

/** The id carried by Temporal headers, if valid. */
export function correlationIdFromHeaders(headers: Record<string, Payload> | undefined): string | undefined {
  const payload = headers?.[CORRELATION_HEADER];
  if (!payload) return undefined;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(payload);
    return isValidCorrelationId(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
