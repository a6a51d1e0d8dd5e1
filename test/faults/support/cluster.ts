// The fault suite's own Greenlight deployment: PostgreSQL (data on disk, so a killed server
// restarts on the same data), the Temporal dev server (SQLite file, so workflows survive its
// kill), Mailpit (database file, so messages caught before its kill are still counted), the worker and the
// API — each a separate OS process started here, SIGKILLed and restarted by pid, and stopped
// by pid at the end. Nothing here looks processes up by name.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startPostgres, type PostgresHandle } from '../../../scripts/lib/embedded-postgres';
import { getFreePort } from '../../../scripts/lib/free-port';
import { type MailpitHandle, startMailpit } from '../../../scripts/lib/mailpit';
import { logsDir, repoRoot } from '../../../scripts/lib/paths';
import { isAlive, type ManagedProcess, sleep, spawnManaged } from '../../../scripts/lib/processes';
import { waitFor } from '../../../scripts/lib/wait';
import { startTemporalDevServer, type TemporalDevServerHandle } from '../../../scripts/lib/temporal-dev-server';

export type Fault = 'worker' | 'temporal' | 'postgres' | 'smtp';

export const FAULT_LABELS: Record<Fault, string> = {
  worker: 'worker SIGKILL',
  temporal: 'Temporal server SIGKILL',
  postgres: 'PostgreSQL SIGKILL',
  smtp: 'SMTP server SIGKILL',
};

/** Where every server and app process of the run writes its log (kept after the run, for evidence). */
export const faultLogsDir = join(logsDir, 'faults');

/**
 * The build the suite runs: this checkout's dist/, or FAULTS_APP_ROOT's (another checkout, e.g.
 * an older commit built elsewhere, to show what the suite catches there).
 */
const appRoot = process.env.FAULTS_APP_ROOT || repoRoot;
const dist = (path: string) => join(appRoot, 'dist', path);

export interface ClusterPorts {
  postgres: number;
  temporal: number;
  smtp: number;
  mailHttp: number;
  api: number;
}

/** A process that exited without being asked to, e.g. a worker that died while Temporal was down. */
export interface UnexpectedExit {
  name: string;
  at: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Every pid below `root`, from /proc (children first found, then theirs). */
export function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name, which may itself contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parentOf.get(ppid) ?? [];
      list.push(Number(entry));
      parentOf.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of parentOf.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * SIGKILL a process we started and everything it started (PostgreSQL's backends, a shell's
 * children), as a crash would take them, then wait until all of them are gone.
 */
export async function killTree(pid: number, timeoutMs = 15_000): Promise<number[]> {
  const pids = [pid, ...descendantsOf(pid)];
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await waitFor(async () => pids.every((p) => !isAlive(p)), `pids ${pids.join(', ')} to exit after SIGKILL`, { timeoutMs, intervalMs: 50 });
  return pids;
}

export class FaultCluster {
  readonly root: string;
  readonly ports: ClusterPorts;
  postgres?: PostgresHandle;
  temporal?: TemporalDevServerHandle;
  mail?: MailpitHandle;
  worker?: ManagedProcess;
  api?: ManagedProcess;
  readonly unexpectedExits: UnexpectedExit[] = [];
  /** Names of processes the suite is killing or stopping right now; their exits are expected. */
  private readonly expected = new Set<string>();
  private stopping = false;

  private constructor(root: string, ports: ClusterPorts) {
    this.root = root;
    this.ports = ports;
  }

  static async create(): Promise<FaultCluster> {
    for (const entry of ['src/main.js', 'src/worker.js', 'src/cli/migrate.js']) {
      if (!existsSync(dist(entry))) throw new Error(`${dist(entry)} is missing: build first (npm run build; npm run test:faults builds)`);
    }
    const ports = new Set<number>();
    while (ports.size < 5) ports.add(await getFreePort());
    const [postgres, temporal, smtp, mailHttp, api] = [...ports];
    mkdirSync(faultLogsDir, { recursive: true });
    // PostgreSQL runs as the `postgres` user when we are root: it must be able to reach its folder.
    const root = mkdtempSync(join(tmpdir(), 'greenlight-faults-'));
    chmodSync(root, 0o755);
    return new FaultCluster(root, { postgres, temporal, smtp, mailHttp, api });
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.api}`;
  }

  get mailUrl(): string {
    return `http://127.0.0.1:${this.ports.mailHttp}`;
  }

