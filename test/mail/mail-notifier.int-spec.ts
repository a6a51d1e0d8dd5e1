// The mail notifier against real PostgreSQL and SMTP: one mail per event however often the
// activity retries or runs concurrently; the honest limit (a crash after SMTP accepted resends
// the same message); reminders; and no mail for a task that closed meanwhile.
import { createMailNotifier } from '../../src/mail/mail-notifier';
import { createSmtpTransport } from '../../src/mail/mail-transport';
import { http, startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';
import { eventOf, linkIn, linkRow, mailFor, messages, openTask, PUBLIC_BASE_URL, submitLegalContract, usernameOf } from '../task-links/support';
import { demoEmail } from '../../src/database/seed/demo-organisation';

describe('mail notifier', () => {
  let stack: TestStack;
  let notifier: ReturnType<typeof createMailNotifier>;

  beforeAll(async () => {
    stack = await startTestStack({ api: true, config: { PUBLIC_BASE_URL } });
    notifier = createMailNotifier({ db: stack.db, config: stack.config });
  });

  afterAll(async () => {
    notifier?.close();
    await stack?.stop();
  });

  const count = async (username: string, eventKey: string) => (await messages(demoEmail(username))).filter((m) => eventOf(m) === eventKey).length;
  const settle = () => new Promise((r) => setTimeout(r, 1_500));

  it('sends one mail per event: a retry after success and concurrent attempts send nothing more', async () => {
    const contract = await submitLegalContract(stack.baseUrl!, 'Idempotent');
    const task = await openTask(stack.db, contract.id, 'legal_review');
    const assignee = usernameOf(task.assignee_id);
    const first = await mailFor(assignee, `${task.id}:assigned`);

    // The worker crashed after sending and Temporal retries the activity.
    expect(await notifier.sendTaskMail({ taskId: task.id, eventKey: `${task.id}:assigned`, kind: 'task_assigned' })).toEqual({ sent: true, reason: 'ALREADY_SENT' });
    await settle();
    expect(await count(assignee, `${task.id}:assigned`)).toBe(1);
    expect((await stack.db.query(`SELECT count(*)::int AS n FROM task_links WHERE task_id = $1 AND user_id = $2`, [task.id, task.assignee_id]))[0].n).toBe(1);
    expect(linkIn(first.text).token).toBeTruthy();

    // Two attempts of one reminder at once: one sends, the other finds it sent or in flight.
    const reminder = { taskId: task.id, eventKey: `${task.id}:reminder:0.5:0`, kind: 'task_reminder' as const, fraction: 0.5 };
    const results = await Promise.allSettled([notifier.sendTaskMail(reminder), notifier.sendTaskMail(reminder)]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.sent && !r.value.reason)).toHaveLength(1);
    await notifier.sendTaskMail(reminder); // the retry of the loser
    const mail = await mailFor(assignee, reminder.eventKey);
    await settle();
    expect(await count(assignee, reminder.eventKey)).toBe(1);
    expect(mail.subject).toContain('[Greenlight] Reminder: Legal review');
    expect(mail.text).toContain('50% of the time for step "Legal review"');
    const audit = await stack.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE type = 'MAIL_SENT' AND data->>'mailEventKey' = $1`, [reminder.eventKey]);
    expect(audit[0].n).toBe(1);
  });

  it('resends the very same message if the process dies between SMTP accepting it and the log write', async () => {
    const contract = await submitLegalContract(stack.baseUrl!, 'Crash window');
    const task = await openTask(stack.db, contract.id, 'legal_review');
    const assignee = usernameOf(task.assignee_id);
    const smtp = createSmtpTransport(stack.config.SMTP_URL);
    const crashing = createMailNotifier({
      db: stack.db,
      config: stack.config,
      transport: {
        async send(mail) {
          await smtp.send(mail);
          throw new Error('worker died after SMTP accepted the message');
        },
        close: () => smtp.close(),
      },
    });
    const input = { taskId: task.id, eventKey: `${task.id}:reminder:0.9:0`, kind: 'task_reminder' as const, fraction: 0.9 };
    await expect(crashing.sendTaskMail(input)).rejects.toThrow('worker died');
    crashing.close();
    expect(await notifier.sendTaskMail(input)).toEqual({ sent: true });
    const both = await waitFor(async () => {
      const found = (await messages(demoEmail(assignee))).filter((m) => eventOf(m) === input.eventKey);
      return found.length === 2 ? found : null;
    }, 'the original and the resend');
    expect(both[0].messageId).toBe(both[1].messageId);
    // Each attempt mints its own random token (only hashes are stored) for the same link row:
    // whichever copy the inbox keeps opens the one single-use link.
    const [first, second] = both.map((m) => linkIn(m.text).token);
    expect(first).not.toBe(second);
    expect((await linkRow(stack.db, first)).id).toBe((await linkRow(stack.db, second)).id);
    expect((await linkRow(stack.db, first)).used_at).toBeNull();
  });

  it('skips mail for a task that closed while the mail waited', async () => {
    const contract = await submitLegalContract(stack.baseUrl!, 'Closed meanwhile');
    const task = await openTask(stack.db, contract.id, 'legal_review');
    const res = await http(stack.baseUrl!)('POST', `/api/tasks/${task.id}/decision`, { token: `dev-${usernameOf(task.assignee_id)}`, body: { decision: 'approve' } });
    expect(res.status).toBe(200);
    const late = { taskId: task.id, eventKey: `${task.id}:reminder:0.5:7`, kind: 'task_reminder' as const, fraction: 0.5 };
    expect(await notifier.sendTaskMail(late)).toEqual({ sent: false, reason: 'TASK_DECIDED' });
    expect((await stack.db.query(`SELECT count(*)::int AS n FROM mail_log WHERE event_key = $1`, [late.eventKey]))[0].n).toBe(0);
  });
});
