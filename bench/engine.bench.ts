// `npm run bench`: the approval engine's cost per contract, measured against a baseline on the
// same servers in the same run. Starts its own PostgreSQL, Temporal dev server and Mailpit
// (or uses DATABASE_URL / TEMPORAL_ADDRESS / SMTP_URL), a worker and the API in this process,
// then prints throughput, latency percentiles and memory:
//   baseline  — a workflow of 15 no-op activities (the least a 15-step chain can cost)
//   automatic — fully automatic contracts, POST /api/contracts → approved (document and order included)
//   human     — POST /api/tasks/:id/decision → response, and decision → contract approved
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startPostgres } from '../scripts/lib/embedded-postgres';
import { getFreePort } from '../scripts/lib/free-port';
import { startMailpit } from '../scripts/lib/mailpit';
import { startTemporalDevServer } from '../scripts/lib/temporal-dev-server';
import { loadConfig } from '../src/config/env.schema';
import { migrate } from '../src/cli/migrate';
import { createAppDataSource } from '../src/database/data-source';
import { createWorker } from '../src/worker';
import { createApp } from '../src/app.factory';
import { contractWorkflowId } from '../workflows/contract-approval/messages';
import { baselineActivities } from './baseline.activities';
import { baselineWorkflow } from './baseline.workflow';
import { aContract } from '../test/factories/contract.factory';
import { percentile } from './lib/percentile';
import { checkArgs, type CliOption, type CliSpec, numberArg, parseCli } from '../src/cli/cli-args';

const CLI = {
  usage: 'npm run bench -- [--contracts N] [--concurrency C] [--human N]',
  summary: 'The engine benchmark: baseline workflow, automatic contracts and a human step, with ratios to the baseline.',
  options: {
    contracts: { type: 'string', default: '200', valueName: 'N', description: 'workflows per series' },
    concurrency: { type: 'string', default: '16', valueName: 'C', description: 'workflows in flight' },
    human: { type: 'string', default: '40', valueName: 'N', description: 'contracts through the human step' },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);
const [N, CONCURRENCY, HUMAN] = checkArgs(CLI, () =>
  (['contracts', 'concurrency', 'human'] as const).map((flag) => numberArg(values[flag], flag, { min: 1, integer: true })),
);

const pct = (sorted: number[], p: number) => percentile(sorted, p / 100);

interface Series {
  name: string;
  count: number;
  wallMs: number;
  latencies: number[];
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<number>): Promise<Series['latencies']> {
  const out: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        out.push(await fn(item));
      }
    }),
  );
  return out;
}

async function measure(name: string, count: number, concurrency: number, one: (i: number) => Promise<number>): Promise<Series> {
  const started = performance.now();
  const latencies = await pool([...Array(count).keys()], concurrency, one);
  return { name, count, wallMs: performance.now() - started, latencies: latencies.sort((a, b) => a - b) };
}

