// Background calibrated simulations (issue 16 item 3): POST /api/policy/what-if with
// `simulate: true` stores a pending job; any API process claims it (FOR UPDATE SKIP LOCKED), runs
// it, beats a heartbeat with its progress and stores the result or the error. A running job whose
// heartbeat stopped (its process died) is claimed again, or failed once it has had its attempts.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SimulationJobs1764806400400 implements MigrationInterface {
  name = 'SimulationJobs1764806400400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE simulation_jobs (
        id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
        request jsonb NOT NULL,
        requested_by uuid NOT NULL REFERENCES users(id),
        progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
        result jsonb,
        error text,
        attempts int NOT NULL DEFAULT 0,
        runner text,
        heartbeat_at timestamptz,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        CHECK ((status = 'succeeded') = (result IS NOT NULL)),
        CHECK ((status = 'failed') = (error IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX simulation_jobs_open_idx ON simulation_jobs (created_at) WHERE status IN ('pending', 'running')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE simulation_jobs`);
  }
}
