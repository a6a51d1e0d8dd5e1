// `npm start`: runs the whole Greenlight stack on this machine, without Docker.
//   PostgreSQL (embedded, data in .data/postgres)   unless DATABASE_URL is set
//   Temporal dev server (+ UI, state in .data/temporal) unless TEMPORAL_ADDRESS is set
//   Mailpit (SMTP + web UI, .data/mailpit)          unless SMTP_URL is set
// then migrates and seeds the database, starts the worker and the API, and waits for /health.
// It also runs the demo legacy ERP (src/legacy-erp, ERP_PORT 3090) and the RPA worker whose order
// bot types approved contracts' orders into it: in Chromium (CHROMIUM_PATH) when it is installed,
// otherwise through the ERP's REST mount, which it then switches on (and says so).
// Like a process manager, it restarts whatever dies on its own (the worker, the API, PostgreSQL,
// the Temporal dev server, Mailpit) after an exponential backoff (1 s, 2 s, 4 s … 30 s; reset after a
// minute up), and logs each crash with the process's log file.
// Ctrl-C stops the API and worker first (they drain), then the servers, PostgreSQL last, each by
// the pid it was started with.
//
// Settings: PORT (3000), PG_PORT (5433), PUBLIC_BASE_URL, TEMPORAL_UI_URL, and the URLs above.
// ERP_PORT (3090), ORDER_SYSTEM_ADAPTER (browser when Chromium is installed, else rest), CHROMIUM_PATH.
// STACK_API_ENTRY, STACK_WORKER_ENTRY, STACK_MIGRATE_ENTRY, STACK_ERP_ENTRY, STACK_RPA_WORKER_ENTRY
// replace the dist/src entry points
// (for trying the orchestrator itself with stand-ins).
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startPostgres, type PostgresHandle } from './lib/embedded-postgres';
import { isPortFree } from './lib/free-port';
import { type MailpitHandle, startMailpit } from './lib/mailpit';
import { dataDir, logsDir, repoRoot } from './lib/paths';
import { orderBotEnv } from './lib/order-bot-env';
import { livePidFromFile, type ManagedProcess, reapStalePidFile, removePidFile, sleep, spawnManaged, type SupervisedChild, supervise, type Supervisor, writePidFile } from './lib/processes';
import { startTemporalDevServer, type TemporalDevServerHandle } from './lib/temporal-dev-server';

const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;
const SMTP_PORT = 1025;
const MAIL_HTTP_PORT = 1080;
const HEALTH_TIMEOUT_MS = 90_000;
const APP_STOP_TIMEOUT_MS = 30_000;

