// `npm run simulate -- --contracts N --chain slim|legacy|both --seed S`: replays the old and the
// new process on simulated time (src/simulation/simulator.ts) and prints the cycle-time report,
// and with both chains the before/after table and a summary for managers.
//
// Infrastructure of its own: an embedded PostgreSQL (one scratch database per chain), an
// in-process SMTP sink for the real mail activities, and Temporal's time-skipping test server.
// `--db env` uses DATABASE_URL / DATABASE_ADMIN_URL instead (one chain only).
//
// Options: --contracts N (1000)  --chain slim|legacy|both (slim)  --compare (= --chain both)
//   --seed S (42)  --start YYYY-MM-DD (2030-03-04, a Monday)  --per-day N (50)  --tick M (15)
//   --review-median H (3) --review-sigma S (0.8) --quick-median H (1) --rep-median H (4)
//   --db embedded|env  --test-server <executable>  --json
import 'reflect-metadata';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type AppConfig, loadConfigOrExit } from '../config/env.schema';
import { migrate } from './migrate';
import { workflowsPath } from '../worker';
import { DEFAULT_BEHAVIOUR, type BehaviourAssumptions } from '../simulation/approver-model';
import { createScratchDatabase, type ScratchDatabase } from '../simulation/scratch-database';
import { startSmtpSink, type SmtpSink } from '../simulation/smtp-sink';
import { longRunTestServer } from '../simulation/test-server';
import { type ChainName, DEFAULT_SIMULATION, runSimulation, type SimulationResult } from '../simulation/simulator';
import { chainTitle, formatAssumptions, formatComparison, formatReport, managerSummary } from '../simulation/simulation-report';
import { startPostgres, type PostgresHandle } from '../../scripts/lib/embedded-postgres';
import { getFreePort } from '../../scripts/lib/free-port';

interface Args {
  contracts: number;
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
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    contracts: 1000,
    chains: ['slim'],
    seed: '42',
    startDate: DEFAULT_SIMULATION.startDate,
    contractsPerDay: DEFAULT_SIMULATION.contractsPerDay,
    tickMinutes: DEFAULT_SIMULATION.tickMinutes,
    behaviour: structuredClone(DEFAULT_BEHAVIOUR),
    db: 'embedded',
    json: false,
  };
  const num = (flag: string, v: string | undefined, min: number) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < min) throw new Error(`${flag} needs a number ≥ ${min}`);
    return x;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = () => argv[++i];
    switch (flag) {
      case '--contracts': a.contracts = Math.floor(num(flag, v(), 1)); break;
      case '--chain': {
        const c = v();
        if (c === 'both') a.chains = ['slim', 'legacy'];
        else if (c === 'slim' || c === 'legacy') a.chains = [c];
        else throw new Error('--chain is slim, legacy or both');
        break;
      }
      case '--compare': a.chains = ['slim', 'legacy']; break;
      case '--seed': a.seed = v() ?? ''; break;
      case '--start': a.startDate = v() ?? ''; if (!/^\d{4}-\d{2}-\d{2}$/.test(a.startDate)) throw new Error('--start takes YYYY-MM-DD'); break;
      case '--per-day': a.contractsPerDay = Math.floor(num(flag, v(), 1)); break;
      case '--tick': a.tickMinutes = Math.floor(num(flag, v(), 1)); break;
      case '--review-median': a.behaviour.review.medianHours = num(flag, v(), 0.01); break;
      case '--review-sigma': a.behaviour.review.sigma = num(flag, v(), 0); break;
      case '--quick-median': a.behaviour.quick.medianHours = num(flag, v(), 0.01); break;
      case '--rep-median': a.behaviour.rep.medianHours = num(flag, v(), 0.01); break;
      case '--db': { const d = v(); if (d !== 'embedded' && d !== 'env') throw new Error('--db is embedded or env'); a.db = d; break; }
      case '--test-server': a.testServer = v(); break;
      case '--json': a.json = true; break;
      case '--help': case '-h':
        console.log('usage: npm run simulate -- --contracts N --chain slim|legacy|both --seed S [--start YYYY-MM-DD] [--per-day N] [--tick M] [--db embedded|env] [--json]');
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${flag}`);
    }
  }
  if (!a.seed) throw new Error('--seed needs a value');
  if (a.db === 'env' && a.chains.length > 1) throw new Error('--db env runs one chain at a time (each chain needs its own database)');
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = loadConfigOrExit();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Ctrl-C stops the loop; the finally blocks below stop the test server and the database.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const abort = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort(new Error(`interrupted (${signal})`)));
  const wallStart = Date.now();

  let pg: PostgresHandle | undefined;
  let mail: SmtpSink | undefined;
  const scratch: ScratchDatabase[] = [];
  const results: SimulationResult[] = [];
  try {
    mail = await startSmtpSink();
    if (args.db === 'embedded') {
      log('simulate: starting an embedded PostgreSQL…');
      pg = await startPostgres({ port: await getFreePort(), persistent: false });
    }
    log('simulate: bundling the workflow code…');
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: new DefaultLogger('WARN') });
    for (const chain of args.chains) {
      const database = await databaseFor(chain, base, pg, scratch);
      log(`simulate: ${chain} chain, ${args.contracts} contracts, seed ${args.seed}: starting the time-skipping test server…`);
      const server = args.testServer ? { path: args.testServer, dispose: () => undefined } : longRunTestServer();
      const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: server.path } } }).catch((err) => {
        server.dispose();
        throw err;
      });
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
          smtpUrl: mail.url,
          env,
          workerOverrides: { workflowBundle, workflowsPath: undefined },
          log,
          signal: abort.signal,
        });
        log(`simulate: ${chain} done in ${result.stats.wallSeconds} s (${result.stats.iterations} steps of simulated time, ${result.stats.decisions} decisions, ${result.stats.revisions} revisions, ${mail.count()} e-mails so far)`);
        results.push(result);
      } finally {
        await env.teardown();
        server.dispose();
      }
    }
  } finally {
    for (const s of scratch) await s.drop().catch(() => undefined);
    await mail?.stop();
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
