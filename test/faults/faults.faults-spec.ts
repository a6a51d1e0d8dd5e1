// `npm run test:faults`: the fault suite (issue #11, build item 8). It runs Greenlight as
// separate OS processes — PostgreSQL, the Temporal dev server, Mailpit (SMTP), the
// worker and the API, all started here — and, while contracts are in flight, SIGKILLs in turn
// the worker, the Temporal server, PostgreSQL and the SMTP server, restarts each, and asserts:
//   - no HTTP request hangs: every request sent while the server is down (and after) gets an
//     answer — a 2xx, or a 503 with Retry-After — within the API's own Temporal deadline plus
//     a margin;
//   - every contract reaches the state its decisions imply (automatic ones approved, ones the
//     suite approved approved, ones legal rejected rejected), with no workflow left running;
//   - no task is decided twice (tasks table and audit trail agree, one decision per task);
//   - exactly one mail per (recipient, event) in the catcher, matching the mail_log table;
//   - the audit hash chain verifies (node dist/src/cli/audit-verify.js).
// It prints a table of the faults survived and keeps every server's log in .data/logs/faults/.
//
// Knobs (environment): FAULTS_ONLY=worker,temporal,postgres,smtp (a subset, in that order),
// FAULTS_DOWN_SECONDS (how long each server stays down, 20), FAULTS_SETTLE_SECONDS (how long
// contracts may take to settle after the restart, 180), FAULTS_MARGIN_SECONDS (added to the
// API's deadline for the request bound, 5).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/env.schema';
import { sleep } from '../../scripts/lib/processes';
import { FAULT_LABELS, type Fault, FaultCluster, faultLogsDir, runCli } from './support/cluster';
import { Driver, type Snapshot } from './support/driver';
import {
  contractProblems,
  type FaultRow,
  formatTable,
  inWindow,
  mailProblems,
  parseTitle,
  requestProblems,
  skippedByDesign,
  statusTally,
  taskProblems,
} from './support/invariants';
import { RequestLog } from './support/requests';

