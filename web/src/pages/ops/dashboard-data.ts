// What the ops dashboard shows for a period, read from the report API: the cycle-time report
// (GET /api/reports/cycle-times: summary, per step, per approver) and the contracts now amber or
// red (GET /api/contracts?rag=). Dates are the organisation's calendar days, as the report reads them.
import { client, unwrap } from '../../api/client';
import type { ContractList, ContractSummary } from '../../api/types';

export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/** The cycle-time report (src/reports/cycle-time-report.ts CycleTimeReport). */
export interface CycleTimeReport {
  filters: { from: string; to: string; repId: string | null; country: string | null };
  summary: {
    contracts: number;
    approved: number;
    rejected: number;
    withdrawn: number;
    inFlight: number;
    targetHours: number | null;
    cycleTimeHours: Percentiles & { mean: number | null };
    elapsedHours: { p50: number | null; p90: number | null };
    withinTargetShare: number | null;
    rework: { contracts: number; medianHours: number | null; totalHours: number };
    stepDecisions: number;
    automaticShare: number | null;
    humanTasks: number;
    humanTasksPerContract: number | null;
  };
  steps: {
    stepKey: string;
    decisions: number;
    humanDecisions: number;
    humanShare: number | null;
    tasks: number;
    waitingHours: { median: number | null; p90: number | null };
    slaBreaches: number;
    slaBreachRate: number | null;
    escalations: number;
  }[];
  approvers: { approverId: string; username: string | null; name: string | null; tasks: number; medianDecisionHours: number | null; breaches: number }[];
}

export interface Period {
  /** YYYY-MM-DD, the organisation's calendar day. */
  from: string;
  /** YYYY-MM-DD, included whole. */
  to: string;
}

export interface DashboardData {
  report: CycleTimeReport;
  /** Contracts now red, then amber; most late first. */
  atRisk: ContractSummary[];
}

export function reportQuery(period: Period): string {
  return new URLSearchParams({ from: period.from, to: period.to }).toString();
}

/** The API's CSV of the report for the same period (the browser sends the session cookie). */
export function csvUrl(period: Period): string {
  return `/api/reports/cycle-times?${reportQuery(period)}&format=csv`;
}

async function contractsWithRag(rag: 'amber' | 'red'): Promise<ContractSummary[]> {
  const list = await unwrap<ContractList>(client.GET('/api/contracts', { params: { query: { rag, pageSize: 100 } } }));
  return list.items;
}

export async function loadDashboard(period: Period): Promise<DashboardData> {
  const [report, red, amber] = await Promise.all([
    unwrap<CycleTimeReport>(client.GET('/api/reports/cycle-times', { params: { query: { from: period.from, to: period.to } } })),
    contractsWithRag('red'),
    contractsWithRag('amber'),
  ]);
  const byAge = (a: ContractSummary, b: ContractSummary) => b.timing.elapsedHours - a.timing.elapsedHours;
  return { report, atRisk: [...red.sort(byAge), ...amber.sort(byAge)] };
}
