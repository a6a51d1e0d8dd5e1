// The fuzz run's own servers (unless FUZZ_BASE_URL names a running stack): PostgreSQL, the
// Temporal dev server and Mailpit on free ports, then migrate, the worker and the API as child
// processes; stopped in dependency order, only what was started, by pid.
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { startPostgres, type PostgresHandle } from '../lib/embedded-postgres';
import { getFreePort } from '../lib/free-port';
import { type MailpitHandle, startMailpit } from '../lib/mailpit';
import { repoRoot } from '../lib/paths';
import { type ManagedProcess, spawnManaged } from '../lib/processes';
import { waitFor } from '../lib/wait';
import { startTemporalDevServer, type TemporalDevServerHandle } from '../lib/temporal-dev-server';

const HEALTH_TIMEOUT_MS = 120_000;
const APP_STOP_TIMEOUT_MS = 30_000;

export function log(line: string): void {
  console.log(`[fuzz] ${line}`);
}

export interface Stack {
  baseUrl: string;
  /** undefined when fuzzing someone else's stack: no link tokens then. */
  mail?: MailpitHandle;
  apiLog?: string;
  logsDir?: string;
}

export const started: {
  postgres?: PostgresHandle;
  temporal?: TemporalDevServerHandle;
  mail?: MailpitHandle;
  worker?: ManagedProcess;
  api?: ManagedProcess;
  schemathesis?: ManagedProcess;
} = {};
/** Set once a signal or the end of the run stops everything: exits after that are expected. */
export const run = { stopping: false };

export async function stopAll(): Promise<void> {
  const quietly = async (what: string, stop?: () => Promise<unknown>): Promise<void> => {
    if (!stop) return;
    try {
      await stop();
    } catch (err) {
      console.error(`[fuzz] stopping ${what} failed: ${(err as Error).message}`);
    }
  };
  const app = (proc?: ManagedProcess) => proc && (() => proc.stop({ signal: 'SIGTERM', timeoutMs: APP_STOP_TIMEOUT_MS }));
  await quietly('schemathesis', started.schemathesis && (() => started.schemathesis!.stop({ signal: 'SIGTERM', timeoutMs: 5_000 })));
  await Promise.all([quietly('API', app(started.api)), quietly('worker', app(started.worker))]);
  await quietly('Mailpit', started.mail?.stop);
  await quietly('Temporal', started.temporal?.stop);
  await quietly('PostgreSQL', started.postgres?.stop);
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort());
  return [...ports];
}

export async function startStack(logsDir: string): Promise<Stack> {
  const [pgPort, temporalPort, smtpPort, mailHttpPort, apiPort] = await distinctFreePorts(5);
  const results = await Promise.allSettled([
    startPostgres({ port: pgPort, persistent: false, logFile: join(logsDir, 'postgres.log') }).then((h) => (started.postgres = h)),
    startTemporalDevServer({ port: temporalPort, headless: true, logFile: join(logsDir, 'temporal.log') }).then((h) => (started.temporal = h)),
    startMailpit({ smtpPort, httpPort: mailHttpPort, logFile: join(logsDir, 'mailpit.log') }).then((h) => (started.mail = h)),
  ]);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new Error(`could not start the servers:\n${failed.map((f) => (f.reason as Error).message).join('\n')}`);
  const { postgres, temporal, mail } = started as Required<typeof started>;
  log(`servers ready: PostgreSQL 127.0.0.1:${pgPort}, Temporal ${temporal.address}, SMTP ${mail.smtpUrl}, Mailpit ${mail.httpUrl}`);

  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Dev tokens and demo users are what the fuzzer signs in with; development must be explicit.
    NODE_ENV: 'development',
    ALLOW_DEV_TOKENS: 'true',
    SEED_DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    // Plain text logs: the 500s' stacks are read from them.
    NO_COLOR: '1',
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: postgres.appUrl,
    DATABASE_ADMIN_URL: postgres.adminUrl,
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_URL: mail.smtpUrl,
    MAILPIT_URL: mail.httpUrl,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: baseUrl,
  };
  const node = (name: string, script: string): ManagedProcess =>
    spawnManaged({ name, command: process.execPath, args: [join(repoRoot, script)], env, cwd: repoRoot, logFile: join(logsDir, `${name}.log`), stopOnExit: true });

  const migrate = node('migrate', 'dist/src/cli/migrate.js');
  const migrated = await migrate.exited;
  if (migrated.code !== 0) throw new Error(`migration failed (${migrated.signal ?? `exit ${migrated.code}`}):\n${migrate.tail(30)}`);

  started.worker = node('worker', 'dist/src/worker.js');
  started.api = node('api', 'dist/src/main.js');
  const { worker, api } = started;
  for (const [name, proc] of [['worker', worker], ['API', api]] as const) {
    void proc.exited.then((info) => {
      if (!run.stopping) console.error(`[fuzz] the ${name} exited during the run (${info.signal ?? `code ${info.code}`}); its log: ${relative(repoRoot, proc.logFile)}\n${proc.tail(30)}`);
    });
  }
  await waitFor(
    async () => (await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) })).status === 200,
    `the API on ${baseUrl}/health`,
    {
      timeoutMs: HEALTH_TIMEOUT_MS,
      intervalMs: 500,
      abort: () => {
        for (const proc of [api, worker]) {
          const exit = proc.exitInfo();
          if (exit) return `${proc.name} exited (${exit.signal ?? `code ${exit.code}`})`;
        }
        return undefined;
      },
      describe: () => `${api.tail(20)}\n${worker.tail(10)}`,
    },
  );
  log(`API ready on ${baseUrl} (logs in ${relative(repoRoot, logsDir)}/)`);
  return { baseUrl, mail, apiLog: api.logFile, logsDir };
}
