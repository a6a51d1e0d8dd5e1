// GET /api/reports/cycle-times against figures computed here, independently, from the raw rows
// (contracts, contract_steps, tasks, audit_events) — never from the reporting projections the
// report reads. Contracts run through the real API, workflow and activities on the time-skipping
// server, in a private database so other tests' contracts cannot change the figures.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { http, startTestStack, type TestStack } from '../support/stack';
import { type Api, decide, getContract, openTaskFor, settled, submit, token } from '../support/contracts';
import { aContract, CUSTOMERS, licences, STANDARD_CLAUSES } from '../factories/contract.factory';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import type { CycleTimeReport } from '../../src/reports/cycle-time-report';
import { userId } from '../../src/database/seed/demo-organisation';
import { projectProgress } from '../../src/reports/report-projection';
import type { StepStatus } from '../../src/domain/chain/engine.types';

jest.setTimeout(300_000);

const HOUR = 3_600_000;
let fresh: FreshDatabase;
let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;
let from: string;
let to: string;
const ids: Record<string, string> = {};

const customer = (c: (typeof CUSTOMERS)[keyof typeof CUSTOMERS]) => ({ name: c.name, registrationNumber: c.registrationNumber, country: c.country });
const changedLiability = { key: 'liability', text: 'Each party accepts unlimited liability for any damages arising under this Agreement.' };

async function approveOpen(id: string, stepKey: string, decision = 'approve', comment?: string) {
  const c = await settled(api, id, stack);
  const t = openTaskFor(c, stepKey);
  const res = await decide(api, stack, t.id, t.assignee.id, decision, comment);
  if (res.status !== 200) throw new Error(`decide ${stepKey}: ${res.status} ${JSON.stringify(res.body)}`);
}

async function report(query: string, as = 'olivia') {
  return api('GET', `/api/reports/cycle-times?${query}`, { token: token(as) });
}

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_reports');
  env = await createTimeSkippingEnv();
  stack = await startTestStack({ env, api: true, config: { DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl } });
  api = http(stack.baseUrl!);
  from = new Date(Date.now() - 60_000).toISOString();

  ids.auto1 = await submit(api, aContract());
  ids.auto2 = await submit(api, aContract({ title: 'Second standard' }));
  ids.discount = await submit(api, aContract(licences(20, 8_800)));
  ids.clause = await submit(api, aContract({ clauses: [...STANDARD_CLAUSES.filter((c) => c.key !== 'liability'), changedLiability] }));
  ids.terms = await submit(api, aContract({ paymentTermsDays: 90 }));
  ids.intake = await submit(api, aContract({ amount: 180_000 }), 'bob');
  ids.denied = await submit(api, aContract({ customer: customer(CUSTOMERS.denied) }), 'bob');
  ids.overdue = await submit(api, aContract({ customer: customer(CUSTOMERS.overdue) }), 'bob');
  for (const id of Object.values(ids)) await settled(api, id, stack);

  await env.sleep(2 * HOUR);
  await approveOpen(ids.discount, 'pricing_review');
  await approveOpen(ids.terms, 'finance_review');
  await approveOpen(ids.overdue, 'credit_check');
  await approveOpen(ids.denied, 'compliance_screening', 'reject', 'Customer is on the denied-party list');
  const revised = await api('POST', `/api/contracts/${ids.intake}/revisions`, { token: token('bob'), body: { amount: 190_000, comment: 'Amount fixed' } });
  expect(revised.status).toBe(200);

  await env.sleep(3 * HOUR);
  await approveOpen(ids.discount, 'sales_manager_approval');
  // Past the 8-business-hour SLA whatever the weekday: both tasks escalate before anyone acts.
  await env.sleep(10 * 24 * HOUR);
  await approveOpen(ids.clause, 'legal_review');
  await approveOpen(ids.clause, 'sales_manager_approval');
  for (const id of Object.values(ids)) {
    const c = await settled(api, id, stack);
    expect(['approved', 'rejected']).toContain(c.status);
  }
  to = new Date(Date.now() + 24 * HOUR).toISOString();
});

afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
  await fresh?.drop();
});

// ---------------------------------------------------------------- independent figures

function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const a = [...values].sort((x, y) => x - y);
  const pos = p * (a.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return a[lo] + (a[hi] - a[lo]) * (pos - lo);
}
const h = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 100) / 100);

