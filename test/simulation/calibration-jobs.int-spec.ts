// The simulation_jobs claim protocol on a fresh database: two runners never take the same job
// (FOR UPDATE SKIP LOCKED), a job whose runner stopped beating is claimed again by another, then
// failed once it has had its attempts; a runner that lost its job can neither beat nor finish it;
// a clean shutdown hands a job back without counting the attempt.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import { createAppDataSource } from '../../src/database/data-source';
import { userId } from '../../src/database/seed/demo-organisation';
import {
  beatSimulationJob,
  claimSimulationJob,
  failAbandonedJobs,
  finishSimulationJob,
  insertSimulationJob,
  releaseSimulationJob,
  simulationJob,
} from '../../src/policy/simulation-jobs.repository';
import { simulatorArgs } from '../../src/policy/simulation-job-runner';

jest.setTimeout(120_000);

let fresh: FreshDatabase;
let db: DataSource;
let other: DataSource;
const timings = { staleMs: 60_000, maxAttempts: 2 };
const request = { version: 'slim-2026.12.1', from: '2030-03-01T00:00:00.000Z', to: '2030-04-01T00:00:00.000Z', contracts: 5, seed: '1' };

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_calib_jobs');
  db = createAppDataSource(fresh.config());
  other = createAppDataSource(fresh.config());
  await Promise.all([db.initialize(), other.initialize()]);
});

afterAll(async () => {
  await Promise.all([db?.destroy(), other?.destroy()]);
  await fresh?.drop();
});

beforeEach(async () => {
  await db.query(`DELETE FROM simulation_jobs`);
});

async function newJob(): Promise<string> {
  const id = randomUUID();
  await insertSimulationJob(db, { id, request, requestedBy: userId('paula') });
  return id;
}

/** Makes the job's heartbeat `secondsAgo` old, as if its runner had stopped. */
const age = (id: string, secondsAgo: number) => db.query(`UPDATE simulation_jobs SET heartbeat_at = now() - make_interval(secs => $2) WHERE id = $1`, [id, secondsAgo]);

test('two runners claiming at once: one gets the job, the other nothing', async () => {
  const id = await newJob();
  const claims = await Promise.all([claimSimulationJob(db, 'runner-a', timings), claimSimulationJob(other, 'runner-b', timings)]);
  expect(claims.filter(Boolean).map((c) => c!.id)).toEqual([id]);
  expect(await simulationJob(db, id)).toMatchObject({ status: 'running', attempts: 1 });
});

test('two pending jobs and two runners: each takes one, oldest first', async () => {
  const first = await newJob();
  const second = await newJob();
  const [a, b] = await Promise.all([claimSimulationJob(db, 'runner-a', timings), claimSimulationJob(other, 'runner-b', timings)]);
  expect([a!.id, b!.id].sort()).toEqual([first, second].sort());
});

test('a runner that stopped beating loses the job to another; the first can then neither beat nor finish it', async () => {
  const id = await newJob();
  await claimSimulationJob(db, 'runner-a', timings);
  expect(await beatSimulationJob(db, id, 'runner-a', 0.3)).toBe(true);
  expect(await claimSimulationJob(other, 'runner-b', timings)).toBeNull(); // still beating
  await age(id, 61);
  const taken = await claimSimulationJob(other, 'runner-b', timings);
  expect(taken).toMatchObject({ id, status: 'running', attempts: 2, progress: 0 });
  expect(await beatSimulationJob(db, id, 'runner-a', 0.9)).toBe(false);
  expect(await finishSimulationJob(db, id, 'runner-a', { error: 'late' })).toBe(false);
  expect(await finishSimulationJob(other, id, 'runner-b', { result: { ok: true } })).toBe(true);
  expect(await simulationJob(db, id)).toMatchObject({ status: 'succeeded', progress: 1, result: { ok: true }, error: null });
});

test('a job whose runners died on every attempt is failed, saying why, and never claimed again', async () => {
  const id = await newJob();
  await claimSimulationJob(db, 'runner-a', timings);
  await age(id, 61);
  await claimSimulationJob(db, 'runner-b', timings);
  await age(id, 61);
  expect(await failAbandonedJobs(db, timings)).toEqual([id]);
  const job = await simulationJob(db, id);
  expect(job).toMatchObject({ status: 'failed', attempts: 2 });
  expect(job!.error).toContain('stopped responding');
  expect(await claimSimulationJob(db, 'runner-c', timings)).toBeNull();
});

test('progress only goes up; a clean shutdown hands the job back without counting the attempt', async () => {
  const id = await newJob();
  await claimSimulationJob(db, 'runner-a', timings);
  await beatSimulationJob(db, id, 'runner-a', 0.5);
  await beatSimulationJob(db, id, 'runner-a', 0.2);
  expect((await simulationJob(db, id))!.progress).toBeCloseTo(0.5, 5);
  await releaseSimulationJob(db, id, 'runner-a');
  expect(await simulationJob(db, id)).toMatchObject({ status: 'pending', attempts: 0, progress: 0 });
  expect(await claimSimulationJob(other, 'runner-b', timings)).toMatchObject({ id, attempts: 1 });
});

test('the simulator is asked for the job’s window, version, size and seed, with progress lines and JSON', () => {
  expect(simulatorArgs(request, '/x/server.sh')).toEqual([
    '--calibrate-from-db', '--from', request.from, '--to', request.to, '--policy', request.version, '--contracts', '5', '--seed', '1', '--json', '--progress-lines', '--test-server', '/x/server.sh',
  ]);
});
