// Bounded waits and honest statuses, on real servers: with the worker stopped a decision answers
// 503 with Retry-After within its deadline (and the retry lands once the worker is back); with
// Temporal unreachable a submission is stored (202) and the worker's reconciler starts its
// workflow once Temporal answers; an old Idempotency-Key never restarts a closed contract; a
// database outage is a 503; a delegation round trip is not swallowed; reps do not see where
// other people's requests came from.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket, connect } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { getFreePort } from '../../scripts/lib/free-port';
import { type AppConfig, loadConfig } from '../../src/config/env.schema';
import { createApp } from '../../src/app.factory';
import { createAppDataSource } from '../../src/database/data-source';
import { isDatabaseUnavailable } from '../../src/common/unavailable';
import { AppError } from '../../src/common/app-error';
import { ContractsService } from '../../src/contracts/contracts.service';
import type { CreateContractDto } from '../../src/contracts/contract.dto';
import { createWorker } from '../../src/worker';
import { PolicyService } from '../../src/reference/policy.service';
import { drainTemporalCalls, TemporalCalls } from '../../src/temporal/temporal-calls';
import { ContractStarter } from '../../src/temporal/contract-starter';
import { WorkflowReconciler } from '../../src/temporal/workflow-reconciler';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { aContract } from '../factories/contract.factory';
import { http, type JsonRequest } from '../support/stack';
import { waitFor } from '../support/wait';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import { openTask, submitLegalContract, taskRow, usernameOf } from '../task-links/support';

jest.setTimeout(180_000);

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed by another module of this test file.
}

/** A request that cannot hang the test: it is aborted (and the test fails) well past any deadline. */
function request(baseUrl: string, method: string, path: string, opts: JsonRequest = {}) {
  return http(baseUrl, { timeoutMs: 60_000 })(method, path, opts);
}

function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`, ...overrides });
}

interface Pieces {
  config: AppConfig;
  db: DataSource;
  client: Client;
  native: NativeConnection;
  app: INestApplication;
  baseUrl: string;
  worker?: { worker: Worker; running: Promise<void> };
}

async function startWorkerFor(p: Pick<Pieces, 'config' | 'native' | 'db'>) {
  const worker = await createWorker(p.config, { connection: p.native, db: p.db });
  return { worker, running: worker.run() };
}

async function stopWorker(w: Pieces['worker']) {
  if (!w) return;
  w.worker.shutdown();
  await w.running;
}

/** API (its own client, possibly pointed elsewhere) and a worker on a private task queue. */
async function startPieces(config: AppConfig, apiClient?: Client): Promise<Pieces> {
  const db = createAppDataSource(config);
  await db.initialize();
  const native = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }), namespace: config.TEMPORAL_NAMESPACE });
  const app = await createApp(config, { temporalClient: apiClient ?? client });
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const pieces: Pieces = { config, db, client, native, app, baseUrl };
  pieces.worker = await startWorkerFor(pieces);
  return pieces;
}

async function stopPieces(p: Pieces | undefined) {
  if (!p) return;
  await p.app.close();
  await stopWorker(p.worker);
  await p.client.connection.close();
  await p.native.close();
  await p.db.destroy();
}

/** A client whose server is a closed port: Temporal down, as the API sees it. */
async function unreachableTemporal(): Promise<Client> {
  const port = await getFreePort();
  return new Client({ connection: Connection.lazy({ address: `127.0.0.1:${port}` }) });
}

function reconcilerFor(p: Pick<Pieces, 'config' | 'db'>, client: Client): WorkflowReconciler {
  const policies = new PolicyService(p.config);
  const starter = new ContractStarter({ db: p.db, calls: new TemporalCalls(client, p.config), policyByVersion: (v) => policies.byVersion(v), config: p.config });
  return new WorkflowReconciler(p.db, starter, { intervalMs: 1000, olderThanMs: 0 }, () => undefined);
}

describe('the worker is down', () => {
  let p: Pieces;

  beforeAll(async () => {
    p = await startPieces(testConfig({ TEMPORAL_UPDATE_TIMEOUT_MS: '2000', PUBLIC_BASE_URL: 'https://greenlight.test.example' }));
  });

  afterAll(async () => {
    await stopPieces(p);
  });

  test('a decision answers 503 with Retry-After within its deadline; the same request once the worker is back is applied once', async () => {
    const contract = await submitLegalContract(p.baseUrl, 'Worker outage');
    const task = await openTask(p.db, contract.id, 'legal_review');
    const assignee = usernameOf(task.assignee_id);
    await stopWorker(p.worker);
    p.worker = undefined;

    const body = { decision: 'approve', comment: 'Fine' };
    const refused = await request(p.baseUrl, 'POST', `/api/tasks/${task.id}/decision`, { token: `dev-${assignee}`, body });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.body.details).toMatchObject({ dependency: 'temporal', retrySafe: true, updateId: `decide-${task.id}-${task.assignee_id}-approve` });
    expect((await taskRow(p.db, task.id)).status).toBe('open');

    // Other Updates are bounded the same way.
    const deadline = await request(p.baseUrl, 'POST', `/api/tasks/${task.id}/deadline`, {
      token: 'dev-olivia',
      body: { dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: 'Customer asked for time' },
    });
    expect(deadline.status).toBe(503);
    expect(deadline.body.details.updateId).toMatch(new RegExp(`^deadline-${task.id}-0-[0-9a-f]{16}$`));

    // The client retries the same request, as the 503 invites, until the restarted worker has
    // taken the workflow over (its first task may still wait on the stopped worker's sticky queue).
    p.worker = await startWorkerFor(p);
    const retried = await waitFor(async () => {
      const res = await request(p.baseUrl, 'POST', `/api/tasks/${task.id}/decision`, { token: `dev-${assignee}`, body });
      return res.status === 503 ? null : res;
    }, 'the decision to go through once the worker is back', 90_000, 1000);
    expect(retried.status).toBe(200);
    expect(retried.body.task.status).toBe('decided');
    const [{ n }] = await p.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE contract_id = $1 AND type = 'TASK_DECIDED'`, [contract.id]);
    expect(n).toBe(1);
  });
});

