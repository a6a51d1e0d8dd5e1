// Issue 14 items 3 and 4 on the real stack (PostgreSQL, the Temporal dev server, Mailpit): the API
// and a worker run in this process exactly as in production — each with its own pino logger
// (captured here), its own metrics registry and /metrics endpoint, the Temporal Runtime installed
// with the pino logger and its Prometheus exporter — and two contracts run to their outcome:
// one decided by rules only, one with a person's decision.
//   - /metrics of the API and of the worker parse as exposition text and the business counters
//     move by exactly what the contracts did (the audit trail says which rule decisions there were);
//   - the API's, the worker's activity and the mail log lines of a contract share the
//     X-Request-Id it was submitted with; a decision carries its own id, the memo keeps the first.
// This file installs the Runtime itself, so it must not import test/support/stack.ts.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { type AppConfig, loadConfig } from '../../src/config/env.schema';
import { createAppDataSource } from '../../src/database/data-source';
import { createLogger, type Logger } from '../../src/observability/logger';
import { GreenlightMetrics, METRIC_NAMES } from '../../src/observability/metrics';
import { installWorkerRuntime, type MetricsServer, startMetricsServer } from '../../src/observability/worker-observability';
import { createWorker } from '../../src/worker';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { aContract } from '../factories/contract.factory';
import { http } from '../support/http';
import { waitFor } from '../support/wait';
import { byLabel, type Exposition, parseExposition, valueOf } from './exposition';

type Line = Record<string, unknown> & { msg?: string; correlationId?: string };

function capture(): { lines: Line[]; destination: { write(s: string): void } } {
  const lines: Line[] = [];
  return {
    lines,
    destination: {
      write(s: string) {
        for (const part of s.split('\n')) if (part.trim()) lines.push(JSON.parse(part) as Line);
      },
    },
  };
}

let config: AppConfig;
let db: DataSource;
let native: NativeConnection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let app: INestApplication;
let metricsServer: MetricsServer;
let api: ReturnType<typeof http>;
let baseUrl: string;
const apiLog = capture();
const workerLog = capture();

