// Request validation: class-validator errors become one 400 naming every bad field and the rule
// it broke, e.g. { field: "lines[0].quantity", rule: "min", message: "quantity must not be less than 1" }.
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainErrorCode } from '../domain/errors';
import { AppError, type FieldError } from './app-error';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, rule, message: message.replace(/^[\w.[\]]+ /, `${field} `) });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export function validationFailed(errors: FieldError[]): AppError {
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new AppError(DomainErrorCode.VALIDATION_FAILED, `Invalid request: ${summary}`, undefined, errors);
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}
