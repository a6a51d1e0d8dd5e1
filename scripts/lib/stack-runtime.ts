// What `npm start` (scripts/stack.ts) and `npm run start:cluster` (scripts/stack-cluster.ts) share:
// one pid file for the stack itself, Ctrl-C / SIGTERM / SIGHUP handling, supervision of what it
// starts (restart with backoff; exit 78 is a bad setting and stops the stack), a shutdown that
// stops exactly what was started, in the dependency order the stack gives, each by its pid, the
// environment handed to the app processes, the migration step, the wait for /health and the
// URL banner. Each stack file says only what it starts, and in which order it stops.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isPortFree } from './free-port';
import { type MailpitHandle, startMailpit, type StartMailpitOptions } from './mailpit';
import { orderBotEnv } from './order-bot-env';
import { repoRoot } from './paths';
import { type ManagedProcess, removePidFile, sleep, spawnManaged, type SupervisedChild, supervise, type Supervisor } from './processes';

const HEALTH_TIMEOUT_MS = 90_000;
export const APP_STOP_TIMEOUT_MS = 30_000;
export const SMTP_PORT = 1025;
export const MAIL_HTTP_PORT = 1080;

/** One thing to stop: its name for error messages, and how (undefined when it was never started). */
export type StopStep = [what: string, stop: (() => Promise<unknown>) | undefined];

export interface StackRuntimeOptions {
  /** Log prefix without brackets: `stack`, `cluster`. */
  tag: string;
  /** The stack's own pid-file name, removed on shutdown. */
  pidFile: string;
  /**
   * The shutdown order: each stage's steps stop together, the stages one after another
   * (the app first, PostgreSQL last). Called at shutdown, so it sees what was started by then.
   */
  stopStages: () => StopStep[][];
}

export interface StackRuntime {
  log(line: string): void;
  error(line: string): void;
  /** True once a shutdown began; a start sequence checks it after each await and returns. */
  readonly stopping: boolean;
  /** Keeps a process running: restarted with backoff when it dies on its own; stopped at shutdown. */
  keepRunning<T extends SupervisedChild>(name: string, start: () => Promise<T> | T): Promise<Supervisor<T>>;
  /**
   * Waits for servers that start together. A shutdown meanwhile waits for them too, so that it
   * can stop them; when one fails, the others are still registered (by their own .then) first.
   */
  startTogether(servers: Promise<unknown>[]): Promise<void>;
  waitForHealth(port: number): Promise<void>;
  shutdown(code: number, reason: string): Promise<never>;
  /** Installs the signal and error handlers and runs main; a failure stops the stack with exit 1. */
  run(main: () => Promise<void>): void;
}

