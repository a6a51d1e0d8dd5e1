import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ReviseContractDto } from '../contracts/contract.dto';
import { asciiJson, largestValidContract } from '../../test/factories/largest-contract';
import { AppError, EdgeErrorCode } from './app-error';
import { JSON_BODY_LIMIT_BYTES, translateBodyError } from './body-parsing';

describe('JSON body limit', () => {
  it('lets the largest valid contract through in any encoding, pretty-printed too', async () => {
    const body = largestValidContract();
    const errors = await validate(plainToInstance(ReviseContractDto, body), { whitelist: true, forbidNonWhitelisted: true });
    expect(errors).toEqual([]);
    const escaped = Buffer.byteLength(asciiJson(body, 2));
    const utf8 = Buffer.byteLength(JSON.stringify(body));
    expect(escaped).toBeLessThan(JSON_BODY_LIMIT_BYTES);
    // As the workflow receives it: under Temporal's 512 kB payload warning (2 MB is the hard limit).
    expect(utf8).toBeLessThan(512 * 1024);
  });
});

describe('translateBodyError', () => {
  const parserError = (status: number, type: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('boom'), { status, statusCode: status, type, expose: true, ...extra });

  it('turns an oversized body into 413 PAYLOAD_TOO_LARGE', () => {
    const err = translateBodyError(parserError(413, 'entity.too.large', { limit: JSON_BODY_LIMIT_BYTES }));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(EdgeErrorCode.PAYLOAD_TOO_LARGE);
    expect((translateBodyError(parserError(413, 'parameters.too.many')) as AppError).code).toBe(EdgeErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('turns malformed JSON into a 400 naming the body and the rule', () => {
    const err = translateBodyError(Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, type: 'entity.parse.failed' })) as AppError;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.errors).toEqual([{ field: 'body', rule: 'json', message: 'body is not valid JSON' }]);
  });

  it('leaves other errors alone', () => {
    const plain = new Error('not from the parser');
    expect(translateBodyError(plain)).toBe(plain);
  });
});
