// Runs the background calibrated simulations (simulation_jobs) in every API process: polls for a
// claimable job (one at a time per process; FOR UPDATE SKIP LOCKED keeps runners apart), runs it,
// beats its heartbeat with the progress, and stores the result or the error.
//
// The simulation itself is the simulator's CLI (`npm run simulate -- --calibrate-from-db`, built to
// dist/tools/cli/simulate.js) run as a child process: it needs Temporal's time-skipping server and
// an embedded PostgreSQL, which are development tooling that production code may not import, and a
// run of hundreds of contracts would take the API's event loop for minutes. The child reads the
// trail from this process's database, prints "simulate-progress: <share>" lines on stderr and the
// result as JSON on stdout. Where the simulator is not installed, a claimed job fails saying so.
//
// Failure handling: a job whose runner stops beating for STALE_MS (the process died; its child,
// whose pipes then close, dies too) is claimed again by any runner, up to MAX_ATTEMPTS, then
// failed. A clean shutdown stops the child (by its pid) and hands the job back without counting
// the attempt. A run longer than RUN_TIMEOUT_MS is stopped and failed.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import {
  beatSimulationJob,
  claimSimulationJob,
  failAbandonedJobs,
  finishSimulationJob,
  releaseSimulationJob,
  type SimulationJobRequest,
  type SimulationJobRow,
} from './simulation-jobs.repository';

export const SIMULATION_JOB_TIMINGS = {
  pollMs: 5_000,
  heartbeatMs: 5_000,
  staleMs: 60_000,
  maxAttempts: 2,
  runTimeoutMs: 2 * 3_600_000,
};

/** The simulator's progress lines (tools/simulation/calibration-run.ts, PROGRESS_PREFIX). */
const PROGRESS_LINE = /^simulate-progress: ([\d.]+)$/;
/** How much of the child's stderr a failed job keeps. */
const ERROR_TAIL_CHARS = 2_000;

/** dist/tools/cli/simulate.js of this checkout or image, found from this file (src/ or dist/src/). */
export function simulatorScript(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      const script = join(dir, 'dist', 'tools', 'cli', 'simulate.js');
      return existsSync(script) ? script : null;
    }
    dir = dirname(dir);
  }
  return null;
}

/** The simulator's arguments for a job. */
export function simulatorArgs(r: SimulationJobRequest, testServer?: string): string[] {
  return [
    '--calibrate-from-db',
    '--from',
    r.from,
    '--to',
    r.to,
    ...(r.draftId ? ['--draft', r.draftId] : ['--policy', r.version!]),
    '--contracts',
    String(r.contracts),
    '--seed',
    r.seed,
    '--json',
    '--progress-lines',
    ...(testServer ? ['--test-server', testServer] : []),
  ];
}

interface Running {
  job: SimulationJobRow;
  child: ChildProcess;
  progress: number;
  beat: NodeJS.Timeout;
  deadline: NodeJS.Timeout;
  /** Set when this process stops the child: the job goes back, it did not fail. */
  releasing: boolean;
  done: Promise<void>;
}

