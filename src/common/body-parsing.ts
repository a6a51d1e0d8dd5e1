// Request bodies: which are parsed, how large they may be, and what a client hears when one cannot
// be parsed. Without this, Nest's defaults answer a body over 100 kB with a 500 and give no code.
import { HttpException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DomainErrorCode } from '../domain/errors';
import { AppError, EdgeErrorCode } from './app-error';
import { validationFailed } from './validation';

/**
 * Largest JSON body. The largest valid one is a revision at every bound of CONTRACT_BOUNDS
 * (contract.dto.ts) in 3-byte characters: 0.46 MB as UTF-8, 0.91 MB pretty-printed with every
 * character escaped as \uXXXX (body-parsing.spec.ts recomputes both). 1 MiB lets every valid body
 * through and stops larger ones before they are buffered whole and parsed.
 */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Largest urlencoded body: the one-click decision page's form (decision, a comment of at most
 * 4,000 characters, the CSRF token). 4,000 characters percent-encoded from 3-byte UTF-8 are 36 kB.
 */
export const FORM_BODY_LIMIT_BYTES = 64 * 1024;

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  limit?: number;
}

function isBodyParserError(err: unknown): err is BodyParserError & Error {
  return err instanceof Error && typeof (err as BodyParserError).type === 'string' && typeof (err as BodyParserError).status === 'number';
}

/** body-parser's errors as the API's errors: 413 PAYLOAD_TOO_LARGE, 400 VALIDATION_FAILED, or the 4xx it chose. */
export function translateBodyError(err: unknown): unknown {
  if (!isBodyParserError(err)) return err;
  const status = err.status ?? 500;
  if (status === 413) {
    const limit = err.type === 'parameters.too.many' ? 'too many form fields' : `more than ${err.limit ?? 'the limit of'} bytes`;
    return new AppError(EdgeErrorCode.PAYLOAD_TOO_LARGE, `Request body too large: ${limit}`, { limitBytes: err.limit ?? null });
  }
  if (err.type === 'entity.parse.failed') {
    // The parser's own message may quote the body; a fixed one is enough to act on.
    return validationFailed([{ field: 'body', rule: 'json', message: 'body is not valid JSON' }]);
  }
  if (status >= 400 && status < 500) {
    return status === 400
      ? new AppError(DomainErrorCode.VALIDATION_FAILED, `Invalid request body: ${err.message}`, undefined, [{ field: 'body', rule: err.type ?? 'body', message: `body ${err.message}` }])
      : new HttpException(err.message ?? 'Unsupported request body', status);
  }
  return err;
}

/**
 * Registers the JSON and urlencoded parsers with their limits, and maps their errors to API
 * errors (the global error filter renders them). Call before the app is initialised, on an app
 * created with `bodyParser: false`.
 */
export function useBodyParsing(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES });
  // Plain key=value pairs (querystring), no nested objects: the only form is flat.
  app.useBodyParser('urlencoded', { extended: false, limit: FORM_BODY_LIMIT_BYTES, parameterLimit: 100 });
  app.use((err: unknown, _req: Request, _res: Response, next: NextFunction) => next(translateBodyError(err)));
}