beforeAll(async () => {
  config = loadConfig({ ...process.env, NODE_ENV: 'test', TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`, LOG_LEVEL: 'debug' });
  const apiLogger: Logger = createLogger(config, { name: 'api', destination: apiLog.destination });
  const workerLogger: Logger = createLogger(config, { name: 'worker', destination: workerLog.destination, correlationMixin: true });
  // As startWorker does: before any NativeConnection of this process.
  const { sdkMetricsUrl } = await installWorkerRuntime(config, workerLogger);
  db = createAppDataSource(config);
  await db.initialize();
  native = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  client = new Client({ connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }), namespace: config.TEMPORAL_NAMESPACE });
  const workerMetrics = new GreenlightMetrics('worker');
  worker = await createWorker(config, { connection: native, db, logger: workerLogger, metrics: workerMetrics });
  running = worker.run();
  metricsServer = await startMetricsServer({ host: '127.0.0.1', port: 0, metrics: workerMetrics, sdkMetricsUrl, logger: workerLogger });
  // No temporalClient: the API connects its own, with the correlation interceptor, as in production.
  app = await createApp(config, { logger: apiLogger });
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  api = http(baseUrl, { timeoutMs: 30_000 });
});

afterAll(async () => {
  await app?.close();
  await metricsServer?.close();
  worker?.shutdown();
  await running;
  await client?.connection.close();
  await native?.close();
  await db?.destroy();
});

async function scrape(url: string): Promise<Exposition> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await res.text());
}
const scrapeApi = () => scrape(`${baseUrl}/metrics`);
const scrapeWorker = () => scrape(`http://127.0.0.1:${metricsServer.port}/metrics`);

/** A business metric summed over both processes, as Prometheus would. */
function total(a: Exposition, b: Exposition, name: string, labels: Record<string, string> = {}): number {
  return valueOf(a, name, labels) + valueOf(b, name, labels);
}

async function submit(body: unknown, requestId?: string): Promise<{ id: string; echoed: string | null }> {
  const res = await api('POST', '/api/contracts', { token: 'dev-alice', body, headers: { 'idempotency-key': randomUUID(), ...(requestId ? { 'x-request-id': requestId } : {}) } });
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, echoed: res.headers.get('x-request-id') };
}

interface ContractView {
  status: string;
  openTasks: { id: string; stepKey: string }[];
}

async function contractWhen(id: string, what: string, ok: (c: ContractView) => boolean): Promise<ContractView> {
  return waitFor<ContractView>(
    async () => {
      const res = await api('GET', `/api/contracts/${id}`, { token: 'dev-olivia' });
      return res.status === 200 && ok(res.body) ? res.body : null;
    },
    `contract ${id} ${what}`,
    { timeoutMs: 90_000, intervalMs: 200 },
  );
}

/** Rule decisions the audit trail holds for these contracts, per step. */
async function ruleDecisionsPerStep(ids: string[]): Promise<Record<string, number>> {
  const rows: { step_key: string; n: number }[] = await db.query(
    `SELECT step_key, count(*)::int AS n FROM audit_events
     WHERE contract_id = ANY($1::uuid[]) AND actor_kind = 'rule' AND step_key IS NOT NULL
       AND type IN ('STEP_AUTO_APPROVED', 'STEP_SKIPPED', 'CHANGES_REQUESTED', 'TASK_TIMEOUT_AUTO_APPROVED')
     GROUP BY step_key`,
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.step_key, r.n]));
}

describe('metrics and correlated logs on the real stack', () => {
  it('counts two contracts on /metrics of the API and the worker, and one id follows the first from HTTP to its mail', async () => {
    const beforeApi = await scrapeApi();
    const beforeWorker = await scrapeWorker();
    // Every business metric is defined on both processes (tasks_open on the API only).
    for (const name of [METRIC_NAMES.contractsSubmitted, METRIC_NAMES.contractsCompleted, METRIC_NAMES.cycleTime, METRIC_NAMES.stepDecisions, METRIC_NAMES.slaBreaches, METRIC_NAMES.mailSent]) {
      expect(beforeApi.types.has(name)).toBe(true);
      expect(beforeWorker.types.has(name)).toBe(true);
    }
    expect(beforeApi.types.get(METRIC_NAMES.cycleTime)).toBe('histogram');
    expect(beforeApi.types.get(METRIC_NAMES.tasksOpen)).toBe('gauge');
    expect(beforeWorker.types.has(METRIC_NAMES.tasksOpen)).toBe(false);

    // 1. Decided by rules only, submitted with the caller's request id.
    const auto = await submit(aContract(), 'test-corr-123');
    expect(auto.echoed).toBe('test-corr-123');
    await contractWhen(auto.id, 'approved', (c) => c.status === 'approved');

    // 2. Finance review by fiona (90-day terms); her decision carries its own id.
    const human = await submit(aContract({ paymentTermsDays: 90 }), 'test-corr-human-submit');
    const waiting = await contractWhen(human.id, 'waiting on finance review', (c) => c.openTasks.some((t) => t.stepKey === 'finance_review'));
    const task = waiting.openTasks.find((t) => t.stepKey === 'finance_review')!;
    const whileOpen = await scrapeApi();
    expect(valueOf(whileOpen, METRIC_NAMES.tasksOpen, { step: 'finance_review' })).toBeGreaterThanOrEqual(1);
    const decided = await api('POST', `/api/tasks/${task.id}/decision`, { token: 'dev-fiona', body: { decision: 'approve' }, headers: { 'x-request-id': 'test-corr-decision' } });
    expect(decided.status).toBe(200);
    expect(decided.headers.get('x-request-id')).toBe('test-corr-decision');
    await contractWhen(human.id, 'approved', (c) => c.status === 'approved');
    // The approval mails are sent after the outcome is stored.
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM mail_log WHERE contract_id = ANY($1::uuid[]) AND kind = 'contract_approved' AND status = 'sent'`, [[auto.id, human.id]]))[0].n === 2, 'both approval mails');

    const afterApi = await scrapeApi();
    const afterWorker = await scrapeWorker();
    const delta = (name: string, labels: Record<string, string> = {}) => total(afterApi, afterWorker, name, labels) - total(beforeApi, beforeWorker, name, labels);

    expect(delta(METRIC_NAMES.contractsSubmitted)).toBe(2);
    // Submission is the API's write; outcomes, decisions and mails are the worker's.
    expect(valueOf(afterApi, METRIC_NAMES.contractsSubmitted) - valueOf(beforeApi, METRIC_NAMES.contractsSubmitted)).toBe(2);
    expect(delta(METRIC_NAMES.contractsCompleted, { outcome: 'approved' })).toBe(2);
    expect(delta(METRIC_NAMES.contractsCompleted, { outcome: 'rejected' })).toBe(0);
    expect(delta(`${METRIC_NAMES.cycleTime}_count`)).toBe(2);
    expect(delta(`${METRIC_NAMES.cycleTime}_bucket`, { le: '+Inf' })).toBe(2);
    expect(delta(`${METRIC_NAMES.cycleTime}_sum`)).toBeGreaterThan(0);
    expect(delta(METRIC_NAMES.stepDecisions, { step: 'finance_review', decided_by: 'user' })).toBe(1);
    const rules = await ruleDecisionsPerStep([auto.id, human.id]);
    expect(Object.keys(rules).length).toBeGreaterThan(5);
    for (const [step, n] of Object.entries(rules)) expect({ step, moved: delta(METRIC_NAMES.stepDecisions, { step, decided_by: 'rule' }) }).toEqual({ step, moved: n });
    expect(delta(METRIC_NAMES.mailSent, { kind: 'contract_approved' })).toBe(2);
    expect(delta(METRIC_NAMES.mailSent, { kind: 'task_assigned' })).toBe(1);
    const breaches = (e: Exposition) => Object.values(byLabel(e, METRIC_NAMES.slaBreaches, 'step')).reduce((a, b) => a + b, 0);
    expect(breaches(afterApi) + breaches(afterWorker) - breaches(beforeApi) - breaches(beforeWorker)).toBe(0);

    // HTTP metrics by route template, never the raw path with an id.
    expect(valueOf(afterApi, METRIC_NAMES.httpRequests, { method: 'POST', route: '/api/contracts', status: '201' })).toBeGreaterThanOrEqual(2);
    expect(valueOf(afterApi, METRIC_NAMES.httpRequests, { method: 'POST', route: '/api/tasks/:id/decision', status: '200' })).toBe(1);
    const routes = Object.keys(byLabel(afterApi, METRIC_NAMES.httpRequests, 'route'));
    expect(routes.filter((r) => r.includes(auto.id) || r.includes(task.id))).toEqual([]);
    // Process metrics on both; the Temporal SDK's worker metrics merged into the worker's endpoint.
    expect(afterApi.samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(afterWorker.samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(afterWorker.samples.some((s) => s.name.startsWith('temporal_'))).toBe(true);

    // Logs: the API's lines of the submission, the worker's activity lines and the mail line share the id.
    const apiLines = apiLog.lines.filter((l) => l.correlationId === 'test-corr-123');
    expect(apiLines.some((l) => l.msg === 'request completed' && (l.req as { method?: string; url?: string })?.method === 'POST')).toBe(true);
    const workerLines = workerLog.lines.filter((l) => l.correlationId === 'test-corr-123');
    const activityLines = workerLines.filter((l) => typeof l.activityType === 'string' && l.workflowId === contractWorkflowId(auto.id));
    expect(activityLines.length).toBeGreaterThan(3);
    expect(workerLines.some((l) => l.msg === 'mail sent' && l.kind === 'contract_approved' && l.contractId === auto.id)).toBe(true);
    // Every activity line of that contract that carries an id carries this one (the SDK's
    // "Activity started" line is written before the header is read and carries none).
    const otherIds = workerLog.lines.filter((l) => l.workflowId === contractWorkflowId(auto.id) && l.correlationId && l.correlationId !== 'test-corr-123');
    expect(otherIds).toEqual([]);

    // The decision's id follows the work after it; the memo keeps the submission's.
    expect(workerLog.lines.some((l) => l.correlationId === 'test-corr-decision' && l.msg === 'mail sent' && l.kind === 'contract_approved' && l.contractId === human.id)).toBe(true);
    expect(apiLog.lines.some((l) => l.correlationId === 'test-corr-decision' && l.msg === 'request completed')).toBe(true);
    const described = await client.workflow.getHandle(contractWorkflowId(human.id)).describe();
    expect(described.memo?.correlationId).toBe('test-corr-human-submit');
  });

  it('replaces an X-Request-Id it cannot accept with a new id, and makes one when none is sent', async () => {
    for (const bad of ['has spaces in it', 'x'.repeat(129), 'quote"d']) {
      const res = await api('GET', '/health', { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const none = await api('GET', '/health');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await api('GET', '/health', { headers: { 'x-request-id': 'abc-123_ok.v1' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123_ok.v1');
  });

  it('serves /metrics outside /api: no token needed, not in the OpenAPI document; the worker port serves only /metrics', async () => {
    const res = await fetch(`${baseUrl}/metrics`, { headers: { 'x-request-id': 'test-corr-scrape' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('test-corr-scrape');
    // Scrapes and health probes get an id but no request line (they would drown the others).
    await api('GET', '/health', { headers: { 'x-request-id': 'test-corr-probe' } });
    await api('GET', '/api/policy', { token: 'dev-alice', headers: { 'x-request-id': 'test-corr-policy' } });
    await waitFor(async () => apiLog.lines.some((l) => l.correlationId === 'test-corr-policy' && l.msg === 'request completed'), 'the policy request line');
    expect(apiLog.lines.filter((l) => l.correlationId === 'test-corr-scrape' || l.correlationId === 'test-corr-probe')).toEqual([]);
    const doc = await api('GET', '/api/docs-json');
    expect(Object.keys(doc.body.paths).filter((p) => p.includes('metrics'))).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${metricsServer.port}/other`)).status).toBe(404);
  });
});
