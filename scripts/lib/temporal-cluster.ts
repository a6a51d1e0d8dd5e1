// Runs the real multi-service Temporal server (v1.29.1: frontend, history, matching and the
// internal worker in one process) on PostgreSQL, plus optionally the Temporal UI server, for
// `npm run start:cluster`, the cluster test suite and the cluster benches.
//
//   startTemporalCluster({ superuserUrl, ... }) -> { address, uiUrl, pids, stop() }
//
// On each start, idempotently: creates the `temporal` role and the `temporal` and
// `temporal_visibility` databases (owned by that role) when missing, creates btree_gin in the
// visibility database as its owner, sets the schemas up (`temporal-sql-tool setup-schema -v 0.0`,
// only the first time) and brings them to the embedded version (`update-schema`, a no-op when
// current), starts the server with config/temporal/greenlight.yaml (a template: ports and
// database come from the environment set here), waits for the frontend, registers the
// `default` namespace (24 h retention, as the dev server) and Greenlight's search attributes.
// A restart on the same database keeps every workflow.
//
// The binaries live in .cache/bin and are built by `scripts/provision.sh --cluster` (see
// ensureClusterBinaries). Every process is stopped by the pid we started it with.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client } from 'pg';
import { getFreePort, isPortFree } from './free-port';
import { cacheDir, logsDir, repoRoot } from './paths';
import { type ExitInfo, type ManagedProcess, spawnManaged } from './processes';
import { GREENLIGHT_SEARCH_ATTRIBUTES, type SearchAttributeType } from './temporal-dev-server';
import { waitFor } from './wait';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const temporalServerPath = join(cacheDir, 'bin', 'temporal-server');
export const temporalSqlToolPath = join(cacheDir, 'bin', 'temporal-sql-tool');
export const temporalUiServerPath = join(cacheDir, 'bin', 'temporal-ui-server');

/** Ports of the server's four services; gRPC for the services, membership for their ring. */
export interface TemporalClusterPorts {
  /** TEMPORAL_ADDRESS points here. */
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  /** The server's own Prometheus metrics (http://127.0.0.1:<port>/metrics). */
  metrics: number;
}

/** `npm run start:cluster`'s ports: beside the dev server's 7233/7243/8233, so both can run. */
export const DEFAULT_CLUSTER_PORTS: TemporalClusterPorts = {
  frontend: 7333,
  frontendHttp: 7343,
  frontendMembership: 6333,
  history: 7334,
  historyMembership: 6334,
  matching: 7335,
  matchingMembership: 6335,
  worker: 7339,
  workerMembership: 6339,
  metrics: 8000,
};
export const DEFAULT_CLUSTER_UI_PORT = 8333;

export interface StartTemporalClusterOptions {
  /**
   * A superuser connection to the PostgreSQL server that will hold Temporal's databases (the
   * database named in it is only used to connect), e.g. PostgresHandle.superuserUrl. Used to
   * create the role and the databases; the server itself connects as `dbUser`.
   */
  superuserUrl: string;
  /** Role Temporal connects as (created with this password when missing). Default temporal/temporal. */
  dbUser?: string;
  dbPassword?: string;
  /** Default `temporal` and `temporal_visibility`. */
  database?: string;
  visibilityDatabase?: string;
  /** Fixed at the first start of a database. Default 4. */
  numHistoryShards?: number;
  /** Explicit ports, or 'free' for kernel-chosen free ports (tests). Default DEFAULT_CLUSTER_PORTS. */
  ports?: Partial<TemporalClusterPorts> | 'free';
  /** Start the Temporal UI server on this port (0: a free port); no UI when undefined. */
  uiPort?: number;
  namespace?: string;
  searchAttributes?: Record<string, SearchAttributeType>;
  /** Defaults to .data/logs/temporal-cluster.log and temporal-ui.log. */
  logFile?: string;
  uiLogFile?: string;
  /** Server log level: debug, info, warn (default), error. */
  logLevel?: string;
  /** Own process group, so a terminal's Ctrl-C does not reach it (the stack stops it after the workers). */
  detached?: boolean;
  /** Write .run/<name>.pid and .run/<name>-ui.pid so that a later run can stop an orphan. */
  pidFileName?: string;
  startTimeoutMs?: number;
}

