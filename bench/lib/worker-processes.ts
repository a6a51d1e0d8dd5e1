// N benchmark workers as child processes (dist/bench/lib/bench-worker.js), each started and
// stopped by its pid. Separate processes rather than N Worker instances in this process: the
// bench process also runs the API and the load, and Worker instances in one process share one
// event loop and one core, so a second in-process worker would measure nothing about scaling out.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ManagedProcess, spawnManaged } from '../../scripts/lib/processes';
import { waitFor } from '../../scripts/lib/wait';
import type { BenchWorkerOptions } from './bench-worker';

export interface WorkerPool {
  pids: number[];
  /** Resident set size of each worker, in MiB (from /proc). */
  rssMiB(): number[];
  stop(): Promise<void>;
}

export async function startWorkerProcesses(count: number, env: Record<string, string>, tuning: BenchWorkerOptions): Promise<WorkerPool> {
  const procs: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(procs.map((p) => p.stop({ signal: 'SIGTERM', timeoutMs: 30_000 })));
  };
  try {
    for (let i = 0; i < count; i++) {
      const logFile = join(tmpdir(), `greenlight-bench-worker-${process.pid}-${i}.log`);
      const proc = spawnManaged({
        name: `bench-worker-${i}`,
        command: process.execPath,
        args: [require.resolve('./bench-worker'), JSON.stringify(tuning)],
        env: { ...env, NODE_ENV: env.NODE_ENV ?? 'test' },
        logFile,
        stopOnExit: true,
      });
      procs.push(proc);
      await waitFor(async () => readFileSync(logFile, 'utf8').includes('bench-worker: ready'), `bench worker ${i}`, {
        timeoutMs: 120_000,
        intervalMs: 200,
        abort: () => {
          const exit = proc.exitInfo();
          return exit ? `worker ${i} exited (${exit.code ?? exit.signal}); log ${logFile}` : undefined;
        },
        describe: () => proc.tail(25),
      });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    pids: procs.map((p) => p.pid),
    rssMiB: () => procs.map((p) => rssMiB(p.pid)),
    stop,
  };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
