// Jest global setup of the `int` project: starts real servers on free ports, so tests never
// clash with a running `npm start` or another test run:
//   PostgreSQL (temporary cluster), Temporal dev server (in memory, headless, with Greenlight's
//   search attributes), Mailpit (SMTP + JSON API, temporary database);
// migrates and seeds the database with the app's own migrate command; and writes the addresses
// to .run/test-env.<pid>.json (copied to .run/test-env.json), which load-test-env.ts puts into
// each test file's process.env. Global teardown stops exactly what this started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync, closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres, type PostgresHandle } from '../../scripts/lib/embedded-postgres';
import { getFreePort } from '../../scripts/lib/free-port';
import { type MailpitHandle, startMailpit } from '../../scripts/lib/mailpit';
import { cacheDir, logsDir, repoRoot, runDir, temporalTestServerPath } from '../../scripts/lib/paths';
import { startTemporalDevServer, type TemporalDevServerHandle } from '../../scripts/lib/temporal-dev-server';
import { LATEST_TEST_ENV_FILE, SERVERS_KEY, TEST_ENV_FILE_VARIABLE, type TestEnv, type TestServers, testEnvFileFor } from './test-servers';

const testLogsDir = join(logsDir, 'test');
const distStamp = join(cacheDir, 'dist.stamp');
const migrateEntry = join(repoRoot, 'dist', 'src', 'cli', 'migrate.js');

function log(line: string): void {
  process.stdout.write(`[test servers] ${line}\n`);
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort());
  return [...ports];
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The migrate command runs from dist/. `npm test` builds first; a bare `npx jest` after editing
 * a migration would otherwise migrate with yesterday's code, so rebuild when a source is newer.
 */
function ensureFreshBuild(): void {
  const builtAt = existsSync(distStamp) && existsSync(migrateEntry) ? statSync(distStamp).mtimeMs : 0;
  if (newestMtime(join(repoRoot, 'src')) <= builtAt) return;
  log('sources changed since the last build: compiling (tsc -p tsconfig.build.json)');
  // The stamp gets the start time, so that an edit made during the build triggers the next one.
  const startedAt = new Date();
  const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  // tsc emits despite type errors; those are for `npm run typecheck` to report, not a reason to skip tests.
  if (tsc.status !== 0) log(`tsc reported errors (run npm run typecheck); continuing with what it emitted`);
  mkdirSync(cacheDir, { recursive: true });
  closeSync(openSync(distStamp, 'a'));
  utimesSync(distStamp, startedAt, startedAt);
}

function runMigrate(env: TestEnv): Promise<void> {
  ensureFreshBuild();
  if (!existsSync(migrateEntry)) {
    log(`WARNING: ${migrateEntry} does not exist; the test database has no schema`);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [migrateEntry], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`node dist/src/cli/migrate.js failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  const startedAt = Date.now();
  const [pgPort, temporalPort, smtpPort, mailHttpPort] = await distinctFreePorts(4);
  mkdirSync(testLogsDir, { recursive: true });

  let postgres: PostgresHandle | undefined;
  let temporal: TemporalDevServerHandle | undefined;
  let mail: MailpitHandle | undefined;
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([mail?.stop(), temporal?.stop(), postgres?.stop()]);
  };

  const results = await Promise.allSettled([
    startPostgres({ port: pgPort, persistent: false, logFile: join(testLogsDir, 'postgres.log') }).then((h) => (postgres = h)),
    startTemporalDevServer({ port: temporalPort, headless: true, logFile: join(testLogsDir, 'temporal.log') }).then((h) => (temporal = h)),
    startMailpit({ smtpPort, httpPort: mailHttpPort, logFile: join(testLogsDir, 'mailpit.log') }).then((h) => (mail = h)),
  ]);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length || !postgres || !temporal || !mail) {
    await stopAll();
    throw new Error(`could not start the test servers:\n${failed.map((f) => (f.reason as Error).message).join('\n')}`);
  }

  const env: TestEnv = {
    DATABASE_URL: postgres.appUrl,
    DATABASE_ADMIN_URL: postgres.adminUrl,
    DATABASE_SUPERUSER_URL: postgres.superuserUrl,
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_URL: mail.smtpUrl,
    MAILPIT_URL: mail.httpUrl,
    TEMPORAL_TEST_SERVER_PATH: temporalTestServerPath,
  };

  try {
    await runMigrate(env);
  } catch (err) {
    await stopAll();
    throw err;
  }

  mkdirSync(runDir, { recursive: true });
  const envFile = testEnvFileFor(process.pid);
  const json = JSON.stringify(env, null, 2) + '\n';
  writeFileSync(envFile, json);
  writeFileSync(LATEST_TEST_ENV_FILE, json);
  // Jest starts its workers after global setup, so they inherit this.
  process.env[TEST_ENV_FILE_VARIABLE] = envFile;

  const servers: TestServers = { envFile, stop: stopAll };
  (globalThis as Record<string, unknown>)[SERVERS_KEY] = servers;
  log(
    `ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: PostgreSQL 127.0.0.1:${pgPort}, Temporal ${temporal.address}, ` +
      `SMTP ${mail.smtpUrl}, Mailpit ${mail.httpUrl} (env: .run/test-env.json, logs: .data/logs/test/)`,
  );
}
