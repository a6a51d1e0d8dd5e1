// `npm run bench:waiting -- --contracts N`: N contracts each waiting on a person (on the Temporal
// cluster by default), then decisions on randomly chosen ones whose workflows are no longer in
// the worker's cache (maxCachedWorkflows is small against N, and printed). Prints the submit
// rate, the worker's RSS before and after, decision → 200 and decision → next task open. The
// goal is a worker whose memory is bounded by its cache, not by N.
import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import { cpus } from 'node:os';
import { checkArgs, type CliOption, type CliSpec, numberArg, oneOfArg, parseCli } from '../src/cli/cli-args';
import { decideAndFollow, firstTasks, submitWaiting } from './lib/contract-runs';
import { DEFAULT_TUNING, startHarness } from './lib/harness';
import { fromSamples, printTable } from './lib/series';

const CLI = {
  usage: 'npm run bench:waiting -- [--contracts N] [--decisions D] [--cache C] [--temporal cluster|dev] [--fast]',
  summary: 'Many contracts waiting on people; cold decisions on random ones; worker memory before and after.',
  options: {
    contracts: { type: 'string', default: '1000', valueName: 'N', description: 'contracts left waiting on a person' },
    decisions: { type: 'string', default: '200', valueName: 'D', description: 'decisions on random waiting contracts, one at a time' },
    cache: { type: 'string', default: '100', valueName: 'C', description: "the worker's maxCachedWorkflows" },
    concurrency: { type: 'string', default: '16', valueName: 'C', description: 'submissions in flight' },
    temporal: { type: 'string', default: 'cluster', valueName: 'cluster|dev', description: 'the Temporal server to run on' },
    fast: { type: 'boolean', default: false, description: 'non-durable PostgreSQL (and dev server)' },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);
const TEMPORAL = checkArgs(CLI, () => oneOfArg(values.temporal, 'temporal', ['cluster', 'dev'] as const));
const [N, DECISIONS, CACHE, CONCURRENCY] = checkArgs(CLI, () =>
  (['contracts', 'decisions', 'cache', 'concurrency'] as const).map((flag) => numberArg(values[flag], flag, { min: 1, integer: true })),
);

async function main() {
  const h = await startHarness({ temporal: TEMPORAL, fast: values.fast === true, workers: 1, tuning: { ...DEFAULT_TUNING, maxCachedWorkflows: CACHE } });
  try {
    const started = Date.now();
    const submitted = await submitWaiting(h, N, CONCURRENCY);
    const waiting = await firstTasks(h, submitted.ids);
    const allWaitingMs = Date.now() - started;
    const rssBefore = h.workers.rssMiB()[0];
    // Random contracts, each decided once: with the cache far smaller than N, almost all are cold.
    const pool = [...waiting];
    const ack: number[] = [];
    const next: number[] = [];
    for (let i = 0; i < Math.min(DECISIONS, pool.length); i++) {
      const [w] = pool.splice(randomInt(pool.length), 1);
      const r = await decideAndFollow(h, w);
      ack.push(r.ack);
      next.push(r.next);
    }
    const rssAfter = h.workers.rssMiB()[0];
    console.log(`\nGreenlight waiting-contracts benchmark — ${h.describe}; 1 worker process, maxCachedWorkflows ${CACHE}; ${process.platform} ${process.arch}, ${cpus().length} cores`);
    console.log(`submitted ${N} contracts in ${(submitted.ms / 1000).toFixed(1)} s (${((N / submitted.ms) * 1000).toFixed(1)}/s); all waiting on their first person after ${(allWaitingMs / 1000).toFixed(1)} s (${((N / allWaitingMs) * 1000).toFixed(1)}/s)`);
    console.log(`worker RSS: ${rssBefore.toFixed(0)} MiB with ${N} contracts waiting, ${rssAfter.toFixed(0)} MiB after ${ack.length} cold decisions`);
    printTable([fromSamples('cold decision → 200', ack), fromSamples('cold decision → next task open', next)]);
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