const seconds = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, got ${raw}`);
  return value * 1000;
};

const ALL_FAULTS: Fault[] = ['worker', 'temporal', 'postgres', 'smtp'];
const FAULTS: Fault[] = process.env.FAULTS_ONLY
  ? ALL_FAULTS.filter((f) => process.env.FAULTS_ONLY!.split(',').map((s) => s.trim()).includes(f))
  : ALL_FAULTS;
const DOWN_MS = seconds('FAULTS_DOWN_SECONDS', 20);
const SETTLE_MS = seconds('FAULTS_SETTLE_SECONDS', 180);
const MARGIN_MS = seconds('FAULTS_MARGIN_SECONDS', 5);
/** Contracts per phase: people approve these, legal rejects these, rules decide these. */
const MIX = { approve: 3, reject: 2, auto: 4 };

jest.setTimeout(15 * 60_000);

let cluster: FaultCluster | undefined;
let log: RequestLog;
let driver: Driver;
let deadlineMs = 0;
const rows: FaultRow[] = [];
/** Problems already reported by an earlier row, so that each row shows what its own fault broke. */
const reported = new Set<string>();

function say(line: string): void {
  process.stdout.write(`[faults] ${line}\n`);
}

beforeAll(async () => {
  cluster = await FaultCluster.create();
  say(`starting PostgreSQL, Temporal, Mailpit, the worker and the API (logs: ${faultLogsDir})`);
  const started = Date.now();
  await cluster.startAll();
  const config = loadConfig(cluster.appEnv() as Record<string, string>);
  // The API's own bound on a request: its deadline on Temporal calls (Updates wait longest).
  deadlineMs = Math.max(config.TEMPORAL_UPDATE_TIMEOUT_MS, config.TEMPORAL_CALL_TIMEOUT_MS) + MARGIN_MS;
  log = new RequestLog(cluster.apiUrl, deadlineMs);
  driver = new Driver(log, cluster);
  await driver.loadUsers();
  say(
    `ready in ${((Date.now() - started) / 1000).toFixed(1)} s; API ${cluster.apiUrl}, request bound ${(deadlineMs / 1000).toFixed(0)} s ` +
      `(TEMPORAL_UPDATE_TIMEOUT_MS ${config.TEMPORAL_UPDATE_TIMEOUT_MS} + margin ${MARGIN_MS}), each fault down ${DOWN_MS / 1000} s`,
  );
});

afterAll(async () => {
  if (log) writeFileSync(join(faultLogsDir, 'requests.json'), JSON.stringify(log.records, null, 1));
  if (rows.length) {
    const table = formatTable(rows);
    process.stdout.write(`\nFaults survived (request bound ${(deadlineMs / 1000).toFixed(0)} s; logs in ${faultLogsDir})\n${table}\n\n`);
    writeFileSync(join(faultLogsDir, 'table.txt'), `${table}\n`);
  }
  const problems = (await cluster?.stopAll()) ?? [];
  for (const p of problems) say(`cleanup: ${p}`);
});

/** Runs the load that goes on while a server is down: submissions, decisions and reads, one a second, without waiting for answers. */
function startLoad(phase: string): () => Promise<void> {
  let running = true;
  const inFlight: Promise<unknown>[] = [];
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const slot = i % 6;
      if (slot === 0) inFlight.push(driver.submit(phase, 'auto', true));
      else if (slot === 3) inFlight.push(driver.submit(phase, 'auto', false));
      else if (slot === 1 || slot === 4) inFlight.push(driver.decideNext().then((sent) => (sent ? undefined : driver.readSomething(i))));
      else inFlight.push(driver.readSomething(i));
      await sleep(1000);
    }
  })();
  return async () => {
    running = false;
    await loop;
    await Promise.allSettled(inFlight);
  };
}

async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await sleep(1000);
  }
}

/** Decides, retries and waits until every contract of the phase (all: any phase) is closed and its workflow done; returns whether it settled. */
async function driveToSettled(phase: string | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await driver.retrySubmissions();
      await driver.planOpenTasks();
      for (const d of driver.pendingDecisions()) await driver.decide(d);
      await cluster!.reviveCrashed();
      const snap = await driver.snapshot();
      const mine = snap.contracts.filter((c) => phase === undefined || parseTitle(c.title)?.phase === phase);
      const open = mine.filter((c) => c.status === 'in_review');
      if (!open.length && !driver.pendingSubmissions() && !driver.pendingDecisions().length) {
        // A workflow ends only after its mail activities have (it awaits them), so closed runs mean no mail is still on its way.
        const running = await driver.runningWorkflows(mine.map((c) => c.id));
        if (!running.size) return true;
      }
    } catch {
      // A server still coming back; try again.
    }
    await sleep(1500);
  }
  return false;
}

/** Every invariant over the whole run so far: contracts (of `phases`), tasks, mail, audit chain. */
async function invariantProblems(phases?: Set<string>): Promise<{ contracts: string[]; tasks: string[]; mail: string[]; audit: string[]; snap: Snapshot }> {
  const snap = await driver.snapshot();
  const considered = snap.contracts.filter((c) => !phases || phases.has(parseTitle(c.title)?.phase ?? ''));
  const closed = new Set(snap.contracts.filter((c) => c.status !== 'in_review').map((c) => c.id));
  const running = await driver.runningWorkflows(considered.filter((c) => closed.has(c.id)).map((c) => c.id));
  const messages = await driver.caughtMail();
  const verify = await runCli(cluster!.appEnv(), 'src/cli/audit-verify.js', ['--json']);
  let audit: string[];
  try {
    const result = JSON.parse(verify.stdout) as { ok: boolean; rowsChecked: number; problem?: { kind: string; id: string; message: string } };
    audit = result.ok ? [] : [`audit chain broken after ${result.rowsChecked} rows: ${result.problem?.kind} at #${result.problem?.id}: ${result.problem?.message}`];
  } catch {
    audit = [`audit-verify exited ${verify.code}: ${(verify.stderr || verify.stdout).trim().split('\n').slice(-3).join(' / ')}`];
  }
  return {
    contracts: contractProblems(considered, snap.tasks, running),
    tasks: taskProblems(snap.tasks, snap.decisions, closed),
    mail: mailProblems(messages, snap.mailLog),
    audit,
    snap,
  };
}

