// A calibrated before/after run (issue 16 item 3): fit the people from the audit trail of the
// database the app runs on, then run the policy in force and a candidate (a draft or another
// version) side by side on the real workflow code with those people, each in its own scratch
// database and time-skipping server, and compare. Used by `npm run simulate -- --calibrate-from-db`
// and by the background simulation jobs of POST /api/policy/what-if (src/policy/simulation-jobs*.ts).
//
// The trail database is only read. The two runs share the seed and the chain name, so they draw
// the same contracts and the same people deciding at the same speed: the difference is the policy.
import { DefaultLogger, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/env.schema';
import type { ChainPolicy } from '../../src/domain/chain/policy.types';
import { withOrgTimeZone } from '../../src/domain/chain/slim.policy';
import { createAppDataSource } from '../../src/database/data-source';
import { createCalendarProvider } from '../../src/sla/calendar.provider';
import { inForceAt, loadPolicySchedule } from '../../src/policy/policy-store';
import { workflowsPath } from '../../src/worker';
import { startPostgres, type PostgresHandle } from '../../scripts/lib/embedded-postgres';
import { getFreePort } from '../../scripts/lib/free-port';
import { type BehaviourAssumptions, DEFAULT_BEHAVIOUR } from './approver-model';
import { type Calibration, calibrate, calibratedBehaviour, DEFAULT_MIN_SAMPLES, formatCalibration, readCalibrationTrail, stepRole } from './calibration';
import { createCapturingTransport } from './capturing-transport';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { DEFAULT_SIMULATION, runSimulation, type SimulationResult } from './simulator';
import { longRunTestServer, startTestServer } from './test-server';

/** Which version to compare with the one in force: a draft (by id) or a stored version; none: the one in force alone. */
export type Candidate = { draftId: string } | { version: string } | null;

export interface CalibratedRunOptions {
  /** The app's configuration; its DATABASE_URL holds the trail (read only). */
  config: AppConfig;
  window: { from: Date; to: Date };
  candidate: Candidate;
  contracts: number;
  seed: string;
  minSamples?: number;
  startDate?: string;
  contractsPerDay?: number;
  tickMinutes?: number;
  /** Base assumptions for roles without enough decisions. */
  behaviour?: BehaviourAssumptions;
  /** Time-skipping server executable (default: the long-run launcher). */
  testServer?: string;
  /** An embedded PostgreSQL already running (default: one started and stopped here). */
  postgres?: PostgresHandle;
  workflowBundle?: WorkflowBundle;
  /** When the policy in force is read (default: now). */
  now?: Date;
  log?: (line: string) => void;
  /** Share of the contracts of both runs closed so far, 0..1 (polled every few seconds). */
  onProgress?: (share: number) => void;
  signal?: AbortSignal;
}

export interface CalibratedRun {
  label: 'before' | 'after';
  policyVersion: string;
  /** Human tasks per approver role (the policy's assignee of each step). */
  tasksByRole: Record<string, number>;
  slaBreaches: number;
  result: SimulationResult;
}

export interface CalibratedComparison {
  calibration: Calibration;
  runs: CalibratedRun[];
  wallSeconds: number;
}

export class CandidateNotFoundError extends Error {}

/** How `npm run simulate -- --calibrate-from-db --progress-lines` reports progress on stderr (read by src/policy/simulation-job-runner.ts). */
export const PROGRESS_PREFIX = 'simulate-progress:';

/** What a calibrated comparison answers as JSON (`--json`, and a simulation job's result): no per-step reports. */
export function calibratedResultView(c: CalibratedComparison) {
  return {
    calibration: c.calibration,
    table: comparisonTable(c.runs),
    runs: c.runs.map((r) => ({
      label: r.label,
      policyVersion: r.policyVersion,
      contracts: r.result.contracts,
      seed: r.result.seed,
      tasksByRole: r.tasksByRole,
      slaBreaches: r.slaBreaches,
      summary: r.result.report.summary,
      wallSeconds: r.result.stats.wallSeconds,
    })),
    wallSeconds: c.wallSeconds,
  };
}

/**
 * The version in force at `now` and the candidate, read from the trail database, as the workflow
 * runs them (the organisation's time zone put in, as PolicyService does; a draft also takes the
 * configured contract target, as the what-if evaluation does).
 */
export async function resolvePolicies(
  db: DataSource,
  candidate: Candidate,
  now: Date,
  config: Pick<AppConfig, 'ORG_TIME_ZONE' | 'CONTRACT_TARGET_HOURS'>,
): Promise<{ active: ChainPolicy; candidate: ChainPolicy | null }> {
  const inForce = inForceAt(await loadPolicySchedule(db), now);
  if (!inForce) throw new Error('No slim policy version is in force (run the migrations)');
  const active = withOrgTimeZone(inForce.policy, config.ORG_TIME_ZONE);
  if (!candidate) return { active, candidate: null };
  if ('draftId' in candidate) {
    const rows: { policy: ChainPolicy }[] = await db.query(`SELECT policy FROM policy_versions WHERE status = 'draft' AND id::text = $1`, [candidate.draftId]);
    if (!rows.length) throw new CandidateNotFoundError(`There is no policy draft '${candidate.draftId}'`);
    // A draft's version is 'draft'; its runs are labelled by its id.
    const draft = { ...rows[0].policy, version: `draft-${candidate.draftId.slice(0, 8)}`, contractTargetHours: config.CONTRACT_TARGET_HOURS };
    return { active, candidate: withOrgTimeZone(draft, config.ORG_TIME_ZONE) };
  }
  const rows: { policy: ChainPolicy }[] = await db.query(`SELECT policy FROM policy_versions WHERE status = 'version' AND version = $1`, [candidate.version]);
  if (!rows.length) throw new CandidateNotFoundError(`There is no policy version '${candidate.version}'`);
  return { active, candidate: withOrgTimeZone(rows[0].policy, config.ORG_TIME_ZONE) };
}

/**
 * Stores a policy the scratch database lacks as a version that is never in force (so that whatever
 * resolves a contract's version by name finds it); the runs pass the policy to the workflow themselves.
 */
async function storePolicy(db: DataSource, policy: ChainPolicy): Promise<void> {
  await db.query(
    `INSERT INTO policy_versions (id, chain_id, version, status, source, policy, created_at, updated_at, activated_at, active_from)
     VALUES (gen_random_uuid(), $1, $2, 'version', 'api', $3, now(), now(), now(), '9999-12-31T00:00:00Z') ON CONFLICT (version) DO NOTHING`,
    [policy.chainId, policy.version, JSON.stringify(policy)],
  );
}

function tasksByRole(policy: ChainPolicy, r: SimulationResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of r.report.steps) {
    if (!s.tasks) continue;
    const role = stepRole(policy, s.stepKey) ?? s.stepKey;
    out[role] = (out[role] ?? 0) + s.tasks;
  }
  return out;
}

