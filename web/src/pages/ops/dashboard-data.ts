// What the ops dashboard shows for a period: the report API's dashboard document
// (GET /api/reports/dashboard, src/reports/dashboard.dto.ts DashboardReport) and its CSV.
// Dates are the organisation's calendar days, which the API reads in its time zone (a plain `to`
// includes that whole day).
import { toApiError } from '../../api/client';
import type { Rag } from '../../api/types';

export interface DashboardReport {
  period: { from: string; to: string; timeZone: string; repId: string | null; country: string | null };
  generatedAt: string;
  summary: {
    contracts: number;
    approved: number;
    rejected: number;
    withdrawn: number;
    inFlight: number;
    targetHours: number;
    cycleTimeHours: { p50: number | null; p90: number | null; p95: number | null; mean: number | null };
    withinTargetShare: number | null;
    stepDecisions: number;
    automaticShare: number | null;
    humanTasks: number;
    slaBreaches: number;
    escalations: number;
  };
  cycleTimeHistogram: { fromHours: number; toHours: number | null; contracts: number; withinTarget: boolean }[];
  weeklyTrend: { weekStart: string; contracts: number; approved: number; p50Hours: number | null; p90Hours: number | null; withinTargetShare: number | null }[];
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
  atRisk: {
    id: string;
    title: string;
    status: 'in_review' | 'changes_requested';
    repId: string;
    repName: string | null;
    currentSteps: string[];
    rag: Extract<Rag, 'amber' | 'red'>;
    submittedAt: string;
    ageHours: number;
    elapsedHours: number;
    targetHours: number;
    dueAt: string;
  }[];
}

export interface Period {
  /** YYYY-MM-DD, the organisation's calendar day. */
  from: string;
  /** YYYY-MM-DD, included whole. */
  to: string;
}

function query(period: Period): string {
  return new URLSearchParams({ from: period.from, to: period.to }).toString();
}

/** The API's CSV of the dashboard for the same period (the browser sends the session cookie). */
export function csvUrl(period: Period): string {
  return `/api/reports/dashboard?${query(period)}&format=csv`;
}

// A plain GET: the route is new on the server and not yet in the generated schema (schema.d.ts);
// the answer's type is the DTO above either way, as the API declares no other response schemas.
export async function loadDashboard(period: Period): Promise<DashboardReport> {
  const response = await fetch(`/api/reports/dashboard?${query(period)}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw toApiError(response, body);
  return body as DashboardReport;
}
