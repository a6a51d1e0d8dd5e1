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
import { join, relative } from 'node:path';
import { startPostgres, type PostgresHandle } from './lib/embedded-postgres';
import { type MailpitHandle } from './lib/mailpit';
import { dataDir, logsDir, repoRoot } from './lib/paths';
import { livePidFromFile, type ManagedProcess, reapStalePidFile, type Supervisor, writePidFile } from './lib/processes';
import { appEntries, appEnv, banner, checkPortsFree, createStackRuntime, externalServers, MAIL_HTTP_PORT, migrate, nodeProcess, portFromEnv, serverPortHints, sharedBannerLines, startOwnMailpit, stopMigrate } from './lib/stack-runtime';
import { startTemporalDevServer, type TemporalDevServerHandle } from './lib/temporal-dev-server';

const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;

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

const stack = createStackRuntime({
  tag: 'stack',
  pidFile: 'stack',
  stopStages: () => [
    // The app first: the worker finishes its activity attempts and the API its requests while
    // the database, Temporal and SMTP are still there.
    [stopMigrate(started.migrate), ['API', started.api?.stop], ['worker', started.worker?.stop], ['RPA worker', started.rpaWorker?.stop]],
    [['legacy ERP', started.erp?.stop]],
    [['Mailpit', started.mail?.stop]],
    [['Temporal', started.temporal?.stop]],
    // Last, and with a fast shutdown: it checkpoints, so nothing committed is lost.
    [['PostgreSQL', started.postgres?.stop]],
  ],
});
const { log, keepRunning } = stack;

async function main(): Promise<void> {
  const apiPort = portFromEnv('PORT', 3000);
  const pgPort = portFromEnv('PG_PORT', 5433);
  const external = externalServers();

  // Before starting anything: a missing build should not cost a database start.
  const entries = appEntries('npm start');
  const erpPort = portFromEnv('ERP_PORT', 3090);

  const running = livePidFromFile('stack');
  if (running !== undefined && running !== process.pid) throw new Error(`npm start is already running (pid ${running}); stop it first`);
  writePidFile('stack', process.pid);

  // Processes of an earlier run that was killed outright (no chance to stop its children).
  for (const name of ['api', 'worker', 'rpa-worker', 'erp', 'migrate', 'temporal', 'mailpit', 'postgres']) await reapStalePidFile(name, log);

  const temporalHint = 'set TEMPORAL_ADDRESS to use a running Temporal server';
  await checkPortsFree([
    [apiPort, 'set PORT to run the API elsewhere'],
    [erpPort, 'set ERP_PORT to run the demo ERP elsewhere'],
    ...serverPortHints(external, {
      postgres: pgPort,
      temporal: [
        [TEMPORAL_PORT, temporalHint],
        [TEMPORAL_UI_PORT, temporalHint],
      ],
    }),
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
      startOwnMailpit(stack, { database: join(dataDir, 'mailpit', 'mailpit.db'), label: 'Greenlight', pidFileName: 'mailpit' }).then((mail) => {
        started.mail = mail;
        log(`Mailpit ready: SMTP ${mail.current()!.smtpUrl}, web UI http://localhost:${MAIL_HTTP_PORT} (mail .data/mailpit, log ${relative(repoRoot, mail.current()!.logFile)})`);
      }),
    );
  }
  await stack.startTogether(servers);
  if (stack.stopping) return;
  // Restarts come back on the same ports, so these stay valid.
  const temporal = started.temporal?.current();
  const mail = started.mail?.current();

  const env = appEnv({
    external,
    postgres: started.postgres?.current(),
    temporalAddress: temporal?.address,
    temporalUiUrl: temporal?.uiUrl || undefined,
    mail,
    apiPort,
    erpPort,
    dataDir,
    log,
  });
  const node = (name: string, script: string): ManagedProcess => nodeProcess(name, script, env, join(logsDir, `${name}.log`));

  if (!(await migrate(stack, () => node('migrate', entries.migrate), (p) => (started.migrate = p), '[migrate] above or .data/logs/migrate.log'))) return;

  started.erp = await keepRunning('legacy ERP', () => node('erp', entries.erp));
  started.worker = await keepRunning('worker', () => node('worker', entries.worker));
  started.rpaWorker = await keepRunning('RPA worker', () => node('rpa-worker', entries.rpaWorker));
  started.api = await keepRunning('API', () => node('api', entries.api));

  await stack.waitForHealth(apiPort);
  if (stack.stopping) return;

  const web = `http://localhost:${apiPort}`;
  const lines = [
    'Greenlight is running',
    '',
    `Web app        ${web}/   (sign in as a demo user at ${web}/login)`,
    `API            ${web}/api`,
    `OpenAPI        ${web}/api/docs`,
    `Temporal UI    ${env.TEMPORAL_UI_URL ?? `(external Temporal at ${env.TEMPORAL_ADDRESS})`}`,
    ...sharedBannerLines(env, mail !== undefined),
    `Logs in ${relative(repoRoot, logsDir)}/, data in ${relative(repoRoot, dataDir)}/ (kept between runs). Ctrl-C stops everything.`,
  ];
  console.log(banner(lines));
}

stack.run(main);
