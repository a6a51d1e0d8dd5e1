// Child processes for the dev stack and the test servers: spawn with output to a log file (and,
// for the app's own processes, to the console with a name prefix), remember them in pid files
// under .run/, stop them by handle, and clean up after a run that crashed.
// Every stop goes to a pid we started ourselves: other PostgreSQL or Temporal servers may run on
// the same machine, so nothing here looks processes up by name.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_STOP_TIMEOUT_MS, removePidFile, writePidFile } from './pid-files';

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


export { isAlive, livePidFromFile, pidFilePath, readCmdline, reapStalePidFile, removePidFile, sleep, stopPid, writePidFile } from './pid-files';
export * from './supervise';
