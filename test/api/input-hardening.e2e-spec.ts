// No poison pills at the edge (issue #11, defects 1–3 and 14): every input PostgreSQL cannot store
// or the engine cannot compute gets a 400 naming the field and the rule (413 for a body over the
// limit), over the real API, and leaves the stored contract exactly as it was, still able to move.
import { randomBytes } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
import { http, startTestStack, type TestStack } from '../support/stack';
import { aContract, STANDARD_CLAUSES } from '../factories/contract.factory';
import { asciiJson, largestValidContract } from '../factories/largest-contract';
import { type Api, openTaskFor, settled, submit, token } from '../support/contracts';
import { DEMO_USERS, userId } from '../../src/database/seed/demo-organisation';
import { CONTRACT_BOUNDS, ContractClauseDto, ContractLineDto, CreateContractDto, CustomerRefDto, ListContractsQuery, MAX_PAGE, ReviseContractDto, WithdrawContractDto } from '../../src/contracts/contract.dto';
import { DeadlineDto, DecisionDto, DelegateDto } from '../../src/tasks/task.dto';
import { CycleTimeReportQuery } from '../../src/reports/report.dto';
import { OutOfOfficeDto } from '../../src/directory/users.controller';
import { TEXT_PATTERN } from '../../src/common/input-safety';

jest.setTimeout(120_000);

const UNLIMITED_LIABILITY = "Each party's total liability is unlimited liability for data breaches and otherwise limited to the fees paid in the twelve months before the claim.";

let stack: TestStack;
let api: Api;

beforeAll(async () => {
  stack = await startTestStack({ api: true });
  api = http(stack.baseUrl!);
});

afterAll(async () => {
  await stack?.stop();
});

interface Refusal {
  status: number;
  body: { code: string; errors?: { field: string; rule: string; message: string }[] };
}

function expectRefused(res: Refusal, field: string, rule: string, status = 400) {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code: 'VALIDATION_FAILED' });
  expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
}

async function contractCount(): Promise<number> {
  return (await stack.db.query(`SELECT count(*)::int AS n FROM contracts`))[0].n;
}

/** Everything a request could have changed about one contract. */
async function snapshot(id: string) {
  const [contract] = await stack.db.query(`SELECT status, revision, title, data, amount, discount_percent, problems, updated_at FROM contracts WHERE id = $1`, [id]);
  const tasks = await stack.db.query(`SELECT id, status, assignee_id, comment, due_at, updated_at FROM tasks WHERE contract_id = $1 ORDER BY id`, [id]);
  // Mail goes out asynchronously after the contract settles; every other event comes from a change.
  const [{ events }] = await stack.db.query(`SELECT count(*)::int AS events FROM audit_events WHERE contract_id = $1 AND type <> 'MAIL_SENT'`, [id]);
  const [{ revisions }] = await stack.db.query(`SELECT count(*)::int AS revisions FROM contract_revisions WHERE contract_id = $1`, [id]);
  return { contract, tasks, events, revisions };
}

