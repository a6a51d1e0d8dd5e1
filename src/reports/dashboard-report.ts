// The ops dashboard: the cycle-time report's figures (summary, steps, approvers: computed once,
// in cycle-time-report.ts) plus what only the dashboard shows — the cycle-time distribution
// against the target, the weekly p50/p90 trend and the open contracts now amber or red. The SQL
// reads the same projection with the same filter (reportWhere); assembly is pure.
import { DateTime } from 'luxon';
import { computeContractTiming, HOUR_MS } from '../domain/sla/rag';
import { type CycleTimeReport, type ReportFilters, reportWhere } from './cycle-time-report';
import type { AtRiskContract, DashboardReport, HistogramBucket, WeeklyTrendPoint } from './dashboard.dto';

/** Histogram buckets per target: thirds, the same fraction at which a contract turns amber. */
export const BUCKETS_PER_TARGET = 3;
/** Closed buckets up to twice the target, then one open bucket. */
export const CLOSED_BUCKETS = 2 * BUCKETS_PER_TARGET;

export interface DashboardSql {
  histogram: { sql: string; params: unknown[] };
  weekly: { sql: string; params: unknown[] };
}

/**
 * The two statements only the dashboard runs. An approved contract falls in bucket i when its
 * cycle time is in (i, i+1] thirds of its own target (exact: integer milliseconds, numeric
 * division), so "within target" in the histogram is the summary's cycle_ms <= target_ms.
 */
export function buildDashboardSql(filters: ReportFilters, timeZone: string): DashboardSql {
  const { where, params } = reportWhere(filters);
  const tz = `$${params.length + 1}::text`;
  return {
    histogram: {
      params,
      sql: `
      SELECT LEAST(GREATEST(ceil((cycle_ms * ${BUCKETS_PER_TARGET})::numeric / target_ms)::int - 1, 0), ${CLOSED_BUCKETS}) AS bucket,
        count(*)::int AS contracts
      FROM report_contract_facts
      WHERE status = 'approved' AND target_ms > 0 AND ${where}
      GROUP BY 1`,
    },
    weekly: {
      params: [...params, timeZone],
      sql: `
      SELECT to_char(date_trunc('week', submitted_at AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS week,
        count(*)::int AS contracts,
        count(*) FILTER (WHERE status = 'approved')::int AS approved,
        percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY cycle_ms::float8) FILTER (WHERE status = 'approved') AS cycle,
        count(*) FILTER (WHERE status = 'approved' AND cycle_ms <= target_ms)::int AS within_target
      FROM report_contract_facts WHERE ${where}
      GROUP BY 1`,
    },
  };
}

export interface HistogramRow {
  bucket: number;
  contracts: number;
}

export interface WeeklyRow {
  week: string;
  contracts: number;
  approved: number;
  cycle: (number | string | null)[] | null;
  within_target: number;
}