/** Fits the people, then runs the version in force and the candidate side by side. */
export async function runCalibratedComparison(o: CalibratedRunOptions): Promise<CalibratedComparison> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const base = o.behaviour ?? DEFAULT_BEHAVIOUR;
  const trailDb = createAppDataSource({ ...o.config, LOG_LEVEL: 'warn' });
  await trailDb.initialize();
  let calibration: Calibration;
  let policies: { active: ChainPolicy; candidate: ChainPolicy | null };
  try {
    policies = await resolvePolicies(trailDb, o.candidate, o.now ?? new Date(), o.config);
    calibration = calibrate(await readCalibrationTrail(trailDb, o.window, createCalendarProvider(o.config)), o.minSamples ?? DEFAULT_MIN_SAMPLES);
  } finally {
    await trailDb.destroy();
  }
  log(formatCalibration(calibration, base));
  const plans = [
    { label: 'before' as const, policy: policies.active },
    ...(policies.candidate ? [{ label: 'after' as const, policy: policies.candidate }] : []),
  ];

  let pg = o.postgres;
  const ownPostgres = !pg;
  const scratch: ScratchDatabase[] = [];
  const abort = new AbortController();
  const onAbort = () => abort.abort(o.signal!.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let poll: NodeJS.Timeout | undefined;
  try {
    if (!pg) {
      log('simulate: starting an embedded PostgreSQL…');
      pg = await startPostgres({ port: await getFreePort(), persistent: false });
    }
    const workflowBundle = o.workflowBundle ?? (await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: new DefaultLogger('WARN') }));
    // One after another: migrations also touch cluster-wide roles.
    for (const p of plans) {
      const db = await createScratchDatabase({ appUrl: pg.appUrl, adminUrl: pg.adminUrl, superuserUrl: pg.superuserUrl }, `simulation_${p.label}`, o.config);
      scratch.push(db);
      const ds = createAppDataSource({ ...o.config, DATABASE_URL: db.adminUrl, LOG_LEVEL: 'warn' });
      await ds.initialize();
      await storePolicy(ds, p.policy).finally(() => ds.destroy());
    }
    if (o.onProgress) poll = progressPoller(scratch, plans.length * o.contracts, o.config, o.onProgress);
    const mail = createCapturingTransport();
    const runOne = async (p: (typeof plans)[number], i: number): Promise<CalibratedRun> => {
      const server = o.testServer ? { path: o.testServer, dispose: () => undefined } : longRunTestServer();
      // Waits for the server's port itself: the SDK's own start gives a busy JVM only 5 s.
      const running = await startTestServer(server.path).catch((err) => {
        server.dispose();
        throw err;
      });
      const env = running.env;
      try {
        log(`simulate: ${p.label}: ${p.policy.version}, ${o.contracts} contracts, seed ${o.seed}`);
        const result = await runSimulation({
          chain: 'slim',
          policy: p.policy,
          contracts: o.contracts,
          seed: o.seed,
          startDate: o.startDate ?? DEFAULT_SIMULATION.startDate,
          contractsPerDay: o.contractsPerDay ?? DEFAULT_SIMULATION.contractsPerDay,
          tickMinutes: o.tickMinutes ?? DEFAULT_SIMULATION.tickMinutes,
          behaviour: calibratedBehaviour(base, calibration, p.policy),
          config: o.config,
          database: { appUrl: scratch[i].appUrl, adminUrl: scratch[i].adminUrl },
          mailTransport: mail,
          env,
          workerOptions: { workflowBundle, workflowsPath: undefined },
          log: (line) => log(line.replace(/^(\s*)slim:/, `$1${p.label}:`)),
          signal: abort.signal,
        });
        const breaches = result.report.steps.reduce((n, s) => n + s.slaBreaches, 0);
        return { label: p.label, policyVersion: p.policy.version, tasksByRole: tasksByRole(p.policy, result), slaBreaches: breaches, result };
      } catch (err) {
        abort.abort(err);
        throw err;
      } finally {
        await running.stop();
        server.dispose();
      }
    };
    const settled = await Promise.allSettled(plans.map(runOne));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    o.onProgress?.(1);
    return { calibration, runs: settled.map((s) => (s as PromiseFulfilledResult<CalibratedRun>).value), wallSeconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    if (poll) clearInterval(poll);
    o.signal?.removeEventListener('abort', onAbort);
    for (const s of scratch) await s.drop().catch(() => undefined);
    if (ownPostgres) await pg?.stop();
  }
}