describe('Temporal is unreachable when a contract is submitted', () => {
  let fresh: FreshDatabase;
  let p: Pieces;
  let down: Client;

  beforeAll(async () => {
    fresh = await createFreshDatabase('resilience');
    down = await unreachableTemporal();
    p = await startPieces(fresh.config({ NODE_ENV: 'test', LOG_LEVEL: 'error', TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`, TEMPORAL_CALL_TIMEOUT_MS: '1500' }), down);
  });

  afterAll(async () => {
    await stopPieces(p);
    if (down) await drainTemporalCalls(down);
    await down?.connection.close();
    await fresh?.drop();
  });

  test('the submission is stored and answered 202; the reconciler starts the workflow once Temporal answers', async () => {
    const api = http(p.baseUrl);
    const submitted = await request(p.baseUrl, 'POST', '/api/contracts', { token: 'dev-alice', body: aContract({ title: 'Submitted during an outage' }) });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'in_review', workflowStarted: false });
    const id = submitted.body.id as string;
    const [stored] = await p.db.query(`SELECT status, workflow_started_at FROM contracts WHERE id = $1`, [id]);
    expect(stored).toEqual({ status: 'in_review', workflow_started_at: null });
    expect((await api('GET', `/api/contracts/${id}`, { token: 'dev-alice' })).body.workflowStarted).toBe(false);

    // Withdrawing needs the workflow: a bounded 503, not "already closed".
    const withdraw = await request(p.baseUrl, 'POST', `/api/contracts/${id}/withdraw`, { token: 'dev-alice', body: { reason: 'test' } });
    expect(withdraw.status).toBe(503);
    expect(withdraw.body.details).toMatchObject({ dependency: 'temporal', retrySafe: true, workflowId: contractWorkflowId(id) });

    // A reconciler pass while Temporal is still down starts nothing and gives the claim back.
    const during = await reconcilerFor(p, down).runOnce();
    expect(during.started).toEqual([]);
    expect(during.failed.map((f) => f.id)).toEqual([id]);
    const [claim] = await p.db.query(`SELECT workflow_started_at, workflow_start_claimed_until FROM contracts WHERE id = $1`, [id]);
    expect(claim).toEqual({ workflow_started_at: null, workflow_start_claimed_until: null });

    // Temporal is back (as the worker's reconciler sees it): the contract runs to the end.
    const after = await reconcilerFor(p, p.client).runOnce();
    expect(after.started).toEqual([id]);
    const done = await waitFor(async () => {
      const c = (await api('GET', `/api/contracts/${id}`, { token: 'dev-alice' })).body;
      return c.status === 'approved' ? c : null;
    }, `contract ${id} to be approved`, 90_000, 250);
    expect(done.workflowStarted).toBe(true);
    const description = await p.client.workflow.getHandle(contractWorkflowId(id)).describe();
    expect(description.type).toBe('contractApprovalWorkflow');

    // Another pass finds nothing to do.
    expect(await reconcilerFor(p, p.client).runOnce()).toEqual({ started: [], alreadyStarted: [], failed: [] });
  });
});

describe('API and database', () => {
  let p: Pieces;

  beforeAll(async () => {
    p = await startPieces(testConfig());
  });

  afterAll(async () => {
    await stopPieces(p);
  });

  test('an old Idempotency-Key on an approved contract returns the stored contract and starts nothing, even after retention removed the run', async () => {
    const key = `old-${randomUUID()}`;
    const body = aContract({ title: 'Replayed much later' });
    const first = await request(p.baseUrl, 'POST', '/api/contracts', { token: 'dev-alice', body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const id = first.body.id as string;
    const handle = p.client.workflow.getHandle(contractWorkflowId(id));
    expect((await handle.result()).status).toBe('approved');

    // What Temporal's retention does to a closed run, now.
    await p.client.workflowService.deleteWorkflowExecution({ namespace: p.config.TEMPORAL_NAMESPACE, workflowExecution: { workflowId: contractWorkflowId(id) } });
    await waitFor(async () => handle.describe().then(() => false, (err) => err instanceof WorkflowNotFoundError), 'the closed run to be deleted', 90_000, 200);

    const replay = await request(p.baseUrl, 'POST', '/api/contracts', { token: 'dev-alice', body, headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual({ id, status: 'approved', workflowStarted: true });
    await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  test('a delegation round trip A->B->A->B ends with B', async () => {
    const contract = await submitLegalContract(p.baseUrl, 'Round trip');
    const task = await openTask(p.db, contract.id, 'legal_review');
    const a = usernameOf(task.assignee_id);
    const b = a === 'lee' ? 'lena' : 'lee';
    const ids: Record<string, string> = { [a]: task.assignee_id, [b]: (await p.db.query(`SELECT id FROM users WHERE username = $1`, [b]))[0].id };
    for (const [from, to] of [[a, b], [b, a], [a, b]]) {
      const res = await request(p.baseUrl, 'POST', `/api/tasks/${task.id}/delegate`, { token: `dev-${from}`, body: { toUserId: ids[to], comment: `${from} to ${to}` } });
      expect([from, to, res.status, res.body.message]).toEqual([from, to, 200, undefined]);
      expect(res.body.assigneeId).toBe(ids[to]);
    }
    expect((await taskRow(p.db, task.id)).assignee_id).toBe(ids[b]);
    const delegations = await p.db.query(
      `SELECT data->>'fromUserId' AS "from", data->>'toUserId' AS "to" FROM audit_events WHERE contract_id = $1 AND type = 'TASK_DELEGATED' ORDER BY id`,
      [contract.id],
    );
    expect(delegations).toEqual([
      { from: ids[a], to: ids[b] },
      { from: ids[b], to: ids[a] },
      { from: ids[a], to: ids[b] },
    ]);
  });

  test("a rep's history shows no request origins; ops see them", async () => {
    const id = (await request(p.baseUrl, 'POST', '/api/contracts', { token: 'dev-alice', body: aContract({ title: 'Whose address' }), headers: { 'user-agent': 'alice-browser' } })).body.id;
    const rep = await request(p.baseUrl, 'GET', `/api/contracts/${id}/history`, { token: 'dev-alice' });
    expect(rep.status).toBe(200);
    expect(rep.body.length).toBeGreaterThan(0);
    for (const event of rep.body) expect(event).not.toHaveProperty('origin');
    const ops = await request(p.baseUrl, 'GET', `/api/contracts/${id}/history`, { token: 'dev-olivia' });
    const submitted = ops.body.find((e: { type: string }) => e.type === 'CONTRACT_SUBMITTED');
    expect(submitted.origin).toMatchObject({ ip: expect.any(String), userAgent: 'alice-browser' });
  });

  test('statement and lock timeouts are recognised as "not now"', async () => {
    const timedOut = await p.db.transaction(async (m) => {
      await m.query(`SET LOCAL statement_timeout = 10`);
      return m.query(`SELECT pg_sleep(1)`).then(() => null, (err: unknown) => err);
    }).catch((err: unknown) => err);
    expect((timedOut as { code?: string }).code).toBe('57014');
    expect(isDatabaseUnavailable(timedOut)).toBe(true);

    const runner = p.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT id FROM users WHERE username = 'alice' FOR UPDATE`);
      const locked = await p.db.query(`SELECT id FROM users WHERE username = 'alice' FOR UPDATE NOWAIT`).then(() => null, (err: unknown) => err);
      expect((locked as { code?: string }).code).toBe('55P03');
      expect(isDatabaseUnavailable(locked)).toBe(true);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

describe('the database is down', () => {
  let proxy: Server;
  const sockets = new Set<Socket>();
  let p: Pieces;

  /** A TCP relay in front of the test PostgreSQL: closing it is an outage as the API sees one. */
  async function startRelay(port: number, target: URL): Promise<Server> {
    const server = createServer((socket) => {
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(socket).add(upstream);
      socket.pipe(upstream).pipe(socket);
      const close = () => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return server;
  }

  beforeAll(async () => {
    const target = new URL(process.env.DATABASE_URL!);
    const port = await getFreePort();
    proxy = await startRelay(port, target);
    const url = new URL(process.env.DATABASE_URL!);
    url.host = `127.0.0.1:${port}`;
    p = await startPieces(testConfig({ DATABASE_URL: url.toString() }));
  });

  afterAll(async () => {
    proxy.close();
    for (const s of sockets) s.destroy();
    await stopPieces(p).catch(() => undefined);
  });

  test('requests answer 503 with Retry-After, not 500; a submission without Idempotency-Key says a retry is not safe', async () => {
    expect((await request(p.baseUrl, 'GET', '/api/contracts', { token: 'dev-alice' })).status).toBe(200);

    await new Promise<void>((resolve) => {
      proxy.close(() => resolve());
      for (const s of sockets) s.destroy();
    });

    const list = await request(p.baseUrl, 'GET', '/api/contracts', { token: 'dev-alice' });
    expect(list.status).toBe(503);
    expect(list.headers.get('retry-after')).toBe('5');
    expect(list.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { dependency: 'database', retrySafe: true } });

    const health = await request(p.baseUrl, 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.database.ok).toBe(false);

    // Past authentication (which needs the database too), the submission itself: without a key a
    // retry might store the contract twice, so the 503 says so; with a key it is safe.
    const alice = { id: randomUUID(), username: 'alice', displayName: 'Alice', email: 'alice@example.com', roles: ['rep'], managerId: null, timeZone: null };
    const service = p.app.get(ContractsService);
    const unkeyed = await service.submit(alice, aContract() as CreateContractDto, undefined, {}).then(() => null, (err: unknown) => err);
    expect(unkeyed).toBeInstanceOf(AppError);
    expect(unkeyed).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { dependency: 'database', retrySafe: false } });
    const keyed = await service.submit(alice, aContract() as CreateContractDto, 'key-1', {}).then(() => null, (err: unknown) => err);
    expect(keyed).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { dependency: 'database', retrySafe: true } });
  });
});
