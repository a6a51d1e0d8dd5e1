// One delegation rule for explicit hand-overs and out-of-office periods
// (src/domain/routing/delegation-eligibility.ts): the delegate must hold the role the work needs.
// Through the real API, workflow and database — a private one: the test user ferris holds
// finance_controller, and in the shared database would take other tests' finance reviews.
import type { TestStack } from '../support/stack';
import { aContract } from '../factories/contract.factory';
import { type Api, openTaskFor, settled, submit, token } from '../support/contracts';
import { ensureTestUser, testUserId } from '../support/sla';
import { userId } from '../../src/database/seed/demo-organisation';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(180_000);

let stack: TestStack;
let api: Api;

// ferris is a rep who also holds finance_controller: a finance review on ferris's own contract
// goes to ferris's manager sam (sales_manager), who does not hold the role the task needs.
withApiStack({ freshDatabase: 'delegation' }, (running) => ({ stack, api } = running));

beforeAll(async () => {
  await ensureTestUser(stack.db, { username: 'ferris', roles: ['rep', 'finance_controller'], manager: 'sam' });
});

const delegate = (taskId: string, as: string, toUserId: string) => api('POST', `/api/tasks/${taskId}/delegate`, { token: token(as), body: { toUserId } });

test('a task goes to whoever holds the role its step needs, whatever roles its first assignee holds', async () => {
  const id = await submit(api, aContract({ title: 'Finance review routed to the manager', paymentTermsDays: 90 }), 'ferris');
  const task = openTaskFor(await settled(api, id), 'finance_review');
  expect(task.assignee.id).toBe(userId('sam'));

  // sam shares no role with fiona, but fiona holds finance_controller, which the step needs.
  const toFiona = await delegate(task.id, 'sam', userId('fiona'));
  expect(toFiona.status).toBe(200);
  expect(toFiona.body).toMatchObject({ assigneeId: userId('fiona'), originalAssigneeId: userId('sam') });

  // Handing it to its own holder is its own refusal, not a role mismatch.
  const again = await delegate(task.id, 'fiona', userId('fiona'));
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('ALREADY_ASSIGNED');

  // Nor to the rep alice, who does not hold the role; nor to someone who does not exist.
  const toAlice = await delegate(task.id, 'fiona', userId('alice'));
  expect(toAlice.status).toBe(409);
  expect(toAlice.body).toMatchObject({ code: 'DELEGATE_ROLE_MISMATCH', details: { neededRoles: ['finance_controller'] } });
  const toNobody = await delegate(task.id, 'fiona', testUserId('nobody-at-all'));
  expect(toNobody.status).toBe(400);
  expect(toNobody.body.code).toBe('VALIDATION_FAILED');
});

test('an out-of-office delegate holds a role the absent person receives tasks for', async () => {
  const period = { from: '2031-03-03T09:00:00+08:00', to: '2031-03-04T09:00:00+08:00' };
  const ooo = (as: string, delegateUserId: string) => api('PUT', '/api/users/me/out-of-office', { token: token(as), body: { ...period, delegateUserId } });

  // ferris and alice share the rep role, which no step gives tasks to: alice cannot stand in.
  const toAlice = await ooo('ferris', userId('alice'));
  expect(toAlice.status).toBe(409);
  expect(toAlice.body).toMatchObject({ code: 'DELEGATE_ROLE_MISMATCH', details: { neededRoles: ['finance_controller'] } });
  expect((await ooo('ferris', userId('fiona'))).status).toBe(200);

  // alice receives no tasks by role, so any colleague may stand in.
  expect((await ooo('alice', userId('bob'))).status).toBe(200);
});
