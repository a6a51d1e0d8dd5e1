// `npm run start:cluster`: Greenlight in its production shape on this machine, without Docker.
//   PostgreSQL (embedded, data in .data/cluster/postgres)     unless DATABASE_URL is set
//   Temporal server v1.29.1, all four services in one process,
//     on that PostgreSQL (databases temporal, temporal_visibility)
//     + the Temporal UI server                                unless TEMPORAL_ADDRESS is set
//   Mailpit (SMTP + web UI, .data/cluster/mailpit)            unless SMTP_URL is set
// then migrates the database, starts TWO worker processes (each its own Temporal identity,
// pid@host, and its own /metrics port), the API, and as `npm start` does the demo legacy ERP and
// the RPA worker whose order bot enters approved contracts' orders in it, and waits for /health.
// Like `npm start` (scripts/stack.ts) it restarts whatever dies on its own with a backoff, keeps
// pid files (names prefixed cluster-) so a later run can stop orphans, and on Ctrl-C stops the API
// and the workers first (they drain), then the UI, Temporal, Mailpit, PostgreSQL last, each by
// the pid it was started with. State stays in .data/cluster between runs: a restart keeps every
// contract. Its data is apart from `npm start`'s, whose workflows live in the dev server.
//
// Settings: PORT (3000), PG_PORT (5434), WORKER_METRICS_PORTS ("9464,9465"), ERP_PORT (3090),
// ORDER_SYSTEM_ADAPTER, CHROMIUM_PATH (see scripts/lib/order-bot-env.ts), PUBLIC_BASE_URL,
// TEMPORAL_UI_URL; DATABASE_URL with DATABASE_ADMIN_URL and DATABASE_SUPERUSER_URL (the latter
// creates Temporal's databases) for an external PostgreSQL; TEMPORAL_ADDRESS, SMTP_URL.
// Temporal's own ports are in config/temporal/greenlight.yaml (frontend 7333, UI 8333).
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startPostgres, type PostgresHandle } from './lib/embedded-postgres';
import { isPortFree } from './lib/free-port';
import { type MailpitHandle, startMailpit } from './lib/mailpit';
import { orderBotEnv } from './lib/order-bot-env';
import { dataDir, logsDir, repoRoot } from './lib/paths';
import { livePidFromFile, type ManagedProcess, reapStalePidFile, removePidFile, sleep, spawnManaged, type SupervisedChild, supervise, type Supervisor, writePidFile } from './lib/processes';
import { DEFAULT_CLUSTER_PORTS, DEFAULT_CLUSTER_UI_PORT, startTemporalCluster, startTemporalUi, type TemporalClusterHandle, type TemporalUiHandle } from './lib/temporal-cluster';

const SMTP_PORT = 1025;
const MAIL_HTTP_PORT = 1080;
const HEALTH_TIMEOUT_MS = 90_000;
const APP_STOP_TIMEOUT_MS = 30_000;
const clusterDataDir = join(dataDir, 'cluster');
const clusterLogsDir = join(logsDir, 'cluster');
/** Pid-file names; prefixed so that they never touch `npm start`'s. */
const PID = {
  stack: 'cluster-stack',
  postgres: 'cluster-postgres',
  temporal: 'cluster-temporal',
  ui: 'cluster-temporal-ui',
  mailpit: 'cluster-mailpit',
  migrate: 'cluster-migrate',
  api: 'cluster-api',
  erp: 'cluster-erp',
  rpaWorker: 'cluster-rpa-worker',
  worker: (n: number) => `cluster-worker-${n}`,
};

function log(line: string): void {
  console.log(`[cluster] ${line}`);
}

function portFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a TCP port, got ${process.env[name]}`);
  return value;
}

function workerMetricsPorts(): [number, number] {
  const raw = process.env.WORKER_METRICS_PORTS ?? '9464,9465';
  const ports = raw.split(',').map((p) => Number(p.trim()));
  if (ports.length !== 2 || ports.some((p) => !Number.isInteger(p) || p < 0 || p > 65535) || (ports[0] === ports[1] && ports[0] !== 0)) {
    throw new Error(`WORKER_METRICS_PORTS must be two distinct TCP ports separated by a comma (0 turns a worker's /metrics off), got ${raw}`);
  }
  return [ports[0], ports[1]];
}

function entry(envName: string, path: string): string {
  const file = process.env[envName] ?? join(repoRoot, path);
  if (!existsSync(file)) throw new Error(`${relative(repoRoot, file)} is missing; build first (npm run build), or use npm run start:cluster which builds`);
  return file;
}

