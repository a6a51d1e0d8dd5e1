// `npm run simulate -- --calibrate-from-db` end to end (the built CLI, as npm runs it): a synthetic
// trail and a policy draft (pricing limit 10% -> 12%) in a fresh database; the CLI fits the people
// (legal fitted, finance too few decisions), runs the version in force and the draft on 20
// contracts each on the real workflow, and prints the fitted parameters, then the before/after table.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import { createAppDataSource } from '../../src/database/data-source';
import { insertSubmittedContract } from '../../src/contracts/contract-submission.repository';
import { insertAuditEvents } from '../../src/audit/audit.repository';
import type { AuditEventInput } from '../../src/domain/audit/audit-event-types';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { BusinessCalendar } from '../../src/domain/sla/business-calendar';
import { createCalendarProvider } from '../../src/sla/calendar.provider';
import { userId } from '../../src/database/seed/demo-organisation';
import { stableUuid } from '../../src/common/ids';
import { mixContract } from '../../tools/simulation/contract-mix';
import { Random } from '../../tools/simulation/random';
import { temporalTestServerPath } from '../../scripts/lib/paths';

jest.setTimeout(900_000);

const repoRoot = join(__dirname, '..', '..');
let fresh: FreshDatabase;
let db: DataSource;
const draftId = randomUUID();

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_calib_cli');
  const config = fresh.config();
  db = createAppDataSource({ ...config, DATABASE_URL: fresh.adminUrl });
  await db.initialize();
  const start = DateTime.fromISO('2030-03-04T10:00', { zone: config.ORG_TIME_ZONE });
  const calendar = new BusinessCalendar(createCalendarProvider(config).calendarAt(start.toJSDate()));
  const events: AuditEventInput[] = [];
  await db.transaction(async (m) => {
    for (let i = 0; i < 40; i++) {
      const submittedAt = calendar.addBusinessMs(start.toJSDate(), i * 1_800_000);
      const id = stableUuid('calib-cli', String(i));
      const mix = mixContract('calib-cli', i, submittedAt);
      await insertSubmittedContract(m, { id, submission: mix.submission, policy: SLIM_POLICY, submitterId: userId(mix.rep), submittedAt, origin: { channel: 'test' } });
      const r = new Random('calib-cli', i);
      const steps = i < 3 ? ['legal_review', 'finance_review'] : ['legal_review'];
      for (const step of steps) {
        const taskId = stableUuid('calib-cli-task', `${i}:${step}`);
        const hours = r.lognormal(2, 0.5);
        const base = { contractId: id, revision: 1, stepKey: step, actorId: null };
        events.push({ ...base, eventKey: `${taskId}:created`, type: 'TASK_CREATED', actorKind: 'rule', occurredAt: submittedAt.toISOString(), data: { taskId } });
        events.push({ ...base, eventKey: `${taskId}:decided`, type: 'TASK_DECIDED', actorKind: 'user', occurredAt: calendar.addBusinessMs(submittedAt, hours * 3_600_000).toISOString(), data: { taskId, decision: 'approve' } });
      }
    }
    await insertAuditEvents(m, events);
  });
  const draft = structuredClone(SLIM_POLICY) as typeof SLIM_POLICY;
  draft.steps.find((s) => s.key === 'pricing_review')!.params.maxDiscountPercent = 12;
  await db.query(
    `INSERT INTO policy_versions (id, chain_id, version, status, source, policy, from_version, created_at, updated_at) VALUES ($1, 'slim', NULL, 'draft', 'api', $2, $3, now(), now())`,
    [draftId, JSON.stringify({ ...draft, version: 'draft' }), SLIM_POLICY.version],
  );
});

afterAll(async () => {
  await db?.destroy();
  await fresh?.drop();
});

function simulate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'tools', 'cli', 'simulate.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run simulate -- --calibrate-from-db', () => {
  it('prints the fitted parameters, then the before/after table of the version in force and the draft', async () => {
    const testServer = process.env.TEMPORAL_TEST_SERVER_PATH ?? temporalTestServerPath;
    const run = await simulate(['--calibrate-from-db', '--from', '2030-03-01', '--to', '2030-04-01', '--draft', draftId, '--contracts', '20', '--seed', '7', '--test-server', testServer]);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const out = run.stdout;
    expect(out).toMatch(/Calibrated from the audit trail: .*\(40 contracts; a role needs 20 decisions to be fitted\)/);
    expect(out).toMatch(/^legal_counsel\s+40\s+[\d.]+\s+[\d.]+\s+100\.0%\s+0\.0%\s+0\.0%\s+fitted$/m);
    expect(out).toMatch(/^finance_controller\s+3\s+3\.00\s+0\.80\s+–\s+–\s+–\s+default \(3 decisions, fewer than 20: default model kept\)$/m);
    expect(out).toContain('Rep revision time: median 4.00 h, sigma 0.80 (default: 0 revisions, fewer than 20: default model kept)');
    expect(out.indexOf('Calibrated from the audit trail')).toBeLessThan(out.indexOf('Before and after'));
    expect(out).toMatch(new RegExp(`before: ${SLIM_POLICY.version.replace(/\./g, '\\.')}\\s+after: draft-${draftId.slice(0, 8)}`));
    for (const row of ['Cycle time p50', 'Cycle time p90', 'Share within 72 h', 'Share of step decisions automatic', 'SLA breaches (tasks)']) {
      expect(out).toMatch(new RegExp(`^${row.replace(/[()]/g, '\\$&')}\\s+\\S+.*\\s+\\S+$`, 'm'));
    }
    expect(out).toMatch(/^Tasks: \w+\s+\d+\s+\d+$/m);
    // A raised discount limit never sends more contracts to the deal desk.
    const deskTasks = out.match(/^Tasks: deal_desk\s+(\d+)\s+(\d+)$/m);
    if (deskTasks) expect(Number(deskTasks[2])).toBeLessThanOrEqual(Number(deskTasks[1]));
  });

  it('refuses a window without --to, an unknown draft, and --draft with --policy, naming the flag', async () => {
    const noTo = await simulate(['--calibrate-from-db', '--from', '2030-03-01']);
    expect(noTo.code).toBe(2);
    expect(noTo.stderr).toContain('--calibrate-from-db needs --to');
    const both = await simulate(['--calibrate-from-db', '--from', '2030-03-01', '--to', '2030-04-01', '--draft', draftId, '--policy', 'x']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --draft or --policy, not both');
    const backwards = await simulate(['--calibrate-from-db', '--from', '2030-04-01', '--to', '2030-03-01']);
    expect(backwards.stderr).toContain('--from must be before --to');
    const unknown = await simulate(['--calibrate-from-db', '--from', '2030-03-01', '--to', '2030-04-01', '--draft', randomUUID(), '--contracts', '2']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no policy draft');
  });
});
