// Reports as one CSV table in long form — section, key, metric, value — so every figure of a
// JSON report is one row that a spreadsheet can pivot (RFC 4180 quoting). The cycle-time report
// and the dashboard are written by the same flattening.
import type { CycleTimeReport } from './cycle-time-report';
import type { DashboardReport } from './dashboard.dto';

export const CSV_HEADER = ['section', 'key', 'metric', 'value'] as const;

type Cell = string | number | boolean | null;
type Row = [string, string, string, Cell];

function flatten(prefix: string, value: unknown, out: [string, Cell][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
  } else {
    out.push([prefix, Array.isArray(value) ? value.join(' ') : (value as Cell)]);
  }
}

/** Adds one object's figures as rows of a section; nested objects become dotted metric names (cycleTimeHours.p50). */
function adder(rows: Row[]) {
  return (section: string, key: string, obj: object, skip: string[] = []) => {
    const flat: [string, Cell][] = [];
    flatten('', obj, flat);
    for (const [metric, value] of flat) if (!skip.includes(metric)) rows.push([section, key, metric, value]);
  };
}

/** Rows of [section, key, metric, value]. */
export function reportRows(report: CycleTimeReport): Row[] {
  const rows: Row[] = [];
  const add = adder(rows);
  add('filter', '', report.filters);
  add('summary', '', report.summary);
  for (const s of report.steps) add('step', s.stepKey, s, ['stepKey']);
  for (const b of report.bottlenecks) add('bottleneck', String(b.rank), b, ['rank']);
  for (const a of report.approvers) add('approver', a.approverId, a, ['approverId']);
  return rows;
}

/** The dashboard's figures, section by section as the page shows them. */
export function dashboardRows(d: DashboardReport): Row[] {
  const rows: Row[] = [];
  const add = adder(rows);
  add('period', '', { ...d.period, generatedAt: d.generatedAt });
  add('summary', '', d.summary);
  for (const b of d.cycleTimeHistogram) add('histogram', `${b.fromHours}-${b.toHours ?? ''}`, b);
  for (const w of d.weeklyTrend) add('week', w.weekStart, w, ['weekStart']);
  for (const s of d.steps) add('step', s.stepKey, s, ['stepKey']);
  for (const a of d.approvers) add('approver', a.approverId, a, ['approverId']);
  for (const c of d.atRisk) add('at_risk', c.id, c, ['id']);
  return rows;
}

function cell(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function rowsToCsv(rows: readonly Row[]): string {
  return [CSV_HEADER.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

export function reportToCsv(report: CycleTimeReport): string {
  return rowsToCsv(reportRows(report));
}

export function dashboardToCsv(d: DashboardReport): string {
  return rowsToCsv(dashboardRows(d));
}
