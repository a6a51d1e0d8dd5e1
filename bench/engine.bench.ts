// `npm run bench`: the approval engine's cost per contract, measured against a baseline on the
// same servers in the same run. Starts its own PostgreSQL, Temporal (the dev server, or with
// `--temporal cluster` the multi-service server on PostgreSQL) and Mailpit, durable by default
// (`--fast`: fsync off, Temporal in memory), N worker processes and the API in this process, then
// prints throughput, latency percentiles, memory, each process group's CPU per workflow and what
// one contract cost Temporal:
//   baseline   — a workflow of 15 no-op activities (the least a 15-step chain can cost)
//   automatic  — fully automatic contracts, POST /api/contracts → approved (document and order included);
//                these two take turns in --rounds rounds (series.ts, measureInterleaved)
//   human      — under load: POST /api/tasks/:id/decision → 200, and decision → contract approved
//   idle       — one decision at a time with nothing else running: decision → 200, and decision
//                → the next step's task is open; the next decision waits until the previous
//                contract's workflow has no workflow task or activity in flight (its mail sent)
import 'reflect-metadata';
import { cpus } from 'node:os';
import { contractWorkflowId } from '../workflows/contract-approval/messages';
import { aContract } from '../test/factories/contract.factory';
import { checkArgs, type CliOption, type CliSpec, numberArg, oneOfArg, parseCli } from '../src/cli/cli-args';
import { automaticContract, baselineRun, decideAndFollow, firstTasks, submitWaiting, untilQuiet } from './lib/contract-runs';
import { printCpuTable, perUnit, readHarnessCpu } from './lib/cpu';
import { DEFAULT_TUNING, startHarness } from './lib/harness';
import { describeCost, historyCost } from './lib/history';
import { fromSamples, measure, measureInterleaved, pct, perSec, pool, printTable } from './lib/series';

