// GET /api/reports/dashboard (and its CSV) over a known set of contracts in a private database:
// each contract's timing is written at chosen instants and projected by the real projection code
// (projectProgress), so every figure below is known in advance — the histogram against the
// 72-hour target, the weekly p50/p90, the shares, waiting and decision times, breaches,
// escalations and the open contracts now amber or red.
import { randomUUID } from 'node:crypto';
import { http, startTestStack, type TestStack } from '../support/stack';
import { type Api, token } from '../support/contracts';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import { userId } from '../../src/database/seed/demo-organisation';
import { projectProgress } from '../../src/reports/report-projection';
import type { ProgressBatch, StepState, StepStatus } from '../../src/domain/chain/engine.types';

const HOUR = 3_600_000;
let fresh: FreshDatabase;
let stack: TestStack;
let api: Api;

interface Known {
  title: string;
  /** Submitted at, in Asia/Shanghai (+08:00). */
  submitted: string;
  status: 'approved' | 'rejected' | 'in_review' | 'changes_requested';
  /** Hours from submission to completion (closed contracts). */
  hours?: number;
  reworkHours?: number;
  rep?: string;
  country?: string;
}

// Three weeks of January 2026 (Mondays 5, 12, 19); the week of the 26th stays empty.
const KNOWN: Known[] = [
  { title: 'A', submitted: '2026-01-05T10:00:00+08:00', status: 'approved', hours: 10 },
  { title: 'B', submitted: '2026-01-07T10:00:00+08:00', status: 'approved', hours: 30, reworkHours: 6 },
  { title: 'R', submitted: '2026-01-08T10:00:00+08:00', status: 'rejected', hours: 4 },
  { title: 'C', submitted: '2026-01-12T00:30:00+08:00', status: 'approved', hours: 50 },
  { title: 'D', submitted: '2026-01-13T10:00:00+08:00', status: 'approved', hours: 72 },
  { title: 'E', submitted: '2026-01-14T10:00:00+08:00', status: 'approved', hours: 73, rep: 'bob', country: 'DE' },
  { title: 'F', submitted: '2026-01-19T10:00:00+08:00', status: 'approved', hours: 100 },
  { title: 'G', submitted: '2026-01-20T10:00:00+08:00', status: 'approved', hours: 200, rep: 'bob' },
];
const ids: Record<string, string> = {};

// Marked as started (as a stored submission would be), so the worker's reconciler leaves them alone.
async function insertContract(c: { title: string; status: string; submittedAt: Date; completedAt?: Date | null; reworkMs?: number; reworkSince?: Date | null; rep?: string; country?: string; anyStepBreached?: boolean; currentSteps?: string[] }): Promise<string> {
  const id = randomUUID();
  await stack.db.query(
    `INSERT INTO contracts (id, title, status, revision, chain_id, policy_version, submitter_id, customer_name, customer_registration_number,
       customer_country, currency, amount, data, workflow_id, submitted_at, completed_at, target_hours, rework_ms, rework_since, any_step_breached, current_steps,
       workflow_started_at)
     VALUES ($1,$2,$3,1,'slim','test',$4,'Known Co.','KN-1',$5,'CNY',1000,'{}'::jsonb,$6,$7,$8,72,$9,$10,$11,$12, $7)`,
    [id, c.title, c.status, userId(c.rep ?? 'alice'), c.country ?? 'CN', `contract-${id}`, c.submittedAt, c.completedAt ?? null, c.reworkMs ?? 0, c.reworkSince ?? null, c.anyStepBreached ?? false, c.currentSteps ?? []],
  );
  return id;
}

