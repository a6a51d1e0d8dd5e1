// `npm run demo:load` against a real stack (API and worker on the dev server, private database):
// it submits the mix through the API, leaves it in flight, and reports the automatic share.
import { http, startTestStack, type TestStack } from '../support/stack';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import { runDemoLoad } from '../../tools/cli/demo-load';

jest.setTimeout(180_000);

let fresh: FreshDatabase;
let stack: TestStack;

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_demo');
  stack = await startTestStack({ api: true, config: { DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl } });
});

afterAll(async () => {
  await stack?.stop();
  await fresh?.drop();
});

test('submits the mix through the API, leaves it in flight and reports the automatic share so far', async () => {
  const result = await runDemoLoad({ baseUrl: stack.baseUrl!, count: 12, seed: 'demo-test', settleMs: 90_000 });
  const s = result.report.summary;
  expect(s.contracts).toBe(12);
  expect(result.contractIds.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  expect(s.stepDecisions).toBeGreaterThan(0);
  expect(s.automaticShare).toBeGreaterThan(0.5);
  expect(s.automaticShare).toBeLessThanOrEqual(1);
  expect(s.approved + s.rejected + result.waitingOnPeople).toBe(12);

  // The same seed again submits nothing new (Idempotency-Key per contract).
  const again = await runDemoLoad({ baseUrl: stack.baseUrl!, count: 12, seed: 'demo-test', settleMs: 30_000 });
  expect(new Set([...result.contractIds, ...again.contractIds]).size).toBe(12);
  const listed = await http(stack.baseUrl!)('GET', '/api/contracts?pageSize=100', { token: 'dev-olivia' });
  expect(listed.body.total).toBe(12);
});