const DECISION_EVENTS = ['STEP_AUTO_APPROVED', 'STEP_SKIPPED', 'STEP_BOT_COMPLETED', 'TASK_DECIDED', 'TASK_TIMEOUT_AUTO_APPROVED', 'CHANGES_REQUESTED'];

async function independent(repId?: string) {
  const db = stack.db;
  const contracts: any[] = (await db.query(`SELECT * FROM contracts WHERE submitted_at >= $1 AND submitted_at < $2`, [from, to])).filter((c: any) => !repId || c.submitter_id === repId);
  const ids = contracts.map((c) => c.id);
  // Every decision, each revision's, from the audit trail; the human ones are the decided tasks.
  const decisions: any[] = await db.query(`SELECT contract_id, step_key, type FROM audit_events WHERE contract_id = ANY($1) AND step_key IS NOT NULL AND type = ANY($2)`, [ids, DECISION_EVENTS]);
  const tasks: any[] = await db.query(`SELECT * FROM tasks WHERE contract_id = ANY($1) AND status = 'decided'`, [ids]);
  const approved = contracts.filter((c) => c.status === 'approved');
  const cycle = approved.map((c) => c.completed_at.getTime() - c.submitted_at.getTime() - Number(c.rework_ms));
  const breached = (t: any) => t.decided_at.getTime() > t.due_at.getTime() || t.escalation_level > 0;
  const stepKeys: string[] = [...new Set(decisions.map((d) => d.step_key as string))];
  const steps: Record<string, { decisions: number; humanDecisions: number; tasks: number; median: number | null; p90: number | null; breaches: number; escalations: number; totalWaiting: number }> = Object.fromEntries(
    stepKeys.map((key) => {
      const ds = decisions.filter((d) => d.step_key === key);
      const ts = tasks.filter((t) => t.step_key === key);
      const waits = ts.map((t) => t.decided_at.getTime() - t.created_at.getTime());
      return [key, {
        decisions: ds.length,
        humanDecisions: ds.filter((d) => d.type === 'TASK_DECIDED').length,
        tasks: ts.length,
        median: h(percentile(waits, 0.5)),
        p90: h(percentile(waits, 0.9)),
        breaches: ts.filter(breached).length,
        escalations: ts.filter((t) => t.escalation_level > 0).length,
        totalWaiting: waits.reduce((a, b) => a + b, 0),
      }];
    }),
  );
  const approvers = [...new Set(tasks.map((t) => t.decided_by_id))].map((id) => {
    const ts = tasks.filter((t) => t.decided_by_id === id);
    return { approverId: id, tasks: ts.length, median: h(percentile(ts.map((t) => t.decided_at.getTime() - t.created_at.getTime()), 0.5)), breaches: ts.filter(breached).length };
  });
  return {
    contracts: contracts.length,
    approved: approved.length,
    rejected: contracts.filter((c) => c.status === 'rejected').length,
    cycle: { p50: h(percentile(cycle, 0.5)), p90: h(percentile(cycle, 0.9)), p95: h(percentile(cycle, 0.95)) },
    withinTarget: approved.length ? approved.filter((c, i) => cycle[i] <= Number(c.target_hours) * HOUR).length / approved.length : null,
    reworked: approved.filter((c) => Number(c.rework_ms) > 0).length,
    decisions: decisions.length,
    human: decisions.filter((d) => d.type === 'TASK_DECIDED').length,
    tasks: tasks.length,
    steps,
    approvers,
  };
}

