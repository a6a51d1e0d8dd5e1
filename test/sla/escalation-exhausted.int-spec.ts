// An escalation that runs out of managers, with real durations on the time-skipping test server,
// through the real API, PostgreSQL and SMTP: legal review goes to a legal counsel whose manager
// is ed (the CEO, nobody above him). Level 1 reaches ed; level 2 finds nobody, and instead of
// telling nobody, ops (olivia) get one mail, the contract is flagged for attention (visible on the
// contract, filterable in the ops list) with an ESCALATION_EXHAUSTED audit event, and the flag
// goes when the step is decided.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { TestStack } from '../support/stack';
import { aContract, STANDARD_CLAUSES } from '../factories/contract.factory';
import { type Api, decide, getContract, openTaskFor, settled, submit, token } from '../support/contracts';
import { eventsOf, mailsFor, nextWeekdayAt, skipTo, waitForEvents, waitForMail } from '../support/sla';
import { waitFor } from '../support/wait';
import { userId } from '../../src/database/seed/demo-organisation';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(240_000);

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;

// Its own database: the ops list filter below counts flagged contracts.
withApiStack({ freshDatabase: 'gl_escalation_exhausted' }, (running) => ({ env, stack, api } = running));

async function listIds(query: string, as = 'olivia'): Promise<string[]> {
  const res = await api('GET', `/api/contracts?${query}&pageSize=100`, { token: token(as) });
  expect(res.status).toBe(200);
  return res.body.items.map((c: { id: string }) => c.id);
}

test('level 2 finds no manager above ed: ops are mailed once, the contract is flagged until legal review is decided', async () => {
  const monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
  const at = (days: number, time: string) =>
    DateTime.fromMillis(monday, { zone: 'Asia/Shanghai' }).plus({ days }).set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)) }).toMillis();
  await skipTo(env, monday);
  const changedLiability = { key: 'liability', text: 'Each party accepts unlimited liability for any damages arising under this Agreement.' };
  const id = await submit(api, aContract({ title: 'Nobody above the CEO', clauses: [...STANDARD_CLAUSES.filter((c) => c.key !== 'liability'), changedLiability] }));
  const c = await waitFor(async () => {
    const x = await getContract(api, id);
    return x.openTasks.length === 2 ? x : null;
  }, 'legal and sales manager tasks');
  const sm = openTaskFor(c, 'sales_manager_approval');
  expect((await decide(api, stack, sm.id, sm.assignee.id, 'approve')).status).toBe(200);
  const legal = openTaskFor(c, 'legal_review');
  expect(c.attention).toEqual([]);
  expect(await listIds('attention=true')).not.toContain(id);

  await skipTo(env, at(1, '17:01'));
  const [first, second] = await waitForEvents(api, id, 'TASK_ESCALATED', 2, legal.id);
  expect(first.data).toMatchObject({ level: 1, toUserId: userId('ed') });
  expect(second.data).toMatchObject({ level: 2, toUserId: null });

  // Ops are told, in a mail that names the step, the assignee and the manager already told.
  const mail = await waitForMail(legal.id, 'olivia', ':escalation_exhausted');
  expect(mail.subject).toMatch(/No manager left: Legal review/);
  expect(mail.text).toContain('Ed Qian');
  expect(mail.text).toContain(`/contracts/${id}`);

  const [exhausted] = await waitForEvents(api, id, 'ESCALATION_EXHAUSTED', 1, legal.id);
  expect(exhausted.data).toMatchObject({ taskId: legal.id, level: 2, assigneeId: legal.assignee.id });
  const flagged = await getContract(api, id);
  expect(flagged.attention).toEqual([{ kind: 'escalation_exhausted', taskId: legal.id, step: 'legal_review', level: 2, assigneeId: legal.assignee.id, since: expect.any(String) }]);
  expect(await listIds('attention=true')).toEqual([id]);
  expect(await listIds('attention=false')).not.toContain(id);

  // Bad input is a 400 naming the field.
  const bad = await api('GET', '/api/contracts?attention=maybe', { token: token('olivia') });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toMatch(/attention must be true or false/);

  // Later timers pass and nothing more goes to ops: one mail, one event, per exhausted escalation.
  await skipTo(env, at(3, '17:00'));
  expect((await mailsFor(legal.id, 'olivia')).filter((m) => m.headers['x-greenlight-event'].includes(':escalation_exhausted'))).toHaveLength(1);
  expect(await eventsOf(api, id, 'ESCALATION_EXHAUSTED')).toHaveLength(1);

  // The step is decided: the flag goes.
  expect((await decide(api, stack, legal.id, legal.assignee.id, 'approve')).status).toBe(200);
  const done = await settled(api, id);
  expect(done.status).toBe('approved');
  expect(done.attention).toEqual([]);
  expect(await listIds('attention=true')).not.toContain(id);
});