/** Reads how many contracts the runs have closed, every 3 s (the simulator's own log is for people). */
function progressPoller(dbs: ScratchDatabase[], total: number, config: AppConfig, report: (share: number) => void): NodeJS.Timeout {
  let busy = false;
  return setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      let closed = 0;
      for (const d of dbs) {
        const ds = createAppDataSource({ ...config, DATABASE_URL: d.appUrl, LOG_LEVEL: 'warn' });
        try {
          await ds.initialize();
          const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM contracts WHERE status IN ('approved', 'rejected', 'withdrawn')`);
          closed += n;
        } catch {
          // A database being dropped at the end of the run: the next poll (or the end) reports.
        } finally {
          if (ds.isInitialized) await ds.destroy().catch(() => undefined);
        }
      }
      // Never 1 before the reports are done: that is the caller's last report.
      report(Math.min(0.99, closed / total));
    })().finally(() => {
      busy = false;
    });
  }, 3_000);
}

// ------------------------------------------------------------------ printing

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const hrs = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} h`);

/** The before/after rows: cycle time, the 72-hour share, automatic share, SLA breaches, tasks per approver role. */
export function comparisonTable(runs: CalibratedRun[]): string[][] {
  const s = runs.map((r) => r.result.report.summary);
  const roles = [...new Set(runs.flatMap((r) => Object.keys(r.tasksByRole)))].sort();
  return [
    ['', ...runs.map((r) => `${r.label}: ${r.policyVersion}`)],
    ['Cycle time p50', ...s.map((x) => hrs(x.cycleTimeHours.p50))],
    ['Cycle time p90', ...s.map((x) => hrs(x.cycleTimeHours.p90))],
    [`Share within ${s[0].targetHours ?? 72} h`, ...s.map((x) => pct(x.withinTargetShare))],
    ['Share of step decisions automatic', ...s.map((x) => pct(x.automaticShare))],
    ['SLA breaches (tasks)', ...runs.map((r) => String(r.slaBreaches))],
    ...roles.map((role) => [`Tasks: ${role}`, ...runs.map((r) => String(r.tasksByRole[role] ?? 0))]),
  ];
}

export function formatCalibratedComparison(c: CalibratedComparison, o: { contracts: number; seed: string }): string {
  const rows = comparisonTable(c.runs);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ').trimEnd();
  return [
    `Before and after, ${o.contracts} contracts per version, seed ${o.seed}, people calibrated from the trail`,
    line(rows[0]),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
    '',
    `(simulated in ${c.wallSeconds} s of wall time: ${c.runs.map((r) => `${r.label} ${r.result.stats.wallSeconds} s`).join(', ')})`,
  ].join('\n');
}