/** A decided step (and its task, when a person decided) written as the workflow would, then projected. */
async function decideStep(contractId: string, s: { key: string; number: number; status: StepStatus; by: string; startedAt: Date; completedAt: Date; task?: { createdAt: Date; dueAt: Date; escalationLevel: number } }) {
  const taskId = s.task ? randomUUID() : null;
  if (s.task) {
    await stack.db.query(
      `INSERT INTO tasks (id, contract_id, step_key, revision, status, assignee_id, original_assignee_id, decision, decided_by_id, decided_at, due_at, schedule, reason, escalation_level, created_at)
       VALUES ($1,$2,$3,1,'decided',$4,$4,'approve',$4,$5,$6,'{"dueAt":"","reminders":[],"escalations":[]}'::jsonb,'{"ruleId":"r","reason":"r"}'::jsonb,$7,$8)`,
      [taskId, contractId, s.key, userId(s.by), s.completedAt, s.task.dueAt, s.task.escalationLevel, s.task.createdAt],
    );
  }
  await stack.db.query(
    `INSERT INTO contract_steps (contract_id, key, number, name, status, revision, decided_by_kind, decided_by_id, task_id, started_at, completed_at)
     VALUES ($1,$2,$3,$2,$4,1,$5,$6,$7,$8,$9)`,
    [contractId, s.key, s.number, s.status, s.task ? 'user' : 'rule', s.task ? userId(s.by) : s.by, taskId, s.startedAt, s.completedAt],
  );
  await project(contractId, { steps: [{ key: s.key, status: s.status } as StepState] });
}

async function project(contractId: string, b: Partial<ProgressBatch>) {
  await stack.db.transaction((m) => projectProgress(m, { contractId, contract: {}, steps: [], events: [], ...b } as ProgressBatch));
}

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_dashboard');
  stack = await startTestStack({ api: true, config: { DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl } });
  api = http(stack.baseUrl!);
  for (const k of KNOWN) {
    const submittedAt = new Date(k.submitted);
    const reworkMs = (k.reworkHours ?? 0) * HOUR;
    const completedAt = k.hours === undefined ? null : new Date(submittedAt.getTime() + k.hours * HOUR + reworkMs);
    ids[k.title] = await insertContract({ title: k.title, status: k.status, submittedAt, completedAt, reworkMs, rep: k.rep, country: k.country });
    await project(ids[k.title], { contract: { status: k.status } });
  }
  // A: intake by rule; pricing review by dana after 5 h, on time. C: legal review by lee after
  // 20 h, past its due time and escalated once.
  const a = new Date(KNOWN[0].submitted).getTime();
  await decideStep(ids.A, { key: 'intake_check', number: 1, status: 'auto_approved', by: 'intake_check.v1', startedAt: new Date(a), completedAt: new Date(a + 60_000) });
  await decideStep(ids.A, {
    key: 'pricing_review', number: 6, status: 'approved', by: 'dana', startedAt: new Date(a + HOUR), completedAt: new Date(a + 6 * HOUR),
    task: { createdAt: new Date(a + HOUR), dueAt: new Date(a + 9 * HOUR), escalationLevel: 0 },
  });
  const c = new Date(KNOWN[3].submitted).getTime();
  await decideStep(ids.C, {
    key: 'legal_review', number: 8, status: 'approved', by: 'lee', startedAt: new Date(c), completedAt: new Date(c + 20 * HOUR),
    task: { createdAt: new Date(c), dueAt: new Date(c + 8 * HOUR), escalationLevel: 1 },
  });

  // Open contracts, timed from now: red (80 h of 72), amber by time (50 h > 48 h), amber by a
  // breached step (5 h), green (10 h), and one back with the rep whose waiting time does not count.
  const now = Date.now();
  ids.red = await insertContract({ title: 'Open red', status: 'in_review', submittedAt: new Date(now - 80 * HOUR), currentSteps: ['legal_review', 'finance_review'] });
  ids.amber = await insertContract({ title: 'Open amber', status: 'in_review', submittedAt: new Date(now - 50 * HOUR), currentSteps: ['pricing_review'], rep: 'bob' });
  ids.breached = await insertContract({ title: 'Open breached', status: 'in_review', submittedAt: new Date(now - 5 * HOUR), anyStepBreached: true, currentSteps: ['tax_review'] });
  ids.green = await insertContract({ title: 'Open green', status: 'in_review', submittedAt: new Date(now - 10 * HOUR) });
  ids.rework = await insertContract({ title: 'With the rep', status: 'changes_requested', submittedAt: new Date(now - 100 * HOUR), reworkSince: new Date(now - 70 * HOUR) });
  ids.closedLate = await insertContract({ title: 'Closed late', status: 'approved', submittedAt: new Date(now - 200 * HOUR), completedAt: new Date(now - 10 * HOUR) });
});

