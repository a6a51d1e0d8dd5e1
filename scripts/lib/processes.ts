// Child processes for the dev stack and the test servers: spawn with output to a log file (and,
// for the app's own processes, to the console with a name prefix), remember them in pid files
// under .run/, stop them by handle, and clean up after a run that crashed.
// Every stop goes to a pid we started ourselves: other PostgreSQL or Temporal servers may run on
// the same machine, so nothing here looks processes up by name.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runDir } from './paths';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StopOptions {
  /** First signal; defaults to the process's stopSignal (SIGTERM unless set at spawn). */
  signal?: NodeJS.Signals;
  /** How long to wait before SIGKILL. */
  timeoutMs?: number;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Settles when the process has exited, however that happened. */
  readonly exited: Promise<ExitInfo>;
  /** undefined while the process runs. */
  exitInfo(): ExitInfo | undefined;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
  stop(options?: StopOptions): Promise<ExitInfo>;
}

export interface SpawnManagedOptions {
  /** Short name: console prefix and pid-file name. */
  name: string;
  command: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Output is appended here (the folder is created). */
  logFile: string;
  /** Also copy output to this process's stdout, each line prefixed with [name]. */
  echo?: boolean;
  /**
   * Own process group. A terminal's Ctrl-C goes to the whole foreground group; detached children
   * get only the signals we send, so the orchestrator decides the shutdown order.
   */
  detached?: boolean;
  uid?: number;
  gid?: number;
  /** Signal that asks this program for a clean shutdown (PostgreSQL: SIGINT = fast shutdown). */
  stopSignal?: NodeJS.Signals;
  /** Write .run/<name>.pid so that a later run can stop it if this one crashes. */
  pidFile?: boolean;
  /** Send stopSignal if this Node process exits while the child still runs. */
  stopOnExit?: boolean;
}

const DEFAULT_STOP_TIMEOUT_MS = 15_000;
const running = new Set<ManagedProcess & { stopSignal: NodeJS.Signals }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when this process dies without an orderly shutdown (uncaught error, jest bailing
  // out): 'exit' handlers cannot wait, but they can still ask each child to stop.
  process.on('exit', () => {
    for (const proc of running) {
      try {
        process.kill(proc.pid, proc.stopSignal);
      } catch {
        // already gone
      }
    }
  });
}

const colours = [36, 35, 33, 32, 34, 31];
let nextColour = 0;

function prefixer(name: string): string {
  const label = `[${name}]`;
  if (!process.stdout.isTTY) return `${label} `;
  const colour = colours[nextColour++ % colours.length];
  return `\u001b[${colour}m${label}\u001b[0m `;
}

export function spawnManaged(options: SpawnManagedOptions): ManagedProcess {
  const { name, command, args = [], logFile, echo = false, stopSignal = 'SIGTERM' } = options;
  mkdirSync(dirname(logFile), { recursive: true });
  rotateLog(logFile);
  writeFileSync(logFile, `\n===== ${new Date().toISOString()} ${command} ${args.join(' ')}\n`, { flag: 'a' });

  let child: ChildProcess;
  if (echo) {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: options.detached,
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const file = createWriteStream(logFile, { flags: 'a' });
    const prefix = prefixer(name);
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        file.write(chunk);
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        if (lines.length > 0) process.stdout.write(lines.map((line) => prefix + line).join('\n') + '\n');
      });
      stream?.on('end', () => {
        if (pending) process.stdout.write(prefix + pending + '\n');
        pending = '';
      });
    }
    child.once('close', () => file.end());
  } else {
    // The child writes straight into the file, so its log keeps working even if we die first.
    const fd = openSync(logFile, 'a');
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env,
        detached: options.detached,
        uid: options.uid,
        gid: options.gid,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
  }

  if (child.pid === undefined) {
    // spawn failed (ENOENT, EACCES); the 'error' event follows on the next tick, with nobody listening.
    child.once('error', () => undefined);
    throw new Error(`could not start ${name}: ${command} is missing or not executable`);
  }
  // kill() failures are reported as 'error' events; without a listener they would crash us.
  child.on('error', () => undefined);
  let info: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      info = { code, signal };
      resolve(info);
    });
  });
  const pid = child.pid;

  const managed = {
    name,
    pid,
    child,
    logFile,
    exited,
    stopSignal,
    exitInfo: () => info,
    tail: (lines = 30) => tailFile(logFile, lines),
    stop: (stopOptions: StopOptions = {}) =>
      stopChild(child, { signal: stopOptions.signal ?? stopSignal, timeoutMs: stopOptions.timeoutMs }),
  };

  if (options.pidFile) writePidFile(name, pid, stopSignal);
  if (options.stopOnExit) {
    installExitHook();
    running.add(managed);
  }
  void exited.then(() => {
    running.delete(managed);
    if (options.pidFile) removePidFile(name, pid);
  });
  return managed;
}

