import { DomainError, DomainErrorCode, isDomainError } from './errors';

describe('DomainError', () => {
  it('is a plain Error with a fixed name, a code, a message and details', () => {
    const error = new DomainError(DomainErrorCode.TASK_ALREADY_DECIDED, 'Task already approved', { taskId: 't1' });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('TASK_ALREADY_DECIDED');
    expect(error.message).toBe('Task already approved');
    expect(error.details).toEqual({ taskId: 't1' });
    expect(String(error)).toBe('DomainError: Task already approved');
  });

  it('uses each code name as its value, so codes survive serialisation', () => {
    for (const [name, value] of Object.entries(DomainErrorCode)) expect(value).toBe(name);
    expect(new Set(Object.values(DomainErrorCode)).size).toBe(Object.keys(DomainErrorCode).length);
  });
});

describe('isDomainError', () => {
  it('recognises a DomainError', () => {
    expect(isDomainError(new DomainError(DomainErrorCode.FORBIDDEN, 'no'))).toBe(true);
  });

  it('recognises one from another realm by name and code', () => {
    const foreign = Object.assign(new Error('stale'), { name: 'DomainError', code: 'STALE_REVISION' });
    expect(isDomainError(foreign)).toBe(true);
  });

  it('rejects other errors and values', () => {
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError(Object.assign(new Error('x'), { name: 'DomainError', code: 'MADE_UP' }))).toBe(false);
    expect(isDomainError(null)).toBe(false);
    expect(isDomainError('DomainError')).toBe(false);
  });
});