afterAll(async () => {
  await stack?.stop();
  await fresh?.drop();
});

const JANUARY = 'from=2026-01-05&to=2026-02-01';

test('the dashboard over a period: counts, shares, histogram against the target and the weekly trend', async () => {
  const res = await api('GET', `/api/reports/dashboard?${JANUARY}`, { token: token('olivia') });
  expect(res.status).toBe(200);
  const d = res.body;
  expect(d.period).toEqual({ from: '2026-01-04T16:00:00.000Z', to: '2026-02-01T16:00:00.000Z', timeZone: 'Asia/Shanghai', repId: null, country: null });
  expect(d.summary).toEqual({
    contracts: 8,
    approved: 7,
    rejected: 1,
    withdrawn: 0,
    inFlight: 0,
    targetHours: 72,
    // Cycle times 10, 30 (36 minus 6 with the rep), 50, 72, 73, 100, 200.
    cycleTimeHours: { p50: 72, p90: 140, p95: 170, mean: 76.43 },
    withinTargetShare: 0.5714,
    stepDecisions: 3,
    automaticShare: 0.3333,
    humanTasks: 2,
    slaBreaches: 1,
    escalations: 1,
  });
  expect(d.cycleTimeHistogram).toEqual([
    { fromHours: 0, toHours: 24, contracts: 1, withinTarget: true },
    { fromHours: 24, toHours: 48, contracts: 1, withinTarget: true },
    // 72 h exactly is within the target, as in withinTargetShare.
    { fromHours: 48, toHours: 72, contracts: 2, withinTarget: true },
    { fromHours: 72, toHours: 96, contracts: 1, withinTarget: false },
    { fromHours: 96, toHours: 120, contracts: 1, withinTarget: false },
    { fromHours: 120, toHours: 144, contracts: 0, withinTarget: false },
    { fromHours: 144, toHours: null, contracts: 1, withinTarget: false },
  ]);
  expect(d.weeklyTrend).toEqual([
    { weekStart: '2026-01-05', contracts: 3, approved: 2, p50Hours: 20, p90Hours: 28, withinTargetShare: 1 },
    // C was submitted at 00:30 on Monday the 12th in Shanghai (Sunday in UTC): the week is the organisation's.
    { weekStart: '2026-01-12', contracts: 3, approved: 3, p50Hours: 72, p90Hours: 72.8, withinTargetShare: 0.6667 },
    { weekStart: '2026-01-19', contracts: 2, approved: 2, p50Hours: 150, p90Hours: 190, withinTargetShare: 0 },
    { weekStart: '2026-01-26', contracts: 0, approved: 0, p50Hours: null, p90Hours: null, withinTargetShare: null },
  ]);
  expect(d.steps).toEqual([
    { stepKey: 'intake_check', decisions: 1, humanDecisions: 0, humanShare: 0, tasks: 0, waitingHours: { median: null, p90: null }, slaBreaches: 0, slaBreachRate: null, escalations: 0 },
    { stepKey: 'pricing_review', decisions: 1, humanDecisions: 1, humanShare: 1, tasks: 1, waitingHours: { median: 5, p90: 5 }, slaBreaches: 0, slaBreachRate: 0, escalations: 0 },
    { stepKey: 'legal_review', decisions: 1, humanDecisions: 1, humanShare: 1, tasks: 1, waitingHours: { median: 20, p90: 20 }, slaBreaches: 1, slaBreachRate: 1, escalations: 1 },
  ]);
  expect(d.approvers).toEqual([
    { approverId: userId('dana'), username: 'dana', name: 'Dana Zhou', tasks: 1, medianDecisionHours: 5, breaches: 0 },
    { approverId: userId('lee'), username: 'lee', name: 'Lee Huang', tasks: 1, medianDecisionHours: 20, breaches: 1 },
  ]);
});

