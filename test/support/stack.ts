// Starts the application's own processes inside a test — a worker on a private task queue and,
// when asked, the HTTP API on a free port — against the real servers the global setup started
// (or a time-skipping test environment). Everything started here is stopped by stop().
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '../../src/config/env.schema';
import { createAppDataSource } from '../../src/database/data-source';
import { createApp } from '../../src/app.factory';
import { createWorker } from '../../src/worker';
import type { Clock } from '../../src/common/clock';
import { envClock } from './time-skipping';

// Worker INFO logs drown test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed by another module of this test file.
}

export interface TestStack {
  config: AppConfig;
  db: DataSource;
  client: Client;
  worker: Worker;
  app?: INestApplication;
  baseUrl?: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Run on this time-skipping environment instead of the shared dev server. */
  env?: TestWorkflowEnvironment;
  /** Also start the HTTP API. */
  api?: boolean;
  /** Extra configuration (env-style strings). */
  config?: Record<string, string>;
  /** The API's and the worker's clock; on a time-skipping environment, by default one reading its time. */
  clock?: Clock;
}

export async function startTestStack(options: StackOptions = {}): Promise<TestStack> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    TEMPORAL_SEARCH_ATTRIBUTES: options.env ? 'false' : 'true',
    LOG_LEVEL: 'warn',
    ...options.config,
  });
  const db = createAppDataSource(config);
  await db.initialize();

  let native: NativeConnection;
  let client: Client;
  let ownConnections = false;
  if (options.env) {
    native = options.env.nativeConnection;
    client = options.env.client;
  } else {
    native = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    client = new Client({ connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }), namespace: config.TEMPORAL_NAMESPACE });
    ownConnections = true;
  }
  const clock = options.clock ?? (options.env ? await envClock(options.env) : undefined);
  const worker = await createWorker(config, { connection: native, db, clock });
  const running = worker.run();

  let app: INestApplication | undefined;
  let baseUrl: string | undefined;
  if (options.api) {
    app = await createApp(config, { temporalClient: client, clock });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
  }

  return {
    config,
    db,
    client,
    worker,
    app,
    baseUrl,
    async stop() {
      if (app) await app.close();
      worker.shutdown();
      await running;
      if (ownConnections) {
        await client.connection.close();
        await native.close();
      }
      await db.destroy();
    },
  };
}

export { http, jsonRequestInit, type JsonRequest } from './http';