/** Stops a child we spawned: signal, wait, SIGKILL after the timeout. Resolves once it is gone. */
export function stopChild(child: ChildProcess, options: StopOptions = {}): Promise<ExitInfo> {
  const { signal = 'SIGTERM', timeoutMs = DEFAULT_STOP_TIMEOUT_MS } = options;
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig });
    });
    child.kill(signal);
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user (postgres runs as `postgres`).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // A zombie answers signal 0 but has already finished.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return existsSync(`/proc/${pid}`) || process.platform !== 'linux';
  }
}

/** The argv of a running process, from /proc; undefined if it is gone or unreadable. */
export function readCmdline(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw === '') return undefined;
    return raw.replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

/** Waits for a process that is not our child (so there is no exit event) to disappear. */
export async function stopPid(pid: number, signal: NodeJS.Signals, timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return;
      }
      await sleep(200);
      return;
    }
    await sleep(100);
  }
}

interface PidFile {
  pid: number;
  argv: string[];
  stopSignal: NodeJS.Signals;
  startedAt: string;
}

export function pidFilePath(name: string): string {
  return join(runDir, `${name}.pid`);
}

/**
 * Records a process we started. The argv is read back from /proc so that a later run can tell
 * "still our process" from "the pid has been reused by something else".
 */
export function writePidFile(name: string, pid: number, stopSignal: NodeJS.Signals = 'SIGTERM'): void {
  mkdirSync(runDir, { recursive: true });
  const content: PidFile = { pid, argv: readCmdline(pid) ?? [], stopSignal, startedAt: new Date().toISOString() };
  const path = pidFilePath(name);
  writeFileSync(`${path}.tmp`, JSON.stringify(content, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}

/** Removes the pid file, but only if it still names this pid (a newer run may have replaced it). */
export function removePidFile(name: string, pid?: number): void {
  const path = pidFilePath(name);
  if (pid !== undefined) {
    const current = readPidFile(name);
    if (current && current.pid !== pid) return;
  }
  rmSync(path, { force: true });
}

function readPidFile(name: string): PidFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(pidFilePath(name), 'utf8')) as Partial<PidFile>;
    if (typeof parsed.pid !== 'number' || !Array.isArray(parsed.argv)) return undefined;
    return { pid: parsed.pid, argv: parsed.argv, stopSignal: parsed.stopSignal ?? 'SIGTERM', startedAt: parsed.startedAt ?? '' };
  } catch {
    return undefined;
  }
}

/** The pid in .run/<name>.pid if that process is alive and is still the program we started. */
export function livePidFromFile(name: string): number | undefined {
  const recorded = readPidFile(name);
  if (!recorded || !isAlive(recorded.pid)) return undefined;
  const argv = readCmdline(recorded.pid);
  if (!argv || argv.length !== recorded.argv.length || argv.some((arg, i) => arg !== recorded.argv[i])) return undefined;
  return recorded.pid;
}

/**
 * Cleans up after an earlier run that did not shut down: if .run/<name>.pid names a live process
 * that is still what we started, stop it; in every case remove the file.
 */
export async function reapStalePidFile(name: string, log: (line: string) => void = console.log): Promise<'none' | 'removed' | 'stopped'> {
  if (!existsSync(pidFilePath(name))) return 'none';
  const recorded = readPidFile(name);
  const pid = livePidFromFile(name);
  if (recorded && pid !== undefined) {
    log(`stopping ${name} (pid ${pid}) left over from an earlier run`);
    await stopPid(pid, recorded.stopSignal);
    removePidFile(name);
    return 'stopped';
  }
  removePidFile(name);
  return 'removed';
}

/** Logs are appended across runs; keep one previous generation once a file passes maxBytes. */
export function rotateLog(path: string, maxBytes = 10 * 1024 * 1024): void {
  try {
    if (statSync(path).size > maxBytes) renameSync(path, `${path}.1`);
  } catch {
    // no log yet
  }
}