describe('strings PostgreSQL cannot store are refused wherever they come from', () => {
  // A contract waiting on legal review: every action on it is allowed, so only the input can be wrong.
  let id: string;
  let taskId: string;
  let assignee: string;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    const clauses = STANDARD_CLAUSES.map((c) => (c.key === 'liability' ? { key: 'liability', text: UNLIMITED_LIABILITY } : c));
    id = await submit(api, aContract({ title: 'Input hardening', clauses }));
    const c = await settled(api, id, stack);
    const task = openTaskFor(c, 'legal_review');
    taskId = task.id;
    assignee = DEMO_USERS.find((u) => userId(u.username) === task.assignee.id)!.username;
    before = await snapshot(id);
  });

  // Issue #11 defect 1: a NUL in title was a 500.
  test('submission: NUL, unpaired surrogates and other C0 controls in any field', async () => {
    const count = await contractCount();
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: aContract({ title: 'x\u0000y' }) }), 'title', 'no_control_characters');
    const customer = { ...aContract().customer, name: 'Harbour \uD800 Logistics' };
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: aContract({ customer }) }), 'customer.name', 'no_unpaired_surrogates');
    const clauses = [...STANDARD_CLAUSES.slice(1), { key: STANDARD_CLAUSES[0].key, text: `${STANDARD_CLAUSES[0].text}\u0007` }];
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: aContract({ clauses }) }), `clauses[${clauses.length - 1}].text`, 'no_control_characters');
    const lines = [{ sku: 'GL-LIC-STD\u0000', quantity: 20, unitPrice: 9_500, taxRatePercent: 6 }];
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: aContract({ lines }) }), 'lines[0].sku', 'no_control_characters');
    expect(await contractCount()).toBe(count);
  });

  // Issue #11 defect 1: a NUL in a withdraw reason hung the request and jammed the contract for good.
  test('withdraw reason, revision fields, decision, delegation and deadline texts', async () => {
    expectRefused(await api('POST', `/api/contracts/${id}/withdraw`, { token: token('alice'), body: { reason: 'x\u0000y' } }), 'reason', 'no_control_characters');
    expectRefused(await api('POST', `/api/contracts/${id}/revisions`, { token: token('alice'), body: { title: 'new\u0000title' } }), 'title', 'no_control_characters');
    expectRefused(await api('POST', `/api/contracts/${id}/revisions`, { token: token('alice'), body: { comment: 'why\uDFFF' } }), 'comment', 'no_unpaired_surrogates');
    expectRefused(await api('POST', `/api/tasks/${taskId}/decision`, { token: token(assignee), body: { decision: 'reject', comment: 'no\u0000' } }), 'comment', 'no_control_characters');
    const colleague = assignee === 'lee' ? 'lena' : 'lee';
    expectRefused(
      await api('POST', `/api/tasks/${taskId}/delegate`, { token: token(assignee), body: { toUserId: userId(colleague), comment: '\u0000' } }),
      'comment',
      'no_control_characters',
    );
    const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expectRefused(await api('POST', `/api/tasks/${taskId}/deadline`, { token: token('olivia'), body: { dueAt, reason: 'later\u0000' } }), 'reason', 'no_control_characters');
  });

  test('path parameters, query strings and the Idempotency-Key header', async () => {
    expectRefused(await api('GET', '/api/contracts/%00', { token: token('olivia') }), 'id', 'no_control_characters');
    expectRefused(await api('GET', '/api/contracts?step=%00', { token: token('olivia') }), 'step', 'no_control_characters');
    const count = await contractCount();
    // Random, so the unique index cannot compress it below the btree row limit.
    const longKey = randomBytes(1_500).toString('hex');
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: aContract(), headers: { 'idempotency-key': longKey } }), 'Idempotency-Key', 'matches');
    expect(await contractCount()).toBe(count);
  });

  test('the decision page form, which the handler reads itself', async () => {
    const res = await fetch(`${stack.baseUrl}/tasks/act/${'A'.repeat(43)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=reject&comment=x%00y&csrf=z',
    });
    expectRefused({ status: res.status, body: (await res.json()) as Refusal['body'] }, 'comment', 'no_control_characters');
  });

  test('the contract is untouched and still moves: tabs and line breaks are fine', async () => {
    expect(await snapshot(id)).toEqual(before);
    const res = await api('POST', `/api/contracts/${id}/withdraw`, { token: token('alice'), body: { reason: 'Customer withdrew:\n\tbudget moved to 2028' } });
    expect(res.status).toBe(200);
    const [row] = await stack.db.query(`SELECT status FROM contracts WHERE id = $1`, [id]);
    expect(row.status).toBe('withdrawn');
  });
});

describe('numbers, dates and pages outside what the columns and the engine can take', () => {
  // Issue #11 defect 3: class-validator threw on the exponent form, a 500.
  test('unitPrice 0.0000001 and 1e-7', async () => {
    const count = await contractCount();
    for (const unitPrice of [0.0000001, 1e-7, 1.5e-10]) {
      const body = aContract({ amount: 0, lines: [{ sku: 'GL-LIC-STD', quantity: 1, unitPrice, taxRatePercent: 6 }] });
      expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body }), 'lines[0].unitPrice', 'maxDecimalPlaces');
    }
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: aContract({ amount: 1e-7 }) }), 'amount', 'maxDecimalPlaces');
    expect(await contractCount()).toBe(count);
  });

  test('money beyond numeric(18,2) and lines that total more than an amount may be', async () => {
    const tooMuch = aContract({ amount: 1e16, lines: [{ sku: 'GL-LIC-STD', quantity: 1, unitPrice: 1e16, taxRatePercent: 6 }] });
    const res = await api('POST', '/api/contracts', { token: token('alice'), body: tooMuch });
    expectRefused(res, 'amount', 'max');
    expectRefused(res, 'lines[0].unitPrice', 'max');
    const total = aContract({ lines: [{ sku: 'GL-LIC-STD', quantity: 1_000_000, unitPrice: 1e8, taxRatePercent: 6 }] });
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: total }), 'lines', 'maxLinesTotal');
  });

  // Found by the fuzz run: a body without `customer` passed validation and the service answered 500.
  test('a missing customer, or arrays where objects belong', async () => {
    const count = await contractCount();
    const { customer: _omitted, ...noCustomer } = aContract();
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: noCustomer }), 'customer', 'isObject');
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: { ...aContract(), customer: [] } }), 'customer', 'isObject');
    expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: { ...aContract(), lines: [[]] } }), 'lines', 'isObject');
    expect(await contractCount()).toBe(count);
  });

  // Issue #11 defect 2: the derived discount (-999,900%) overflowed numeric(7,2) and every step stayed pending.
  test('unitPrice 100000000 is a valid price and no longer jams the contract', async () => {
    const id = await submit(api, aContract({ title: 'Extra zeros', amount: 2_000_000_000, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 100_000_000, taxRatePercent: 6 }] }));
    const c = await settled(api, id, stack);
    const intake = c.steps.find((s: { key: string }) => s.key === 'intake_check');
    expect(intake.status).toBe('auto_approved');
    const [row] = await stack.db.query(`SELECT discount_percent FROM contracts WHERE id = $1`, [id]);
    expect(row.discount_percent).toBe('-99999.99');
    if (c.status === 'in_review') expect((await api('POST', `/api/contracts/${id}/withdraw`, { token: token('alice'), body: {} })).status).toBe(200);
  });

  // Issue #11 defect 3: 2027-02-30 passed the API and was only caught later by the intake bot.
  test('calendar dates and timestamps that do not exist or are out of range', async () => {
    const count = await contractCount();
    for (const requestedDeliveryDate of ['2027-02-30', '2027-13-01', '1899-12-31', '2101-01-01']) {
      expectRefused(await api('POST', '/api/contracts', { token: token('alice'), body: aContract({ requestedDeliveryDate }) }), 'requestedDeliveryDate', 'isCalendarDate');
    }
    expect(await contractCount()).toBe(count);
    const [ooo] = await stack.db.query(`SELECT ooo_from, ooo_to FROM users WHERE username = 'dana'`);
    for (const body of [
      { from: '2026-02-30T09:00:00Z', to: '2026-03-02T09:00:00Z' },
      { from: '2026-11-25T09:00:00', to: '2026-11-26T09:00:00' }, // no offset: PostgreSQL and Node would disagree on the instant
      { from: '2026-11-25T09:00:00Z', to: '3026-11-26T09:00:00Z' },
    ]) {
      const res = await api('PUT', '/api/users/me/out-of-office', { token: token('dana'), body });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].rule).toBe('isIsoInstant');
    }
    expect((await stack.db.query(`SELECT ooo_from, ooo_to FROM users WHERE username = 'dana'`))[0]).toEqual(ooo);
    expectRefused(await api('GET', '/api/reports/cycle-times?from=2026-02-30', { token: token('olivia') }), 'from', 'isIsoInstant');
    expectRefused(await api('GET', '/api/reports/cycle-times?to=9999-12-31', { token: token('olivia') }), 'to', 'isIsoInstant');
  });

  // Issue #11 defect 3 and 14: page had no upper bound and OFFSET overflowed.
  test('page=1e18 and other pages past the bound', async () => {
    expectRefused(await api('GET', '/api/contracts?page=1e18', { token: token('olivia') }), 'page', 'max');
    expectRefused(await api('GET', `/api/contracts?page=${MAX_PAGE + 1}`, { token: token('olivia') }), 'page', 'max');
    expectRefused(await api('GET', '/api/contracts?pageSize=1e3', { token: token('olivia') }), 'pageSize', 'max');
    const last = await api('GET', `/api/contracts?page=${MAX_PAGE}`, { token: token('olivia') });
    expect(last.status).toBe(200);
    expect(last.body.items).toEqual([]);
  });
});

describe('bodies too large, too deep or not JSON', () => {
  // Issue #11 defect 3: a 5,000-level nested body overflowed the transformer's stack, a 500.
  test('a 5,000-level nested body', async () => {
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const raw = `{"title":"t","customer":${deep}}`;
    const res = await fetch(`${stack.baseUrl}/api/contracts`, { method: 'POST', headers: { authorization: `Bearer ${token('alice')}`, 'content-type': 'application/json' }, body: raw });
    const body = (await res.json()) as Refusal['body'];
    expect({ status: res.status, code: body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(body.errors![0]).toMatchObject({ rule: 'max_depth', field: expect.stringMatching(/^customer\.a\.a/) });
  });

  // Issue #11 defect 3: a 2 MB body was a 500.
  test('a 2 MB body gets 413 PAYLOAD_TOO_LARGE, JSON and form alike', async () => {
    const res = await api('POST', '/api/contracts', { token: token('alice'), body: aContract({ title: 'x'.repeat(2 * 1024 * 1024) }) });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const form = await fetch(`${stack.baseUrl}/tasks/act/${'A'.repeat(43)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `decision=approve&comment=${'x'.repeat(100_000)}`,
    });
    expect({ status: form.status, code: ((await form.json()) as Refusal['body']).code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  test('the largest valid revision, pretty-printed with every character escaped, is under the limit', async () => {
    // 90-day terms hold it at finance review: its workflow is running, in review. (An approved
    // contract's workflow closes once its last mail is out, and the answer would then depend on
    // whether the revision came before or after that.)
    const id = await submit(api, aContract({ title: 'Largest body', paymentTermsDays: 90 }));
    expect((await settled(api, id, stack)).status).toBe('in_review');
    const raw = asciiJson(largestValidContract(), 2);
    const res = await fetch(`${stack.baseUrl}/api/contracts/${id}/revisions`, { method: 'POST', headers: { authorization: `Bearer ${token('alice')}`, 'content-type': 'application/json' }, body: raw });
    // Past every edge check; refused only because the contract is not waiting for changes.
    expect(res.status).toBe(409);
    expect(((await res.json()) as Refusal['body']).code).toBe('CONTRACT_NOT_EDITABLE');
  });

  test('malformed JSON names the body and the rule', async () => {
    const res = await fetch(`${stack.baseUrl}/api/contracts`, { method: 'POST', headers: { authorization: `Bearer ${token('alice')}`, 'content-type': 'application/json' }, body: '{"title":' });
    const body = (await res.json()) as Refusal['body'];
    expect({ status: res.status, code: body.code, errors: body.errors }).toEqual({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'body', rule: 'json', message: 'body is not valid JSON' }] });
  });
});