test('contracts now amber or red: open ones only, by the contract page’s RAG, least time left first', async () => {
  const d = (await api('GET', `/api/reports/dashboard?${JANUARY}`, { token: token('olivia') })).body;
  expect(d.atRisk.map((c: { title: string; rag: string }) => [c.title, c.rag])).toEqual([
    ['Open red', 'red'],
    ['Open amber', 'amber'],
    ['Open breached', 'amber'],
  ]);
  const red = d.atRisk[0];
  const now = Date.parse(d.generatedAt);
  const submitted = Date.parse(red.submittedAt);
  expect(red).toMatchObject({ id: ids.red, status: 'in_review', repId: userId('alice'), repName: 'Alice Chen', currentSteps: ['legal_review', 'finance_review'], targetHours: 72 });
  expect(red.ageHours).toBe(Math.round(((now - submitted) / HOUR) * 100) / 100);
  expect(red.elapsedHours).toBe(red.ageHours);
  expect(red.dueAt).toBe(new Date(submitted + 72 * HOUR).toISOString());
  // Whatever the period: "now" is not a period figure.
  const later = (await api('GET', '/api/reports/dashboard?from=2030-01-01&to=2030-01-31', { token: token('olivia') })).body;
  expect(later.atRisk.map((c: { id: string }) => c.id)).toEqual([ids.red, ids.amber, ids.breached]);
  expect(later.summary.contracts).toBe(0);
});

test('rep and country filters apply to every figure', async () => {
  const d = (await api('GET', `/api/reports/dashboard?${JANUARY}&repId=${userId('bob')}`, { token: token('olivia') })).body;
  expect(d.summary).toMatchObject({ contracts: 2, approved: 2, withinTargetShare: 0 });
  expect(d.cycleTimeHistogram.map((b: { contracts: number }) => b.contracts)).toEqual([0, 0, 0, 1, 0, 0, 1]);
  expect(d.atRisk.map((c: { id: string }) => c.id)).toEqual([ids.amber]);
  const de = (await api('GET', `/api/reports/dashboard?${JANUARY}&country=DE`, { token: token('olivia') })).body;
  expect(de.summary).toMatchObject({ contracts: 1, approved: 1 });
  expect(de.weeklyTrend.map((w: { contracts: number }) => w.contracts)).toEqual([0, 1, 0, 0]);
  expect(de.atRisk).toEqual([]);
});

test('the CSV has the same figures, one per row', async () => {
  for (const path of [`/api/reports/dashboard?${JANUARY}&format=csv`, `/api/reports/dashboard.csv?${JANUARY}`]) {
    const res = await api('GET', path, { token: token('olivia') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (res.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,key,metric,value');
    expect(lines).toEqual(expect.arrayContaining([
      'summary,,withinTargetShare,0.5714',
      'summary,,automaticShare,0.3333',
      'histogram,48-72,contracts,2',
      'histogram,144-,contracts,1',
      'week,2026-01-12,p90Hours,72.8',
      'step,legal_review,waitingHours.median,20',
      `approver,${userId('dana')},medianDecisionHours,5`,
      `at_risk,${ids.red},rag,red`,
      `at_risk,${ids.red},currentSteps,legal_review finance_review`,
    ]));
  }
});

test('only ops may read it; bad query input is a 400 naming the field', async () => {
  expect((await api('GET', '/api/reports/dashboard', { token: token('alice') })).status).toBe(403);
  expect((await api('GET', '/api/reports/dashboard', { token: token('olivia') })).status).toBe(200);
  for (const [query, field] of [
    ['from=yesterday', 'from'],
    ['to=2026-02-30', 'to'],
    ['from=2026-02-01&to=2026-01-01', 'from'],
    ['repId=alice', 'repId'],
    ['country=China', 'country'],
    ['format=xlsx', 'format'],
    ['period=week', 'period'],
  ]) {
    const res = await api('GET', `/api/reports/dashboard?${query}`, { token: token('olivia') });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  }
});
