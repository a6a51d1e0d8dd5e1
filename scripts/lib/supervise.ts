// Supervision for the dev stack: restart a child that crashes, with exponential backoff, and
// record each crash so the stack can say what happened.
import type { ExitInfo } from './processes';

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
