// A benchmark's running system: its servers (bench-servers.ts), the schema, N worker processes
// (worker-processes.ts), the API in this process on a free port, a Temporal client and a
// database connection for reading results. Stopped in reverse order by `stop`.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { migrate } from '../../src/cli/migrate';
import { type AppConfig, loadConfig } from '../../src/config/env.schema';
import { createAppDataSource } from '../../src/database/data-source';
import { type BenchServers, startBenchServers, type TemporalKind } from './bench-servers';
import type { BenchWorkerOptions } from './bench-worker';
import { startWorkerProcesses, type WorkerPool } from './worker-processes';

export interface HarnessOptions {
  temporal: TemporalKind;
  fast: boolean;
  workers: number;
  tuning: BenchWorkerOptions;
}

export interface Harness {
  config: AppConfig;
  /** The workers' environment (servers, task queue): more workers can be started on it. */
  env: Record<string, string>;
  describe: string;
  /** Server processes started for this run, by kind (bench-servers.ts). */
  serverPids: BenchServers['pids'];
  db: DataSource;
  client: Client;
  workers: WorkerPool;
  baselineQueue: string;
  post(path: string, body: unknown, user?: string): Promise<unknown>;
  stop(): Promise<void>;
}

export const DEFAULT_TUNING: BenchWorkerOptions = {
  maxConcurrentActivityTaskExecutions: 100,
  maxConcurrentWorkflowTaskExecutions: 100,
  maxConcurrentLocalActivityExecutions: 100,
};

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const servers = await startBenchServers({ temporal: opts.temporal, fast: opts.fast });
  const stops: (() => Promise<void>)[] = [() => servers.stop()];
  const stop = async () => {
    for (const s of stops) await s().catch((err) => console.error('stop failed:', err));
  };
  try {
    const env = { ...servers.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '30', TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}` };
    const config = loadConfig(env);
    await migrate(config, () => undefined);
    const workers = await startWorkerProcesses(opts.workers, env, opts.tuning);
    stops.unshift(() => workers.stop());
    const db = createAppDataSource(config);
    await db.initialize();
    stops.unshift(() => db.destroy());
    const client = new Client({ connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }), namespace: config.TEMPORAL_NAMESPACE });
    stops.unshift(() => client.connection.close());
    const app = await createApp(config, { temporalClient: client });
    await app.listen(0, '127.0.0.1');
    stops.unshift(() => app.close());
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const post = async (path: string, body: unknown, user = 'alice') => {
      const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer dev-${user}` }, body: JSON.stringify(body) });
      const json: unknown = await res.json();
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    return { config, env, describe: servers.describe, serverPids: servers.pids, db, client, workers, baselineQueue: `${config.TEMPORAL_TASK_QUEUE}-baseline`, post, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
