// Turns every error into a JSON body with a code: AppError and DomainError by their code,
// Nest's HTTP exceptions by status, anything else as a 500 that hides internals.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isDomainError } from '../domain/errors';
import { AppError, EdgeErrorCode, httpStatusOf } from './app-error';

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (err instanceof AppError) {
      res.status(httpStatusOf(err.code)).json({ statusCode: httpStatusOf(err.code), code: err.code, message: err.message, ...(err.errors ? { errors: err.errors } : {}), ...(err.details ? { details: err.details } : {}) });
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
    this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    res.status(500).json({ statusCode: 500, code: 'INTERNAL', message: 'Internal error; nothing was changed by this request unless its effect is visible on a retry' });
  }
}
