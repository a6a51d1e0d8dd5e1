// The simulation_jobs table (issue 16 item 3): the background calibrated simulations asked for by
// POST /api/policy/what-if { simulate: true }. Several API processes share it: a runner claims the
// oldest claimable job with FOR UPDATE SKIP LOCKED (two runners never take the same one), beats a
// heartbeat with its progress while the simulation runs, and every write of a running job names
// its runner, so a runner that lost the job (its heartbeat was late and another took over) cannot
// overwrite the new owner's result. All times are the database's.
import type { DataSource, EntityManager } from 'typeorm';

export type SimulationJobStatus = 'pending' | 'running' | 'succeeded' | 'failed';

/** What the job runs: the calibrated comparison of the version in force with a draft or version. */
export interface SimulationJobRequest {
  draftId?: string;
  version?: string;
  from: string;
  to: string;
  contracts: number;
  seed: string;
}

export interface SimulationJobRow {
  id: string;
  status: SimulationJobStatus;
  request: SimulationJobRequest;
  requestedBy: string;
  progress: number;
  result: Record<string, unknown> | null;
  error: string | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

type Db = DataSource | EntityManager;

/** The rows an UPDATE … RETURNING gave back (TypeORM's PostgreSQL driver answers [rows, count] for an UPDATE). */
async function updated<T>(db: Db, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

const COLUMNS = `id::text AS id, status, request, requested_by::text AS "requestedBy", progress, result, error, attempts,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

export async function insertSimulationJob(db: Db, job: { id: string; request: SimulationJobRequest; requestedBy: string }): Promise<void> {
  await db.query(`INSERT INTO simulation_jobs (id, status, request, requested_by, created_at) VALUES ($1, 'pending', $2, $3, now())`, [job.id, JSON.stringify(job.request), job.requestedBy]);
}

export async function simulationJob(db: Db, id: string): Promise<SimulationJobRow | null> {
  const rows: SimulationJobRow[] = await db.query(`SELECT ${COLUMNS} FROM simulation_jobs WHERE id::text = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * Fails the running jobs whose heartbeat is older than `staleMs` and that have had `maxAttempts`:
 * their runners died (or hung) that many times, so the job is not tried again.
 */
export async function failAbandonedJobs(db: Db, o: { staleMs: number; maxAttempts: number }): Promise<string[]> {
  const rows = await updated<{ id: string }>(
    db,
    `UPDATE simulation_jobs SET status = 'failed', runner = NULL, finished_at = now(),
       error = format('Its runner stopped responding (no heartbeat for %s s) on each of %s attempts', $1::int, attempts)
     WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1::int) AND attempts >= $2
     RETURNING id::text AS id`,
    [Math.ceil(o.staleMs / 1000), o.maxAttempts],
  );
  return rows.map((r) => r.id);
}

/**
 * Claims the oldest pending job, or a running one whose runner stopped beating (stale), for
 * `runner`; null when there is none. Concurrent runners skip each other's locked rows.
 */
export async function claimSimulationJob(db: Db, runner: string, o: { staleMs: number; maxAttempts: number }): Promise<SimulationJobRow | null> {
  const rows = await updated<SimulationJobRow>(
    db,
    `UPDATE simulation_jobs j SET status = 'running', runner = $1, heartbeat_at = now(), started_at = coalesce(j.started_at, now()), attempts = j.attempts + 1, progress = 0
     WHERE j.id = (
       SELECT id FROM simulation_jobs
       WHERE (status = 'pending' OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $2::int))) AND attempts < $3
       ORDER BY created_at, id
       FOR UPDATE SKIP LOCKED
       LIMIT 1)
     RETURNING ${COLUMNS}`,
    [runner, Math.ceil(o.staleMs / 1000), o.maxAttempts],
  );
  return rows[0] ?? null;
}

/** Beats the heartbeat and stores the progress; false when `runner` no longer owns the job. */
export async function beatSimulationJob(db: Db, id: string, runner: string, progress: number): Promise<boolean> {
  const rows = await updated<unknown>(
    db,
    `UPDATE simulation_jobs SET heartbeat_at = now(), progress = greatest(progress, $3) WHERE id = $1 AND runner = $2 AND status = 'running' RETURNING id`,
    [id, runner, Math.min(1, Math.max(0, progress))],
  );
  return rows.length > 0;
}

export async function finishSimulationJob(db: Db, id: string, runner: string, outcome: { result: Record<string, unknown> } | { error: string }): Promise<boolean> {
  const rows =
    'result' in outcome
      ? await updated<unknown>(
          db,
          `UPDATE simulation_jobs SET status = 'succeeded', result = $3, progress = 1, finished_at = now(), runner = NULL WHERE id = $1 AND runner = $2 AND status = 'running' RETURNING id`,
          [id, runner, JSON.stringify(outcome.result)],
        )
      : await updated<unknown>(
          db,
          `UPDATE simulation_jobs SET status = 'failed', error = $3, finished_at = now(), runner = NULL WHERE id = $1 AND runner = $2 AND status = 'running' RETURNING id`,
          [id, runner, outcome.error],
        );
  return rows.length > 0;
}

/** Hands a job back (its runner shuts down cleanly): pending again, and the attempt does not count. */
export async function releaseSimulationJob(db: Db, id: string, runner: string): Promise<void> {
  await db.query(
    `UPDATE simulation_jobs SET status = 'pending', runner = NULL, heartbeat_at = NULL, progress = 0, attempts = greatest(0, attempts - 1) WHERE id = $1 AND runner = $2 AND status = 'running'`,
    [id, runner],
  );
}
