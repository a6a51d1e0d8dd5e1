// `npm run simulate -- --contracts N --chain slim|legacy|both --seed S`: replays the old and the
// new process on simulated time (tools/simulation/simulator.ts) and prints the cycle-time report,
// and with both chains the before/after table and a summary for managers.
//
// Infrastructure of its own: an embedded PostgreSQL (one scratch database per chain) and
// Temporal's time-skipping test server; the real mail activities render and log every mail and
// hand it to a capturing transport injected into the worker (no SMTP server).
// `--db env` uses DATABASE_URL / DATABASE_ADMIN_URL instead (one chain only).
//
// `--calibrate-from-db --from D --to D [--draft ID | --policy V]`: fits the simulated people from
// the audit trail in DATABASE_URL (contracts submitted in [from, to); read only), prints the fitted
// parameters, then runs the policy in force and the draft or version side by side with those people
// (embedded databases) and prints the before/after table (tools/simulation/calibration-run.ts).
//
// Options: `npm run simulate -- --help`.
import 'reflect-metadata';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { type AppConfig, loadConfigOrExit } from '../../src/config/env.schema';
import { migrate } from '../../src/cli/migrate';
import { workflowsPath } from '../../src/worker';
import { DEFAULT_BEHAVIOUR, type BehaviourAssumptions } from '../simulation/approver-model';
import { createScratchDatabase, type ScratchDatabase } from '../simulation/scratch-database';
import { createCapturingTransport } from '../simulation/capturing-transport';
import { checkArgs, type CliOption, type CliSpec, CliUsageError, numberArg, oneOfArg, parseCli } from '../../src/cli/cli-args';
import { longRunTestServer, startTestServer } from '../simulation/test-server';
import { type ChainName, DEFAULT_SIMULATION, runSimulation, type SimulationResult } from '../simulation/simulator';
import { chainTitle, formatAssumptions, formatComparison, formatReport, managerSummary } from '../simulation/simulation-report';
import { startPostgres, type PostgresHandle } from '../../scripts/lib/embedded-postgres';
import { getFreePort } from '../../scripts/lib/free-port';
import { DEFAULT_MIN_SAMPLES, formatCalibration, parseWindowBound } from '../simulation/calibration';
import { type Candidate, calibratedResultView, formatCalibratedComparison, PROGRESS_PREFIX, runCalibratedComparison } from '../simulation/calibration-run';

