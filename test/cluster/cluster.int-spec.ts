// Issue 14 item 2: the API and the worker are stateless, proven on the production shape.
// One PostgreSQL (its own temporary cluster, holding Greenlight's and Temporal's databases), the
// real multi-service Temporal server v1.29.1 on it (scripts/lib/temporal-cluster.ts), and the
// app as real OS processes from dist/: two API processes and two worker processes, started and
// stopped here by pid. A contract that needs people's decisions is submitted on API 1, decided
// alternately on API 2 and API 1, and read on both; worker 1 is SIGKILLed while the contract
// waits on a person and started again later. The contract must end approved exactly once (one
// CONTRACT_APPROVED audit event, one order), both APIs must agree, and the workflow history must
// show that both worker processes executed its tasks (their identities, pid@host). Then the
// Temporal server is restarted on the same database: the contract's workflow is still there,
// setup (schema, namespace, search attributes) is idempotent, and a new contract still runs.
//
// The cluster binaries are built here (scripts/provision.sh --cluster, once per clone: minutes
// the first time, instant afterwards), not by the other suites.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { startPostgres, type PostgresHandle } from '../../scripts/lib/embedded-postgres';
import { getFreePort } from '../../scripts/lib/free-port';
import { logsDir, repoRoot } from '../../scripts/lib/paths';
import { type ManagedProcess, spawnManaged } from '../../scripts/lib/processes';
import { ensureClusterBinaries, startTemporalCluster, type TemporalClusterHandle } from '../../scripts/lib/temporal-cluster';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { aContract, STANDARD_CLAUSES } from '../factories/contract.factory';
import { http } from '../support/http';
import { waitFor } from '../support/wait';

// Generous per-test limits: in `npm test` the int files share two cores with this file's
// Temporal server, PostgreSQL and four Node processes.
const clusterLogs = join(logsDir, 'test', 'cluster');
const dist = (path: string) => join(repoRoot, 'dist', path);
const taskQueue = `cluster-test-${randomUUID()}`;

let postgres: PostgresHandle | undefined;
let temporal: TemporalClusterHandle | undefined;
let connection: Connection | undefined;
let temporalClient: TemporalClient;
let db: PgClient | undefined;
const apis: { process: ManagedProcess; url: string }[] = [];
const workers: ManagedProcess[] = [];
/** Every worker process this file started, to stop what still runs at the end. */
const allWorkers: ManagedProcess[] = [];
/** The contract of the two-API test, for the restart test. */
let approvedId: string | undefined;

function appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    SEED_DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: postgres!.appUrl,
    DATABASE_ADMIN_URL: postgres!.adminUrl,
    TEMPORAL_ADDRESS: temporal!.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    // The int project's Mailpit (global setup).
    SMTP_URL: process.env.SMTP_URL,
    MAILPIT_URL: process.env.MAILPIT_URL,
    // Two workers on one machine: no /metrics port to share.
    METRICS_PORT: '0',
    ...extra,
  };
}

function spawnNode(name: string, script: string, env: NodeJS.ProcessEnv): ManagedProcess {
  return spawnManaged({ name, command: process.execPath, args: [dist(script)], env, cwd: repoRoot, logFile: join(clusterLogs, `${name}.log`), stopOnExit: true });
}

async function runToExit(name: string, script: string): Promise<void> {
  const proc = spawnNode(name, script, appEnv());
  const exit = await proc.exited;
  if (exit.code !== 0) throw new Error(`${script} failed (${exit.signal ?? `exit ${exit.code}`}):\n${proc.tail(40)}`);
}

/** A worker process; resolves once it polls the task queue (Temporal lists it as a poller). */
async function startWorkerProcess(name: string): Promise<ManagedProcess> {
  const proc = spawnNode(name, 'src/worker.js', appEnv());
  allWorkers.push(proc);
  const identity = `${proc.pid}@`;
  await waitFor(
    async () => {
      if (proc.exitInfo()) throw new Error(`${name} exited: ${proc.tail(30)}`);
      const { pollers } = await connection!.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 1 });
      return pollers.some((p) => p.identity?.startsWith(identity));
    },
    `${name} (pid ${proc.pid}) to poll ${taskQueue}`,
    { timeoutMs: 60_000, intervalMs: 300, describe: () => proc.tail(20) },
  );
  return proc;
}

async function startApiProcess(name: string): Promise<{ process: ManagedProcess; url: string }> {
  const port = await getFreePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawnNode(name, 'src/main.js', appEnv({ PORT: String(port), PUBLIC_BASE_URL: url }));
  await waitFor(
    async () => {
      if (proc.exitInfo()) throw new Error(`${name} exited: ${proc.tail(30)}`);
      return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
    },
    `${name} on ${url}`,
    { timeoutMs: 60_000, intervalMs: 300, describe: () => proc.tail(20) },
  );
  return { process: proc, url };
}

