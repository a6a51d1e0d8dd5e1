import { findUnsafeInput, MAX_INPUT_DEPTH, MAX_REPORTED_FINDINGS, unsafeStringRule } from './input-safety';
import { findUnsafeRequest } from './input-safety.interceptor';

describe('unsafeStringRule', () => {
  it.each([
    ['x\u0000y', 'no_control_characters'],
    ['\u0001', 'no_control_characters'],
    ['a\u001Fb', 'no_control_characters'],
    ['\u000B', 'no_control_characters'],
    ['\uD800', 'no_unpaired_surrogates'],
    ['x\uDC00', 'no_unpaired_surrogates'],
    ['\uDC00\uD800', 'no_unpaired_surrogates'],
    ['😀\uD83D', 'no_unpaired_surrogates'],
  ])('refuses %j (%s)', (value, rule) => {
    expect(unsafeStringRule(value)).toBe(rule);
  });

  it.each(['', 'plain', 'line one\nline two\r\n\tindented', '上海港', '😀 emoji pairs', '\u007F and \u0085 stay', 'ÄÖÜ'])('accepts %j', (value) => {
    expect(unsafeStringRule(value)).toBeNull();
  });
});

describe('findUnsafeInput', () => {
  it('names the field of every unsafe string, in objects, arrays and keys', () => {
    const found = findUnsafeInput({ title: 'ok', customer: { name: 'x\u0000y' }, clauses: [{ key: 'a', text: 'ok' }, { key: 'b', text: '\uD800' }], ['k\u0000']: 1 });
    expect(found).toEqual([
      { field: 'customer.name', rule: 'no_control_characters', message: expect.stringContaining('customer.name must not contain control characters') },
      { field: 'clauses[1].text', rule: 'no_unpaired_surrogates', message: expect.stringContaining('well-formed') },
      { field: 'k?', rule: 'no_control_characters', message: expect.any(String) },
    ]);
  });

  it('stops at the depth limit instead of overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5_000; i++) deep = { a: deep };
    const found = findUnsafeInput(deep);
    expect(found).toHaveLength(1);
    expect(found[0].rule).toBe('max_depth');
    expect(found[0].field.split('.')).toHaveLength(MAX_INPUT_DEPTH);

    let list: unknown = [];
    for (let i = 0; i < 100_000; i++) list = [list];
    expect(findUnsafeInput({ lines: list })[0]).toMatchObject({ rule: 'max_depth' });
  });

  it('accepts depth up to the limit', () => {
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = { a: ok };
    expect(findUnsafeInput(ok)).toEqual([]);
  });

  it('reports a bounded number of findings', () => {
    expect(findUnsafeInput({ many: Array.from({ length: 1_000 }, () => '\u0000') })).toHaveLength(MAX_REPORTED_FINDINGS);
  });
});

describe('findUnsafeRequest', () => {
  const req = (over: Partial<{ body: unknown; query: unknown; params: unknown; headers: Record<string, string> }>) =>
    ({ body: {}, query: {}, params: {}, headers: {}, ...over }) as Parameters<typeof findUnsafeRequest>[0];

  it('checks body, query, path parameters and the headers we read', () => {
    expect(findUnsafeRequest(req({ params: { id: 'a\u0000' } }))).toEqual([expect.objectContaining({ field: 'id', rule: 'no_control_characters' })]);
    expect(findUnsafeRequest(req({ query: { step: '\uDBFF' } }))).toEqual([expect.objectContaining({ field: 'step', rule: 'no_unpaired_surrogates' })]);
    expect(findUnsafeRequest(req({ body: { comment: 'x\u0000' } }))).toEqual([expect.objectContaining({ field: 'comment' })]);
    expect(findUnsafeRequest(req({ headers: { 'idempotency-key': 'k'.repeat(256) } }))).toEqual([expect.objectContaining({ field: 'Idempotency-Key', rule: 'matches' })]);
    expect(findUnsafeRequest(req({ headers: { 'idempotency-key': 'has space' } }))).toHaveLength(1);
    expect(findUnsafeRequest(req({ headers: { 'idempotency-key': 'demo-1', 'user-agent': 'curl/8' } }))).toEqual([]);
  });
});