const CLI = {
  usage: 'npm run simulate -- --contracts N --chain slim|legacy|both --seed S [options]',
  summary: 'Runs the real workflow and activities on simulated time and prints the cycle-time report (both chains: the before/after table).',
  options: {
    contracts: { type: 'string', default: '1000', valueName: 'N', description: 'contracts per chain' },
    chain: { type: 'string', default: 'slim', valueName: 'slim|legacy|both', description: 'which chain to simulate' },
    compare: { type: 'boolean', description: 'both chains and the before/after table (= --chain both)' },
    seed: { type: 'string', default: '42', valueName: 'S', description: 'the same seed gives the same figures' },
    start: { type: 'string', default: DEFAULT_SIMULATION.startDate, valueName: 'YYYY-MM-DD', description: 'first working day with submissions' },
    'per-day': { type: 'string', default: String(DEFAULT_SIMULATION.contractsPerDay), valueName: 'N', description: 'new contracts per working day' },
    servers: { type: 'string', default: '2', valueName: 'N', description: 'time-skipping servers per chain, contracts dealt over them (same figures for any N; more keep the cores busy once one chain is left)' },
    tick: { type: 'string', default: String(DEFAULT_SIMULATION.tickMinutes), valueName: 'M', description: 'approvers work their inbox every M minutes (divides 60)' },
    'review-median': { type: 'string', default: String(DEFAULT_BEHAVIOUR.review.medianHours), valueName: 'H', description: 'median review time, business hours' },
    'review-sigma': { type: 'string', default: String(DEFAULT_BEHAVIOUR.review.sigma), valueName: 'S', description: 'log-normal sigma of review times' },
    'quick-median': { type: 'string', default: String(DEFAULT_BEHAVIOUR.quick.medianHours), valueName: 'H', description: 'median time of quick approvals, business hours' },
    'rep-median': { type: 'string', default: String(DEFAULT_BEHAVIOUR.rep.medianHours), valueName: 'H', description: 'median time a rep takes to revise, business hours' },
    db: { type: 'string', default: 'embedded', valueName: 'embedded|env', description: 'own embedded PostgreSQL, or DATABASE_URL / DATABASE_ADMIN_URL (one chain)' },
    'test-server': { type: 'string', valueName: 'path', description: 'time-skipping test server executable (default: the long-run launcher)' },
    json: { type: 'boolean', description: 'print the results as JSON' },
    'calibrate-from-db': { type: 'boolean', description: 'fit the people from the audit trail in DATABASE_URL, then run the policy in force against --draft or --policy' },
    from: { type: 'string', valueName: 'YYYY-MM-DD|ISO', description: 'with --calibrate-from-db: first day (or instant) of submissions read' },
    to: { type: 'string', valueName: 'YYYY-MM-DD|ISO', description: 'with --calibrate-from-db: end of the window (exclusive)' },
    draft: { type: 'string', valueName: 'ID', description: 'with --calibrate-from-db: the policy draft to compare with the version in force' },
    policy: { type: 'string', valueName: 'VERSION', description: 'with --calibrate-from-db: the stored policy version to compare with the version in force' },
    'min-samples': { type: 'string', default: String(DEFAULT_MIN_SAMPLES), valueName: 'N', description: 'with --calibrate-from-db: decisions a role needs to be fitted' },
    'progress-lines': { type: 'boolean', description: `with --calibrate-from-db: also write "${PROGRESS_PREFIX} <share>" lines to stderr (for the background simulation jobs)` },
  },
} satisfies CliSpec<Record<string, CliOption>>;

interface Args {
  contracts: number;
  /** Time-skipping servers per chain. */
  servers: number;
  chains: ChainName[];
  seed: string;
  startDate: string;
  contractsPerDay: number;
  tickMinutes: number;
  behaviour: BehaviourAssumptions;
  db: 'embedded' | 'env';
  /** The time-skipping server executable; default: the long-run launcher (full JIT). */
  testServer?: string;
  json: boolean;
  /** --calibrate-from-db: the window of the trail read and the version compared with the one in force. */
  calibrate?: { from: Date; to: Date; candidate: Candidate; minSamples: number; progressLines: boolean };
}

export function simulateArgs(argv: string[]): Args {
  const { values: v } = parseCli(argv, CLI);
  return checkArgs(CLI, () => {
    const chain = v.compare ? 'both' : oneOfArg(v.chain, 'chain', ['slim', 'legacy', 'both']);
    const behaviour = structuredClone(DEFAULT_BEHAVIOUR) as BehaviourAssumptions;
    behaviour.review.medianHours = numberArg(v['review-median'], 'review-median', { min: 0.01 });
    behaviour.review.sigma = numberArg(v['review-sigma'], 'review-sigma', { min: 0 });
    behaviour.quick.medianHours = numberArg(v['quick-median'], 'quick-median', { min: 0.01 });
    behaviour.rep.medianHours = numberArg(v['rep-median'], 'rep-median', { min: 0.01 });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.start)) throw new CliUsageError(`--start takes YYYY-MM-DD, got ${JSON.stringify(v.start)}`);
    if (!v.seed) throw new CliUsageError('--seed needs a value');
    const tickMinutes = numberArg(v.tick, 'tick', { min: 1, integer: true });
    if (60 % tickMinutes !== 0) throw new CliUsageError(`--tick must divide 60, got ${tickMinutes}`);
    const a: Args = {
      contracts: numberArg(v.contracts, 'contracts', { min: 1, integer: true }),
      servers: numberArg(v.servers, 'servers', { min: 1, integer: true }),
      chains: chain === 'both' ? ['slim', 'legacy'] : [chain],
      seed: v.seed,
      startDate: v.start,
      contractsPerDay: numberArg(v['per-day'], 'per-day', { min: 1, integer: true }),
      tickMinutes,
      behaviour,
      db: oneOfArg(v.db, 'db', ['embedded', 'env']),
      testServer: v['test-server'],
      json: v.json ?? false,
    };
    if (a.db === 'env' && a.chains.length > 1) throw new CliUsageError('--db env runs one chain at a time (each chain needs its own database)');
    if (v['calibrate-from-db']) a.calibrate = calibrateArgs(v);
    else if (v.from || v.to || v.draft || v.policy) throw new CliUsageError('--from, --to, --draft and --policy go with --calibrate-from-db');
    return a;
  });
}

