// The supervisor behind `npm start`: a child that dies on its own is restarted after an
// exponential backoff, a start that fails counts as a crash, an exit that no restart cures is
// given up on, and stop() stops the child it started (by its pid) and nothing restarts after.
// Real child processes (node one-liners), no servers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backoffDelay, isAlive, type ManagedProcess, spawnManaged, supervise } from './processes';
import { waitFor } from './wait';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'supervisor-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A node child that exits with code 1 on its first `crashes` runs (counted in a file), then stays up. */
function flaky(crashes: number): () => ManagedProcess {
  const counter = join(dir, 'runs');
  writeFileSync(counter, '0');
  const script = `
    const fs = require('fs');
    const runs = Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;
    fs.writeFileSync(${JSON.stringify(counter)}, String(runs));
    if (runs <= ${crashes}) process.exit(1);
    setInterval(() => undefined, 1000);
  `;
  return () => spawnManaged({ name: 'flaky', command: process.execPath, args: ['-e', script], logFile: join(dir, 'flaky.log') });
}

const runs = () => Number(readFileSync(join(dir, 'runs'), 'utf8'));

test('backoff doubles from the initial delay up to the cap', () => {
  const o = { initialMs: 1000, factor: 2, maxMs: 30_000, resetAfterMs: 60_000 };
  expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, o))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
});

test('a child that crashes is restarted with growing delays until it stays up, and is logged each time', async () => {
  const lines: string[] = [];
  const supervisor = await supervise({ name: 'worker', start: flaky(3), backoff: { initialMs: 20, factor: 2, maxMs: 1000 }, log: (l) => lines.push(l) });
  try {
    await waitFor(async () => runs() === 4 && supervisor.current() !== undefined, 'the fourth run to stay up', { timeoutMs: 20_000, intervalMs: 20 });
    expect(supervisor.crashes.map((c) => c.restartInMs)).toEqual([20, 40, 80]);
    expect(supervisor.crashes.map((c) => c.crashesInARow)).toEqual([1, 2, 3]);
    expect(supervisor.crashes.every((c) => 'code' in c.exit && c.exit.code === 1)).toBe(true);
    expect(lines.filter((l) => /worker exited unexpectedly \(code 1\).*restarting in/.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /worker restarted \(pid \d+\)/.test(l))).toHaveLength(3);
    expect(isAlive(supervisor.current()!.pid)).toBe(true);
  } finally {
    await supervisor.stop();
  }
});

test('a SIGKILLed child comes back under a new pid; stop() ends it by pid and nothing restarts it', async () => {
  const supervisor = await supervise({ name: 'api', start: flaky(0), backoff: { initialMs: 20 }, log: () => undefined });
  const first = supervisor.current()!;
  await waitFor(async () => runs() === 1, 'the first run', { timeoutMs: 10_000, intervalMs: 20 });
  const next = supervisor.nextStart();
  process.kill(first.pid, 'SIGKILL');
  const second = await next;
  expect(second.pid).not.toBe(first.pid);
  expect(supervisor.crashes).toHaveLength(1);
  expect(supervisor.crashes[0].exit).toEqual({ code: null, signal: 'SIGKILL' });
  await waitFor(async () => runs() === 2, 'the second run', { timeoutMs: 10_000, intervalMs: 20 });

  await supervisor.stop();
  expect(await second.exited).toEqual({ code: null, signal: 'SIGTERM' });
  expect(isAlive(second.pid)).toBe(false);
  // The exit that stop() caused is not a crash, and nothing was started in its place.
  expect(supervisor.crashes).toHaveLength(1);
  expect(supervisor.current()).toBeUndefined();
});

test('a restart that fails to start counts as a crash and is retried', async () => {
  let attempts = 0;
  const start = flaky(1);
  const lines: string[] = [];
  const supervisor = await supervise({
    name: 'worker',
    start: () => {
      attempts += 1;
      if (attempts === 2) throw new Error('entry point missing');
      return start();
    },
    backoff: { initialMs: 10 },
    log: (l) => lines.push(l),
  });
  try {
    await waitFor(async () => attempts === 3 && supervisor.current() !== undefined, 'the third attempt to run', { timeoutMs: 20_000, intervalMs: 20 });
    expect(supervisor.crashes.map((c) => ('error' in c.exit ? c.exit.error : c.exit.code))).toEqual([1, 'entry point missing']);
    expect(lines.some((l) => l.includes('worker failed to start: entry point missing'))).toBe(true);
  } finally {
    await supervisor.stop();
  }
});

test('an exit that no restart cures is given up on', async () => {
  const given: unknown[] = [];
  const supervisor = await supervise({
    name: 'api',
    start: () => spawnManaged({ name: 'config', command: process.execPath, args: ['-e', 'process.exit(78)'], logFile: join(dir, 'config.log') }),
    backoff: { initialMs: 10 },
    log: () => undefined,
    giveUpWhen: (exit) => exit.code === 78,
    onGiveUp: (exit) => given.push(exit),
  });
  await waitFor(async () => given.length === 1, 'the give-up', { timeoutMs: 10_000, intervalMs: 20 });
  expect(given).toEqual([{ code: 78, signal: null }]);
  expect(supervisor.crashes).toHaveLength(0);
  expect(supervisor.current()).toBeUndefined();
  await supervisor.stop();
});