export interface TemporalClusterHandle {
  /** host:port of the frontend, for TEMPORAL_ADDRESS. */
  address: string;
  /** Temporal UI, when started. */
  uiUrl?: string;
  namespace: string;
  ports: TemporalClusterPorts;
  pids: { server: number; ui?: number };
  /** The server's pid, for supervise(). */
  pid: number;
  /** Settles when the server process exits, for whatever reason. */
  exited: Promise<ExitInfo>;
  logFile: string;
  uiLogFile?: string;
  /** The UI first, then the server (SIGTERM, SIGKILL after a grace period). */
  stop(): Promise<void>;
}

/** True when the three binaries are in .cache/bin (built by `scripts/provision.sh --cluster`). */
export function clusterBinariesPresent(): boolean {
  return [temporalServerPath, temporalSqlToolPath, temporalUiServerPath].every((file) => existsSync(file));
}

/**
 * Builds the cluster binaries when missing or of another version: `scripts/provision.sh
 * --cluster` with every other provisioning step skipped. Instant when already built (a version
 * marker is checked); minutes on a fresh clone (go install). Output goes to stderr.
 */
export async function ensureClusterBinaries(): Promise<void> {
  await promisify(execFile)(join(repoRoot, 'scripts', 'provision.sh'), ['--cluster'], {
    cwd: repoRoot,
    env: { ...process.env, GREENLIGHT_PROVISION_SKIP: 'node,temporal,mailpit,test-server,user,build,web' },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((err: Error & { stderr?: string }) => {
    throw new Error(`building the Temporal cluster binaries failed: ${err.message}\n${err.stderr ?? ''}`, { cause: err });
  });
}

async function withClient<T>(url: string, database: string | undefined, run: (client: Client) => Promise<T>): Promise<T> {
  const target = new URL(url);
  if (database) target.pathname = `/${database}`;
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid PostgreSQL identifier ${JSON.stringify(name)}: use lower-case letters, digits and _`);
  return `"${name}"`;
}

/** Role, databases and btree_gin; idempotent. Returns the databases whose schema is not set up yet. */
async function prepareDatabases(superuserUrl: string, user: string, password: string, databases: string[]): Promise<string[]> {
  const fresh: string[] = [];
  await withClient(superuserUrl, undefined, async (client) => {
    const role = await client.query('select 1 from pg_roles where rolname = $1', [user]);
    if (role.rowCount === 0) await client.query(`create role ${quoteIdent(user)} login password '${password.replace(/'/g, "''")}'`);
    for (const database of databases) {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (rowCount === 0) await client.query(`create database ${quoteIdent(database)} owner ${quoteIdent(user)}`);
    }
  });
  for (const database of databases) {
    const ownerUrl = new URL(superuserUrl);
    ownerUrl.username = encodeURIComponent(user);
    ownerUrl.password = encodeURIComponent(password);
    await withClient(ownerUrl.toString(), database, async (client) => {
      // btree_gin is a trusted extension: the database owner may create it, so the server's role
      // needs no superuser rights (the visibility schema's setup would otherwise try to).
      await client.query('create extension if not exists btree_gin');
      const { rows } = await client.query<{ present: boolean }>(`select to_regclass('public.schema_version') is not null as present`);
      if (!rows[0]?.present) fresh.push(database);
    });
  }
  return fresh;
}

async function sqlTool(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await promisify(execFile)(temporalSqlToolPath, args, { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`temporal-sql-tool ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}${e.stdout ?? ''}`, { cause: err });
  }
}

/** setup-schema -v 0.0 the first time, then update-schema to the version embedded in the tool. */
async function migrateSchemas(options: { host: string; port: string; user: string; password: string; main: string; visibility: string; fresh: string[] }): Promise<void> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, SQL_PASSWORD: options.password };
  const base = ['--plugin', 'postgres12', '--ep', options.host, '--port', options.port, '--user', options.user];
  for (const [database, schemaName] of [
    [options.main, 'postgresql/v12/temporal'],
    [options.visibility, 'postgresql/v12/visibility'],
  ] as const) {
    const conn = [...base, '--db', database];
    if (options.fresh.includes(database)) await sqlTool([...conn, 'setup-schema', '-v', '0.0'], env);
    await sqlTool([...conn, 'update-schema', '--schema-name', schemaName], env);
  }
}

/**
 * Free ports for 'free' mode. Temporal stores each host's ports in cluster_membership as SMALLINT,
 * so they must stay below 32768, where the kernel's ephemeral ports (getFreePort) never are:
 * probe random ports of 10000-32767 instead.
 */
async function freeLowPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * (32_768 - 10_000));
    if (!taken.has(port) && (await isPortFree(port))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free TCP port found between 10000 and 32767 for the Temporal cluster');
}

