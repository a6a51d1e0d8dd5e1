// A contract left with its rep, with real durations on the time-skipping test server, through the
// real API, PostgreSQL and SMTP: finance asks for changes on Monday 10:00 Shanghai; with the
// default policy (remind after 16, withdraw after 80 business hours) alice is reminded on
// Tuesday at 17:00 (8 h Monday + 8 h Tuesday) and the contract is withdrawn two weeks later, with
// the reason, the rule in the audit trail and the withdrawal mail. A rep who revises in time
// hears nothing of it.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { TestStack } from '../support/stack';
import { aContract } from '../factories/contract.factory';
import { type Api, decide, getContract, openTaskFor, settled, submit, token } from '../support/contracts';
import { eventsOf, nextWeekdayAt, skipTo, waitForEvents } from '../support/sla';
import { listMail, type Mail } from '../support/mail';
import { waitFor } from '../support/wait';
import { BusinessCalendar } from '../../src/domain/sla/business-calendar';
import { createCalendarProvider } from '../../src/sla/calendar.provider';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(240_000);

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;

withApiStack({}, (running) => ({ env, stack, api } = running));

const eventOf = (m: Mail) => m.headers['x-greenlight-event'] ?? '';
const repMails = async (id: string, kind: string) => (await listMail('alice@greenlight.example')).filter((m) => eventOf(m).startsWith(`${id}:rep:${kind}:`));

/** Submits a finance contract at `at` and has fiona ask for changes; the contract is back with alice. */
async function backWithRep(at: number, title: string) {
  await skipTo(env, at);
  const id = await submit(api, aContract({ title, paymentTermsDays: 90 }));
  const c = await settled(api, id);
  const finance = openTaskFor(c, 'finance_review');
  expect((await decide(api, stack, finance.id, finance.assignee.id, 'request_changes', 'Payment terms must be 60 days or less')).status).toBe(200);
  const back = await settled(api, id);
  expect(back.status).toBe('changes_requested');
  return id;
}

test('left with the rep: reminded after 16 business hours, withdrawn after 80 with the reason, the rule and a mail', async () => {
  const monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
  const id = await backWithRep(monday, 'Waiting for the rep');
  const [requested] = await eventsOf(api, id, 'CHANGES_REQUESTED');
  const calendar = new BusinessCalendar(createCalendarProvider(stack.config).calendarAt(new Date(monday)));
  const remindAt = calendar.addBusinessHours(new Date(requested.occurredAt), 16).getTime();
  const withdrawAt = calendar.addBusinessHours(new Date(requested.occurredAt), 80).getTime();

  // Not before its time.
  await skipTo(env, remindAt - 60_000);
  expect(await eventsOf(api, id, 'REVISION_REMINDER_SENT')).toHaveLength(0);

  await skipTo(env, remindAt + 60_000);
  const [reminder] = await waitForEvents(api, id, 'REVISION_REMINDER_SENT', 1);
  expect(reminder.data).toMatchObject({ afterBusinessHours: 16, withdrawAfterBusinessHours: 80, withdrawAt: new Date(withdrawAt).toISOString() });
  const [mail] = await waitFor(async () => {
    const found = await repMails(id, 'revision_reminder');
    return found.length ? found : null;
  }, 'the reminder mail to alice');
  expect(mail.subject).toBe('[Greenlight] Reminder: changes requested on Waiting for the rep');
  expect(mail.text).toContain('Payment terms must be 60 days or less');
  expect(mail.text).toContain(DateTime.fromMillis(withdrawAt, { zone: 'Asia/Shanghai' }).toFormat('HH:mm'));
  expect((await getContract(api, id)).status).toBe('changes_requested');

  await skipTo(env, withdrawAt + 60_000);
  const done = await waitFor(async () => {
    const c = await getContract(api, id);
    return c.status === 'withdrawn' ? c : null;
  }, 'the contract withdrawn');
  expect(done.openTasks).toEqual([]);
  const [withdrawn] = await waitForEvents(api, id, 'CONTRACT_WITHDRAWN', 1);
  expect(withdrawn.actor).toMatchObject({ kind: 'rule', id: 'revision_timeout' });
  expect(withdrawn.data.comment).toMatch(/No revision within 80 business hours/);
  const [withdrawnMail] = await waitFor(async () => {
    const found = await repMails(id, 'contract_withdrawn');
    return found.length ? found : null;
  }, 'the withdrawal mail to alice');
  expect(withdrawnMail.text).toMatch(/No revision within 80 business hours/);
  // One reminder, one withdrawal.
  expect(await repMails(id, 'revision_reminder')).toHaveLength(1);
  expect(await eventsOf(api, id, 'REVISION_REMINDER_SENT')).toHaveLength(1);

  // Too late for the rep.
  const late = await api('POST', `/api/contracts/${id}/revisions`, { token: token('alice'), body: { paymentTermsDays: 45 } });
  expect(late.status).toBe(409);
});

test('the rep revises in time: no reminder, no withdrawal, the contract runs again', async () => {
  const monday = nextWeekdayAt(await env.currentTimeMs(), 1, '10:00');
  const id = await backWithRep(monday, 'Revised in time');
  await skipTo(env, monday + 2 * 3_600_000);
  const revised = await api('POST', `/api/contracts/${id}/revisions`, { token: token('alice'), body: { paymentTermsDays: 45, comment: 'Terms reduced' } });
  expect(revised.status).toBe(200);
  await settled(api, id);
  // Three weeks on: well past both periods of the first stay with the rep.
  await skipTo(env, monday + 21 * 86_400_000);
  const c = await getContract(api, id);
  expect(c.status).not.toBe('withdrawn');
  expect(c.revision).toBe(2);
  expect(await eventsOf(api, id, 'REVISION_REMINDER_SENT')).toHaveLength(0);
  expect(await eventsOf(api, id, 'CONTRACT_WITHDRAWN')).toHaveLength(0);
  expect(await repMails(id, 'revision_reminder')).toHaveLength(0);
});