const started: {
  postgres?: Supervisor<PostgresHandle>;
  temporal?: Supervisor<TemporalClusterHandle>;
  ui?: Supervisor<TemporalUiHandle>;
  mail?: Supervisor<MailpitHandle>;
  migrate?: ManagedProcess;
  workers: Supervisor<ManagedProcess>[];
  api?: Supervisor<ManagedProcess>;
  erp?: Supervisor<ManagedProcess>;
  rpaWorker?: Supervisor<ManagedProcess>;
} = { workers: [] };
let pendingStarts: Promise<unknown>[] = [];
let stopping = false;
let firstSignalAt = 0;

async function shutdown(code: number, reason: string): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  (code === 0 ? log : (line: string) => console.error(`[cluster] ${line}`))(`${reason}; stopping`);
  const step = async (what: string, stop: (() => Promise<unknown>) | undefined): Promise<void> => {
    if (!stop) return;
    try {
      await stop();
    } catch (err) {
      console.error(`[cluster] stopping ${what} failed: ${(err as Error).message}`);
      code = code || 1;
    }
  };
  if (pendingStarts.length) {
    await Promise.allSettled(pendingStarts);
    pendingStarts = [];
  }
  const stopMigrate = started.migrate && (() => started.migrate!.stop({ signal: 'SIGTERM', timeoutMs: APP_STOP_TIMEOUT_MS }));
  // The app first (workers finish their activity attempts, the API its requests) while the
  // servers are still there; then the UI and Temporal, Mailpit, and PostgreSQL last.
  await Promise.all([
    step('migrate', stopMigrate),
    step('API', started.api?.stop),
    ...started.workers.map((w, i) => step(`worker ${i + 1}`, w.stop)),
    step('RPA worker', started.rpaWorker?.stop),
  ]);
  await step('legacy ERP', started.erp?.stop);
  await step('Temporal UI', started.ui?.stop);
  await Promise.all([step('Mailpit', started.mail?.stop), step('Temporal server', started.temporal?.stop)]);
  await step('PostgreSQL', started.postgres?.stop);
  removePidFile(PID.stack, process.pid);
  log(code === 0 ? 'stopped' : `stopped (exit ${code})`);
  process.exit(code);
}

function keepRunning<T extends SupervisedChild>(name: string, start: () => Promise<T> | T): Promise<Supervisor<T>> {
  return supervise({
    name,
    start,
    log: (line) => console.error(`[cluster] ${line}`),
    giveUpWhen: (exit) => exit.code === 78,
    onGiveUp: () => void shutdown(1, `${name} refused its configuration (exit 78); see its log above`),
  });
}

async function checkPortsFree(ports: [number, string][]): Promise<void> {
  const busy: string[] = [];
  for (const [port, hint] of ports) if (port !== 0 && !(await isPortFree(port))) busy.push(`  port ${port} is in use: ${hint}`);
  if (busy.length) throw new Error(`cannot start:\n${busy.join('\n')}`);
}

