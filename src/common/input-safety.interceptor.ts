// The global edge check of input-safety.ts: runs on every route after routing (so path
// parameters are known) and before any pipe, so nothing unsafe reaches class-transformer, a
// service, PostgreSQL or a workflow. It covers routes that read the request themselves, such as
// the one-click decision page's urlencoded form. A finding is a 400 VALIDATION_FAILED naming the
// field and the rule.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import type { FieldError } from './app-error';
import { findUnsafeInput, MAX_REPORTED_FINDINGS, unsafeStringRule } from './input-safety';
import { validationFailed } from './validation';

/**
 * Idempotency-Key: stored in a unique index (a btree entry holds at most ~2.7 kB) and compared
 * byte for byte, so it is bounded and plain: 1 to 255 visible ASCII characters.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E]{1,255}$';
const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** Headers whose values are stored (the request origin goes into audit events). */
const STORED_HEADERS = ['user-agent', 'x-request-id'];

export function findUnsafeRequest(req: Pick<Request, 'body' | 'query' | 'params' | 'headers'>): FieldError[] {
  const found = [...findUnsafeInput(req.params ?? {}), ...findUnsafeInput(req.query ?? {}), ...findUnsafeInput(req.body ?? {})];
  const key = req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
    found.push({
      field: IDEMPOTENCY_KEY_HEADER,
      rule: 'matches',
      message: `${IDEMPOTENCY_KEY_HEADER} must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`,
    });
  }
  for (const name of STORED_HEADERS) {
    const value = req.headers[name];
    // Node's HTTP parser already refuses control characters in header values; this holds if that ever changes.
    const rule = typeof value === 'string' ? unsafeStringRule(value) : null;
    if (rule) found.push({ field: name, rule, message: `${name} must not contain control characters` });
  }
  return found.slice(0, MAX_REPORTED_FINDINGS);
}

@Injectable()
export class InputSafetyInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() === 'http') {
      const found = findUnsafeRequest(ctx.switchToHttp().getRequest<Request>());
      if (found.length) throw validationFailed(found);
    }
    return next.handle();
  }
}
