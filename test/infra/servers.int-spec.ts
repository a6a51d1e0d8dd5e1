// Checks the test infrastructure itself: the servers the int project's global setup starts, and
// the time-skipping Temporal environment. When this file fails, every other integration test
// would fail for the same reason, so start here.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { Client } from 'pg';
import { startMailpit } from '../../scripts/lib/mailpit';
import { logsDir } from '../../scripts/lib/paths';
import { isAlive } from '../../scripts/lib/processes';
import { GREENLIGHT_SEARCH_ATTRIBUTES } from '../../scripts/lib/temporal-dev-server';
import { deleteAllMail, listMail } from '../support/mail';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { sleepWorkflow } from './sleep.workflow';

const DAY_MS = 24 * 60 * 60 * 1000;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; is the int project's global setup running?`);
  return value;
}

describe('time-skipping test server', () => {
  let testEnv: TestWorkflowEnvironment;

  beforeAll(async () => {
    testEnv = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await testEnv?.teardown();
  });

  it('completes a workflow that sleeps 3 days in a few seconds', async () => {
    const taskQueue = `infra-sleep-${randomUUID()}`;
    const worker = await Worker.create({
      connection: testEnv.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./sleep.workflow'),
    });
    const serverTimeBefore = await testEnv.currentTimeMs();
    const wallClockBefore = Date.now();

    const result = await worker.runUntil(
      testEnv.client.workflow.execute(sleepWorkflow, { taskQueue, workflowId: `sleep-${randomUUID()}`, args: [{ days: 3 }] }),
    );

    expect(result.finishedAt - result.startedAt).toBeGreaterThanOrEqual(3 * DAY_MS);
    expect((await testEnv.currentTimeMs()) - serverTimeBefore).toBeGreaterThanOrEqual(3 * DAY_MS);
    expect(Date.now() - wallClockBefore).toBeLessThan(30_000);
  });
});

describe('PostgreSQL', () => {
  it("answers `select 1` as DATABASE_URL's role", async () => {
    const client = new Client({ connectionString: env('DATABASE_URL') });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number; role: string }>('select 1 as one, current_user as role');
      expect(rows).toEqual([{ one: 1, role: 'greenlight_app' }]);
    } finally {
      await client.end();
    }
  });
});

describe('Mailpit', () => {
  it('serves a message sent to SMTP_URL through its JSON API', async () => {
    const to = `infra-${randomUUID()}@example.com`;
    const subject = `Infra check ${randomUUID()}`;
    const transport = nodemailer.createTransport(env('SMTP_URL'));
    await transport.sendMail({ from: 'Greenlight <greenlight@example.com>', to, subject, text: 'Hello from the infra test', html: '<p>Hello</p>' });

    const messages = await listMail(to, { url: env('MAILPIT_URL') });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ subject, to: [to], recipients: [to], from: 'greenlight@example.com', fromName: 'Greenlight' });
    expect(messages[0].text.trim()).toBe('Hello from the infra test');
    expect(messages[0].html).toContain('<p>Hello</p>');
    expect(messages[0].headers.subject).toBe(subject);
  });

  it('keeps mail in its database file across a restart on the same ports, and stops only its own pid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'greenlight-mailpit-'));
    const options = { database: join(dir, 'mailpit.db'), logFile: join(logsDir, 'test', 'mailpit-restart.log') };
    let mailpit = await startMailpit(options);
    try {
      const to = `restart-${randomUUID()}@example.com`;
      const bcc = `hidden-${randomUUID()}@example.com`;
      await nodemailer.createTransport(mailpit.smtpUrl).sendMail({ from: 'greenlight@example.com', to, bcc, subject: 'kept', text: 'kept' });
      expect((await listMail(to, { url: mailpit.httpUrl })).map((m) => m.subject)).toEqual(['kept']);

      const firstPid = mailpit.pid;
      await mailpit.stop();
      expect(isAlive(firstPid)).toBe(false);
      mailpit = await startMailpit({ ...options, smtpPort: mailpit.smtpPort, httpPort: mailpit.httpPort });
      const [kept] = await listMail(bcc, { url: mailpit.httpUrl });
      expect(kept).toMatchObject({ subject: 'kept', to: [to], bcc: [bcc], recipients: [to, bcc] });

      await deleteAllMail({ url: mailpit.httpUrl });
      expect(await listMail(undefined, { url: mailpit.httpUrl })).toEqual([]);
    } finally {
      await mailpit.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Temporal dev server', () => {
  it('answers and has the Greenlight search attributes', async () => {
    const connection = await Connection.connect({ address: env('TEMPORAL_ADDRESS') });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBeTruthy();
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      for (const name of Object.keys(GREENLIGHT_SEARCH_ATTRIBUTES)) expect(customAttributes).toHaveProperty(name);
    } finally {
      await connection.close();
    }
  });
});