beforeAll(async () => {
  // Once per clone: go install of the server, schema tool and UI server (instant when built).
  await ensureClusterBinaries();
  postgres = await startPostgres({ port: await getFreePort(), persistent: false, logFile: join(clusterLogs, 'postgres.log') });
  temporal = await startTemporalCluster({ superuserUrl: postgres.superuserUrl, ports: 'free', logFile: join(clusterLogs, 'temporal-server.log') });
  connection = await Connection.connect({ address: temporal.address });
  temporalClient = new TemporalClient({ connection, namespace: 'default' });
  db = new PgClient({ connectionString: postgres.superuserUrl });
  await db.connect();
  await runToExit('migrate', 'src/cli/migrate.js');
}, 30 * 60_000);

afterAll(async () => {
  await Promise.allSettled(apis.map((a) => a.process.stop({ signal: 'SIGTERM', timeoutMs: 20_000 })));
  await Promise.allSettled(allWorkers.map((w) => w.stop({ signal: 'SIGTERM', timeoutMs: 30_000 })));
  await db?.end().catch(() => undefined);
  await connection?.close().catch(() => undefined);
  await temporal?.stop();
  await postgres?.stop();
}, 120_000);

test('the cluster server registered the default namespace and every Greenlight search attribute', async () => {
  const ns = await connection!.workflowService.describeNamespace({ namespace: 'default' });
  expect(Number(ns.config?.workflowExecutionRetentionTtl?.seconds)).toBe(24 * 3600);
  const { customAttributes } = await connection!.operatorService.listSearchAttributes({ namespace: 'default' });
  expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(['ContractStatus', 'CurrentStep', 'SubmitterId', 'CustomerCountry', 'ContractAmount']));
  const { rows } = await db!.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname IN ('temporal', 'temporal_visibility') ORDER BY 1`);
  expect(rows.map((r) => r.datname)).toEqual(['temporal', 'temporal_visibility']);
});

test('a contract through two APIs and two workers, one worker killed mid-contract: approved exactly once, both workers in its history', async () => {
  apis.push(await startApiProcess('api-1'), await startApiProcess('api-2'));
  const [api1, api2] = apis.map((a) => http(a.url, { timeoutMs: 30_000 }));
  // Worker 1 alone first: everything up to the first person's task is its work.
  workers.push(await startWorkerProcess('worker-1'));

  // A deviating liability clause: the sales manager and legal must decide.
  const liability = { key: 'liability', text: 'Each party accepts unlimited liability for any damages arising under this Agreement.' };
  const submission = aContract({ title: `Cluster ${taskQueue}`, clauses: [...STANDARD_CLAUSES.filter((c) => c.key !== 'liability'), liability] });
  const created = await api1('POST', '/api/contracts', { token: 'dev-alice', body: submission });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  approvedId = id;

  const openTasks = async (api: typeof api1) => {
    const res = await api('GET', `/api/contracts/${id}`, { token: 'dev-olivia' });
    expect(res.status).toBe(200);
    return res.body as { status: string; openTasks: { id: string; assignee: { id: string }; stepKey: string }[] };
  };
  const usernameOf = async (userId: string) => (await db!.query<{ username: string }>('SELECT username FROM users WHERE id = $1', [userId])).rows[0].username;

  // The first person's task, read through API 2.
  const first = await waitFor(async () => ((await openTasks(api2)).openTasks.length > 0 ? openTasks(api2) : null), 'the first open task', 60_000);

  // Worker 2 joins; worker 1 is killed outright while the contract waits on a person.
  workers.push(await startWorkerProcess('worker-2'));
  const killed = workers[0];
  await killed.stop({ signal: 'SIGKILL' });

  // Decisions alternate between the APIs, starting with API 2; worker 1 comes back after the first.
  const decidedTasks = new Set<string>();
  let turn = 0;
  let retriedAfter503 = 0;
  let current = first;
  let restarted: ManagedProcess | undefined;
  while (current.status === 'in_review') {
    for (const task of current.openTasks) {
      if (decidedTasks.has(task.id)) continue;
      const api = turn++ % 2 === 0 ? api2 : api1;
      const as = `dev-${await usernameOf(task.assignee.id)}`;
      // Right after the kill the workflow still sits in worker 1's sticky queue until Temporal
      // gives up on it and hands it to worker 2: the API answers 503 with Retry-After within its
      // Update deadline, and a client retries (a retry may find the first attempt applied).
      let res = await api('POST', `/api/tasks/${task.id}/decision`, { token: as, body: { decision: 'approve' } });
      let attempts = 1;
      for (; res.status === 503 && attempts < 10; attempts++) {
        expect(res.headers.get('retry-after')).toBeTruthy();
        retriedAfter503++;
        await new Promise((r) => setTimeout(r, 1000));
        res = await api('POST', `/api/tasks/${task.id}/decision`, { token: as, body: { decision: 'approve' } });
      }
      if (res.status === 409 && attempts > 1) expect(res.body?.code).toBe('TASK_ALREADY_DECIDED');
      else expect(res.status).toBe(200);
      decidedTasks.add(task.id);
    }
    if (!restarted) {
      restarted = await startWorkerProcess('worker-1-restarted');
      workers.push(restarted);
    }
    // Reads alternate too.
    current = await waitFor(
      async () => {
        const c = await openTasks(turn % 2 === 0 ? api1 : api2);
        return c.status !== 'in_review' || c.openTasks.some((t) => !decidedTasks.has(t.id)) ? c : null;
      },
      'the next task or the outcome',
      90_000,
    );
  }
  expect(current.status).toBe('approved');
  expect(decidedTasks.size).toBeGreaterThanOrEqual(2);
  if (retriedAfter503 > 0) process.stdout.write(`[cluster] ${retriedAfter503} decision attempt(s) answered 503 while worker 1's sticky queue timed out; retried\n`);

  // Both APIs read the same outcome.
  for (const api of [api1, api2]) {
    const res = await api('GET', `/api/contracts/${id}`, { token: 'dev-olivia' });
    expect(res.body.status).toBe('approved');
  }
  const result = await temporalClient.workflow.getHandle(contractWorkflowId(id)).result();
  expect(result.status).toBe('approved');

  // Approved exactly once: one CONTRACT_APPROVED event, one order.
  const approvedEvents = await db!.query(`SELECT 1 FROM audit_events WHERE contract_id = $1 AND type = 'CONTRACT_APPROVED'`, [id]);
  expect(approvedEvents.rowCount).toBe(1);
  const orders = await db!.query('SELECT 1 FROM orders WHERE contract_id = $1', [id]);
  expect(orders.rowCount).toBe(1);

  // The history names the workers that executed its tasks: the killed worker 1 and worker 2.
  const identities = new Set<string>();
  const history = await temporalClient.workflow.getHandle(contractWorkflowId(id)).fetchHistory();
  for (const event of history.events ?? []) {
    const identity = event.workflowTaskCompletedEventAttributes?.identity ?? event.activityTaskStartedEventAttributes?.identity;
    if (identity) identities.add(identity);
  }
  const byPid = (proc: ManagedProcess) => [...identities].some((i) => i.startsWith(`${proc.pid}@`));
  expect({ killedWorker1: byPid(killed), worker2: byPid(workers[1]) }).toEqual({ killedWorker1: true, worker2: true });
  // Nothing but our worker processes executed it.
  const ours = allWorkers.map((w) => `${w.pid}@`);
  expect([...identities].filter((i) => !ours.some((p) => i.startsWith(p)))).toEqual([]);
}, 5 * 60_000);

