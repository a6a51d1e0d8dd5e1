// The HTTP API against the real Temporal dev server, PostgreSQL and SMTP: the tracer bullet
// (submit → every step recorded → approved), input validation, authentication, idempotent
// submission, reference data, health and the OpenAPI document.
import { randomBytes } from 'node:crypto';
import { http, startTestStack, type TestStack } from '../support/stack';
import { aContract } from '../factories/contract.factory';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { DEMO_CLAUSE_LIBRARY } from '../../src/domain/rules/clause-library.data';
import { type Api, getContract, settled, submit, token } from '../support/contracts';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';

jest.setTimeout(120_000);

let stack: TestStack;
let api: Api;

beforeAll(async () => {
  stack = await startTestStack({ api: true });
  api = http(stack.baseUrl!);
});

afterAll(async () => {
  await stack?.stop();
});

test('a submitted contract runs as workflow contract-<id> on the real server and reaches approved', async () => {
  const id = await submit(api, aContract());
  const c = await settled(api, id, stack);
  expect(c.status).toBe('approved');
  expect(c.steps).toHaveLength(15);
  expect(c.steps.every((s: { status: string; completedAt: string | null }) => ['auto_approved', 'skipped'].includes(s.status) && s.completedAt)).toBe(true);
  // The workflow closes once the rep's mail is out.
  const handle = stack.client.workflow.getHandle(contractWorkflowId(id));
  expect((await handle.result()).status).toBe('approved');
  const description = await handle.describe();
  expect(description.status.name).toBe('COMPLETED');
  expect(description.type).toBe('contractApprovalWorkflow');
  const attrs = description.searchAttributes as Record<string, unknown[]>;
  expect(attrs.ContractStatus).toEqual(['approved']);
  const [row] = await stack.db.query(`SELECT status, workflow_id FROM contracts WHERE id = $1`, [id]);
  expect(row).toEqual({ status: 'approved', workflow_id: `contract-${id}` });
});

describe('bad input gets 400 naming each field and rule, and stores nothing', () => {
  test('missing and malformed fields', async () => {
    const before = (await stack.db.query(`SELECT count(*)::int AS n FROM contracts`))[0].n;
    const body = { ...aContract(), title: '', currency: 'yuan', lines: [{ sku: 'GL-LIC-STD', quantity: 0, unitPrice: -1, taxRatePercent: 6 }], requestedDeliveryDate: '15/01/2027' } as Record<string, unknown>;
    delete body.personalData;
    const res = await api('POST', '/api/contracts', { token: token('alice'), body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'currency', 'lines[0].quantity', 'lines[0].unitPrice', 'requestedDeliveryDate', 'personalData']));
    for (const e of res.body.errors) expect(e.rule).toBeTruthy();
    const after = (await stack.db.query(`SELECT count(*)::int AS n FROM contracts`))[0].n;
    expect(after).toBe(before);
  });

  test('unknown fields and wrong types', async () => {
    const res = await api('POST', '/api/contracts', { token: token('alice'), body: { ...aContract(), amount: 'lots', hack: true } });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['amount', 'hack']));
  });

  test('malformed JSON is a 400, not a 500', async () => {
    const res = await fetch(`${stack.baseUrl}/api/contracts`, { method: 'POST', headers: { authorization: `Bearer ${token('alice')}`, 'content-type': 'application/json' }, body: '{"title":' });
    expect(res.status).toBe(400);
  });

  test('a non-UUID contract id is a 404', async () => {
    expect((await api('GET', '/api/contracts/not-a-uuid', { token: token('olivia') })).status).toBe(404);
  });
});