async function runFault(fault: Fault): Promise<FaultRow> {
  const phase = fault;
  const notes: string[] = [];
  const problems: string[] = [];
  log.phase = phase;
  log.window = 'before';

  // Contracts waiting on people when the fault hits: their decisions are sent while it is down.
  for (let i = 0; i < MIX.approve; i++) await driver.submit(phase, 'approve');
  for (let i = 0; i < MIX.reject; i++) await driver.submit(phase, 'reject');
  await waitUntil(`tasks of the ${phase} contracts to open`, 90_000, async () => {
    await driver.planOpenTasks();
    const snap = await driver.snapshot();
    const human = snap.contracts.filter((c) => parseTitle(c.title)?.phase === phase && parseTitle(c.title)?.kind !== 'auto');
    const waiting = human.filter((c) => snap.tasks.some((t) => t.contract_id === c.id && t.status === 'open' && t.step_key === 'legal_review'));
    return waiting.length === MIX.approve + MIX.reject ? true : undefined;
  });
  // Contracts moving through their automatic steps when the fault hits.
  for (let i = 0; i < MIX.auto; i++) await driver.submit(phase, 'auto');
  const [{ n: inFlight }] = await driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM contracts WHERE status = 'in_review' AND title LIKE 'faults/%'`);

  const pids = await cluster!.kill(fault);
  const killedAt = Date.now();
  say(`${FAULT_LABELS[fault]}: killed pid${pids.length > 1 ? 's' : ''} ${pids.join(', ')} with ${inFlight} contracts in flight`);
  log.window = 'during';
  const stopLoad = startLoad(phase);
  let upAt: number;
  try {
    await sleep(DOWN_MS);
    await cluster!.restart(fault);
    upAt = Date.now();
  } finally {
    await stopLoad();
    log.window = 'after';
  }
  say(`${FAULT_LABELS[fault]}: restarted after ${((upAt - killedAt) / 1000).toFixed(1)} s`);
  for (const revived of await cluster!.reviveCrashed()) notes.push(`the ${revived} exited on its own during the fault; the suite restarted it`);

  // Recovery: a contract submitted now is approved and its mail is caught.
  let recoveryMs: number | null = null;
  try {
    const probeId = await waitUntil('a new contract to be accepted', SETTLE_MS, async () => (await driver.submit(phase, 'auto')) ?? undefined);
    await waitUntil('the new contract to be approved and mailed', SETTLE_MS, async () => {
      const [row] = await driver.query<{ status: string }>(`SELECT status FROM contracts WHERE id = $1`, [probeId]);
      return row?.status === 'approved' && (await driver.mailFor(probeId)) ? true : undefined;
    });
    recoveryMs = Date.now() - upAt;
  } catch (err) {
    problems.push(`no recovery: ${(err as Error).message}`);
  }

  const settled = await driveToSettled(phase, SETTLE_MS);
  const settledMs = settled ? Date.now() - upAt : null;
  if (!settled) notes.push(`not settled ${SETTLE_MS / 1000} s after the restart`);
  for (const exit of cluster!.unexpectedExits.splice(0)) notes.push(`${exit.name} exited unexpectedly (${exit.signal ?? `code ${exit.code}`}) ${((exit.at - killedAt) / 1000).toFixed(1)} s after the kill`);

  const during = inWindow(log.records, phase, 'during');
  const phaseRecords = log.records.filter((r) => r.phase === phase);
  problems.push(...requestProblems(phaseRecords, deadlineMs));
  const inv = await invariantProblems(new Set([phase]));
  for (const p of [...inv.contracts, ...inv.tasks, ...inv.mail, ...inv.audit]) {
    if (reported.has(p)) continue;
    reported.add(p);
    problems.push(p);
  }
  const answered = during.filter((r) => r.status !== 0);
  const hung = during.filter((r) => r.status === 0 && r.failure === 'deadline').length;
  const row: FaultRow = {
    fault: FAULT_LABELS[fault],
    inFlight,
    requests: during.length,
    statuses: statusTally(during),
    maxLatencyMs: hung ? deadlineMs : answered.length ? Math.max(...answered.map((r) => r.latencyMs)) : null,
    hung,
    recoveryMs,
    settledMs,
    problems,
    notes,
  };
  say(`${FAULT_LABELS[fault]}: ${problems.length ? `FAILED\n  ${problems.join('\n  ')}` : 'survived'}`);
  return row;
}

describe('fault suite: SIGKILL each server while contracts are in flight', () => {
  for (const fault of FAULTS) {
    test(`${FAULT_LABELS[fault]}: every request answered in time, every contract settles as decided, nothing doubled, chain intact`, async () => {
      if (!driver) throw new Error('the servers did not start (see above)');
      const row = await runFault(fault);
      rows.push(row);
      expect(row.problems).toEqual([]);
    });
  }

  describe('after every fault', () => {
    let final: Awaited<ReturnType<typeof invariantProblems>>;
    beforeAll(async () => {
      if (!driver) throw new Error('the servers did not start (see above)');
      // Whatever an earlier fault left unfinished gets one more chance to settle.
      await driveToSettled(undefined, 30_000);
      final = await invariantProblems();
      const { contracts, tasks, mailLog } = final.snap;
      const byKind = (k: string) => contracts.filter((c) => parseTitle(c.title)?.kind === k).length;
      say(
        `checked ${contracts.length} contracts (${byKind('auto')} automatic, ${byKind('approve')} approved by people, ${byKind('reject')} rejected by legal), ` +
          `${tasks.filter((t) => t.status === 'decided').length} decided and ${tasks.filter((t) => t.status === 'cancelled').length} cancelled tasks, ` +
          `${mailLog.filter((m) => m.status === 'sent').length} mails sent (${mailLog.filter(skippedByDesign).length} skipped: their task closed before SMTP took them), ` +
          `${log.records.length} requests`,
      );
    });

    test('every contract reaches the state its decisions imply', () => {
      expect(final.snap.contracts.length).toBeGreaterThan(0);
      expect(final.contracts).toEqual([]);
    });

    test('no task is decided twice', () => {
      expect(final.snap.decisions.length).toBeGreaterThan(0);
      expect(final.tasks).toEqual([]);
    });

    test('exactly one mail per (recipient, event)', () => {
      expect(final.snap.mailLog.length).toBeGreaterThan(0);
      expect(final.mail).toEqual([]);
    });

    test('the audit chain verifies', () => {
      expect(final.audit).toEqual([]);
    });
  });
});