test('a restart of the Temporal server on the same database keeps the contract, and setup is idempotent', async () => {
  expect(approvedId).toBeDefined();
  const ports = temporal!.ports;
  await temporal!.stop();
  // Same databases and ports: the schema is not set up again, the namespace and search
  // attributes already exist; the running workers and APIs reconnect by themselves.
  temporal = await startTemporalCluster({ superuserUrl: postgres!.superuserUrl, ports, logFile: join(clusterLogs, 'temporal-server.log') });
  const described = await temporalClient.workflow.getHandle(contractWorkflowId(approvedId!)).describe();
  expect(described.status.name).toBe('COMPLETED');

  // And it still runs contracts: an automatic one through API 1, on the workers that were running.
  const api1 = http(apis[0].url, { timeoutMs: 30_000 });
  const created = await waitFor(
    async () => {
      const res = await api1('POST', '/api/contracts', { token: 'dev-alice', body: aContract({ title: `Cluster restart ${taskQueue}` }) });
      return res.status === 201 ? res : null;
    },
    'a submission after the restart',
    60_000,
  );
  const outcome = await waitFor(
    async () => {
      const res = await api1('GET', `/api/contracts/${created.body.id}`, { token: 'dev-olivia' });
      return res.body?.status !== 'in_review' ? res.body.status : null;
    },
    'the automatic contract to finish after the restart',
    90_000,
  );
  expect(outcome).toBe('approved');
}, 5 * 60_000);