function log(line: string): void {
  console.log(`[stack] ${line}`);
}

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a TCP port, got ${process.env[name]}`);
  return value;
}

function entry(envName: string, path: string): string {
  const file = process.env[envName] ?? join(repoRoot, path);
  if (!existsSync(file)) throw new Error(`${relative(repoRoot, file)} is missing; build first (npm run build), or use npm start which builds`);
  return file;
}

/** Everything started so far, so that shutdown stops exactly that, in dependency order. */
const started: {
  postgres?: Supervisor<PostgresHandle>;
  temporal?: Supervisor<TemporalDevServerHandle>;
  mail?: Supervisor<MailpitHandle>;
  migrate?: ManagedProcess;
  worker?: Supervisor<ManagedProcess>;
  api?: Supervisor<ManagedProcess>;
  erp?: Supervisor<ManagedProcess>;
  rpaWorker?: Supervisor<ManagedProcess>;
} = {};
/** Servers still starting; a shutdown waits for them so that it can stop them too. */
let pendingStarts: Promise<unknown>[] = [];
let stopping = false;
let firstSignalAt = 0;

async function shutdown(code: number, reason: string): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  (code === 0 ? log : (line: string) => console.error(`[stack] ${line}`))(`${reason}; stopping`);

  const step = async (what: string, stop: (() => Promise<unknown>) | undefined): Promise<void> => {
    if (!stop) return;
    try {
      await stop();
    } catch (err) {
      console.error(`[stack] stopping ${what} failed: ${(err as Error).message}`);
      code = code || 1;
    }
  };
  if (pendingStarts.length) {
    await Promise.allSettled(pendingStarts);
    pendingStarts = [];
  }
  const stopMigrate = started.migrate && (() => started.migrate!.stop({ signal: 'SIGTERM', timeoutMs: APP_STOP_TIMEOUT_MS }));
  // The app first: the worker finishes its activity attempts and the API its requests while
  // the database, Temporal and SMTP are still there. Stopping a supervisor cancels a pending
  // restart and stops its current process.
  await Promise.all([step('migrate', stopMigrate), step('API', started.api?.stop), step('worker', started.worker?.stop), step('RPA worker', started.rpaWorker?.stop)]);
  await step('legacy ERP', started.erp?.stop);
  await step('Mailpit', started.mail?.stop);
  await step('Temporal', started.temporal?.stop);
  // Last, and with a fast shutdown: it checkpoints, so nothing committed is lost.
  await step('PostgreSQL', started.postgres?.stop);
  removePidFile('stack', process.pid);
  log(code === 0 ? 'stopped' : `stopped (exit ${code})`);
  process.exit(code);
}

/** Keeps a process running: restarted with backoff when it dies on its own; stopped by shutdown(). */
function keepRunning<T extends SupervisedChild>(name: string, start: () => Promise<T> | T): Promise<Supervisor<T>> {
  return supervise({
    name,
    start,
    log: (line) => console.error(`[stack] ${line}`),
    // EX_CONFIG: an invalid setting, which no restart cures.
    giveUpWhen: (exit) => exit.code === 78,
    onGiveUp: () => void shutdown(1, `${name} refused its configuration (exit 78); see its log above`),
  });
}

async function checkPortsFree(ports: [number, string][]): Promise<void> {
  const busy: string[] = [];
  for (const [port, hint] of ports) if (!(await isPortFree(port))) busy.push(`  port ${port} is in use: ${hint}`);
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
  const apiPort = intFromEnv('PORT', 3000);
  const pgPort = intFromEnv('PG_PORT', 5433);
  const external = {
    database: process.env.DATABASE_URL,
    temporal: process.env.TEMPORAL_ADDRESS,
    smtp: process.env.SMTP_URL,
  };

  // Before starting anything: a missing build should not cost a database start.
  const migrateEntry = entry('STACK_MIGRATE_ENTRY', 'dist/src/cli/migrate.js');
  const workerEntry = entry('STACK_WORKER_ENTRY', 'dist/src/worker.js');
  const apiEntry = entry('STACK_API_ENTRY', 'dist/src/main.js');
  const erpEntry = entry('STACK_ERP_ENTRY', 'dist/src/legacy-erp/legacy-erp.main.js');
  const rpaWorkerEntry = entry('STACK_RPA_WORKER_ENTRY', 'dist/src/rpa-worker.js');
  const erpPort = intFromEnv('ERP_PORT', 3090);

  const running = livePidFromFile('stack');
  if (running !== undefined && running !== process.pid) throw new Error(`npm start is already running (pid ${running}); stop it first`);
  writePidFile('stack', process.pid);

  // Processes of an earlier run that was killed outright (no chance to stop its children).
  for (const name of ['api', 'worker', 'rpa-worker', 'erp', 'migrate', 'temporal', 'mailpit', 'postgres']) await reapStalePidFile(name, log);

  await checkPortsFree([
    [apiPort, 'set PORT to run the API elsewhere'],
    [erpPort, 'set ERP_PORT to run the demo ERP elsewhere'],
    ...(external.database ? [] : ([[pgPort, 'set PG_PORT, or DATABASE_URL to use a running PostgreSQL']] as [number, string][])),
    ...(external.temporal
      ? []
      : ([
          [TEMPORAL_PORT, 'set TEMPORAL_ADDRESS to use a running Temporal server'],
          [TEMPORAL_UI_PORT, 'set TEMPORAL_ADDRESS to use a running Temporal server'],
        ] as [number, string][])),
    ...(external.smtp
      ? []
      : ([
          [SMTP_PORT, 'set SMTP_URL to use another SMTP server'],
          [MAIL_HTTP_PORT, 'set SMTP_URL to use another SMTP server'],
        ] as [number, string][])),
  ]);

  const servers: Promise<void>[] = [];
  if (!external.database) {
    servers.push(
      keepRunning('PostgreSQL', () => startPostgres({ port: pgPort, persistent: true, dataDir: join(dataDir, 'postgres'), detached: true, pidFileName: 'postgres' })).then(
        (pg) => {
          started.postgres = pg;
          log(`PostgreSQL ready on 127.0.0.1:${pgPort} (data .data/postgres, log ${relative(repoRoot, pg.current()!.logFile)})`);
        },
      ),
    );
  }
  if (!external.temporal) {
    servers.push(
      keepRunning('Temporal dev server', () =>
        startTemporalDevServer({
          port: TEMPORAL_PORT,
          uiPort: TEMPORAL_UI_PORT,
          dbFilename: join(dataDir, 'temporal', 'temporal.db'),
          detached: true,
          pidFileName: 'temporal',
        }),
      ).then((temporal) => {
        started.temporal = temporal;
        log(`Temporal dev server ready on ${temporal.current()!.address} (state .data/temporal, log ${relative(repoRoot, temporal.current()!.logFile)})`);
      }),
    );
  }
  if (!external.smtp) {
    servers.push(
      keepRunning('Mailpit', () =>
        startMailpit({
          smtpPort: SMTP_PORT,
          httpPort: MAIL_HTTP_PORT,
          database: join(dataDir, 'mailpit', 'mailpit.db'),
          label: 'Greenlight',
          detached: true,
          pidFileName: 'mailpit',
        }),
      ).then((mail) => {
        started.mail = mail;
        log(`Mailpit ready: SMTP ${mail.current()!.smtpUrl}, web UI http://localhost:${MAIL_HTTP_PORT} (mail .data/mailpit, log ${relative(repoRoot, mail.current()!.logFile)})`);
      }),
    );
  }
  // allSettled: when one fails, the others must still be registered so shutdown stops them.
  pendingStarts = servers;
  const failures = (await Promise.allSettled(servers)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  pendingStarts = [];
  if (failures.length) throw new Error(failures.map((f) => (f.reason as Error).message).join('\n'));
  if (stopping) return;
  // Restarts come back on the same ports, so these stay valid.
  const postgres = started.postgres?.current();
  const temporal = started.temporal?.current();
  const mail = started.mail?.current();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // `npm start` is the developer's stack: development (dev tokens, demo data, the dev secret)
    // unless the caller says otherwise; the processes themselves default to production.
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    DATABASE_URL: external.database ?? postgres?.appUrl,
    DATABASE_ADMIN_URL: process.env.DATABASE_ADMIN_URL ?? external.database ?? postgres?.adminUrl,
    TEMPORAL_ADDRESS: external.temporal ?? temporal?.address,
    SMTP_URL: external.smtp ?? mail?.smtpUrl,
    MAILPIT_URL: mail?.httpUrl ?? process.env.MAILPIT_URL,
    PORT: String(apiPort),
    // Loopback only on a developer machine (Docker sets 0.0.0.0); takes effect once the API reads HOST.
    HOST: process.env.HOST ?? '127.0.0.1',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${apiPort}`,
    TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? (temporal?.uiUrl || undefined),
    ...orderBotEnv(erpPort, dataDir, log),
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  const node = (name: string, script: string): ManagedProcess =>
    spawnManaged({
      name,
      command: process.execPath,
      args: [script],
      env,
      cwd: repoRoot,
      logFile: join(logsDir, `${name}.log`),
      echo: true,
      detached: true,
      pidFile: true,
      stopOnExit: true,
    });

  log('migrating the database');
  started.migrate = node('migrate', migrateEntry);
  const migrated = await started.migrate.exited;
  started.migrate = undefined;
  if (stopping) return;
  if (migrated.code !== 0) throw new Error(`migration failed (${migrated.signal ?? `exit ${migrated.code}`}); see [migrate] above or .data/logs/migrate.log`);

  started.erp = await keepRunning('legacy ERP', () => node('erp', erpEntry));
  started.worker = await keepRunning('worker', () => node('worker', workerEntry));
  started.rpaWorker = await keepRunning('RPA worker', () => node('rpa-worker', rpaWorkerEntry));
  started.api = await keepRunning('API', () => node('api', apiEntry));

  await waitForHealth(apiPort);
  if (stopping) return;

  const web = `http://localhost:${apiPort}`;
  const lines = [
    'Greenlight is running',
    '',
    `Web app        ${web}/   (sign in as a demo user at ${web}/login)`,
    `API            ${web}/api`,
    `OpenAPI        ${web}/api/docs`,
    `Temporal UI    ${env.TEMPORAL_UI_URL ?? `(external Temporal at ${env.TEMPORAL_ADDRESS})`}`,
    mail ? `Mailpit        http://localhost:${MAIL_HTTP_PORT}   (JSON: http://localhost:${MAIL_HTTP_PORT}/api/v1/messages)` : `SMTP           ${env.SMTP_URL}`,
    `PostgreSQL     ${(env.DATABASE_URL ?? '').replace(/:[^:@/]+@/, ':***@')}`,
    `Legacy ERP     ${env.ERP_URL}/   (OrderDesk demo: sign in as ${env.ERP_USERNAME} / ${env.ERP_PASSWORD})`,
    env.ORDER_SYSTEM_ADAPTER === 'browser'
      ? `Order bot      drives the ERP in Chromium (${env.CHROMIUM_PATH}), RPA worker on ${env.RPA_TASK_QUEUE ?? 'greenlight-rpa'}`
      : `Order bot      ${env.ORDER_SYSTEM_ADAPTER} adapter${env.ORDER_SYSTEM_ADAPTER === 'rest' ? ` (ERP REST mount ${env.ERP_URL}/rest/v1/orders)` : ''}`,
    '',
    'API clients sign in with a header, e.g.  Authorization: Bearer dev-alice',
    `Logs in ${relative(repoRoot, logsDir)}/, data in ${relative(repoRoot, dataDir)}/ (kept between runs). Ctrl-C stops everything.`,
  ];
  console.log(banner(lines));
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) {
      // npm forwards the terminal's Ctrl-C, so one key press arrives twice.
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
