// POST /api/policy/what-if/jobs and GET /api/policy/what-if/jobs/:id on the real stack, on a
// database of its own: a request is validated completely (400 naming the field and rule); a valid
// one answers 202 { jobId }, the API process's runner claims it and runs the calibrated
// simulator (the built CLI, as a child process) on the version in force and a draft, the job
// reports progress while it runs and ends succeeded with the before/after table.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../../src/cli/migrate';
import { loadConfig } from '../../src/config/env.schema';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { type Api, token } from '../support/contracts';
import { http, startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(900_000);

const env = process.env as Record<string, string>;
const name = `calib_jobs_${randomBytes(4).toString('hex')}`;
const withDatabase = (url: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

async function superuser(sql: string): Promise<void> {
  const client = new Client({ connectionString: env.DATABASE_SUPERUSER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let stack: TestStack;
let api: Api;
let draftId: string;
const as = (user: string) => ({ token: token(user) });
const window = { from: '2030-03-01T00:00:00Z', to: '2030-04-01T00:00:00Z' };

beforeAll(async () => {
  await superuser(`CREATE DATABASE ${name} OWNER ${new URL(env.DATABASE_ADMIN_URL).username}`);
  await superuser(`GRANT CONNECT, TEMPORARY ON DATABASE ${name} TO ${new URL(env.DATABASE_URL).username}`);
  const dbEnv = { DATABASE_URL: withDatabase(env.DATABASE_URL), DATABASE_ADMIN_URL: withDatabase(env.DATABASE_ADMIN_URL) };
  await migrate(loadConfig({ ...process.env, NODE_ENV: 'test', SEED_DEMO_DATA: 'true', ...dbEnv }), () => undefined);
  stack = await startTestStack({ api: true, config: dbEnv });
  api = http(stack.baseUrl!);
  const draft = await api('POST', '/api/policy/drafts', { ...as('paula'), body: { fromVersion: SLIM_POLICY.version } });
  expect(draft.status).toBe(201);
  draftId = draft.body.id;
  expect((await api('PATCH', `/api/policy/drafts/${draftId}`, { ...as('paula'), body: { steps: { pricing_review: { params: { maxDiscountPercent: 12 } } } } })).status).toBe(200);
});

afterAll(async () => {
  await stack?.stop();
  await superuser(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe('a simulation request is validated completely: 400 naming the field and rule', () => {
  test.each([
    ['neither draftId nor version', { ...window }, 'draftId', 'one_of'],
    ['both draftId and version', { ...window, draftId: '00000000-0000-4000-8000-000000000000', version: SLIM_POLICY.version }, 'draftId', 'one_of'],
    ['to before from', { version: SLIM_POLICY.version, from: window.to, to: window.from }, 'to', 'after_from'],
    ['a window over the what-if maximum', { version: SLIM_POLICY.version, from: '2030-01-01T00:00:00Z', to: '2031-01-01T00:00:00Z' }, 'to', 'max_window'],
    ['an unknown draft', { ...window, draftId: '00000000-0000-4000-8000-000000000000' }, 'draftId', 'known_draft'],
    ['an unknown version', { ...window, version: 'slim-1999.1.1' }, 'version', 'known_version'],
  ])('%s', async (_label, body, field, rule) => {
    const res = await api('POST', '/api/policy/what-if/jobs', { ...as('paula'), body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  });

  test('shapes: a bad date, contracts out of range, a bad seed, a draft id that is no uuid', async () => {
    for (const [body, field] of [
      [{ version: SLIM_POLICY.version, from: 'yesterday', to: window.to }, 'from'],
      [{ version: SLIM_POLICY.version, ...window, contracts: 0 }, 'contracts'],
      [{ version: SLIM_POLICY.version, ...window, contracts: 5000 }, 'contracts'],
      [{ version: SLIM_POLICY.version, ...window, seed: 'a b' }, 'seed'],
      [{ draftId: 'not-a-uuid', ...window }, 'draftId'],
    ] as const) {
      const res = await api('POST', '/api/policy/what-if/jobs', { ...as('paula'), body });
      expect({ field, status: res.status, named: JSON.stringify(res.body).includes(field) }).toEqual({ field, status: 400, named: true });
    }
  });

  test('only ops and policy admins start and read simulations; an unknown job is 404', async () => {
    expect((await api('POST', '/api/policy/what-if/jobs', { ...as('alice'), body: { version: SLIM_POLICY.version, ...window } })).status).toBe(403);
    expect((await api('GET', '/api/policy/what-if/jobs/00000000-0000-4000-8000-000000000000', as('olivia'))).status).toBe(404);
    expect((await api('GET', '/api/policy/what-if/jobs/nope', as('olivia'))).status).toBe(404);
  });
});

test('a job: 202 { jobId }, then running with progress, then succeeded with the before/after table', async () => {
  const started = await api('POST', '/api/policy/what-if/jobs', { ...as('paula'), body: { draftId, ...window, contracts: 6, seed: '3' } });
  expect(started.status).toBe(202);
  expect(started.body).toEqual({ jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  const path = `/api/policy/what-if/jobs/${started.body.jobId}`;
  expect((await api('GET', path, as('alice'))).status).toBe(403);
  const seen: { status: string; progress: number }[] = [];
  let job: any;
  for (;;) {
    const res = await api('GET', path, as('olivia'));
    expect(res.status).toBe(200);
    job = res.body;
    seen.push({ status: job.status, progress: job.progress });
    if (job.status === 'succeeded' || job.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  expect(job).toMatchObject({ status: 'succeeded', progress: 1, attempts: 1, request: { draftId, contracts: 6, seed: '3', from: '2030-03-01T00:00:00.000Z', to: '2030-04-01T00:00:00.000Z' } });
  expect(job.error).toBeUndefined();
  expect(seen.some((s) => s.status === 'running')).toBe(true);
  // Progress never goes back.
  for (let i = 1; i < seen.length; i++) expect(seen[i].progress).toBeGreaterThanOrEqual(seen[i - 1].progress);
  const { result } = job;
  expect(result.runs.map((r: any) => [r.label, r.policyVersion, r.contracts])).toEqual([
    ['before', SLIM_POLICY.version, 6],
    ['after', `draft-${draftId.slice(0, 8)}`, 6],
  ]);
  expect(result.table.map((row: string[]) => row[0])).toEqual(
    expect.arrayContaining(['Cycle time p50', 'Cycle time p90', 'Share within 72 h', 'Share of step decisions automatic', 'SLA breaches (tasks)']),
  );
  // No trail in this database: every role keeps the default model, and the calibration says so.
  expect(result.calibration).toMatchObject({ contracts: 0, roles: [], rep: { fitted: false } });
});
