// Processes by pid: is it alive, what is its command line, stop it; and pid files under .run/
// recording what we started with its command line, so that a later run stops a leftover process
// only if the pid still belongs to what we started (pids are reused).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './paths';

export const DEFAULT_STOP_TIMEOUT_MS = 15_000;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
