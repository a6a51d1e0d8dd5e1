// The worker process: runs contract workflows and their activities on TEMPORAL_TASK_QUEUE.
// Run as many of these as load needs, on as many machines; they share nothing but Temporal and
// PostgreSQL. SIGINT/SIGTERM drain in-flight work through worker.shutdown().
import 'reflect-metadata';
import { setEnvironmentData } from 'node:worker_threads';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { type AppConfig, loadConfigOrExit } from './config/env.schema';
import { createAppDataSource } from './database/data-source';
import { assertLeastPrivilege } from './database/grants';
import { type CalendarProvider, createCalendarProvider } from './sla/calendar.provider';
import { createMailNotifier } from './mail/mail-notifier';
import type { MailTransport } from './mail/mail-transport';
import { createActivities } from '../activities';
import { type Clock, systemClock } from './common/clock';
import { ContractRecordsRepository } from './contracts/contract-records.repository';
import { ReferenceRepository } from './reference/reference.repository';
import { TasksRepository } from './tasks/tasks.repository';
import { PolicyService } from './reference/policy.service';
import { connectTemporal } from './temporal/temporal.module';
import { TemporalCalls } from './temporal/temporal-calls';
import { ContractStarter } from './temporal/contract-starter';
import { WorkflowReconciler } from './temporal/workflow-reconciler';
import { correlationActivityInterceptors } from '../activities/interceptors';
import { attachAuditMetrics } from './observability/audit-metrics';
import { createLogger, type Logger } from './observability/logger';
import { GreenlightMetrics } from './observability/metrics';
import { installWorkerRuntime, type MetricsServer, startMetricsServer } from './observability/worker-observability';

export interface WorkerHandle {
  worker: Worker;
  db: DataSource;
  /** Starts the workflow of contracts stored while Temporal was unreachable. */
  reconciler: WorkflowReconciler;
  run(): Promise<void>;
  close(): Promise<void>;
}

export function workflowsPath(): string {
  return require.resolve('../workflows');
}

/** Workflow interceptors (correlation id onto activities); a prebuilt bundle must be built with them (bundleWorkflowCode's workflowInterceptorModules). */
export function workflowInterceptorModules(): string[] {
  return [require.resolve('../workflows/interceptors')];
}

/**
 * What a worker runs on. The connection and database are required; the rest defaults to what
 * production uses (SMTP at SMTP_URL, the configured business calendar), so the simulator and tests
 * inject a capturing mail transport or another calendar instead of running servers for them.
 */
export interface WorkerDeps {
  connection: NativeConnection;
  db: DataSource;
  /** Defaults to SMTP at config.SMTP_URL. */
  mailTransport?: MailTransport;
  /** Defaults to the calendar built from ORG_TIME_ZONE, HOLIDAY_COUNTRY and the closure settings. */
  calendar?: CalendarProvider;
  /** Defaults to the system clock; tests on skipped time pass one reading the test server's time. */
  clock?: Clock;
  /** Worker tuning (concurrency, cache size, a prebuilt workflow bundle). */
  workerOptions?: Partial<WorkerOptions>;
  /** The process's logger (the mail line); defaults to one on stdout per LOG_LEVEL and LOG_FORMAT. */
  logger?: Logger;
  /** This process's registry: when given, the audit rows committed through `db` move its business counters. */
  metrics?: GreenlightMetrics;
  /** How a shared role's member is chosen (ActivityDeps.memberChoice); the simulator passes 'stable_hash'. */
  memberChoice?: 'fewest_open_tasks' | 'stable_hash';
}

/**
 * Whether the workflow threads of the workers this thread creates from now on record workflow stack
 * traces (WORKFLOW_STACK_TRACES). The SDK has no option for it: our patch of it
 * (patches/README.md) reads this thread's worker_threads environment data, which each thread
 * Worker.create starts copies.
 */
export function setWorkflowStackTraces(on: boolean): void {
  setEnvironmentData('temporal.workflowStackTraces', on);
}