/** The ports a cluster start will use: the defaults with overrides, or free ones ('free'). */
export async function resolvePorts(requested: StartTemporalClusterOptions['ports']): Promise<TemporalClusterPorts> {
  if (requested !== 'free') return { ...DEFAULT_CLUSTER_PORTS, ...requested };
  const ports = {} as TemporalClusterPorts;
  const taken = new Set<number>();
  for (const key of Object.keys(DEFAULT_CLUSTER_PORTS) as (keyof TemporalClusterPorts)[]) ports[key] = await freeLowPort(taken);
  return ports;
}

async function registerNamespace(address: string, namespace: string, searchAttributes: Record<string, SearchAttributeType>): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: '2s' });
  try {
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch (err) {
      if ((err as { code?: number }).code !== 5) throw err; // 5 = NOT_FOUND
      await connection.workflowService.registerNamespace({
        namespace,
        description: 'Greenlight',
        workflowExecutionRetentionPeriod: msToTs('24 hours'),
      });
    }
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = Object.entries(searchAttributes).filter(([name]) => customAttributes?.[name] === undefined);
    if (missing.length > 0) {
      // temporal.api.enums.v1.IndexedValueType (@temporalio/proto is not a direct dependency).
      const types: Record<SearchAttributeType, number> = { Text: 1, Keyword: 2, Int: 3, Double: 4, Bool: 5, Datetime: 6, KeywordList: 7 };
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, types[type]])),
      });
    }
  } finally {
    await connection.close();
  }
}

async function namespaceReady(address: string, namespace: string, searchAttributes: Record<string, SearchAttributeType>): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: '2s' });
  try {
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return Object.keys(searchAttributes).every((name) => customAttributes?.[name] !== undefined);
  } finally {
    await connection.close();
  }
}

export async function startTemporalCluster(options: StartTemporalClusterOptions): Promise<TemporalClusterHandle> {
  const { namespace = 'default', searchAttributes = GREENLIGHT_SEARCH_ATTRIBUTES } = options;
  for (const file of [temporalServerPath, temporalSqlToolPath, ...(options.uiPort !== undefined ? [temporalUiServerPath] : [])]) {
    if (!existsSync(file)) throw new Error(`${file} is missing; run scripts/provision.sh --cluster`);
  }
  const user = options.dbUser ?? 'temporal';
  const password = options.dbPassword ?? 'temporal';
  const main = options.database ?? 'temporal';
  const visibility = options.visibilityDatabase ?? 'temporal_visibility';
  const pg = new URL(options.superuserUrl);
  const host = pg.hostname || '127.0.0.1';
  const pgPort = pg.port || '5432';
  const timeoutMs = options.startTimeoutMs ?? 120_000;

  const fresh = await prepareDatabases(options.superuserUrl, user, password, [main, visibility]);
  await migrateSchemas({ host, port: pgPort, user, password, main, visibility, fresh });

  const ports = await resolvePorts(options.ports);
  const uiPort = options.uiPort === 0 ? await getFreePort() : options.uiPort;
  const address = `127.0.0.1:${ports.frontend}`;
  const logFile = options.logFile ?? join(logsDir, 'temporal-cluster.log');
  const uiLogFile = uiPort !== undefined ? (options.uiLogFile ?? join(logsDir, 'temporal-ui.log')) : undefined;

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GREENLIGHT_TEMPORAL_DB_HOST: host,
    GREENLIGHT_TEMPORAL_DB_PORT: pgPort,
    GREENLIGHT_TEMPORAL_DB_USER: user,
    GREENLIGHT_TEMPORAL_DB_PASSWORD: password,
    GREENLIGHT_TEMPORAL_DB_NAME: main,
    GREENLIGHT_TEMPORAL_VISIBILITY_DB_NAME: visibility,
    GREENLIGHT_TEMPORAL_HISTORY_SHARDS: String(options.numHistoryShards ?? 4),
    GREENLIGHT_TEMPORAL_LOG_LEVEL: options.logLevel ?? 'warn',
    GREENLIGHT_TEMPORAL_FRONTEND_PORT: String(ports.frontend),
    GREENLIGHT_TEMPORAL_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    GREENLIGHT_TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    GREENLIGHT_TEMPORAL_HISTORY_PORT: String(ports.history),
    GREENLIGHT_TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    GREENLIGHT_TEMPORAL_MATCHING_PORT: String(ports.matching),
    GREENLIGHT_TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    GREENLIGHT_TEMPORAL_WORKER_PORT: String(ports.worker),
    GREENLIGHT_TEMPORAL_WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
    GREENLIGHT_TEMPORAL_METRICS_PORT: String(ports.metrics),
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  const server: ManagedProcess = spawnManaged({
    name: options.pidFileName ?? 'temporal-cluster',
    command: temporalServerPath,
    // --allow-no-auth: no authorizer is configured (loopback only), as on the dev server.
    args: ['--root', repoRoot, '--config', 'config/temporal', '--env', 'greenlight', '--allow-no-auth', 'start'],
    // The dynamic config path in the server config is relative to the working directory.
    cwd: repoRoot,
    env,
    logFile,
    detached: options.detached,
    pidFile: options.pidFileName !== undefined,
    stopOnExit: true,
  });
  let ui: TemporalUiHandle | undefined;
  const stop = async (): Promise<void> => {
    if (ui) await ui.stop();
    await server.stop({ signal: 'SIGTERM', timeoutMs: 30_000 });
  };

  try {
    const aborted = (): string | undefined => {
      const exit = server.exitInfo();
      return exit ? `the server exited (${exit.code ?? exit.signal}); log ${logFile}` : undefined;
    };
    await waitFor(
      async () => {
        const connection = await Connection.connect({ address, connectTimeout: '2s' });
        try {
          await connection.workflowService.getSystemInfo({});
          return true;
        } finally {
          await connection.close();
        }
      },
      `Temporal server frontend on ${address}`,
      { timeoutMs, intervalMs: 300, abort: aborted, describe: () => server.tail(25) },
    );
    // Right after start the frontend may not know every service yet; retry until registered.
    await waitFor(
      async () => {
        await registerNamespace(address, namespace, searchAttributes);
        return namespaceReady(address, namespace, searchAttributes);
      },
      `namespace ${namespace} and its search attributes on ${address}`,
      { timeoutMs, intervalMs: 500, abort: aborted, describe: () => server.tail(25) },
    );

    if (uiPort !== undefined) ui = await startTemporalUi({ address, port: uiPort, logFile: uiLogFile, detached: options.detached, pidFileName: options.pidFileName && `${options.pidFileName}-ui` });
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    address,
    uiUrl: uiPort !== undefined ? `http://localhost:${uiPort}` : undefined,
    namespace,
    ports,
    pids: { server: server.pid, ui: ui?.pid },
    pid: server.pid,
    exited: server.exited,
    logFile,
    uiLogFile,
    stop,
  };
}

