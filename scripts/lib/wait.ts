// Polls until a condition holds: for outcomes that arrive asynchronously (a server coming up,
// workflow progress, mail). The one polling helper of the project: the server launchers here (so
// also `npm start`), the fuzz runner, the fault suite and the tests (through test/support/wait.ts).
// It lives under scripts/ because `npm start` must not import from test/.

export interface WaitOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  intervalMs?: number;
  /** Asked before each probe: a reason to stop waiting at once, e.g. the awaited process exited. */
  abort?: () => string | undefined;
  /** Appended to the error on timeout or abort, e.g. the tail of a log. */
  describe?: () => string;
}

/**
 * Resolves with the probe's first truthy value. A probe that throws counts as "not yet"; the last
 * error is quoted if time runs out.
 */
export function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs?: number, everyMs?: number): Promise<T>;
export function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, options: WaitOptions): Promise<T>;
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutOrOptions: number | WaitOptions = {},
  everyMs?: number,
): Promise<T> {
  const o: WaitOptions = typeof timeoutOrOptions === 'number' ? { timeoutMs: timeoutOrOptions, intervalMs: everyMs } : timeoutOrOptions;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const details = () => (o.describe ? `\n${o.describe()}` : '');
  let last: unknown;
  for (;;) {
    const aborted = o.abort?.();
    if (aborted) throw new Error(`Stopped waiting for ${what}: ${aborted}${details()}`);
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}${details()}`);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 100));
  }
}
