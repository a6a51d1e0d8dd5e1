// Approval on timeout, switched on by ops for a low-risk step without a code change
// (AUTO_APPROVE_ON_TIMEOUT_STEPS), on the time-skipping test server through the real API.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { TestStack } from '../support/stack';
import { aContract } from '../factories/contract.factory';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { type Api, decide, getContract, openTaskFor, settled, step, submit } from '../support/contracts';
import { eventsOf, mailsFor, nextWeekdayAt, ORG_ZONE, skipTo, wall, waitForEvents } from '../support/sla';
import { waitFor } from '../support/wait';
import { userId } from '../../src/database/seed/demo-organisation';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;

withApiStack({ config: { AUTO_APPROVE_ON_TIMEOUT_STEPS: 'finance_review' } }, (running) => ({ env, stack, api } = running));

test('finance review approves itself at its deadline by rule timeout_auto_approved; tax review, not on the list, escalates', async () => {
  const monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
  const at = (time: string) => DateTime.fromMillis(monday, { zone: ORG_ZONE }).set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)) }).toMillis();
  await skipTo(env, monday);
  // 90-day terms send finance review to fiona; a 13% tax rate on licences sends tax review to tom.
  const id = await submit(api, aContract({ title: 'Low-risk terms', paymentTermsDays: 90, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 13 }] }));
  // Both reviews run in parallel tracks; wait for both tasks.
  let c = await waitFor(async () => ((await getContract(api, id)).openTasks.length === 2 ? getContract(api, id) : null), 'two open tasks');
  expect(c.policyVersion).toBe(`${SLIM_POLICY.version}+auto-timeout:finance_review`);
  const finance = openTaskFor(c, 'finance_review');
  const tax = openTaskFor(c, 'tax_review');
  expect(step(c, 'finance_review').policyVersion).toBe(`${SLIM_POLICY.version}+auto-timeout:finance_review`);

  // Reminders still go out before the deadline.
  await skipTo(env, at('17:13'));
  expect(await waitForEvents(api, id, 'TASK_REMINDER_SENT', 2, finance.id)).toHaveLength(2);

  await skipTo(env, at('18:01'));
  const [auto] = await waitForEvents(api, id, 'TASK_TIMEOUT_AUTO_APPROVED', 1, finance.id);
  expect(auto.actor).toEqual({ kind: 'rule', id: 'timeout_auto_approved' });
  expect(auto.data).toMatchObject({ policyVersion: `${SLIM_POLICY.version}+auto-timeout:finance_review`, othersTold: [userId('fiona')] });
  expect(wall(auto.occurredAt)).toBe(wall(at('18:00')));
  c = await getContract(api, id);
  const s = step(c, 'finance_review');
  expect(s).toMatchObject({ status: 'auto_approved', decidedBy: { kind: 'rule', id: 'timeout_auto_approved' } });
  expect(s.reason).toMatch(/^Approved by rule timeout_auto_approved: no decision by the deadline/);
  expect(s.sla).toMatchObject({ breached: true, escalationLevel: 0, toldOfDecision: [userId('fiona')] });
  expect(await eventsOf(api, id, 'TASK_ESCALATED', finance.id)).toEqual([]);
  expect(await mailsFor(finance.id, 'frank')).toEqual([]);
  const late = await decide(api, stack, finance.id, userId('fiona'), 'approve');
  expect(late.status).toBe(409);
  expect(late.body.code).toBe('TASK_ALREADY_DECIDED');

  // Tax review is not on the list: it escalated to tom's manager, fiona.
  const [escalated] = await waitForEvents(api, id, 'TASK_ESCALATED', 1, tax.id);
  expect(escalated.data).toMatchObject({ level: 1, toUserId: userId('fiona') });
  expect((await decide(api, stack, tax.id, userId('tom'), 'approve')).status).toBe(200);
  c = await settled(api, id);
  expect(c.status).toBe('approved');
  // Submitted Monday 10:00 and approved that evening on the test server's clock, which the API
  // reads too: about 8 of its 72 target hours, well inside the target, so only the breached step
  // makes it amber.
  const [row] = await stack.db.query(`SELECT any_step_breached FROM contracts WHERE id = $1`, [id]);
  expect(row.any_step_breached).toBe(true);
  expect(wall(c.submittedAt)).toBe(wall(monday));
  expect(c.timing.rag).toBe('amber');
  expect(c.timing.elapsedHours).toBeLessThan(48);
});