function calibrateArgs(v: Record<string, string | boolean | undefined>): NonNullable<Args['calibrate']> {
  const zone = process.env.ORG_TIME_ZONE ?? 'Asia/Shanghai';
  const bound = (flag: 'from' | 'to') => {
    const text = v[flag];
    if (typeof text !== 'string' || !text) throw new CliUsageError(`--calibrate-from-db needs --${flag} (YYYY-MM-DD or an ISO instant)`);
    const d = parseWindowBound(text, zone);
    if (!d) throw new CliUsageError(`--${flag} takes YYYY-MM-DD or an ISO instant with its offset, got ${JSON.stringify(text)}`);
    return d;
  };
  const from = bound('from');
  const to = bound('to');
  if (from >= to) throw new CliUsageError('--from must be before --to');
  if (v.draft && v.policy) throw new CliUsageError('give --draft or --policy, not both');
  if (v.db === 'env') throw new CliUsageError('--calibrate-from-db reads DATABASE_URL and simulates in embedded databases: leave --db at embedded');
  const candidate: Candidate = typeof v.draft === 'string' ? { draftId: v.draft } : typeof v.policy === 'string' ? { version: v.policy } : null;
  return { from, to, candidate, minSamples: numberArg(v['min-samples'] as string, 'min-samples', { min: 1, integer: true }), progressLines: v['progress-lines'] === true };
}

async function calibratedMain(args: Args, calibrate: NonNullable<Args['calibrate']>, base: AppConfig, log: (line: string) => void, signal: AbortSignal): Promise<void> {
  const behaviour = args.behaviour;
  const comparison = await runCalibratedComparison({
    config: base,
    window: { from: calibrate.from, to: calibrate.to },
    candidate: calibrate.candidate,
    minSamples: calibrate.minSamples,
    contracts: args.contracts,
    seed: args.seed,
    startDate: args.startDate,
    contractsPerDay: args.contractsPerDay,
    tickMinutes: args.tickMinutes,
    behaviour,
    testServer: args.testServer,
    log,
    onProgress: calibrate.progressLines ? (share) => process.stderr.write(`${PROGRESS_PREFIX} ${share.toFixed(3)}\n`) : undefined,
    signal,
  });
  if (args.json) {
    // One line for the simulation jobs' runner (it reads the last JSON line), indented for people.
    console.log(JSON.stringify(calibratedResultView(comparison), null, calibrate.progressLines ? undefined : 2));
    return;
  }
  console.log([formatCalibration(comparison.calibration, behaviour), '', formatCalibratedComparison(comparison, args)].join('\n'));
}