export interface StartTemporalUiOptions {
  /** Frontend host:port of the cluster. */
  address: string;
  port: number;
  /** Defaults to .data/logs/temporal-ui.log. */
  logFile?: string;
  detached?: boolean;
  /** Write .run/<name>.pid. */
  pidFileName?: string;
}

export interface TemporalUiHandle {
  url: string;
  pid: number;
  exited: Promise<ExitInfo>;
  logFile: string;
  stop(): Promise<void>;
}

/** The Temporal UI server (config/temporal/ui/greenlight.yaml) for a cluster's frontend; resolves once it answers. */
export async function startTemporalUi(options: StartTemporalUiOptions): Promise<TemporalUiHandle> {
  if (!existsSync(temporalUiServerPath)) throw new Error(`${temporalUiServerPath} is missing; run scripts/provision.sh --cluster`);
  const logFile = options.logFile ?? join(logsDir, 'temporal-ui.log');
  const ui = spawnManaged({
    name: options.pidFileName ?? 'temporal-ui',
    command: temporalUiServerPath,
    args: ['--root', repoRoot, '--config', 'config/temporal/ui', '--env', 'greenlight', 'start'],
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GREENLIGHT_TEMPORAL_ADDRESS: options.address, GREENLIGHT_TEMPORAL_UI_PORT: String(options.port) },
    logFile,
    detached: options.detached,
    pidFile: options.pidFileName !== undefined,
    stopOnExit: true,
  });
  const stop = async (): Promise<void> => {
    await ui.stop({ signal: 'SIGTERM', timeoutMs: 10_000 });
  };
  try {
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${options.port}/`, { signal: AbortSignal.timeout(2000) })).status < 500,
      `Temporal UI on port ${options.port}`,
      {
        timeoutMs: 30_000,
        intervalMs: 300,
        abort: () => {
          const exit = ui.exitInfo();
          return exit ? `the UI server exited (${exit.code ?? exit.signal}); log ${logFile}` : undefined;
        },
        describe: () => ui.tail(25),
      },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://localhost:${options.port}`, pid: ui.pid, exited: ui.exited, logFile, stop };
}
