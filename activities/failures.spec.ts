import { ApplicationFailure } from '@temporalio/common';
import { classifyActivityError, DATA_ERROR, isDataError, MAIL_REFUSED, withFailureClassification } from './failures';

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('activity failure classification', () => {
  it('makes data exceptions and integrity violations non-retryable', () => {
    for (const code of ['22021', '22P05', '22003', '22007', '23502', '23503', '23514']) {
      const out = classifyActivityError(pgError(code));
      expect(out).toBeInstanceOf(ApplicationFailure);
      expect((out as ApplicationFailure).nonRetryable).toBe(true);
      expect((out as ApplicationFailure).type).toBe(DATA_ERROR);
    }
  });

  it('leaves unique conflicts, connection and lock errors, and plain errors retryable', () => {
    for (const err of [pgError('23505'), pgError('57P01'), pgError('55P03'), pgError('08006'), new Error('ECONNREFUSED'), Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]) {
      expect(classifyActivityError(err)).toBe(err);
      expect(isDataError(err)).toBe(false);
    }
  });

  it('gives up a mail the SMTP server refused for good, and retries a temporary refusal', () => {
    const permanent = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550, response: '550 5.1.1 no such user' });
    expect(classifyActivityError(permanent)).toMatchObject({ type: MAIL_REFUSED, nonRetryable: true });
    const temporary = Object.assign(new Error('Try again later'), { responseCode: 451 });
    expect(classifyActivityError(temporary)).toBe(temporary);
  });

  it('wraps every activity function and keeps results', async () => {
    const acts = withFailureClassification({
      ok: async (n: number) => n + 1,
      bad: async () => {
        throw pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
      },
    });
    await expect(acts.ok(1)).resolves.toBe(2);
    await expect(acts.bad()).rejects.toMatchObject({ type: DATA_ERROR, nonRetryable: true, message: expect.stringContaining('22021') });
  });
});
