// Urging (催办) through the real API, workflow, database and SMTP catcher, on the time-skipping
// server: the submitting rep's urge mails the approver once, marked urgent, and is recorded as
// TASK_URGED; a second urge within the business hour (a double click) is 429 with Retry-After and
// the time the next one is possible, and sends nothing; once that time has passed on the
// server's clock the task may be urged again. Only the rep may urge (403); a decided task is 409.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestStack } from '../support/stack';
import { aContract } from '../factories/contract.factory';
import { type Api, decide, openTaskFor, settled, submit, token, usernameOf } from '../support/contracts';
import { eventsOf, mailsFor, skipTo, waitForEvents } from '../support/sla';
import { eventOf } from '../support/mail';
import { waitFor } from '../support/wait';
import { userId } from '../../src/database/seed/demo-organisation';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(240_000);

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;

withApiStack({}, (running) => ({ env, stack, api } = running));

const urge = (taskId: string, as: string, note?: string) => api('POST', `/api/tasks/${taskId}/urge`, { token: token(as), body: note === undefined ? {} : { note } });
const urgedMails = async (taskId: string) => (await mailsFor(taskId)).filter((m) => eventOf(m).startsWith(`${taskId}:urged:`));

test('one urgent mail per urge; a double click is 429 with the next possible time, and after that business hour the task may be urged again', async () => {
  const id = await submit(api, aContract({ title: 'Urged finance review', paymentTermsDays: 90 }), 'alice');
  const task = openTaskFor(await settled(api, id, stack), 'finance_review');
  const approver = await usernameOf(stack, task.assignee.id);

  // Two clicks at once: one goes through, the other is the second urge within the business hour.
  const [a, b] = await Promise.all([urge(task.id, 'alice', 'The customer signs on Friday'), urge(task.id, 'alice', 'The customer signs on Friday')]);
  const ok = [a, b].find((r) => r.status === 200)!;
  const refused = [a, b].find((r) => r.status !== 200)!;
  expect([a.status, b.status].sort()).toEqual([200, 429]);
  expect(ok.body).toMatchObject({ taskId: task.id, urges: 1, notifiedUserIds: [task.assignee.id] });
  const nextUrgeAt = ok.body.nextUrgeAt as string;
  // One business hour later on the organisation's calendar: never earlier than an hour of wall time.
  expect(Date.parse(nextUrgeAt) - Date.parse(ok.body.urgedAt)).toBeGreaterThanOrEqual(3_600_000);
  expect(refused.body).toMatchObject({ code: 'URGE_TOO_SOON', details: { nextUrgeAt } });
  expect(refused.body.message).toContain(nextUrgeAt);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

  // The approver gets exactly one mail, marked urgent, with the rep's note; the history records who and the note.
  const [mail] = await waitFor(async () => {
    const mails = await urgedMails(task.id);
    return mails.length ? mails : null;
  }, 'the urgent mail');
  expect(mail.to).toEqual([`${approver}@greenlight.example`]);
  expect(mail.subject).toMatch(/^\[Greenlight\] URGENT: /);
  expect(mail.text).toContain('The customer signs on Friday');
  const [urged] = await waitForEvents(api, id, 'TASK_URGED', 1, task.id);
  expect(urged).toMatchObject({ stepKey: 'finance_review', actor: { kind: 'user', id: userId('alice') }, data: { note: 'The customer signs on Friday', nextUrgeAt, notifiedUserIds: [task.assignee.id] } });

  // Later, still within the business hour: refused again, nothing sent.
  const third = await urge(task.id, 'alice');
  expect(third.status).toBe(429);
  expect(third.body.details.nextUrgeAt).toBe(nextUrgeAt);

  // Once the hour has passed on the server's clock, the rep may urge again: a second mail.
  await skipTo(env, Date.parse(nextUrgeAt) + 1_000);
  const again = await urge(task.id, 'alice');
  expect(again.status).toBe(200);
  expect(again.body.urges).toBe(2);
  expect(Date.parse(again.body.nextUrgeAt)).toBeGreaterThan(Date.parse(nextUrgeAt));
  await waitFor(async () => ((await urgedMails(task.id)).length === 2 ? true : null), 'the second urgent mail');
  expect(await eventsOf(api, id, 'TASK_URGED', task.id)).toHaveLength(2);
  // Nothing more arrives for the refused clicks.
  expect((await urgedMails(task.id)).map(eventOf).sort()).toEqual([`${task.id}:urged:1`, `${task.id}:urged:2`]);
});

test('only the submitting rep may urge; a decided task cannot be urged; a note is bounded', async () => {
  const id = await submit(api, aContract({ title: 'Urge refusals', paymentTermsDays: 90 }), 'alice');
  const task = openTaskFor(await settled(api, id, stack), 'finance_review');
  const approver = await usernameOf(stack, task.assignee.id);

  // Another rep who can see nothing of it: not found; the approver, who sees it: forbidden.
  expect((await urge(task.id, 'bob')).status).toBe(404);
  const byApprover = await urge(task.id, approver);
  expect(byApprover.status).toBe(403);
  expect(byApprover.body.code).toBe('FORBIDDEN');

  const long = await urge(task.id, 'alice', 'x'.repeat(501));
  expect(long.status).toBe(400);
  expect(JSON.stringify(long.body)).toContain('note');

  expect((await decide(api, stack, task.id, task.assignee.id, 'approve')).status).toBe(200);
  const late = await urge(task.id, 'alice');
  expect(late.status).toBe(409);
  expect(late.body.code).toBe('TASK_ALREADY_DECIDED');
  expect(await urgedMails(task.id)).toHaveLength(0);
});