export function createStackRuntime(options: StackRuntimeOptions): StackRuntime {
  const prefix = `[${options.tag}]`;
  const log = (line: string): void => console.log(`${prefix} ${line}`);
  const error = (line: string): void => console.error(`${prefix} ${line}`);
  let pendingStarts: Promise<unknown>[] = [];
  let stopping = false;
  let firstSignalAt = 0;

  async function shutdown(code: number, reason: string): Promise<never> {
    if (stopping) return new Promise<never>(() => undefined);
    stopping = true;
    (code === 0 ? log : error)(`${reason}; stopping`);
    const step = async ([what, stop]: StopStep): Promise<void> => {
      if (!stop) return;
      try {
        await stop();
      } catch (err) {
        error(`stopping ${what} failed: ${(err as Error).message}`);
        code = code || 1;
      }
    };
    if (pendingStarts.length) {
      await Promise.allSettled(pendingStarts);
      pendingStarts = [];
    }
    // Stopping a supervisor cancels a pending restart and stops its current process.
    for (const stage of options.stopStages()) await Promise.all(stage.map(step));
    removePidFile(options.pidFile, process.pid);
    log(code === 0 ? 'stopped' : `stopped (exit ${code})`);
    process.exit(code);
  }

  function keepRunning<T extends SupervisedChild>(name: string, start: () => Promise<T> | T): Promise<Supervisor<T>> {
    return supervise({
      name,
      start,
      log: error,
      // EX_CONFIG: an invalid setting, which no restart cures.
      giveUpWhen: (exit) => exit.code === 78,
      onGiveUp: () => void shutdown(1, `${name} refused its configuration (exit 78); see its log above`),
    });
  }

  async function startTogether(servers: Promise<unknown>[]): Promise<void> {
    pendingStarts = servers;
    const failures = (await Promise.allSettled(servers)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    pendingStarts = [];
    if (failures.length) throw new Error(failures.map((f) => (f.reason as Error).message).join('\n'));
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

  function run(main: () => Promise<void>): void {
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
  }

  return {
    log,
    error,
    get stopping() {
      return stopping;
    },
    keepRunning,
    startTogether,
    waitForHealth,
    shutdown,
    run,
  };
}

export function portFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a TCP port, got ${process.env[name]}`);
  return value;
}

/** A built entry point (or its STACK_*_ENTRY stand-in); `command` is what builds and runs it. */
export function entry(envName: string, path: string, command: string): string {
  const file = process.env[envName] ?? join(repoRoot, path);
  if (!existsSync(file)) throw new Error(`${relative(repoRoot, file)} is missing; build first (npm run build), or use ${command} which builds`);
  return file;
}

/** The app's entry points, checked before anything starts: a missing build should not cost a database start. */
export function appEntries(command: string): { migrate: string; worker: string; api: string; erp: string; rpaWorker: string } {
  return {
    migrate: entry('STACK_MIGRATE_ENTRY', 'dist/src/cli/migrate.js', command),
    worker: entry('STACK_WORKER_ENTRY', 'dist/src/worker.js', command),
    api: entry('STACK_API_ENTRY', 'dist/src/main.js', command),
    erp: entry('STACK_ERP_ENTRY', 'dist/src/legacy-erp/legacy-erp.main.js', command),
    rpaWorker: entry('STACK_RPA_WORKER_ENTRY', 'dist/src/rpa-worker.js', command),
  };
}

/** Mailpit on the usual ports (SMTP 1025, web UI 1080), kept running by the stack. */
export function startOwnMailpit(runtime: StackRuntime, options: Pick<StartMailpitOptions, 'database' | 'logFile' | 'label' | 'pidFileName'>): Promise<Supervisor<MailpitHandle>> {
  return runtime.keepRunning('Mailpit', () => startMailpit({ smtpPort: SMTP_PORT, httpPort: MAIL_HTTP_PORT, detached: true, ...options }));
}

/** Fails naming every busy port with its hint; port 0 (a feature turned off) is skipped. */
export async function checkPortsFree(ports: [number, string][]): Promise<void> {
  const busy: string[] = [];
  for (const [port, hint] of ports) if (port !== 0 && !(await isPortFree(port))) busy.push(`  port ${port} is in use: ${hint}`);
  if (busy.length) throw new Error(`cannot start:\n${busy.join('\n')}`);
}

/** The ports of the servers the stack runs itself, each with how to avoid it when busy. */
export function serverPortHints(external: ExternalServers, own: { postgres: number; temporal: [number, string][] }): [number, string][] {
  const smtpHint = 'set SMTP_URL to use another SMTP server';
  return [
    ...(external.database ? [] : ([[own.postgres, 'set PG_PORT, or DATABASE_URL to use a running PostgreSQL']] as [number, string][])),
    ...(external.temporal ? [] : own.temporal),
    ...(external.smtp
      ? []
      : ([
          [SMTP_PORT, smtpHint],
          [MAIL_HTTP_PORT, smtpHint],
        ] as [number, string][])),
  ];
}

export interface ExternalServers {
  database?: string;
  temporal?: string;
  smtp?: string;
}

export function externalServers(): ExternalServers {
  return { database: process.env.DATABASE_URL, temporal: process.env.TEMPORAL_ADDRESS, smtp: process.env.SMTP_URL };
}

export interface AppEnvInput {
  external: ExternalServers;
  postgres?: { appUrl: string; adminUrl: string };
  temporalAddress?: string;
  temporalUiUrl?: string;
  mail?: { smtpUrl: string; httpUrl: string };
  apiPort: number;
  erpPort: number;
  /** Where the order bot keeps its state (the ERP's data). */
  dataDir: string;
  log: (line: string) => void;
}

/** The environment of the app processes (migrate, API, workers, ERP, RPA worker). */
export function appEnv(input: AppEnvInput): NodeJS.ProcessEnv {
  const { external, postgres, mail, apiPort } = input;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The stacks are the developer's: development (dev tokens, demo data, the dev secret)
    // unless the caller says otherwise; the processes themselves default to production.
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    DATABASE_URL: external.database ?? postgres?.appUrl,
    DATABASE_ADMIN_URL: process.env.DATABASE_ADMIN_URL ?? external.database ?? postgres?.adminUrl,
    TEMPORAL_ADDRESS: external.temporal ?? input.temporalAddress,
    SMTP_URL: external.smtp ?? mail?.smtpUrl,
    MAILPIT_URL: mail?.httpUrl ?? process.env.MAILPIT_URL,
    PORT: String(apiPort),
    // Loopback only on a developer machine (Docker sets 0.0.0.0).
    HOST: process.env.HOST ?? '127.0.0.1',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${apiPort}`,
    TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? input.temporalUiUrl,
    ...orderBotEnv(input.erpPort, input.dataDir, input.log),
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/** Spawns `node <script>` detached, with a pid file and a log file, echoing its output. */
export function nodeProcess(name: string, script: string, env: NodeJS.ProcessEnv, logFile: string): ManagedProcess {
  return spawnManaged({
    name,
    command: process.execPath,
    args: [script],
    env,
    cwd: repoRoot,
    logFile,
    echo: true,
    detached: true,
    pidFile: true,
    stopOnExit: true,
  });
}

/**
 * Runs the migration to its end. `track` registers the running process so that a shutdown
 * meanwhile stops it; returns false when a shutdown began meanwhile.
 */
export async function migrate(runtime: StackRuntime, start: () => ManagedProcess, track: (p: ManagedProcess | undefined) => void, logHint: string): Promise<boolean> {
  runtime.log('migrating the database');
  const child = start();
  track(child);
  const migrated = await child.exited;
  track(undefined);
  if (runtime.stopping) return false;
  if (migrated.code !== 0) throw new Error(`migration failed (${migrated.signal ?? `exit ${migrated.code}`}); see ${logHint}`);
  return true;
}

/** The stop step of a migration that may be running. */
export function stopMigrate(child: ManagedProcess | undefined): StopStep {
  return ['migrate', child && (() => child.stop({ signal: 'SIGTERM', timeoutMs: APP_STOP_TIMEOUT_MS }))];
}

/** The banner lines both stacks print about the mail server, the database, the ERP and the order bot. */
export function sharedBannerLines(env: NodeJS.ProcessEnv, ownMailpit: boolean): string[] {
  return [
    ownMailpit ? `Mailpit        http://localhost:${MAIL_HTTP_PORT}   (JSON: http://localhost:${MAIL_HTTP_PORT}/api/v1/messages)` : `SMTP           ${env.SMTP_URL}`,
    `PostgreSQL     ${(env.DATABASE_URL ?? '').replace(/:[^:@/]+@/, ':***@')}`,
    `Legacy ERP     ${env.ERP_URL}/   (OrderDesk demo: sign in as ${env.ERP_USERNAME} / ${env.ERP_PASSWORD})`,
    env.ORDER_SYSTEM_ADAPTER === 'browser'
      ? `Order bot      drives the ERP in Chromium (${env.CHROMIUM_PATH}), RPA worker on ${env.RPA_TASK_QUEUE ?? 'greenlight-rpa'}`
      : `Order bot      ${env.ORDER_SYSTEM_ADAPTER} adapter${env.ORDER_SYSTEM_ADAPTER === 'rest' ? ` (ERP REST mount ${env.ERP_URL}/rest/v1/orders)` : ''}`,
    '',
    'API clients sign in with a header, e.g.  Authorization: Bearer dev-alice',
  ];
}

export function banner(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const row = (l: string) => `│ ${l.padEnd(width - 2)} │`;
  return ['┌' + '─'.repeat(width) + '┐', ...lines.map(row), '└' + '─'.repeat(width) + '┘'].join('\n');
}
