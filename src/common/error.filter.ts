// Turns every error into a JSON body with a code: AppError and DomainError by their code,
// Nest's HTTP exceptions by status, a database outage (connection refused or lost, pool
// timeout, server restarting, statement or lock timeout) as a 503, anything else as a 500 that
// hides internals. Every 503 carries Retry-After.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDomainError } from '../domain/errors';
import { AppError, EdgeErrorCode, httpStatusOf } from './app-error';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './unavailable';

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (err instanceof AppError) {
      const status = httpStatusOf(err.code);
      if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(status).json({ statusCode: status, code: err.code, message: err.message, ...(err.errors ? { errors: err.errors } : {}), ...(err.details ? { details: err.details } : {}) });
      return;
    }
    if (isDomainError(err)) {
      const status = httpStatusOf(err.code);
      res.status(status).json({ statusCode: status, code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
      return;
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const body = err.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: string }).message ?? err.message);
      const code = status === 404 ? EdgeErrorCode.NOT_FOUND : status === 400 ? 'BAD_REQUEST' : `HTTP_${status}`;
      res.status(status).json({ statusCode: status, code, message });
      return;
    }
    if (isDatabaseUnavailable(err)) {
      const req = host.switchToHttp().getRequest<Request>();
      this.logger.warn(`database unavailable on ${req.method} ${req.path}: ${err instanceof Error ? err.message : String(err)}`);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(503).json({
        statusCode: 503,
        code: EdgeErrorCode.SERVICE_UNAVAILABLE,
        message: 'The database did not answer; try again shortly',
        // The failed transaction was rolled back, and every write the API serves is idempotent
        // (PUTs) or keyed (Temporal update ids, Idempotency-Key), so repeating it is safe; the one
        // exception, a submission without Idempotency-Key, answers its own 503 (ContractsService.submit).
        details: { dependency: 'database', retrySafe: true },
      });
      return;
    }
    this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    res.status(500).json({ statusCode: 500, code: 'INTERNAL', message: 'Internal error; nothing was changed by this request unless its effect is visible on a retry' });
  }
}
