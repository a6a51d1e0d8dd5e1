// SMTP down, then up: the task is there all along (GET /api/tasks), no mail is lost, and when
// SMTP returns the mail activity's next retry delivers it exactly once.
// "Down" is this test's own Mailpit process stopped (connection refused, as when a relay is
// unreachable), then started again on the same ports. Mailpit's chaos triggers would answer
// with SMTP error codes instead, which is a server refusing mail, not a server that is gone.
import { join } from 'node:path';
import { type MailpitHandle, startMailpit } from '../../scripts/lib/mailpit';
import { logsDir } from '../../scripts/lib/paths';
import { demoEmail } from '../../src/database/seed/demo-organisation';
import { http, startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';
import { eventOf, linkIn, messages, openTask, PUBLIC_BASE_URL, submitLegalContract, usernameOf } from '../task-links/support';

describe('mail delivery while SMTP is down', () => {
  let catcher: MailpitHandle | undefined;
  let stack: TestStack | undefined;
  let smtpPort: number;
  let httpPort: number;
  const logFile = join(logsDir, 'test', 'mailpit-smtp-outage.log');

  beforeAll(async () => {
    catcher = await startMailpit({ logFile });
    ({ smtpPort, httpPort } = catcher);
    stack = await startTestStack({ api: true, config: { SMTP_URL: catcher.smtpUrl, PUBLIC_BASE_URL } });
  });

  afterAll(async () => {
    await stack?.stop();
    await catcher?.stop();
  });

  it('keeps the task visible, loses nothing, and delivers exactly once when SMTP returns', async () => {
    await catcher!.stop();
    catcher = undefined;

    const contract = await submitLegalContract(stack!.baseUrl!, 'SMTP outage');
    const task = await openTask(stack!.db, contract.id, 'legal_review');
    const assignee = usernameOf(task.assignee_id);
    const eventKey = `${task.id}:assigned`;

    // The first attempt failed against the closed port and is waiting for its retry.
    const failed = await waitFor(
      async () => (await stack!.db.query(`SELECT * FROM mail_log WHERE event_key = $1 AND last_error IS NOT NULL`, [eventKey]))[0],
      'a failed send attempt',
      30_000,
      100,
    );
    expect(failed.status).toBe('sending');
    const listed = await http(stack!.baseUrl!)('GET', '/api/tasks', { token: `dev-${assignee}` });
    expect(listed.status).toBe(200);
    expect(listed.body.map((t: { id: string }) => t.id)).toContain(task.id);

    catcher = await startMailpit({ smtpPort, httpPort, logFile });
    const mine = async () => (await messages(undefined, { url: catcher!.httpUrl })).filter((m) => eventOf(m) === eventKey);
    const message = await waitFor(async () => (await mine())[0], 'the mail after SMTP came back', 90_000, 200);
    expect(message.to).toEqual([demoEmail(assignee)]);
    expect(message.text).toContain(contract.title);
    expect(linkIn(message.text).url.startsWith(PUBLIC_BASE_URL)).toBe(true);

    // Exactly once: nothing more arrives, and the log and the audit trail say one send.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await mine()).toHaveLength(1);
    const [log] = await stack!.db.query(`SELECT status, attempts FROM mail_log WHERE event_key = $1`, [eventKey]);
    expect(log.status).toBe('sent');
    expect(log.attempts).toBeGreaterThanOrEqual(2);
    const audit = await stack!.db.query(`SELECT data FROM audit_events WHERE type = 'MAIL_SENT' AND data->>'mailEventKey' = $1`, [eventKey]);
    expect(audit).toHaveLength(1);
    expect(audit[0].data.attempt).toBe(log.attempts);
  });
});