describe('the OpenAPI document states the bounds the API enforces', () => {
  const KEYWORD: Record<string, string> = { min: 'minimum', max: 'maximum', minLength: 'minLength', maxLength: 'maxLength', arrayMinSize: 'minItems', arrayMaxSize: 'maxItems' };
  type Schema = Record<string, unknown>;
  let doc: { paths: Record<string, Record<string, { parameters?: (Schema & { name: string; in: string; schema: Schema })[] }>>; components: { schemas: Record<string, { properties: Record<string, Schema> }> } };

  beforeAll(async () => {
    doc = (await api('GET', '/api/docs-json')).body;
  });

  function constraintsOf(cls: new () => object) {
    return getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .filter((m) => m.name && KEYWORD[m.name])
      .map((m) => ({ property: m.propertyName, keyword: KEYWORD[m.name!], value: m.constraints[0] as number }));
  }

  test.each([CreateContractDto, CustomerRefDto, ContractLineDto, ContractClauseDto, ReviseContractDto, WithdrawContractDto, DecisionDto, DelegateDto, DeadlineDto, OutOfOfficeDto])(
    '%p: every min/max/length/size bound is in its schema',
    (cls) => {
      const schema = doc.components.schemas[cls.name];
      expect(schema).toBeDefined();
      const bounds = constraintsOf(cls);
      expect(bounds.length + Object.keys(schema.properties).length).toBeGreaterThan(0);
      for (const b of bounds) expect({ [`${b.property}.${b.keyword}`]: schema.properties[b.property]?.[b.keyword] }).toEqual({ [`${b.property}.${b.keyword}`]: b.value });
    },
  );

  test.each([
    ['/api/contracts', ListContractsQuery],
    ['/api/reports/cycle-times', CycleTimeReportQuery],
  ] as const)('%s: query bounds are in its parameters', (path, cls) => {
    const params = doc.paths[path].get.parameters!;
    for (const b of constraintsOf(cls)) expect({ [b.property]: params.find((p) => p.name === b.property)?.schema[b.keyword] }).toEqual({ [b.property]: b.value });
    if (path === '/api/contracts') expect(params.find((p) => p.name === 'page')!.schema).toMatchObject({ type: 'integer', maximum: MAX_PAGE });
  });

  test('money, free text, dates and the Idempotency-Key header', () => {
    const s = doc.components.schemas;
    expect(s.ContractLineDto.properties.unitPrice).toMatchObject({ minimum: 0, maximum: CONTRACT_BOUNDS.moneyMax });
    expect(s.CreateContractDto.properties.title).toMatchObject({ maxLength: 200, pattern: TEXT_PATTERN });
    expect(s.ContractClauseDto.properties.text).toMatchObject({ maxLength: CONTRACT_BOUNDS.clauseTextMaxLength, pattern: TEXT_PATTERN });
    expect(s.CreateContractDto.properties.requestedDeliveryDate).toMatchObject({ format: 'date' });
    expect(s.CreateContractDto.properties.currency).toMatchObject({ pattern: '^[A-Z]{3}$' });
    const key = doc.paths['/api/contracts'].post.parameters!.find((p) => p.in === 'header' && p.name === 'Idempotency-Key')!;
    expect(key.schema).toMatchObject({ maxLength: 255, minLength: 1 });
  });
});