@Injectable()
export class SimulationJobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SimulationJobs');
  readonly runnerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private poll?: NodeJS.Timeout;
  private running?: Running;
  private ticking = false;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.poll = setInterval(() => this.wake(), SIMULATION_JOB_TIMINGS.pollMs);
    this.poll.unref();
  }

  /** Looks for a job now (after one is stored, so this process starts it without waiting for the poll). */
  wake(): void {
    void this.tick();
  }

  private async tick(): Promise<void> {
    if (this.running || this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const timings = { staleMs: SIMULATION_JOB_TIMINGS.staleMs, maxAttempts: SIMULATION_JOB_TIMINGS.maxAttempts };
      for (const id of await failAbandonedJobs(this.db, timings)) this.logger.warn(`simulation job ${id} failed: its runners stopped responding`);
      const job = await claimSimulationJob(this.db, this.runnerId, timings);
      if (job && !this.stopped) this.start(job);
      else if (job) await releaseSimulationJob(this.db, job.id, this.runnerId);
    } catch (err) {
      this.logger.error(`simulation jobs: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.ticking = false;
    }
  }

  private start(job: SimulationJobRow): void {
    const script = simulatorScript();
    if (!script) {
      void this.finish(job, { error: 'The simulator is not installed where this API runs (dist/tools/cli/simulate.js and its development dependencies); run npm run build:server in a development checkout' });
      return;
    }
    this.logger.log(`simulation job ${job.id}: starting (attempt ${job.attempts})`);
    const child = spawn(process.execPath, [script, ...simulatorArgs(job.request, process.env.TEMPORAL_TEST_SERVER_PATH)], {
      env: {
        ...process.env,
        NODE_ENV: this.config.NODE_ENV,
        LOG_LEVEL: 'warn',
        DATABASE_URL: this.config.DATABASE_URL,
        DATABASE_ADMIN_URL: this.config.DATABASE_ADMIN_URL ?? this.config.DATABASE_URL,
        ORG_TIME_ZONE: this.config.ORG_TIME_ZONE,
        CONTRACT_TARGET_HOURS: String(this.config.CONTRACT_TARGET_HOURS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    const run: Running = {
      job,
      child,
      progress: 0,
      releasing: false,
      beat: setInterval(() => void this.beat(run), SIMULATION_JOB_TIMINGS.heartbeatMs),
      deadline: setTimeout(() => {
        stderr += `\nstopped after ${SIMULATION_JOB_TIMINGS.runTimeoutMs / 60_000} minutes`;
        this.stopChild(run);
      }, SIMULATION_JOB_TIMINGS.runTimeoutMs),
      done: Promise.resolve(),
    };
    this.running = run;
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => {
      const text = partial + d.toString();
      const lines = text.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const m = PROGRESS_LINE.exec(line);
        if (m) run.progress = Math.max(run.progress, Number(m[1]));
        else stderr = (stderr + line + '\n').slice(-ERROR_TAIL_CHARS);
      }
    });
    run.done = new Promise<void>((resolve) => {
      child.on('error', (err) => (stderr += `\n${err.message}`));
      child.on('close', (code, signal) => {
        clearInterval(run.beat);
        clearTimeout(run.deadline);
        void (async () => {
          try {
            if (run.releasing) await releaseSimulationJob(this.db, job.id, this.runnerId);
            else if (code === 0) await this.finish(job, parseResult(stdout));
            else await this.finish(job, { error: `The simulation stopped (${signal ?? `exit ${code}`}): ${stderr.trim().slice(-ERROR_TAIL_CHARS)}` });
          } catch (err) {
            this.logger.error(`simulation job ${job.id}: ${err instanceof Error ? err.message : String(err)}`);
          } finally {
            this.running = undefined;
            resolve();
            if (!this.stopped) this.wake();
          }
        })();
      });
    });
  }

  private async beat(run: Running): Promise<void> {
    try {
      if (!(await beatSimulationJob(this.db, run.job.id, this.runnerId, run.progress))) {
        // Another runner took the job over (this one was taken for dead): stop, store nothing.
        this.logger.warn(`simulation job ${run.job.id}: taken over by another runner; stopping`);
        run.releasing = true;
        this.stopChild(run);
      }
    } catch (err) {
      this.logger.warn(`simulation job ${run.job.id}: heartbeat failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private stopChild(run: Running): void {
    if (run.child.pid !== undefined && run.child.exitCode === null) run.child.kill('SIGTERM');
  }

  private async finish(job: SimulationJobRow, outcome: { result: Record<string, unknown> } | { error: string }): Promise<void> {
    const stored = await finishSimulationJob(this.db, job.id, this.runnerId, outcome);
    this.logger.log(`simulation job ${job.id}: ${'result' in outcome ? 'succeeded' : `failed: ${outcome.error.slice(0, 200)}`}${stored ? '' : ' (not stored: no longer this runner\'s)'}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    const run = this.running;
    if (run) {
      run.releasing = true;
      this.stopChild(run);
      await run.done;
    }
  }
}

/** The result: the last stdout line that is a JSON object (the simulator prints it on one line with --progress-lines). */
function parseResult(stdout: string): { result: Record<string, unknown> } | { error: string } {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith('{'));
  try {
    const parsed: unknown = line ? JSON.parse(line) : undefined;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { result: parsed as Record<string, unknown> };
  } catch {
    // Reported below.
  }
  return { error: `The simulator finished without a result: ${stdout.slice(-ERROR_TAIL_CHARS)}` };
}