async function main() {
  const stops: (() => Promise<void>)[] = [];
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  try {
    if (!process.env.DATABASE_URL) {
      const pg = await startPostgres({ port: await getFreePort(), persistent: false, postgresFlags: ['-c', 'max_connections=200'] });
      stops.push(() => pg.stop());
      Object.assign(env, { DATABASE_URL: pg.appUrl, DATABASE_ADMIN_URL: pg.adminUrl });
    }
    if (!process.env.TEMPORAL_ADDRESS) {
      const t = await startTemporalDevServer({ port: await getFreePort(), headless: true });
      stops.push(() => t.stop());
      env.TEMPORAL_ADDRESS = t.address;
    }
    if (!process.env.SMTP_URL) {
      const mail = await startMailpit();
      stops.push(() => mail.stop());
      env.SMTP_URL = mail.smtpUrl;
    }
    const config = loadConfig({ ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '30', TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}` });
    await migrate(config, () => undefined);

    const db = createAppDataSource(config);
    await db.initialize();
    stops.unshift(() => db.destroy());
    const native = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    const client = new Client({ connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }), namespace: config.TEMPORAL_NAMESPACE });
    const tuning = { maxConcurrentActivityTaskExecutions: 100, maxConcurrentWorkflowTaskExecutions: 100 };
    const worker = await createWorker(config, { connection: native, db, workerOptions: tuning });
    // The baseline runs on a worker of its own with the same tuning: the production worker
    // registers only the contract workflow.
    const baselineQueue = `${config.TEMPORAL_TASK_QUEUE}-baseline`;
    const baselineWorker = await Worker.create({
      connection: native,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: baselineQueue,
      workflowsPath: require.resolve('./baseline.workflow'),
      activities: baselineActivities,
      ...tuning,
    });
    const running = Promise.all([worker.run(), baselineWorker.run()]);
    stops.unshift(async () => {
      worker.shutdown();
      baselineWorker.shutdown();
      await running;
      await client.connection.close();
      await native.close();
    });
    const app = await createApp(config, { temporalClient: client });
    await app.listen(0, '127.0.0.1');
    stops.unshift(() => app.close());
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

    const post = async (path: string, body: unknown, user = 'alice') => {
      const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer dev-${user}` }, body: JSON.stringify(body) });
      const json = await res.json();
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const runBaseline = async () => {
      const t0 = performance.now();
      await client.workflow.execute(baselineWorkflow, { taskQueue: baselineQueue, workflowId: `baseline-${randomUUID()}`, args: [{ steps: 15 }] });
      return performance.now() - t0;
    };
    const runContract = async () => {
      const t0 = performance.now();
      const { id } = (await post('/api/contracts', aContract())) as { id: string };
      const result = await client.workflow.getHandle(contractWorkflowId(id)).result();
      if (result.status !== 'approved') throw new Error(`contract ${id} ended ${result.status}`);
      return performance.now() - t0;
    };

    process.stdout.write('warming up… ');
    await pool([...Array(10).keys()], 5, runBaseline);
    await pool([...Array(10).keys()], 5, runContract);
    console.log('done');

    const baseline = await measure('baseline: 15 no-op activities', N, CONCURRENCY, runBaseline);
    const automatic = await measure('automatic contract, submit → approved', N, CONCURRENCY, runContract);

    // Human step: contracts that wait on finance_review (payment terms 90 days).
    const waiting: { id: string; taskId: string }[] = [];
    await pool([...Array(HUMAN).keys()], CONCURRENCY, async () => {
      const { id } = (await post('/api/contracts', aContract({ paymentTermsDays: 90 }))) as { id: string };
      for (;;) {
        const [task] = await db.query(`SELECT id FROM tasks WHERE contract_id = $1 AND status = 'open'`, [id]);
        if (task) {
          waiting.push({ id, taskId: task.id });
          return 0;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const decisionAck: number[] = [];
    const decisionToApproved = await measure('human step, decision → contract approved', waiting.length, CONCURRENCY, async (i) => {
      const { id, taskId } = waiting[i];
      const t0 = performance.now();
      await post(`/api/tasks/${taskId}/decision`, { decision: 'approve' }, 'fiona');
      decisionAck.push(performance.now() - t0);
      await client.workflow.getHandle(contractWorkflowId(id)).result();
      return performance.now() - t0;
    });
    decisionAck.sort((a, b) => a - b);

    const mem = process.memoryUsage();
    const [{ auto, total }] = await db.query(
      `SELECT count(*) FILTER (WHERE decided_by_kind = 'rule')::int AS auto, count(*) FILTER (WHERE decided_by_kind IS NOT NULL)::int AS total FROM contract_steps`,
    );

    const rows = [baseline, automatic, decisionToApproved];
    const fmt = (n: number) => n.toFixed(1).padStart(9);
    console.log(`\nGreenlight engine benchmark — ${N} workflows per series, concurrency ${CONCURRENCY}, one worker process, ${process.platform} ${process.arch}, ${cpus().length} cores`);
    console.log(`${'series'.padEnd(44)}${'per sec'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}`);
    for (const s of rows) {
      console.log(`${s.name.padEnd(44)}${fmt((s.count / s.wallMs) * 1000)}${fmt(pct(s.latencies, 50))}${fmt(pct(s.latencies, 99))}${fmt(s.latencies[s.latencies.length - 1])}`);
    }
    console.log(`${'human step, decision → 200 response'.padEnd(44)}${''.padStart(9)}${fmt(pct(decisionAck, 50))}${fmt(pct(decisionAck, 99))}${fmt(decisionAck[decisionAck.length - 1])}`);
    const ratioThroughput = (baseline.count / baseline.wallMs) / (automatic.count / automatic.wallMs);
    console.log(`\nratio automatic/baseline: throughput ${(1 / ratioThroughput).toFixed(2)}× of baseline, p50 latency ${(pct(automatic.latencies, 50) / pct(baseline.latencies, 50)).toFixed(2)}×, p99 latency ${(pct(automatic.latencies, 99) / pct(baseline.latencies, 99)).toFixed(2)}×`);
    console.log(`step decisions made by rules in this run: ${auto}/${total} (${((auto / total) * 100).toFixed(1)}%)`);
    console.log(`memory (this process: API + worker): rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    for (const stop of stops) await stop().catch((err) => console.error('stop failed:', err));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
