// The cycle-time report as one CSV table in long form — section, key, metric, value — so every
// figure of the JSON report is one row that a spreadsheet can pivot (RFC 4180 quoting).
import type { CycleTimeReport } from './cycle-time-report';

export const CSV_HEADER = ['section', 'key', 'metric', 'value'] as const;

type Cell = string | number | null;

function flatten(prefix: string, value: unknown, out: [string, Cell][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
  } else {
    out.push([prefix, value as Cell]);
  }
}

/** Rows of [section, key, metric, value]; nested objects become dotted metric names (cycleTimeHours.p50). */
export function reportRows(report: CycleTimeReport): [string, string, string, Cell][] {
  const rows: [string, string, string, Cell][] = [];
  const add = (section: string, key: string, obj: object, skip: string[] = []) => {
    const flat: [string, Cell][] = [];
    flatten('', obj, flat);
    for (const [metric, value] of flat) if (!skip.includes(metric)) rows.push([section, key, metric, value]);
  };
  add('filter', '', report.filters);
  add('summary', '', report.summary);
  for (const s of report.steps) add('step', s.stepKey, s, ['stepKey']);
  for (const b of report.bottlenecks) add('bottleneck', String(b.rank), b, ['rank']);
  for (const a of report.approvers) add('approver', a.approverId, a, ['approverId']);
  return rows;
}

function cell(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportToCsv(report: CycleTimeReport): string {
  return [CSV_HEADER.join(','), ...reportRows(report).map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}
