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
import { join, relative } from 'node:path';
import { startPostgres, type PostgresHandle } from './lib/embedded-postgres';
import { type MailpitHandle } from './lib/mailpit';
import { dataDir, logsDir, repoRoot } from './lib/paths';
import { livePidFromFile, type ManagedProcess, reapStalePidFile, type Supervisor, writePidFile } from './lib/processes';
import { appEntries, appEnv, banner, checkPortsFree, createStackRuntime, externalServers, migrate, nodeProcess, portFromEnv, serverPortHints, sharedBannerLines, startOwnMailpit, stopMigrate } from './lib/stack-runtime';
import { DEFAULT_CLUSTER_PORTS, DEFAULT_CLUSTER_UI_PORT, startTemporalCluster, startTemporalUi, type TemporalClusterHandle, type TemporalUiHandle } from './lib/temporal-cluster';

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

function workerMetricsPorts(): [number, number] {
  const raw = process.env.WORKER_METRICS_PORTS ?? '9464,9465';
  const ports = raw.split(',').map((p) => Number(p.trim()));
  if (ports.length !== 2 || ports.some((p) => !Number.isInteger(p) || p < 0 || p > 65535) || (ports[0] === ports[1] && ports[0] !== 0)) {
    throw new Error(`WORKER_METRICS_PORTS must be two distinct TCP ports separated by a comma (0 turns a worker's /metrics off), got ${raw}`);
  }
  return [ports[0], ports[1]];
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

const cluster = createStackRuntime({
  tag: 'cluster',
  pidFile: PID.stack,
  // The app first (workers finish their activity attempts, the API its requests) while the
  // servers are still there; then the UI and Temporal, Mailpit, and PostgreSQL last.
  stopStages: () => [
    [
      stopMigrate(started.migrate),
      ['API', started.api?.stop],
      ...started.workers.map((w, i): [string, () => Promise<unknown>] => [`worker ${i + 1}`, w.stop]),
      ['RPA worker', started.rpaWorker?.stop],
    ],
    [['legacy ERP', started.erp?.stop]],
    [['Temporal UI', started.ui?.stop]],
    [
      ['Mailpit', started.mail?.stop],
      ['Temporal server', started.temporal?.stop],
    ],
    [['PostgreSQL', started.postgres?.stop]],
  ],
});
const { log, keepRunning } = cluster;

async function main(): Promise<void> {
  const t0 = Date.now();
  const apiPort = portFromEnv('PORT', 3000);
  const pgPort = portFromEnv('PG_PORT', 5434);
  const metricsPorts = workerMetricsPorts();
  const external = externalServers();
  if (external.database && !external.temporal && !process.env.DATABASE_SUPERUSER_URL) {
    throw new Error('DATABASE_URL is set but TEMPORAL_ADDRESS is not: set DATABASE_SUPERUSER_URL (a superuser of that PostgreSQL, to create the temporal and temporal_visibility databases), or TEMPORAL_ADDRESS for a running cluster');
  }

  const entries = appEntries('npm run start:cluster');
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
    ...serverPortHints(external, {
      postgres: pgPort,
      temporal: [
        ...Object.values(DEFAULT_CLUSTER_PORTS).map((p): [number, string] => [p, hint('a Temporal cluster port of config/temporal/greenlight.yaml; set TEMPORAL_ADDRESS to use a running Temporal')]),
        [DEFAULT_CLUSTER_UI_PORT, hint('the Temporal UI port')],
      ],
    }),
  ]);

  // PostgreSQL first: Temporal keeps its state there.
  if (!external.database) {
    await cluster.startTogether([
      keepRunning('PostgreSQL', () =>
        startPostgres({ port: pgPort, persistent: true, dataDir: join(clusterDataDir, 'postgres'), logFile: join(clusterLogsDir, 'postgres.log'), detached: true, pidFileName: PID.postgres }),
      ).then((pg) => {
        started.postgres = pg;
      }),
    ]);
    log(`PostgreSQL ready on 127.0.0.1:${pgPort} (data .data/cluster/postgres)`);
  }
  if (cluster.stopping) return;
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
        if (cluster.stopping) return;
        started.ui = await keepRunning('Temporal UI', () =>
          startTemporalUi({ address, port: DEFAULT_CLUSTER_UI_PORT, logFile: join(clusterLogsDir, 'temporal-ui.log'), detached: true, pidFileName: PID.ui }),
        );
      }),
    );
  }
  if (!external.smtp) {
    servers.push(
      startOwnMailpit(cluster, { database: join(clusterDataDir, 'mailpit', 'mailpit.db'), logFile: join(clusterLogsDir, 'mailpit.log'), label: 'Greenlight (cluster)', pidFileName: PID.mailpit }).then(
        (mail) => {
          started.mail = mail;
        },
      ),
    );
  }
  await cluster.startTogether(servers);
  if (cluster.stopping) return;
  const temporal = started.temporal?.current();
  const env = appEnv({
    external,
    postgres,
    temporalAddress: temporal?.address,
    temporalUiUrl: started.ui?.current()?.url,
    mail: started.mail?.current(),
    apiPort,
    erpPort,
    dataDir: clusterDataDir,
    log,
  });
  const node = (name: string, script: string, extra: NodeJS.ProcessEnv = {}): ManagedProcess =>
    nodeProcess(name, script, { ...env, ...extra }, join(clusterLogsDir, `${name.replace(/^cluster-/, '')}.log`));

  if (!(await migrate(cluster, () => node(PID.migrate, entries.migrate), (p) => (started.migrate = p), `[${PID.migrate}] above or .data/logs/cluster/migrate.log`))) return;

  // Two workers: the same task queue, each its own process and Temporal identity (pid@host) and
  // its own /metrics port. Temporal hands each task to whichever polls first.
  started.erp = await keepRunning('legacy ERP', () => node(PID.erp, entries.erp));
  for (const n of [1, 2]) {
    started.workers.push(await keepRunning(`worker ${n}`, () => node(PID.worker(n), entries.worker, { METRICS_PORT: String(metricsPorts[n - 1]) })));
  }
  started.rpaWorker = await keepRunning('RPA worker', () => node(PID.rpaWorker, entries.rpaWorker));
  started.api = await keepRunning('API', () => node(PID.api, entries.api));

  await cluster.waitForHealth(apiPort);
  if (cluster.stopping) return;

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
    ...sharedBannerLines(env, started.mail !== undefined),
    `Logs in ${relative(repoRoot, clusterLogsDir)}/, data in ${relative(repoRoot, clusterDataDir)}/ (kept between runs). Ctrl-C stops everything.`,
  ];
  console.log(banner(lines));
}

cluster.run(main);
