// One benchmark worker process (run from dist/ by worker-processes.ts): the production worker
// (createWorker, the contract workflow and its activities) and the baseline's 15 no-op
// activities on their own queue, with the same tuning, so both series run on the same processes.
// Options arrive as one JSON argument; the servers and queue in the environment (loadConfig).
import 'reflect-metadata';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../src/config/env.schema';
import { createAppDataSource } from '../../src/database/data-source';
import { createWorker } from '../../src/worker';
import { baselineActivities } from '../baseline.activities';

export interface BenchWorkerOptions {
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentLocalActivityExecutions: number;
  maxCachedWorkflows?: number;
}

async function main() {
  const tuning = JSON.parse(process.argv[2] ?? '{}') as BenchWorkerOptions;
  const config = loadConfig(process.env);
  const db = createAppDataSource(config);
  await db.initialize();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createWorker(config, { connection, db, workerOptions: tuning });
  const { maxCachedWorkflows: _cache, ...baselineTuning } = tuning;
  const baseline = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: `${config.TEMPORAL_TASK_QUEUE}-baseline`,
    workflowsPath: require.resolve('../baseline.workflow'),
    activities: baselineActivities,
    ...baselineTuning,
  });
  const stop = () => {
    worker.shutdown();
    baseline.shutdown();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The parent waits for this line before it sends work.
  const running = Promise.all([worker.run(), baseline.run()]);
  console.log('bench-worker: ready');
  await running;
  await connection.close();
  await db.destroy();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