/** Builds a worker from its dependencies (startWorker builds the production ones). */
export async function createWorker(config: AppConfig, deps: WorkerDeps): Promise<Worker> {
  if (deps.metrics) attachAuditMetrics(deps.db, deps.metrics.recordAuditEvents);
  const logger = deps.logger ?? createLogger(config, { name: 'worker', correlationMixin: true });
  const activities = createActivities({
    db: deps.db,
    calendar: deps.calendar ?? createCalendarProvider(config, { warn: (message, details) => logger.warn(details, message) }),
    notifier: createMailNotifier({ db: deps.db, config, transport: deps.mailTransport, logger }),
    clock: deps.clock ?? systemClock,
    records: new ContractRecordsRepository(deps.db),
    reference: new ReferenceRepository(deps.db),
    tasks: new TasksRepository(deps.db),
    memberChoice: deps.memberChoice,
  });
  setWorkflowStackTraces(config.WORKFLOW_STACK_TRACES);
  return Worker.create({
    connection: deps.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: workflowsPath(),
    activities,
    shutdownGraceTime: '20 seconds',
    // The correlation id travels workflow -> activity in a header (workflows/interceptors.ts, activities/interceptors.ts).
    interceptors: {
      activity: [correlationActivityInterceptors],
      ...(deps.workerOptions?.workflowBundle ? {} : { workflowModules: workflowInterceptorModules() }),
    },
    ...deps.workerOptions,
  });
}

export async function startWorker(config: AppConfig, logger: Logger = createLogger(config, { name: 'worker', correlationMixin: true })): Promise<WorkerHandle> {
  // Before any NativeConnection: the SDK's logs through pino, and its Prometheus exporter.
  const { sdkMetricsUrl } = await installWorkerRuntime(config, logger);
  const db = createAppDataSource(config);
  await db.initialize();
  // Production refuses to run as the table owner (it could disable the audit triggers).
  await assertLeastPrivilege(db, config).catch(async (err) => {
    await db.destroy();
    throw err;
  });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const metrics = new GreenlightMetrics('worker');
  const worker = await createWorker(config, { connection, db, logger, metrics });
  const reconciler = createReconciler(config, db);
  let metricsServer: MetricsServer | undefined;
  if (config.METRICS_PORT !== 0) {
    try {
      metricsServer = await startMetricsServer({ host: config.HOST, port: config.METRICS_PORT, metrics, sdkMetricsUrl, logger });
      logger.info(`worker: metrics on http://${config.HOST}:${metricsServer.port}/metrics`);
    } catch (err) {
      // Metrics are not worth refusing work for: a second worker started with the same port still runs.
      logger.error({ err }, `worker: /metrics not served (METRICS_PORT ${config.METRICS_PORT}: ${(err as Error).message}); give each worker its own METRICS_PORT, or 0`);
    }
  }
  return {
    worker,
    db,
    reconciler: reconciler.reconciler,
    async run() {
      reconciler.reconciler.start();
      try {
        await worker.run();
      } finally {
        await reconciler.reconciler.stop();
      }
    },
    async close() {
      await metricsServer?.close();
      await reconciler.close();
      await connection.close();
      await db.destroy();
    },
  };
}

/** The reconciler with its own lazily connected client (a worker's NativeConnection serves only the worker). */
export function createReconciler(config: AppConfig, db: DataSource): { reconciler: WorkflowReconciler; close(): Promise<void> } {
  const client = connectTemporal(config);
  // With the database, so a contract stored under a version activated through the API starts
  // (byVersion reloads the stored versions and the next round finds it).
  const policies = new PolicyService(config, db);
  const starter = new ContractStarter({ db, calls: new TemporalCalls(client, config), policyByVersion: (v) => policies.byVersion(v), config });
  const reconciler = new WorkflowReconciler(db, starter, {
    intervalMs: config.WORKFLOW_RECONCILE_INTERVAL_MS,
    olderThanMs: config.WORKFLOW_RECONCILE_AFTER_MS,
  });
  return {
    reconciler,
    async close() {
      await reconciler.stop();
      await client.connection.close();
    },
  };
}

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, { name: 'worker', correlationMixin: true });
  const handle = await startWorker(config, logger);
  const stop = () => {
    logger.info('worker: draining (worker.shutdown())…');
    handle.worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  logger.info(`worker: polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
  await handle.run();
  await handle.close();
  logger.info('worker: stopped');
}

if (require.main === module) {
  main().catch((err) => {
    console.error('worker failed:', err);
    process.exit(1);
  });
}
