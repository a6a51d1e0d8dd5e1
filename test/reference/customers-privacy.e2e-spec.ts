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
  expect(customers.find((c) => c.registrationNumber === '91440300MA5SZ0004Z')).toMatchObject({ deniedParty: false, maxOverdueDays: 45 });
});
