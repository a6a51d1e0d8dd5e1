// /api/customers over the real API: reps (and other approvers) see who the customers are, not
// their credit figures or screening flags; ops, credit, compliance and finance see everything.
import { http, startTestStack, type TestStack } from '../support/stack';
import { token } from '../support/contracts';

const RISK_FIELDS = ['creditLimit', 'outstandingBalance', 'maxOverdueDays', 'deniedParty'];

let stack: TestStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  stack = await startTestStack({ api: true });
  api = http(stack.baseUrl!);
});

afterAll(async () => {
  await stack?.stop();
});

const customersAs = async (username: string): Promise<Record<string, unknown>[]> => {
  const res = await api('GET', '/api/customers', { token: token(username) });
  expect(res.status).toBe(200);
  return res.body;
};

test.each(['alice', 'bob', 'sam', 'lee', 'tom'])('%s sees customers without credit figures or screening flags', async (username) => {
  const customers = await customersAs(username);
  const eastern = customers.find((c) => c.registrationNumber === 'KP-0000-7777');
  expect(eastern).toEqual({ id: expect.any(String), name: 'Eastern Star Trading Corp.', registrationNumber: 'KP-0000-7777', country: 'KP' });
  for (const c of customers) for (const field of RISK_FIELDS) expect(c).not.toHaveProperty(field);
});

test.each(['olivia', 'carl', 'cora', 'fiona'])('%s sees credit figures and screening flags', async (username) => {
  const customers = await customersAs(username);
  expect(customers.find((c) => c.registrationNumber === 'KP-0000-7777')).toMatchObject({ deniedParty: true, creditLimit: 500000, outstandingBalance: 0, maxOverdueDays: 0 });
  expect(customers.find((c) => c.registrationNumber === '91440300MA5GD0001H')).toMatchObject({ deniedParty: false, maxOverdueDays: 45 });
});

test("a contract's own view and history do not leak the figures either: the rep sees the outcome, ops see why", async () => {
  const { aContract } = await import('../factories/contract.factory');
  const { settled, submit } = await import('../support/contracts');
  const id = await submit(api, aContract({ title: 'Privacy of risk steps' }));
  await settled(api, id, stack);
  const figures = /credit limit|outstanding|creditLimit|outstandingBalance|3,000,000/;

  const asRep = (await api('GET', `/api/contracts/${id}`, { token: token('alice') })).body;
  for (const key of ['customer_capture', 'credit_check', 'compliance_screening']) {
    const step = asRep.steps.find((s: { key: string }) => s.key === key);
    expect(step.status).toBe('auto_approved');
    expect(step.decidedBy.kind).toBe('rule');
    expect(step.inputs).toBeNull();
    expect(JSON.stringify(step)).not.toMatch(figures);
  }
  const repHistory = (await api('GET', `/api/contracts/${id}/history`, { token: token('alice') })).body;
  expect(JSON.stringify(repHistory)).not.toMatch(figures);

  const asOps = (await api('GET', `/api/contracts/${id}`, { token: token('olivia') })).body;
  expect(asOps.steps.find((s: { key: string }) => s.key === 'customer_capture').reason).toMatch(/credit limit/);
  expect(asOps.steps.find((s: { key: string }) => s.key === 'credit_check').inputs).not.toBeNull();
  const opsHistory = (await api('GET', `/api/contracts/${id}/history`, { token: token('olivia') })).body;
  expect(JSON.stringify(opsHistory)).toMatch(figures);
});
