// The production entry points (dist/src/worker.js and dist/src/main.js, which the int project's
// global setup builds) as separate OS processes against the test servers: stdout is JSON lines,
// the worker serves /metrics on METRICS_PORT with the Temporal SDK's metrics merged in, the API's
// request line carries the caller's X-Request-Id, and a second worker on a busy METRICS_PORT
// still runs (metrics are not worth refusing work for). Processes are stopped by their pid.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { getFreePort } from '../../scripts/lib/free-port';
import { repoRoot } from '../../scripts/lib/paths';
import { waitFor } from '../support/wait';
import { parseExposition } from './exposition';

interface Proc {
  child: ChildProcess;
  out: string[];
  exited: Promise<number | null>;
}

const started: Proc[] = [];

function start(script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', script)], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (pending + chunk.toString()).split('\n');
    pending = parts.pop() ?? '';
    out.push(...parts.filter((l) => l.trim()));
  });
  child.stderr!.on('data', (chunk: Buffer) => out.push(...chunk.toString().split('\n').filter((l) => l.trim()).map((l) => `stderr: ${l}`)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc = { child, out, exited };
  started.push(proc);
  return proc;
}

const json = (proc: Proc) => proc.out.filter((l) => !l.startsWith('stderr: ')).map((l) => JSON.parse(l) as Record<string, unknown>);

afterAll(async () => {
  for (const p of started) {
    if (p.child.exitCode !== null || p.child.signalCode !== null || !p.child.pid) continue;
    try {
      process.kill(p.child.pid, 'SIGTERM');
    } catch {
      // Exited since the check.
    }
  }
  await Promise.all(started.map((p) => p.exited));
});

it('runs the worker and the API as processes with JSON logs, /metrics and the correlation id', async () => {
  const [metricsPort, apiPort] = [await getFreePort(), await getFreePort()];
  const queue = `test-${randomUUID()}`;
  const worker = start('src/worker.js', { TEMPORAL_TASK_QUEUE: queue, METRICS_PORT: String(metricsPort), LOG_LEVEL: 'info' });
  await waitFor(async () => json(worker).some((l) => /worker: polling task queue/.test(String(l.msg))), 'the worker to poll', {
    timeoutMs: 60_000,
    intervalMs: 100,
    abort: () => (worker.child.exitCode !== null ? `worker exited ${worker.child.exitCode}: ${worker.out.join('\n')}` : undefined),
  });
  const metrics = await waitFor(
    async () => {
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      const parsed = parseExposition(await res.text());
      return parsed.samples.some((s) => s.name.startsWith('temporal_')) ? parsed : null;
    },
    'the SDK metrics on the worker port',
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  expect(metrics.types.get('greenlight_contracts_completed_total')).toBe('counter');
  expect(metrics.types.has('greenlight_tasks_open')).toBe(false);

  // A second worker on the same metrics port logs why it has no /metrics and still polls.
  const second = start('src/worker.js', { TEMPORAL_TASK_QUEUE: queue, METRICS_PORT: String(metricsPort), LOG_LEVEL: 'info' });
  await waitFor(async () => json(second).some((l) => /worker: polling task queue/.test(String(l.msg))), 'the second worker to poll', {
    timeoutMs: 60_000,
    intervalMs: 100,
    abort: () => (second.child.exitCode !== null ? `second worker exited ${second.child.exitCode}: ${second.out.join('\n')}` : undefined),
  });
  expect(json(second).some((l) => l.level === 50 && String(l.msg).includes(`METRICS_PORT ${metricsPort}`))).toBe(true);

  const api = start('src/main.js', { PORT: String(apiPort), LOG_LEVEL: 'info', TEMPORAL_TASK_QUEUE: queue });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/health`).catch(() => null))?.status === 200, 'the API to answer /health', {
    timeoutMs: 60_000,
    intervalMs: 200,
    abort: () => (api.child.exitCode !== null ? `API exited ${api.child.exitCode}: ${api.out.join('\n')}` : undefined),
  });
  const res = await fetch(`http://127.0.0.1:${apiPort}/api/contracts`, { headers: { authorization: 'Bearer dev-alice', 'x-request-id': 'proc-corr-1' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-request-id')).toBe('proc-corr-1');
  await waitFor(async () => json(api).some((l) => l.correlationId === 'proc-corr-1' && l.msg === 'request completed'), 'the request line');
  // Nest's own boot lines went through pino too.
  expect(json(api).some((l) => typeof l.msg === 'string' && l.msg.includes(`http://localhost:${apiPort}/`))).toBe(true);
  const apiMetrics = parseExposition(await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text());
  expect(apiMetrics.samples.some((s) => s.name === 'http_requests_total' && s.labels.route === '/api/contracts' && s.labels.status === '200')).toBe(true);

  for (const p of [api, second, worker]) process.kill(p.child.pid!, 'SIGTERM');
  expect(await worker.exited).toBe(0);
  await Promise.all([api.exited, second.exited]);
  expect(json(worker).some((l) => l.msg === 'worker: stopped')).toBe(true);
  // Every stdout line of every process was JSON (json() throws on any other).
  for (const p of [api, second, worker]) expect(() => json(p)).not.toThrow();
});
