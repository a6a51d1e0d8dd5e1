// The cycle-time report: how long contracts take against the 72-hour target, which steps people
// still decide, where the waiting is, and who is behind. Built from the reporting projections
// (report_contract_facts, report_step_facts) with four aggregate queries that PostgreSQL answers
// from covering indexes; percentiles are exact (percentile_cont). Used by the API
// (ReportsService), the simulator and the benchmark, which runs the very same SQL directly.
import { LEGACY_POLICY } from '../domain/chain/legacy.policy';
import { stepKeysInOrder } from '../domain/chain/policy';
import { SLIM_POLICY } from '../domain/chain/slim.policy';
import type { SqlQuery } from '../database/sql-query';

export interface ReportFilters {
  /** Contracts submitted at or after this instant (ISO 8601). */
  from: string;
  /** Contracts submitted before this instant (ISO 8601). */
  to: string;
  repId?: string | null;
  /** ISO 3166-1 alpha-2. */
  country?: string | null;
}

export interface ReportOptions {
  /**
   * Round every duration to this many milliseconds before aggregating. The simulator uses one
   * minute: its approvers act on a one-minute clock, and the test server adds a few milliseconds
   * of processing to each timestamp, which must not change a printed figure.
   */
  resolutionMs?: number;
  /** How many bottlenecks to list (default 3). */
  bottlenecks?: number;
}

export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

export interface StepFigures {
  stepKey: string;
  /** Fresh decisions of this step (a decision kept from an earlier revision is not counted again). */
  decisions: number;
  humanDecisions: number;
  humanShare: number | null;
  /** Human tasks created and decided (including those approved by rule when their SLA ran out). */
  tasks: number;
  waitingHours: { median: number | null; p90: number | null };
  slaBreaches: number;
  slaBreachRate: number | null;
  escalations: number;
}

export interface Bottleneck {
  rank: number;
  stepKey: string;
  /** Sum of the step's task waiting times: how much of the contracts' time it held. */
  totalWaitingHours: number;
  shareOfWaiting: number;
  tasks: number;
  medianWaitingHours: number | null;
  p90WaitingHours: number | null;
  slaBreachRate: number | null;
}

export interface ApproverFigures {
  approverId: string;
  username: string | null;
  name: string | null;
  tasks: number;
  medianDecisionHours: number | null;
  breaches: number;
}

export interface CycleTimeReport {
  filters: { from: string; to: string; repId: string | null; country: string | null };
  summary: {
    contracts: number;
    approved: number;
    rejected: number;
    withdrawn: number;
    inFlight: number;
    targetHours: number | null;
    /** Submission to final approval, minus time with the rep (approved contracts). */
    cycleTimeHours: Percentiles & { mean: number | null };
    /** Submission to final approval including time with the rep. */
    elapsedHours: { p50: number | null; p90: number | null };
    withinTargetShare: number | null;
    rework: { contracts: number; medianHours: number | null; totalHours: number };
    stepDecisions: number;
    automaticShare: number | null;
    humanTasks: number;
    humanTasksPerContract: number | null;
  };
  steps: StepFigures[];
  bottlenecks: Bottleneck[];
  approvers: ApproverFigures[];
}

const HOUR_MS = 3_600_000;
const CHAIN_ORDERS = [stepKeysInOrder(SLIM_POLICY), stepKeysInOrder(LEGACY_POLICY)];

export interface ReportSql {
  contracts: string;
  decisions: string;
  tasks: string;
  approvers: string;
  params: unknown[];
}

/**
 * The filters as a condition on either projection (both carry submitted_at, rep_id and
 * customer_country) and its parameters, numbered from $1: every report statement selects the
 * same rows with it.
 */
export function reportWhere(filters: ReportFilters): { where: string; params: unknown[] } {
  const params: unknown[] = [filters.from, filters.to];
  const where = ['submitted_at >= $1::timestamptz', 'submitted_at < $2::timestamptz'];
  if (filters.repId) {
    params.push(filters.repId);
    where.push(`rep_id = $${params.length}::uuid`);
  }
  if (filters.country) {
    params.push(filters.country);
    where.push(`customer_country = $${params.length}`);
  }
  return { where: where.join(' AND '), params };
}