async function waitForHealth(port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}/health`;
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(500);
  }
  throw new Error(`the API did not answer 200 on ${url} within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last})`);
}

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const row = (l: string) => `│ ${l.padEnd(width - 2)} │`;
  return ['┌' + '─'.repeat(width) + '┐', ...lines.map(row), '└' + '─'.repeat(width) + '┘'].join('\n');
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const apiPort = portFromEnv('PORT', 3000);
  const pgPort = portFromEnv('PG_PORT', 5434);
  const metricsPorts = workerMetricsPorts();
  const external = {
    database: process.env.DATABASE_URL,
    temporal: process.env.TEMPORAL_ADDRESS,
    smtp: process.env.SMTP_URL,
  };
  if (external.database && !external.temporal && !process.env.DATABASE_SUPERUSER_URL) {
    throw new Error('DATABASE_URL is set but TEMPORAL_ADDRESS is not: set DATABASE_SUPERUSER_URL (a superuser of that PostgreSQL, to create the temporal and temporal_visibility databases), or TEMPORAL_ADDRESS for a running cluster');
  }

  const migrateEntry = entry('STACK_MIGRATE_ENTRY', 'dist/src/cli/migrate.js');
  const workerEntry = entry('STACK_WORKER_ENTRY', 'dist/src/worker.js');
  const apiEntry = entry('STACK_API_ENTRY', 'dist/src/main.js');
  const erpEntry = entry('STACK_ERP_ENTRY', 'dist/src/legacy-erp/legacy-erp.main.js');
  const rpaWorkerEntry = entry('STACK_RPA_WORKER_ENTRY', 'dist/src/rpa-worker.js');
  const erpPort = portFromEnv('ERP_PORT', 3090);

  const running = livePidFromFile(PID.stack);
  if (running !== undefined && running !== process.pid) throw new Error(`npm run start:cluster is already running (pid ${running}); stop it first`);
  writePidFile(PID.stack, process.pid);
  for (const name of [PID.api, PID.worker(1), PID.worker(2), PID.rpaWorker, PID.erp, PID.migrate, PID.ui, PID.temporal, PID.mailpit, PID.postgres]) await reapStalePidFile(name, log);

  const hint = (what: string) => `${what} (is npm run start:cluster or another server running?)`;
  await checkPortsFree([
    [apiPort, 'set PORT to run the API elsewhere'],
    [erpPort, 'set ERP_PORT to run the demo ERP elsewhere'],
    ...metricsPorts.map((p): [number, string] => [p, 'set WORKER_METRICS_PORTS, e.g. 9474,9475']),
    ...(external.database ? [] : [[pgPort, 'set PG_PORT, or DATABASE_URL to use a running PostgreSQL'] as [number, string]]),
    ...(external.temporal
      ? []
      : [
          ...Object.values(DEFAULT_CLUSTER_PORTS).map((p): [number, string] => [p, hint('a Temporal cluster port of config/temporal/greenlight.yaml; set TEMPORAL_ADDRESS to use a running Temporal')]),
          [DEFAULT_CLUSTER_UI_PORT, hint('the Temporal UI port')] as [number, string],
        ]),
    ...(external.smtp
      ? []
      : [
          [SMTP_PORT, 'set SMTP_URL to use another SMTP server'],
          [MAIL_HTTP_PORT, 'set SMTP_URL to use another SMTP server'],
        ] as [number, string][]),
  ]);

  // PostgreSQL first: Temporal keeps its state there.
  if (!external.database) {
    const pg = keepRunning('PostgreSQL', () =>
      startPostgres({ port: pgPort, persistent: true, dataDir: join(clusterDataDir, 'postgres'), logFile: join(clusterLogsDir, 'postgres.log'), detached: true, pidFileName: PID.postgres }),
    );
    pendingStarts = [pg];
    started.postgres = await pg;
    pendingStarts = [];
    log(`PostgreSQL ready on 127.0.0.1:${pgPort} (data .data/cluster/postgres)`);
  }
  if (stopping) return;
  const postgres = started.postgres?.current();
  const superuserUrl = postgres?.superuserUrl ?? process.env.DATABASE_SUPERUSER_URL;

  const servers: Promise<void>[] = [];
  if (!external.temporal) {
    servers.push(
      keepRunning('Temporal server', () =>
        startTemporalCluster({ superuserUrl: superuserUrl!, logFile: join(clusterLogsDir, 'temporal.log'), detached: true, pidFileName: PID.temporal }),
      ).then(async (temporal) => {
        started.temporal = temporal;
        const address = temporal.current()!.address;
        log(`Temporal server ready on ${address} (databases temporal and temporal_visibility, log .data/logs/cluster/temporal.log)`);
        if (stopping) return;
        started.ui = await keepRunning('Temporal UI', () =>
          startTemporalUi({ address, port: DEFAULT_CLUSTER_UI_PORT, logFile: join(clusterLogsDir, 'temporal-ui.log'), detached: true, pidFileName: PID.ui }),
        );
      }),
    );
  }
  if (!external.smtp) {
    servers.push(
      keepRunning('Mailpit', () =>
        startMailpit({
          smtpPort: SMTP_PORT,
          httpPort: MAIL_HTTP_PORT,
          database: join(clusterDataDir, 'mailpit', 'mailpit.db'),
          logFile: join(clusterLogsDir, 'mailpit.log'),
          label: 'Greenlight (cluster)',
          detached: true,
          pidFileName: PID.mailpit,
        }),
      ).then((mail) => {
        started.mail = mail;
      }),
    );
  }
  pendingStarts = servers;
  const failures = (await Promise.allSettled(servers)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  pendingStarts = [];
  if (failures.length) throw new Error(failures.map((f) => (f.reason as Error).message).join('\n'));
  if (stopping) return;
  const temporal = started.temporal?.current();
  const ui = started.ui?.current();
  const mail = started.mail?.current();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    DATABASE_URL: external.database ?? postgres?.appUrl,
    DATABASE_ADMIN_URL: process.env.DATABASE_ADMIN_URL ?? external.database ?? postgres?.adminUrl,
    TEMPORAL_ADDRESS: external.temporal ?? temporal?.address,
    SMTP_URL: external.smtp ?? mail?.smtpUrl,
    MAILPIT_URL: mail?.httpUrl ?? process.env.MAILPIT_URL,
    PORT: String(apiPort),
    HOST: process.env.HOST ?? '127.0.0.1',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${apiPort}`,
    TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? ui?.url,
    ...orderBotEnv(erpPort, clusterDataDir, log),
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  const node = (name: string, script: string, extra: NodeJS.ProcessEnv = {}): ManagedProcess =>
    spawnManaged({
      name,
      command: process.execPath,
      args: [script],
      env: { ...env, ...extra },
      cwd: repoRoot,
      logFile: join(clusterLogsDir, `${name.replace(/^cluster-/, '')}.log`),
      echo: true,
      detached: true,
      pidFile: true,
      stopOnExit: true,
    });

  log('migrating the database');
  started.migrate = node(PID.migrate, migrateEntry);
  const migrated = await started.migrate.exited;
  started.migrate = undefined;
  if (stopping) return;
  if (migrated.code !== 0) throw new Error(`migration failed (${migrated.signal ?? `exit ${migrated.code}`}); see [${PID.migrate}] above or .data/logs/cluster/migrate.log`);

  // Two workers: the same task queue, each its own process and Temporal identity (pid@host) and
  // its own /metrics port. Temporal hands each task to whichever polls first.
  started.erp = await keepRunning('legacy ERP', () => node(PID.erp, erpEntry));
  for (const n of [1, 2]) {
    started.workers.push(await keepRunning(`worker ${n}`, () => node(PID.worker(n), workerEntry, { METRICS_PORT: String(metricsPorts[n - 1]) })));
  }
  started.rpaWorker = await keepRunning('RPA worker', () => node(PID.rpaWorker, rpaWorkerEntry));
  started.api = await keepRunning('API', () => node(PID.api, apiEntry));

  await waitForHealth(apiPort);
  if (stopping) return;

  const web = `http://localhost:${apiPort}`;
  const metrics = metricsPorts.map((p, i) => (p === 0 ? `worker ${i + 1}: off` : `http://localhost:${p}/metrics`)).join('  ');
  const lines = [
    `Greenlight is running in cluster mode (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    '',
    `Web app        ${web}/   (sign in as a demo user at ${web}/login)`,
    `API            ${web}/api   (metrics ${web}/metrics)`,
    `OpenAPI        ${web}/api/docs`,
    `Workers        2 processes (pids ${started.workers.map((w) => w.current()?.pid ?? '?').join(', ')}), metrics ${metrics}`,
    `Temporal       ${env.TEMPORAL_ADDRESS}${temporal ? `   (server v1.29.1 on PostgreSQL, metrics http://localhost:${temporal.ports.metrics}/metrics)` : ' (external)'}`,
    `Temporal UI    ${env.TEMPORAL_UI_URL ?? '(external Temporal)'}`,
    mail ? `Mailpit        http://localhost:${MAIL_HTTP_PORT}   (JSON: http://localhost:${MAIL_HTTP_PORT}/api/v1/messages)` : `SMTP           ${env.SMTP_URL}`,
    `PostgreSQL     ${(env.DATABASE_URL ?? '').replace(/:[^:@/]+@/, ':***@')}`,
    `Legacy ERP     ${env.ERP_URL}/   (OrderDesk demo: sign in as ${env.ERP_USERNAME} / ${env.ERP_PASSWORD})`,
    env.ORDER_SYSTEM_ADAPTER === 'browser'
      ? `Order bot      drives the ERP in Chromium (${env.CHROMIUM_PATH}), RPA worker on ${env.RPA_TASK_QUEUE ?? 'greenlight-rpa'}`
      : `Order bot      ${env.ORDER_SYSTEM_ADAPTER} adapter${env.ORDER_SYSTEM_ADAPTER === 'rest' ? ` (ERP REST mount ${env.ERP_URL}/rest/v1/orders)` : ''}`,
    '',
    'API clients sign in with a header, e.g.  Authorization: Bearer dev-alice',
    `Logs in ${relative(repoRoot, clusterLogsDir)}/, data in ${relative(repoRoot, clusterDataDir)}/ (kept between runs). Ctrl-C stops everything.`,
  ];
  console.log(banner(lines));
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) {
      if (Date.now() - firstSignalAt > 1000) log('still stopping: waiting for the processes to finish (they are killed after a timeout)');
      return;
    }
    firstSignalAt = Date.now();
    void shutdown(0, `${signal} received`);
  });
}
process.on('uncaughtException', (err) => void shutdown(1, `internal error: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (err) => void shutdown(1, `internal error: ${(err as Error)?.stack ?? String(err)}`));

main().catch((err: Error) => void shutdown(1, err.message));
