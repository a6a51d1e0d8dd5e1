// What the ops dashboard shows for a period: the report API's dashboard document
// (GET /api/reports/dashboard) and its CSV.
// Dates are the organisation's calendar days, which the API reads in its time zone (a plain `to`
// includes that whole day).
import { client, toApiError } from '../../api/client';
import type { components } from '../../api/schema';

/** The dashboard document, typed by the OpenAPI document (src/reports/dashboard.dto.ts). */
export type DashboardReport = components['schemas']['DashboardReport'];

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

export async function loadDashboard(period: Period): Promise<DashboardReport> {
  const { data, error, response } = await client.GET('/api/reports/dashboard', { params: { query: { from: period.from, to: period.to } } });
  if (!response.ok || !data) throw toApiError(response, error);
  return data as DashboardReport;
}