describe('authentication', () => {
  test('missing or unknown bearer tokens get 401', async () => {
    const missing = await api('GET', '/api/contracts');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('UNAUTHENTICATED');
    expect((await api('GET', '/api/contracts', { token: 'dev-mallory' })).status).toBe(401);
    expect((await api('POST', '/api/contracts', { body: aContract() })).status).toBe(401);
  });

  test('only reps submit', async () => {
    const res = await api('POST', '/api/contracts', { token: token('olivia'), body: aContract() });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  test('dev tokens are refused in production', async () => {
    const prod = await startTestStack({ api: true, config: { NODE_ENV: 'production', TOKEN_SECRET: randomBytes(32).toString('base64url') } });
    try {
      const res = await http(prod.baseUrl!)('GET', '/api/contracts', { token: token('alice') });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/production/);
    } finally {
      await prod.stop();
    }
  });
});

describe('Idempotency-Key', () => {
  test('same key and body returns the same contract; a different body gets 422', async () => {
    const key = `k-${Date.now()}`;
    const body = aContract({ title: 'Idempotent submission' });
    const [a, b] = await Promise.all([
      api('POST', '/api/contracts', { token: token('alice'), body, headers: { 'idempotency-key': key } }),
      api('POST', '/api/contracts', { token: token('alice'), body, headers: { 'idempotency-key': key } }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const [{ n }] = await stack.db.query(`SELECT count(*)::int AS n FROM contracts WHERE idempotency_key = $1`, [key]);
    expect(n).toBe(1);
    const other = await api('POST', '/api/contracts', { token: token('alice'), body: { ...body, title: 'Something else' }, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await settled(api, a.body.id);
  });
});

describe('reference data, health and docs', () => {
  test('products, customers, clause library and the policy are readable', async () => {
    const products = (await api('GET', '/api/products', { token: token('alice') })).body;
    expect(products.find((p: { sku: string }) => p.sku === 'GL-HW-SRV')).toEqual({ sku: 'GL-HW-SRV', name: expect.any(String), listPrice: 120000, floorPrice: 100000, taxRatePercent: 13, leadTimeDays: 21 });
    // Screening flags are for compliance (and ops, credit, finance), not reps: test/reference/customers-privacy.e2e-spec.ts.
    const customers = (await api('GET', '/api/customers', { token: token('cora') })).body;
    expect(customers.some((c: { deniedParty: boolean }) => c.deniedParty)).toBe(true);
    const library = (await api('GET', '/api/clause-library', { token: token('alice') })).body;
    expect(library.clauses.map((c: { key: string }) => c.key).sort()).toEqual(['confidentiality', 'data_protection', 'governing_law', 'ip', 'liability', 'payment', 'renewal', 'termination']);
    expect(library.approvedGoverningLaws.length).toBeGreaterThan(0);
    // Each clause's Chinese standard text is served as stored, so the form compares a Chinese clause with it.
    for (const stored of DEMO_CLAUSE_LIBRARY.clauses) {
      expect(library.clauses.find((c: { key: string }) => c.key === stored.key)).toEqual(stored);
    }
    expect(library.clauses.find((c: { key: string }) => c.key === 'governing_law').standardTextZh).toBe('本协议受中华人民共和国法律管辖。');
    const policy = (await api('GET', '/api/policy', { token: token('alice') })).body;
    expect(policy.version).toBe(SLIM_POLICY.version);
    expect(policy.steps).toHaveLength(15);
    expect(policy.stages[5].tracks).toEqual([['pricing_review', 'sales_manager_approval'], ['legal_review'], ['finance_review'], ['tax_review'], ['delivery_review']]);
  });

  test('health reports database and Temporal; OpenAPI is served', async () => {
    const health = await api('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: { ok: true }, temporal: { ok: true } });
    const doc = await api('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/contracts', '/api/contracts/{id}', '/api/tasks/{id}/decision', '/api/policy']));
    // The clause library's answer is declared (the web client's types come from it), Chinese text included.
    expect(doc.body.paths['/api/clause-library'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ClauseLibraryView' });
    expect(doc.body.components.schemas.StandardClauseView.properties.standardTextZh).toMatchObject({ type: 'string' });
    expect(doc.body.components.schemas.StandardClauseView.required).not.toContain('standardTextZh');
    const ui = await fetch(`${stack.baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
  });

  test('a rep reads back the contract the README example submits', async () => {
    const id = await submit(api, aContract());
    const c = await getContract(api, id, 'alice');
    expect(c.id).toBe(id);
    expect(c.submitter.name).toBe('Alice Chen');
    await settled(api, id, stack);
  });
});

test('ops filter the list by rep and customer country, and each item names its rep', async () => {
  const tag = randomBytes(4).toString('hex');
  const de = await submit(api, aContract({ title: `Filter DE ${tag}`, customer: { ...aContract().customer, country: 'DE' } }));
  const cn = await submit(api, aContract({ title: `Filter CN ${tag}` }));
  const alice = (await api('GET', '/api/users/me', { token: token('alice') })).body.id as string;
  const list = async (query: string) => {
    const res = await api('GET', `/api/contracts?pageSize=100&${query}`, { token: token('olivia') });
    expect(res.status).toBe(200);
    return res.body.items as { id: string; submitter: { id: string; name: string }; customer: { country: string } }[];
  };
  const byAliceInDe = await list(`repId=${alice}&country=DE`);
  expect(byAliceInDe.map((c) => c.id)).toContain(de);
  expect(byAliceInDe.map((c) => c.id)).not.toContain(cn);
  expect(byAliceInDe.every((c) => c.customer.country === 'DE' && c.submitter.id === alice)).toBe(true);
  expect(byAliceInDe.find((c) => c.id === de)!.submitter.name).toMatch(/Alice/);
  const bob = (await api('GET', '/api/users/me', { token: token('bob') })).body.id as string;
  expect((await list(`repId=${bob}&country=DE`)).map((c) => c.id)).not.toContain(de);

  const bad = await api('GET', '/api/contracts?repId=alice&country=de', { token: token('olivia') });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toMatch(/repId/);
  expect(JSON.stringify(bad.body)).toMatch(/country/);
});
