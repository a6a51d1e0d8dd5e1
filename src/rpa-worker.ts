// The RPA worker process: runs the bots that drive outside systems (the order bot entering orders
// in the ERP, in Chromium or over REST) on their own task queue, RPA_TASK_QUEUE, at most
// RPA_BROWSER_SLOTS at a time (a browser each). A slow or hung ERP then holds only these slots; the
// approval workflows and their activities keep running on the main worker.
import 'reflect-metadata';
import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createRpaActivities } from '../activities/rpa.activities';
import { type AppConfig, loadConfigOrExit } from './config/env.schema';
import { type Clock, systemClock } from './common/clock';
import { ContractRecordsRepository } from './contracts/contract-records.repository';
import { createAppDataSource } from './database/data-source';
import { assertLeastPrivilege } from './database/grants';
import { BotRunsRepository } from './rpa/bot-runs/bot-runs.repository';
import { createOrderSystem } from './rpa/order-system/order-system.factory';
import type { OrderSystem } from './rpa/order-system/order-system.port';
import { ORDER_TRACKING_WORKFLOW_TYPE, type OrderTrackingInput, orderTrackingWorkflowId } from '../workflows/order-tracking/order-tracking.workflow';

export interface RpaWorkerDeps {
  connection: NativeConnection;
  db: DataSource;
  /** Defaults to the adapter ORDER_SYSTEM_ADAPTER names, against ERP_URL. */
  orderSystem?: OrderSystem;
  clock?: Clock;
  /** Starts each entered order's status tracking; without one, orders are entered but not tracked. */
  client?: Client;
  workerOptions?: Partial<WorkerOptions>;
}

/** Starts order-tracking-<contract> on the main queue, or finds it running (idempotent). */
export function orderTrackingStarter(config: AppConfig, client: Client) {
  return async (order: { contractId: string; erpOrderNumber: string }): Promise<void> => {
    const input: OrderTrackingInput = { ...order, rpaTaskQueue: config.RPA_TASK_QUEUE, pollEvery: `${config.ORDER_STATUS_POLL_SECONDS} seconds` };
    await client.workflow.start(ORDER_TRACKING_WORKFLOW_TYPE, {
      workflowId: orderTrackingWorkflowId(order.contractId),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  };
}

export async function createRpaWorker(config: AppConfig, deps: RpaWorkerDeps): Promise<Worker> {
  const activities = createRpaActivities({
    db: deps.db,
    records: new ContractRecordsRepository(deps.db),
    botRuns: new BotRunsRepository(deps.db),
    orderSystem: deps.orderSystem ?? createOrderSystem(config),
    clock: deps.clock ?? systemClock,
    startOrderTracking: deps.client ? orderTrackingStarter(config, deps.client) : undefined,
  });
  return Worker.create({
    connection: deps.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.RPA_TASK_QUEUE,
    activities,
    // One browser per slot: the bots' concurrency, whatever the queue's backlog.
    maxConcurrentActivityTaskExecutions: config.RPA_BROWSER_SLOTS,
    shutdownGraceTime: '60 seconds',
    ...deps.workerOptions,
  });
}

async function main() {
  const config = loadConfigOrExit();
  if (config.ORDER_SYSTEM_ADAPTER === 'none') {
    console.error('ORDER_SYSTEM_ADAPTER: is none, so the RPA worker has no ERP to drive; set browser or rest (npm start does)');
    process.exit(78); // EX_CONFIG
  }
  const db = createAppDataSource(config);
  await db.initialize();
  await assertLeastPrivilege(db, config).catch(async (err) => {
    await db.destroy();
    throw err;
  });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const orderSystem = createOrderSystem(config);
  const client = new Client({ connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }), namespace: config.TEMPORAL_NAMESPACE });
  const worker = await createRpaWorker(config, { connection, db, orderSystem, client });
  const stop = () => {
    console.log('rpa worker: draining (worker.shutdown())…');
    worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`rpa worker: polling task queue ${config.RPA_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}, ${config.RPA_BROWSER_SLOTS} browser slot(s), order system ${orderSystem.adapter} at ${config.ERP_URL}`);
  await worker.run();
  await client.connection.close();
  await connection.close();
  await db.destroy();
  console.log('rpa worker: stopped');
}

if (require.main === module) {
  main().catch((err) => {
    console.error('rpa worker failed:', err);
    process.exit(1);
  });
}