function expectMatches(r: CycleTimeReport, x: Awaited<ReturnType<typeof independent>>) {
  expect(r.summary.contracts).toBe(x.contracts);
  expect(r.summary.approved).toBe(x.approved);
  expect(r.summary.rejected).toBe(x.rejected);
  for (const p of ['p50', 'p90', 'p95'] as const) expect(r.summary.cycleTimeHours[p]).toBeCloseTo(x.cycle[p]!, 2);
  expect(r.summary.withinTargetShare).toBeCloseTo(x.withinTarget!, 4);
  expect(r.summary.rework.contracts).toBe(x.reworked);
  expect(r.summary.stepDecisions).toBe(x.decisions);
  expect(r.summary.automaticShare).toBeCloseTo((x.decisions - x.human) / x.decisions, 4);
  expect(r.summary.humanTasks).toBe(x.tasks);
  expect(r.steps.map((s) => s.stepKey).sort()).toEqual(Object.keys(x.steps).sort());
  for (const s of r.steps) {
    const e = x.steps[s.stepKey];
    expect({ key: s.stepKey, decisions: s.decisions, human: s.humanDecisions, tasks: s.tasks, breaches: s.slaBreaches, escalations: s.escalations }).toEqual({
      key: s.stepKey,
      decisions: e.decisions,
      human: e.humanDecisions,
      tasks: e.tasks,
      breaches: e.breaches,
      escalations: e.escalations,
    });
    expect(s.humanShare).toBeCloseTo(e.humanDecisions / e.decisions, 4);
    if (e.tasks) {
      expect(s.waitingHours.median).toBeCloseTo(e.median!, 2);
      expect(s.waitingHours.p90).toBeCloseTo(e.p90!, 2);
      expect(s.slaBreachRate).toBeCloseTo(e.breaches / e.tasks, 4);
    } else {
      expect(s.waitingHours).toEqual({ median: null, p90: null });
    }
  }
  const worst = Object.entries(x.steps).filter(([, s]) => s.totalWaiting > 0).sort((a, b) => b[1].totalWaiting - a[1].totalWaiting);
  expect(r.bottlenecks.map((b) => b.stepKey)).toEqual(worst.slice(0, 3).map(([k]) => k));
  expect(r.approvers.map((a) => ({ approverId: a.approverId, tasks: a.tasks, breaches: a.breaches })).sort((a, b) => a.approverId.localeCompare(b.approverId))).toEqual(
    x.approvers.map((a) => ({ approverId: a.approverId, tasks: a.tasks, breaches: a.breaches })).sort((a, b) => a.approverId.localeCompare(b.approverId)),
  );
  for (const a of r.approvers) expect(a.medianDecisionHours).toBeCloseTo(x.approvers.find((y) => y.approverId === a.approverId)!.median!, 2);
}

// ---------------------------------------------------------------- tests