/** The report's four statements for these filters; the benchmark runs exactly these. */
export function buildReportSql(filters: ReportFilters, options: ReportOptions = {}): ReportSql {
  const { where: w, params } = reportWhere(filters);
  const r = options.resolutionMs;
  if (r !== undefined && !(Number.isInteger(r) && r > 0)) throw new Error(`resolutionMs must be a positive integer, got ${r}`);
  const d = (column: string) => (r ? `round(${column} / ${r}::float8) * ${r}` : `${column}::float8`);
  return {
    params,
    contracts: `
      SELECT count(*)::int AS contracts,
        count(*) FILTER (WHERE status = 'approved')::int AS approved,
        count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
        count(*) FILTER (WHERE status = 'withdrawn')::int AS withdrawn,
        count(*) FILTER (WHERE status IN ('in_review', 'changes_requested'))::int AS in_flight,
        min(target_ms)::float8 AS target_min, max(target_ms)::float8 AS target_max,
        percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY cycle) FILTER (WHERE status = 'approved') AS cycle,
        avg(cycle) FILTER (WHERE status = 'approved') AS cycle_mean,
        percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY elapsed) FILTER (WHERE status = 'approved') AS elapsed,
        count(*) FILTER (WHERE status = 'approved' AND cycle <= target_ms)::int AS within_target,
        count(*) FILTER (WHERE status = 'approved' AND rework > 0)::int AS reworked,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY rework) FILTER (WHERE status = 'approved' AND rework > 0) AS rework_median,
        COALESCE(sum(rework) FILTER (WHERE status = 'approved'), 0)::float8 AS rework_total
      FROM (SELECT status, target_ms, ${d('cycle_ms')} AS cycle, ${d('elapsed_ms')} AS elapsed, ${d('rework_ms')} AS rework
            FROM report_contract_facts WHERE ${w}) f`,
    decisions: `
      SELECT step_key, count(*)::int AS decisions, count(*) FILTER (WHERE decided_by_kind = 'user')::int AS human
      FROM report_step_facts WHERE ${w}
      GROUP BY step_key`,
    tasks: `
      SELECT step_key, count(*)::int AS tasks,
        percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY waiting) AS waiting,
        COALESCE(sum(waiting), 0)::float8 AS waiting_total,
        count(*) FILTER (WHERE breached)::int AS breaches,
        count(*) FILTER (WHERE escalation_level > 0)::int AS escalations
      FROM (SELECT step_key, ${d('waiting_ms')} AS waiting, breached, escalation_level
            FROM report_step_facts WHERE task_id IS NOT NULL AND ${w}) f
      GROUP BY step_key`,
    approvers: `
      SELECT f.approver_id::text AS approver_id, u.username, u.display_name, f.tasks, f.median, f.breaches
      FROM (SELECT approver_id, count(*)::int AS tasks,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY waiting) AS median,
              count(*) FILTER (WHERE breached)::int AS breaches
            FROM (SELECT approver_id, ${d('waiting_ms')} AS waiting, breached
                  FROM report_step_facts WHERE task_id IS NOT NULL AND decided_by_kind = 'user' AND ${w}) t
            GROUP BY approver_id) f
      LEFT JOIN users u ON u.id = f.approver_id
      ORDER BY f.tasks DESC, u.username, f.approver_id`,
  };
}

/** Runs the four statements (concurrently when the pool allows) and assembles the report. */
export async function runCycleTimeReport(query: SqlQuery, filters: ReportFilters, options: ReportOptions = {}): Promise<CycleTimeReport> {
  const sql = buildReportSql(filters, options);
  const [contracts, decisions, tasks, approvers] = await Promise.all([
    query(sql.contracts, sql.params),
    query(sql.decisions, sql.params),
    query(sql.tasks, sql.params),
    query(sql.approvers, sql.params),
  ]);
  return assembleReport(filters, { contracts: contracts[0], decisions, tasks, approvers }, options);
}

const hours = (ms: unknown): number | null => (ms === null || ms === undefined ? null : round(Number(ms) / HOUR_MS, 2));
const share = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null);

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function pcts(v: unknown): (number | null)[] {
  return Array.isArray(v) ? v.map((x) => (x === null ? null : Number(x))) : [];
}

/** Steps in chain order: of the chain that knows the most of these keys; unknown keys last, by name. */
function stepOrderFor(keys: string[]): (a: string, b: string) => number {
  const known = (order: string[]) => keys.filter((k) => order.includes(k)).length;
  const order = CHAIN_ORDERS.reduce((best, o) => (known(o) > known(best) ? o : best));
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : Infinity);
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b);
}