/** An open contract the repository found amber or red, with what its timing needs. */
export interface AtRiskRow {
  id: string;
  title: string;
  status: 'in_review' | 'changes_requested';
  repId: string;
  repName: string | null;
  currentSteps: string[];
  submittedAt: Date;
  targetHours: number;
  reworkMs: number;
  reworkSince: Date | null;
  anyStepBreached: boolean;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const hours = (ms: number | string | null | undefined): number | null => (ms === null || ms === undefined ? null : round2(Number(ms) / HOUR_MS));
const share = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

export function histogram(rows: readonly HistogramRow[], targetHours: number): HistogramBucket[] {
  const counts = new Map(rows.map((r) => [Number(r.bucket), Number(r.contracts)]));
  const width = targetHours / BUCKETS_PER_TARGET;
  return Array.from({ length: CLOSED_BUCKETS + 1 }, (_, i) => ({
    fromHours: round2(i * width),
    toHours: i < CLOSED_BUCKETS ? round2((i + 1) * width) : null,
    contracts: counts.get(i) ?? 0,
    withinTarget: i < BUCKETS_PER_TARGET,
  }));
}

/** Mondays (YYYY-MM-DD, in `timeZone`) of every week that overlaps [from, to). */
export function weeksOf(from: string, to: string, timeZone: string): string[] {
  const end = DateTime.fromISO(to, { zone: timeZone });
  const weeks: string[] = [];
  for (let w = DateTime.fromISO(from, { zone: timeZone }).startOf('week'); w < end; w = w.plus({ weeks: 1 })) weeks.push(w.toISODate()!);
  return weeks;
}

export function weeklyTrend(rows: readonly WeeklyRow[], weeks: readonly string[]): WeeklyTrendPoint[] {
  const byWeek = new Map(rows.map((r) => [r.week, r]));
  return weeks.map((weekStart) => {
    const r = byWeek.get(weekStart);
    const [p50, p90] = r?.cycle ?? [null, null];
    const approved = Number(r?.approved ?? 0);
    return {
      weekStart,
      contracts: Number(r?.contracts ?? 0),
      approved,
      p50Hours: hours(p50),
      p90Hours: hours(p90),
      withinTargetShare: share(Number(r?.within_target ?? 0), approved),
    };
  });
}

/** Timing by the domain's computeContractTiming (the colour the contract page shows), most elapsed first. */
export function atRisk(rows: readonly AtRiskRow[], now: Date): AtRiskContract[] {
  const out: (AtRiskContract & { leftMs: number })[] = [];
  for (const r of rows) {
    const t = computeContractTiming({
      submittedAt: r.submittedAt,
      now,
      targetHours: r.targetHours,
      reworkMs: r.reworkMs,
      reworkSince: r.reworkSince,
      anyStepBreached: r.anyStepBreached,
    });
    if (t.rag === 'green') continue;
    out.push({
      id: r.id,
      title: r.title,
      status: r.status,
      repId: r.repId,
      repName: r.repName,
      currentSteps: r.currentSteps,
      rag: t.rag,
      submittedAt: r.submittedAt.toISOString(),
      ageHours: round2((now.getTime() - r.submittedAt.getTime()) / HOUR_MS),
      elapsedHours: t.elapsedHours,
      targetHours: t.targetHours,
      dueAt: t.dueAt,
      leftMs: Date.parse(t.dueAt) - now.getTime(),
    });
  }
  // Least time left first (red before amber), then the oldest.
  out.sort((a, b) => a.leftMs - b.leftMs || a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id));
  return out.map(({ leftMs: _, ...c }) => c);
}

export interface DashboardParts {
  filters: ReportFilters;
  timeZone: string;
  targetHours: number;
  now: Date;
  report: CycleTimeReport;
  histogram: HistogramRow[];
  weekly: WeeklyRow[];
  atRisk: AtRiskRow[];
}

export function assembleDashboard(p: DashboardParts): DashboardReport {
  const { summary } = p.report;
  return {
    period: { from: p.filters.from, to: p.filters.to, timeZone: p.timeZone, repId: p.filters.repId ?? null, country: p.filters.country ?? null },
    generatedAt: p.now.toISOString(),
    summary: {
      contracts: summary.contracts,
      approved: summary.approved,
      rejected: summary.rejected,
      withdrawn: summary.withdrawn,
      inFlight: summary.inFlight,
      targetHours: p.targetHours,
      cycleTimeHours: summary.cycleTimeHours,
      withinTargetShare: summary.withinTargetShare,
      stepDecisions: summary.stepDecisions,
      automaticShare: summary.automaticShare,
      humanTasks: summary.humanTasks,
      slaBreaches: p.report.steps.reduce((n, s) => n + s.slaBreaches, 0),
      escalations: p.report.steps.reduce((n, s) => n + s.escalations, 0),
    },
    cycleTimeHistogram: histogram(p.histogram, p.targetHours),
    weeklyTrend: weeklyTrend(p.weekly, weeksOf(p.filters.from, p.filters.to, p.timeZone)),
    steps: p.report.steps,
    approvers: p.report.approvers,
    atRisk: atRisk(p.atRisk, p.now),
  };
}