/** The last `lines` lines of a text file (reads at most its last 64 KiB). */
export function tailFile(path: string, lines = 30): string {
  try {
    const size = statSync(path).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    return buffer.toString('utf8').split('\n').slice(-lines - 1).join('\n').trimEnd();
  } catch {
    return '(no log)';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ------------------------------------------------------------------ supervision

/** What a supervisor needs of a child: its pid, a promise of its exit, and a way to stop it. */
export interface SupervisedChild {
  readonly pid: number;
  readonly exited: Promise<ExitInfo>;
  readonly logFile?: string;
  stop(): Promise<unknown>;
}

export interface BackoffOptions {
  /** Delay before the first restart. */
  initialMs: number;
  /** Each further crash in a row multiplies the delay by this. */
  factor: number;
  /** The delay never grows past this. */
  maxMs: number;
  /** A child that ran at least this long before crashing starts the backoff over. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, factor: 2, maxMs: 30_000, resetAfterMs: 60_000 };

/** Delay before restart number `crashesInARow` (1-based): initialMs · factor^(n-1), capped at maxMs. */
export function backoffDelay(crashesInARow: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const n = Math.max(1, crashesInARow);
  return Math.min(options.maxMs, options.initialMs * options.factor ** (n - 1));
}

export interface SuperviseOptions<T extends SupervisedChild> {
  name: string;
  /** Starts the child (again); a start that throws counts as a crash. */
  start: () => T | Promise<T>;
  backoff?: Partial<BackoffOptions>;
  log?: (line: string) => void;
  /** An exit that restarting cannot cure (e.g. EX_CONFIG, 78): no restart; onGiveUp is called instead. */
  giveUpWhen?: (exit: ExitInfo) => boolean;
  onGiveUp?: (exit: ExitInfo) => void;
}

/** One unexpected exit and what the supervisor did about it. */
export interface CrashRecord {
  pid: number;
  exit: ExitInfo | { error: string };
  ranMs: number;
  crashesInARow: number;
  restartInMs: number;
}

export interface Supervisor<T extends SupervisedChild> {
  readonly name: string;
  /** The running child, or undefined while waiting to restart (or after stop()). */
  current(): T | undefined;
  /** Every unexpected exit so far, oldest first. */
  readonly crashes: readonly CrashRecord[];
  /** Settles each time a (re)started child is running. */
  nextStart(): Promise<T>;
  /** Stops supervising: cancels a pending restart and stops the running child through its own handle (by pid). */
  stop(): Promise<void>;
}

/**
 * Keeps a child running like a process manager: when it exits on its own, logs why and starts
 * it again after an exponential backoff (reset once a run lasted resetAfterMs). The first start
 * is awaited and its failure thrown, so a broken setup still stops `npm start` at once. Only
 * the supervisor's own children are ever signalled.
 */
export async function supervise<T extends SupervisedChild>(options: SuperviseOptions<T>): Promise<Supervisor<T>> {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const log = options.log ?? ((line: string) => console.log(line));
  const crashes: CrashRecord[] = [];
  let child: T | undefined;
  let startedAt = Date.now();
  let crashesInARow = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> = Promise.resolve();
  let waiters: ((c: T) => void)[] = [];

  const running = (c: T) => {
    child = c;
    startedAt = Date.now();
    for (const w of waiters) w(c);
    waiters = [];
    void c.exited.then((exit) => {
      if (stopped || child !== c) return;
      child = undefined;
      if (options.giveUpWhen?.(exit)) {
        log(`${options.name} exited (${exit.signal ?? `code ${exit.code}`}); not restarting it${c.logFile ? `; its log: ${c.logFile}` : ''}`);
        options.onGiveUp?.(exit);
        return;
      }
      crashed(c.pid, exit, c.logFile);
    });
  };

  const crashed = (pid: number, exit: CrashRecord['exit'], logFile?: string) => {
    const ranMs = Date.now() - startedAt;
    crashesInARow = ranMs >= backoff.resetAfterMs ? 1 : crashesInARow + 1;
    const restartInMs = backoffDelay(crashesInARow, backoff);
    crashes.push({ pid, exit, ranMs, crashesInARow, restartInMs });
    const why = 'error' in exit ? `failed to start: ${exit.error}` : `exited unexpectedly (${exit.signal ?? `code ${exit.code}`}) after ${(ranMs / 1000).toFixed(1)} s`;
    log(`${options.name} ${why}; restarting in ${(restartInMs / 1000).toFixed(restartInMs < 1000 ? 2 : 0)} s (crash ${crashesInARow} in a row)${logFile ? `; its log: ${logFile}` : ''}`);
    timer = setTimeout(() => {
      restarting = restart();
    }, restartInMs);
  };

  const restart = async () => {
    timer = undefined;
    if (stopped) return;
    startedAt = Date.now();
    let c: T;
    try {
      c = await options.start();
    } catch (err) {
      if (!stopped) crashed(0, { error: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (stopped) {
      await c.stop();
      return;
    }
    log(`${options.name} restarted (pid ${c.pid})`);
    running(c);
  };

  running(await options.start());

  return {
    name: options.name,
    current: () => child,
    crashes,
    nextStart: () => new Promise<T>((resolve) => waiters.push(resolve)),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      // A start in progress finishes first (and then stops what it started).
      await restarting;
      const c = child;
      child = undefined;
      if (c) await c.stop();
    },
  };
}