const CLI = {
  usage: 'npm run bench -- [--temporal dev|cluster] [--workers N] [--fast] [--contracts N] [--concurrency C] [--human N] [--idle N] [--rounds R]',
  summary: 'The engine benchmark: baseline workflow, automatic contracts, a human step under load and idle, with ratios to the baseline.',
  options: {
    temporal: { type: 'string', default: 'dev', valueName: 'dev|cluster', description: 'the Temporal server to run on' },
    workers: { type: 'string', default: '1', valueName: 'N', description: 'worker processes' },
    fast: { type: 'boolean', default: false, description: 'non-durable: PostgreSQL fsync off, Temporal in memory' },
    contracts: { type: 'string', default: '200', valueName: 'N', description: 'workflows per throughput series' },
    concurrency: { type: 'string', default: '16', valueName: 'C', description: 'workflows in flight' },
    human: { type: 'string', default: '40', valueName: 'N', description: 'contracts through the human step under load' },
    idle: { type: 'string', default: '100', valueName: 'N', description: 'decisions one at a time, nothing else running' },
    rounds: { type: 'string', default: '2', valueName: 'R', description: 'rounds in which the baseline and the automatic series take turns' },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);
const TEMPORAL = checkArgs(CLI, () => oneOfArg(values.temporal, 'temporal', ['dev', 'cluster'] as const));
const [WORKERS, N, CONCURRENCY, HUMAN, IDLE, ROUNDS] = checkArgs(CLI, () =>
  (['workers', 'contracts', 'concurrency', 'human', 'idle', 'rounds'] as const).map((flag) => numberArg(values[flag], flag, { min: 1, integer: true })),
);

async function main() {
  const h = await startHarness({ temporal: TEMPORAL, fast: values.fast === true, workers: WORKERS, tuning: DEFAULT_TUNING });
  try {
    const runBaseline = baselineRun(h);
    const ids: string[] = [];
    const runContract = async () => {
      const { ms, id } = await automaticContract(h);
      ids.push(id);
      return ms;
    };
    process.stdout.write('warming up… ');
    await pool([...Array(10).keys()], 5, runBaseline);
    await pool([...Array(10).keys()], 5, runContract);
    console.log('done');

    // Side by side in ROUNDS rounds (measureInterleaved), each series' CPU summed over its own shares.
    const cpu: Record<string, number>[] = [{}, {}];
    const [baseline, automatic] = await measureInterleaved(
      [
        { name: 'baseline: 15 no-op activities', one: runBaseline },
        { name: 'automatic contract, submit → approved', one: runContract },
      ],
      N,
      CONCURRENCY,
      ROUNDS,
      async (i, share) => {
        const before = readHarnessCpu(h);
        await share();
        for (const [group, ms] of Object.entries(perUnit(before, readHarnessCpu(h), 1))) cpu[i][group] = (cpu[i][group] ?? 0) + ms;
      },
    );
    const cost = await historyCost(h.client, contractWorkflowId(ids[ids.length - 1]));

    // Under load: contracts that wait on finance_review (payment terms 90 days), decided by fiona.
    const waiting = await pool([...Array(HUMAN).keys()], CONCURRENCY, async () => ((await h.post('/api/contracts', aContract({ paymentTermsDays: 90 }))) as { id: string }).id);
    const tasks = await firstTasks(h, waiting);
    const ackUnderLoad: number[] = [];
    const toApproved = await measure('human step, decision → contract approved', tasks.length, CONCURRENCY, async (i) => {
      const t0 = performance.now();
      await h.post(`/api/tasks/${tasks[i].taskId}/decision`, { decision: 'approve' }, 'fiona');
      ackUnderLoad.push(performance.now() - t0);
      await h.client.workflow.getHandle(contractWorkflowId(tasks[i].id)).result();
      return performance.now() - t0;
    });

    // Idle: nothing else runs; one decision at a time.
    const idle = await firstTasks(h, (await submitWaiting(h, IDLE, CONCURRENCY)).ids);
    const ack: number[] = [];
    const next: number[] = [];
    for (const w of idle) {
      const r = await decideAndFollow(h, w);
      ack.push(r.ack);
      next.push(r.next);
      await untilQuiet(h, w.id);
    }

    const [{ auto, total }] = await h.db.query(
      `SELECT count(*) FILTER (WHERE decided_by_kind = 'rule')::int AS auto, count(*) FILTER (WHERE decided_by_kind IS NOT NULL)::int AS total FROM contract_steps`,
    );
    console.log(`\nGreenlight engine benchmark — ${h.describe}; ${WORKERS} worker process(es); ${N} workflows per series, concurrency ${CONCURRENCY}, baseline and automatic in turns over ${ROUNDS} rounds; ${process.platform} ${process.arch}, ${cpus().length} cores`);
    printTable(
      [
        baseline,
        automatic,
        toApproved,
        fromSamples('human step under load, decision → 200', ackUnderLoad),
        fromSamples('idle decision → 200 (one at a time)', ack),
        fromSamples('idle decision → next task open', next),
      ],
      baseline,
    );
    console.log(`\nautomatic/baseline: throughput ${(perSec(automatic) / perSec(baseline)).toFixed(2)}×, p50 latency ${(pct(automatic.latencies, 50) / pct(baseline.latencies, 50)).toFixed(2)}×, p99 latency ${(pct(automatic.latencies, 99) / pct(baseline.latencies, 99)).toFixed(2)}×`);
    console.log(`one automatic contract: ${describeCost(cost)}`);
    printCpuTable('CPU per workflow, ms (API + client: this process, the API and the bench\'s requests):', [
      { name: baseline.name, ms: perUnit({}, cpu[0], N) },
      { name: automatic.name, ms: perUnit({}, cpu[1], N) },
    ]);
    console.log(`step decisions made by rules in this run: ${auto}/${total} (${((auto / total) * 100).toFixed(1)}%)`);
    const mem = process.memoryUsage();
    console.log(`memory: API (this process) rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB; workers rss ${h.workers.rssMiB().map((m) => m.toFixed(0)).join(', ')} MiB`);
  } finally {
    await h.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