async function main(): Promise<void> {
  const args = simulateArgs(process.argv.slice(2));
  const base = loadConfigOrExit();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Ctrl-C stops the loop; the finally blocks below stop the test server and the database.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const abort = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort(new Error(`interrupted (${signal})`)));
  if (args.calibrate) return calibratedMain(args, args.calibrate, base, log, abort.signal);
  const wallStart = Date.now();

  let pg: PostgresHandle | undefined;
  const mail = createCapturingTransport();
  const scratch: ScratchDatabase[] = [];
  const results: SimulationResult[] = [];
  try {
    if (args.db === 'embedded') {
      log('simulate: starting an embedded PostgreSQL…');
      pg = await startPostgres({ port: await getFreePort(), persistent: false });
    }
    log('simulate: bundling the workflow code…');
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: new DefaultLogger('WARN') });
    // The chains share nothing (each has its own database, test server, worker and task queue), so
    // they run side by side: the loop of each mostly waits on its server and worker round trips.
    // Databases first, one after another (migrations also touch cluster-wide roles).
    const databases = new Map<ChainName, { appUrl: string; adminUrl: string }>();
    for (const chain of args.chains) databases.set(chain, await databaseFor(chain, base, pg, scratch));
    const runChain = async (chain: ChainName): Promise<SimulationResult> => {
      const database = databases.get(chain)!;
      log(`simulate: ${chain} chain, ${args.contracts} contracts, seed ${args.seed}: starting ${args.servers > 1 ? `${args.servers} time-skipping test servers` : 'the time-skipping test server'}…`);
      const server = args.testServer ? { path: args.testServer, dispose: () => undefined } : longRunTestServer();
      const started = await Promise.allSettled(Array.from({ length: args.servers }, () => startTestServer(server.path)));
      const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const refused = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (refused) {
        for (const s of servers) await s.stop();
        server.dispose();
        throw refused.reason;
      }
      const [env, ...shardEnvs] = servers.map((s) => s.env);
      try {
        const result = await runSimulation({
          chain,
          contracts: args.contracts,
          seed: args.seed,
          startDate: args.startDate,
          contractsPerDay: args.contractsPerDay,
          tickMinutes: args.tickMinutes,
          behaviour: args.behaviour,
          config: base,
          database,
          mailTransport: mail,
          env,
          shardEnvs,
          workerOptions: { workflowBundle, workflowsPath: undefined },
          log,
          signal: abort.signal,
        });
        log(`simulate: ${chain} done in ${result.stats.wallSeconds} s (${result.stats.iterations} steps of simulated time, ${result.stats.decisions} decisions, ${result.stats.revisions} revisions, ${mail.count()} e-mails so far)`);
        return result;
      } catch (err) {
        // The other chain stops too: nothing is printed unless both finish.
        abort.abort(err);
        throw err;
      } finally {
        for (const s of servers) await s.stop();
        server.dispose();
      }
    };
    const settled = await Promise.allSettled(args.chains.map(runChain));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (const s of settled) if (s.status === 'fulfilled') results.push(s.value);
  } finally {
    for (const s of scratch) await s.drop().catch(() => undefined);
    await pg?.stop();
  }

  if (args.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  const out: string[] = [];
  // Before, then after.
  for (const r of [...results].sort((a, b) => (a.chain === b.chain ? 0 : a.chain === 'legacy' ? -1 : 1))) out.push(formatReport(r.report, chainTitle(r)), '');
  const legacy = results.find((r) => r.chain === 'legacy');
  const slim = results.find((r) => r.chain === 'slim');
  if (legacy && slim) out.push('Before and after', formatComparison(legacy, slim), '');
  out.push(formatAssumptions(args.behaviour, args), '', managerSummary(legacy, slim), '');
  out.push(`(simulated in ${Math.round((Date.now() - wallStart) / 1000)} s of wall time: ${results.map((r) => `${r.chain} ${r.stats.wallSeconds} s`).join(', ')})`);
  console.log(out.join('\n'));
}

async function databaseFor(chain: ChainName, base: AppConfig, pg: PostgresHandle | undefined, scratch: ScratchDatabase[]) {
  if (!pg) {
    await migrate(base, () => undefined);
    return { appUrl: base.DATABASE_URL, adminUrl: base.DATABASE_ADMIN_URL ?? base.DATABASE_URL };
  }
  const db = await createScratchDatabase({ appUrl: pg.appUrl, adminUrl: pg.adminUrl, superuserUrl: pg.superuserUrl }, `simulation_${chain}`, base);
  scratch.push(db);
  return { appUrl: db.appUrl, adminUrl: db.adminUrl };
}

if (require.main === module) {
  main().catch((err) => {
    console.error('simulate failed:', err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
}