  get temporalAddress(): string {
    return `127.0.0.1:${this.ports.temporal}`;
  }

  /** The environment of the API, worker and CLIs: development (dev tokens), our servers only. */
  appEnv(): NodeJS.ProcessEnv {
    if (!this.postgres) throw new Error('PostgreSQL is not started');
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: String(this.ports.api),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: this.apiUrl,
      DATABASE_URL: this.postgres.appUrl,
      DATABASE_ADMIN_URL: this.postgres.adminUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      SMTP_URL: `smtp://127.0.0.1:${this.ports.smtp}`,
      MAILPIT_URL: this.mailUrl,
      SEED_DEMO_DATA: 'true',
    };
  }

  /** Starts everything; on a failure, whatever did start is recorded first, so that stopAll() stops it. */
  async startAll(): Promise<void> {
    await settleAll([this.startPostgres(), this.startTemporal(), this.startMail()]);
    await this.migrate();
    await settleAll([this.startWorker(), this.startApi()]);
  }

  async startPostgres(): Promise<void> {
    this.postgres = await startPostgres({
      port: this.ports.postgres,
      // Persistent: a real data folder with fsync on, reused by the restart after a SIGKILL.
      persistent: true,
      dataDir: join(this.root, 'postgres'),
      logFile: join(faultLogsDir, 'postgres.log'),
    });
    this.watch('postgres', this.postgres.exited);
  }

  async startTemporal(): Promise<void> {
    this.temporal = await startTemporalDevServer({
      port: this.ports.temporal,
      headless: true,
      // A file, not memory: workflow state survives the server's own kill and restart.
      dbFilename: join(this.root, 'temporal', 'temporal.db'),
      logFile: join(faultLogsDir, 'temporal.log'),
    });
    this.watch('temporal', this.temporal.exited);
  }

  async startMail(): Promise<void> {
    this.mail = await startMailpit({
      smtpPort: this.ports.smtp,
      httpPort: this.ports.mailHttp,
      // A file (SQLite), so the messages caught before a kill are still there to be counted.
      database: join(this.root, 'mailpit', 'mailpit.db'),
      logFile: join(faultLogsDir, 'mail.log'),
    });
    this.watch('mail', this.mail.exited);
  }

  async migrate(): Promise<void> {
    const proc = this.spawnNode('migrate', dist('src/cli/migrate.js'), [], this.appEnv(), false);
    const exit = await proc.exited;
    if (exit.code !== 0) throw new Error(`migrate failed (${exit.signal ?? exit.code}):\n${proc.tail(40)}`);
  }

  async startWorker(): Promise<void> {
    const proc = this.spawnNode('worker', dist('src/worker.js'));
    this.worker = proc;
    await waitFor(async () => /worker: polling task queue/.test(sinceLastStart(proc.tail(400))), `the worker to poll`, {
      timeoutMs: 60_000,
      intervalMs: 200,
      abort: () => exitReason(proc),
      describe: () => proc.tail(30),
    });
  }

  async startApi(): Promise<void> {
    const proc = this.spawnNode('api', dist('src/main.js'));
    this.api = proc;
    await waitFor(
      async () => (await fetch(`${this.apiUrl}/health`, { signal: AbortSignal.timeout(3000) })).status === 200,
      `the API on ${this.apiUrl}`,
      { timeoutMs: 60_000, intervalMs: 300, abort: () => exitReason(proc), describe: () => proc.tail(30) },
    );
  }

  /** The pid the fault kills. */
  pidOf(fault: Fault): number {
    const pid = { worker: this.worker?.pid, temporal: this.temporal?.pid, postgres: this.postgres?.pid, smtp: this.mail?.pid }[fault];
    if (pid === undefined) throw new Error(`${fault} is not running`);
    return pid;
  }

  /** SIGKILL the server behind `fault` (and its children); resolves once every one of its pids is gone. */
  async kill(fault: Fault): Promise<number[]> {
    const name = processName(fault);
    this.expected.add(name);
    return killTree(this.pidOf(fault));
  }

  /** Starts the killed server again on the same port and data; resolves when it answers. */
  async restart(fault: Fault): Promise<void> {
    try {
      if (fault === 'worker') await this.startWorker();
      else if (fault === 'temporal') await this.startTemporal();
      else if (fault === 'postgres') await this.startPostgres();
      else await this.startMail();
    } finally {
      this.expected.delete(processName(fault));
    }
  }

  /**
   * Acts as the supervisor `npm start` is meant to be: a worker or API that died on its own is
   * recorded (reported in the table) and started again after a short backoff.
   */
  async reviveCrashed(): Promise<string[]> {
    const revived: string[] = [];
    for (const name of ['worker', 'api'] as const) {
      const proc = this[name];
      if (!proc || !proc.exitInfo() || this.expected.has(name) || this.stopping) continue;
      await sleep(1000);
      if (name === 'worker') await this.startWorker();
      else await this.startApi();
      revived.push(name);
    }
    return revived;
  }

  /** Stops everything that is still running, app first, PostgreSQL last; never throws. */
  async stopAll(): Promise<string[]> {
    this.stopping = true;
    const problems: string[] = [];
    const step = async (what: string, stop: (() => Promise<unknown>) | undefined) => {
      if (!stop) return;
      try {
        await stop();
      } catch (err) {
        problems.push(`stopping ${what}: ${(err as Error).message}`);
      }
    };
    await Promise.all([
      step('api', this.api && (() => this.api!.stop({ signal: 'SIGTERM', timeoutMs: 20_000 }))),
      step('worker', this.worker && (() => this.worker!.stop({ signal: 'SIGTERM', timeoutMs: 30_000 }))),
    ]);
    await step('Mailpit', this.mail?.stop);
    await step('Temporal', this.temporal?.stop);
    await step('PostgreSQL', this.postgres?.stop);
    try {
      rmSync(this.root, { recursive: true, force: true });
    } catch (err) {
      problems.push(`removing ${this.root}: ${(err as Error).message}`);
    }
    return problems;
  }

  private spawnNode(name: string, script: string, args: string[] = [], env = this.appEnv(), watch = true): ManagedProcess {
    const proc = spawnManaged({
      name,
      command: process.execPath,
      args: [script, ...args],
      env,
      cwd: appRoot,
      logFile: join(faultLogsDir, `${name}.log`),
      // If jest dies without its afterAll, the exit hook still asks this child to stop.
      stopOnExit: true,
    });
    if (watch) this.watch(name, proc.exited);
    return proc;
  }

  private watch(name: string, exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>): void {
    void exited.then((info) => {
      if (this.stopping || this.expected.has(name)) return;
      this.unexpectedExits.push({ name, at: Date.now(), ...info });
    });
  }
}

/** Like Promise.all, but waits for every promise before rejecting with the first failure. */
async function settleAll(promises: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(promises)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new Error(failed.map((f) => (f.reason as Error).message).join('\n'));
}

/** The part of a log written by the latest start (spawnManaged appends a `=====` line per start). */
function sinceLastStart(log: string): string {
  const at = log.lastIndexOf('\n===== ');
  return at >= 0 ? log.slice(at) : log;
}

function processName(fault: Fault): string {
  return fault === 'smtp' ? 'mail' : fault;
}

function exitReason(proc: ManagedProcess): string | undefined {
  const exit = proc.exitInfo();
  return exit ? `it exited (${exit.signal ?? `code ${exit.code}`}); log ${proc.logFile}` : undefined;
}

/** Runs a built CLI (e.g. audit-verify) with the app's environment; resolves with its exit code and output. */
export async function runCli(env: NodeJS.ProcessEnv, script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [dist(script), ...args], { env, cwd: appRoot, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}