export function assembleReport(
  filters: ReportFilters,
  rows: { contracts: Record<string, unknown>; decisions: Record<string, unknown>[]; tasks: Record<string, unknown>[]; approvers: Record<string, unknown>[] },
  options: ReportOptions = {},
): CycleTimeReport {
  const c = rows.contracts;
  const [c50, c90, c95] = pcts(c.cycle);
  const [e50, e90] = pcts(c.elapsed);
  const approved = Number(c.approved);
  const contracts = Number(c.contracts);

  const byTask = new Map(rows.tasks.map((t) => [t.step_key as string, t]));
  const keys = [...new Set([...rows.decisions.map((r) => r.step_key as string), ...byTask.keys()])];
  const stepOrder = stepOrderFor(keys);
  keys.sort(stepOrder);
  const decisionsByKey = new Map(rows.decisions.map((r) => [r.step_key as string, r]));
  const steps: StepFigures[] = keys.map((key) => {
    const d = decisionsByKey.get(key);
    const t = byTask.get(key);
    const decisions = Number(d?.decisions ?? 0);
    const human = Number(d?.human ?? 0);
    const taskCount = Number(t?.tasks ?? 0);
    const [w50, w90] = pcts(t?.waiting);
    const breaches = Number(t?.breaches ?? 0);
    return {
      stepKey: key,
      decisions,
      humanDecisions: human,
      humanShare: share(human, decisions),
      tasks: taskCount,
      waitingHours: { median: hours(w50), p90: hours(w90) },
      slaBreaches: breaches,
      slaBreachRate: share(breaches, taskCount),
      escalations: Number(t?.escalations ?? 0),
    };
  });

  const totalWaiting = rows.tasks.reduce((sum, t) => sum + Number(t.waiting_total), 0);
  const bottlenecks: Bottleneck[] = rows.tasks
    .filter((t) => Number(t.waiting_total) > 0)
    .sort((a, b) => Number(b.waiting_total) - Number(a.waiting_total) || stepOrder(a.step_key as string, b.step_key as string))
    .slice(0, options.bottlenecks ?? 3)
    .map((t, i) => {
      const step = steps.find((s) => s.stepKey === t.step_key)!;
      return {
        rank: i + 1,
        stepKey: step.stepKey,
        totalWaitingHours: hours(t.waiting_total)!,
        shareOfWaiting: share(Number(t.waiting_total), totalWaiting)!,
        tasks: step.tasks,
        medianWaitingHours: step.waitingHours.median,
        p90WaitingHours: step.waitingHours.p90,
        slaBreachRate: step.slaBreachRate,
      };
    });

  const stepDecisions = steps.reduce((n, s) => n + s.decisions, 0);
  const humanDecisions = steps.reduce((n, s) => n + s.humanDecisions, 0);
  const humanTasks = steps.reduce((n, s) => n + s.tasks, 0);
  const targetMin = c.target_min === null ? null : Number(c.target_min);
  return {
    filters: { from: filters.from, to: filters.to, repId: filters.repId ?? null, country: filters.country ?? null },
    summary: {
      contracts,
      approved,
      rejected: Number(c.rejected),
      withdrawn: Number(c.withdrawn),
      inFlight: Number(c.in_flight),
      targetHours: targetMin !== null && targetMin === Number(c.target_max) ? hours(targetMin) : null,
      cycleTimeHours: { p50: hours(c50), p90: hours(c90), p95: hours(c95), mean: hours(c.cycle_mean) },
      elapsedHours: { p50: hours(e50), p90: hours(e90) },
      withinTargetShare: share(Number(c.within_target), approved),
      rework: { contracts: Number(c.reworked), medianHours: hours(c.rework_median), totalHours: hours(c.rework_total) ?? 0 },
      stepDecisions,
      automaticShare: share(stepDecisions - humanDecisions, stepDecisions),
      humanTasks,
      humanTasksPerContract: contracts > 0 ? round(humanTasks / contracts, 2) : null,
    },
    steps,
    bottlenecks,
    approvers: rows.approvers.map((a) => ({
      approverId: a.approver_id as string,
      username: (a.username as string | null) ?? null,
      name: (a.display_name as string | null) ?? null,
      tasks: Number(a.tasks),
      medianDecisionHours: hours(a.median),
      breaches: Number(a.breaches),
    })),
  };
}