test('the report equals figures computed from the raw rows, for the whole period', async () => {
  const res = await report(`from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  const r = res.body as CycleTimeReport;
  expect(r.summary.contracts).toBe(8);
  expect(r.summary.rework.contracts).toBe(1);
  expect(r.summary.humanTasks).toBe(7);
  expect(r.steps.find((s) => s.stepKey === 'legal_review')).toMatchObject({ tasks: 1, slaBreaches: 1, escalations: 1, slaBreachRate: 1 });
  expectMatches(r, await independent());
});

test('filters by rep and by customer country narrow every figure', async () => {
  const alice = (await report(`from=${from}&to=${to}&repId=${userId('alice')}`)).body as CycleTimeReport;
  expect(alice.summary.contracts).toBe(5);
  expectMatches(alice, await independent(userId('alice')));
  // The contract_steps rows agree with the audit trail for contracts without revisions.
  const [{ decided }] = await stack.db.query(
    `SELECT count(*)::int AS decided FROM contract_steps s JOIN contracts c ON c.id = s.contract_id
     WHERE c.submitter_id = $1 AND s.status IN ('approved','auto_approved','skipped','rejected','changes_requested') AND s.kept_from_revision IS NULL`,
    [userId('alice')],
  );
  expect(alice.summary.stepDecisions).toBe(decided);

  const kp = (await report(`from=${from}&to=${to}&country=KP`)).body as CycleTimeReport;
  expect(kp.summary).toMatchObject({ contracts: 1, rejected: 1, approved: 0, withinTargetShare: null });
  const none = (await report(`from=2001-01-01&to=2001-01-31`)).body as CycleTimeReport;
  expect(none.summary).toMatchObject({ contracts: 0, stepDecisions: 0, automaticShare: null });
  expect(none.steps).toEqual([]);
});

test('?format=csv is the same report: every JSON figure is one CSV row', async () => {
  const json = (await report(`from=${from}&to=${to}`)).body as CycleTimeReport;
  const res = await api('GET', `/api/reports/cycle-times?from=${from}&to=${to}&format=csv`, { token: token('olivia') });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const rows = parseCsv(res.body as string);
  expect(rows[0]).toEqual(['section', 'key', 'metric', 'value']);
  const value = (v: string) => (v === '' ? null : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  // Rebuild the JSON report from the CSV rows alone.
  const rebuilt: any = { filters: {}, summary: {}, steps: [], bottlenecks: [], approvers: [] };
  const setPath = (obj: any, path: string, v: unknown) => {
    const parts = path.split('.');
    let o = obj;
    for (const p of parts.slice(0, -1)) o = o[p] ??= {};
    o[parts[parts.length - 1]] = v;
  };
  const entry = (list: any[], idField: string, id: string | number) => {
    let e = list.find((x) => x[idField] === id);
    if (!e) list.push((e = { [idField]: id }));
    return e;
  };
  for (const [section, key, metric, v] of rows.slice(1)) {
    if (section === 'filter') setPath(rebuilt.filters, metric, value(v));
    else if (section === 'summary') setPath(rebuilt.summary, metric, value(v));
    else if (section === 'step') setPath(entry(rebuilt.steps, 'stepKey', key), metric, value(v));
    else if (section === 'bottleneck') setPath(entry(rebuilt.bottlenecks, 'rank', Number(key)), metric, value(v));
    else if (section === 'approver') setPath(entry(rebuilt.approvers, 'approverId', key), metric, value(v));
    else throw new Error(`unexpected section ${section}`);
  }
  expect(rebuilt).toEqual(json);
});

test('reps and approvers get 403; without a token 401; invalid filters 400', async () => {
  for (const who of ['alice', 'bob', 'lee', 'sam', 'ed']) {
    const res = await report(`from=${from}&to=${to}`, who);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  }
  expect((await api('GET', '/api/reports/cycle-times')).status).toBe(401);
  expect((await report('from=yesterday')).status).toBe(400);
  expect((await report('country=china')).status).toBe(400);
  expect((await report('from=2026-02-01&to=2026-01-01')).status).toBe(400);
  expect((await report('format=xml')).status).toBe(400);
});

test("a contract's history lists its audit events in order, with rule ids and policy versions", async () => {
  const res = await api('GET', `/api/contracts/${ids.discount}/history`, { token: token('olivia') });
  expect(res.status).toBe(200);
  const events = res.body as { id: number; type: string; data: Record<string, unknown>; origin: unknown; stepKey: string | null }[];
  expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
  expect(events[0].type).toBe('CONTRACT_SUBMITTED');
  expect(events[0].origin).toMatchObject({ channel: 'api' });
  const auto = events.find((e) => e.type === 'STEP_AUTO_APPROVED' && e.stepKey === 'credit_check')!;
  expect(auto.data).toMatchObject({ ruleId: 'credit_check.within_limit', policyVersion: expect.any(String) });
  const types = events.map((e) => e.type);
  for (const t of ['TASK_CREATED', 'TASK_DECIDED', 'MAIL_SENT', 'CONTRACT_APPROVED']) expect(types).toContain(t);
  // The order is recorded as its bot step's completion (the catalogue's ORDER_CREATED is not written yet).
  expect(events.find((e) => e.type === 'STEP_BOT_COMPLETED' && e.stepKey === 'order_creation')?.data).toMatchObject({ reason: expect.stringMatching(/^Created sales order SO-\d+/) });
  expect(types.indexOf('TASK_CREATED')).toBeLessThan(types.indexOf('TASK_DECIDED'));
  expect((await api('GET', `/api/contracts/${ids.discount}/history`, { token: token('bob') })).status).toBe(404);
  expect((await getContract(api, ids.discount)).status).toBe('approved');
});

test('projections are idempotent: projecting the same progress again changes no fact', async () => {
  const facts = async () =>
    stack.db.query(
      `SELECT f.*, NULL AS updated_at FROM report_step_facts f WHERE contract_id = ANY($1) ORDER BY contract_id, step_key, revision`,
      [[ids.discount, ids.intake]],
    );
  const contractFacts = async () => stack.db.query(`SELECT *, NULL AS updated_at FROM report_contract_facts WHERE contract_id = ANY($1) ORDER BY contract_id`, [[ids.discount, ids.intake]]);
  const before = [await facts(), await contractFacts()];
  for (const id of [ids.discount, ids.intake]) {
    const [c] = await stack.db.query(`SELECT status, revision, completed_at, rework_ms FROM contracts WHERE id = $1`, [id]);
    const steps = await stack.db.query(`SELECT key, status FROM contract_steps WHERE contract_id = $1`, [id]);
    // A retried activity replays its batch: every step and the contract's fields again.
    await stack.db.transaction((m) =>
      projectProgress(m, {
        contractId: id,
        steps: steps.map((s: { key: string; status: StepStatus }) => ({ key: s.key, number: 0, name: s.key, status: s.status, revision: c.revision })),
        contract: { status: c.status, revision: c.revision, completedAt: c.completed_at?.toISOString() ?? null, reworkMs: Number(c.rework_ms) },
        events: [],
      }),
    );
  }
  expect([await facts(), await contractFacts()]).toEqual(before);
  expect(before[0].length).toBeGreaterThan(15);
});

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
