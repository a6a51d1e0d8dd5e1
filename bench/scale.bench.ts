// `npm run bench:scale`: automatic contracts (POST → approved) on the Temporal dev server with
// one worker process, then on the Temporal cluster on PostgreSQL with one worker and with two;
// throughput, p50/p99 and the ratios to the first row, in one table. Durable settings by default
// (`--fast`: PostgreSQL fsync off, the dev server in memory; the cluster is always on PostgreSQL).
import 'reflect-metadata';
import { cpus } from 'node:os';
import { checkArgs, type CliOption, type CliSpec, numberArg, parseCli } from '../src/cli/cli-args';
import { automaticContract } from './lib/contract-runs';
import { DEFAULT_TUNING, type Harness, startHarness } from './lib/harness';
import { measure, pool, printTable, type Series } from './lib/series';
import { startWorkerProcesses } from './lib/worker-processes';

const CLI = {
  usage: 'npm run bench:scale -- [--contracts N] [--concurrency C] [--fast]',
  summary: 'Automatic contracts on the dev server with one worker, on the cluster with one and with two, side by side.',
  options: {
    contracts: { type: 'string', default: '200', valueName: 'N', description: 'contracts per row' },
    concurrency: { type: 'string', default: '16', valueName: 'C', description: 'contracts in flight' },
    fast: { type: 'boolean', default: false, description: 'non-durable PostgreSQL and dev server' },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);
const [N, CONCURRENCY] = checkArgs(CLI, () => (['contracts', 'concurrency'] as const).map((flag) => numberArg(values[flag], flag, { min: 1, integer: true })));

async function automaticSeries(h: Harness, name: string): Promise<Series> {
  const one = async () => (await automaticContract(h)).ms;
  await pool([...Array(10).keys()], 5, one);
  return measure(name, N, CONCURRENCY, one);
}

async function main() {
  const rows: Series[] = [];
  const describe: string[] = [];
  const dev = await startHarness({ temporal: 'dev', fast: values.fast === true, workers: 1, tuning: DEFAULT_TUNING });
  try {
    describe.push(dev.describe);
    rows.push(await automaticSeries(dev, 'dev server, 1 worker'));
  } finally {
    await dev.stop();
  }
  const cluster = await startHarness({ temporal: 'cluster', fast: values.fast === true, workers: 1, tuning: DEFAULT_TUNING });
  try {
    describe.push(cluster.describe);
    rows.push(await automaticSeries(cluster, 'cluster, 1 worker'));
    const second = await startWorkerProcesses(1, cluster.env, DEFAULT_TUNING);
    try {
      rows.push(await automaticSeries(cluster, 'cluster, 2 workers'));
    } finally {
      await second.stop();
    }
  } finally {
    await cluster.stop();
  }
  console.log(`\nGreenlight scale benchmark — automatic contracts, ${N} per row, concurrency ${CONCURRENCY}; ${process.platform} ${process.arch}, ${cpus().length} cores`);
  for (const d of describe) console.log(`  ${d}`);
  printTable(rows, rows[0]);
  console.log('(× base: throughput against the dev server with one worker, measured in this run)');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
