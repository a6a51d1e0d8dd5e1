// What the simulator prints: the cycle-time report as text, the before/after table of the two
// chains, and a one-screen summary a manager can read. Pure formatting over the results.
import type { CycleTimeReport } from '../../src/reports/cycle-time-report';
import type { BehaviourAssumptions } from './approver-model';
import { MIX_DESCRIPTIONS, MIX_WEIGHTS, type MixKind } from './contract-mix';
import type { SimulationResult } from './simulator';

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const hrs = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} h`);
const days = (x: number | null) => (x === null ? '–' : `${(x / 24).toFixed(1)} days`);
/** A duration for prose: "under an hour", "5.2 hours" up to two days, then "3.4 days". */
export const span = (x: number | null) => (x === null ? '–' : x < 1 ? 'under an hour' : x < 48 ? `${x.toFixed(1)} hours` : days(x));
const pad = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));
const lpad = (s: string, w: number) => (s.length >= w ? s : ' '.repeat(w - s.length) + s);

function table(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < leftColumns ? pad(c, widths[i]) : lpad(c, widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatReport(report: CycleTimeReport, title: string): string {
  const s = report.summary;
  const out = [
    title,
    `Contracts ${n(s.contracts)}: approved ${n(s.approved)}, rejected ${n(s.rejected)}, withdrawn ${n(s.withdrawn)}, in flight ${n(s.inFlight)}; sent back to the rep ${n(s.rework.contracts)} (median ${hrs(s.rework.medianHours)} with the rep)`,
    `Cycle time, submission to approval without time with the rep: p50 ${hrs(s.cycleTimeHours.p50)} · p90 ${hrs(s.cycleTimeHours.p90)} · p95 ${hrs(s.cycleTimeHours.p95)} · mean ${hrs(s.cycleTimeHours.mean)}`,
    `Within the ${s.targetHours ?? 72}-hour target: ${pct(s.withinTargetShare)} of approved contracts`,
    `Step decisions made automatically: ${pct(s.automaticShare)} of ${n(s.stepDecisions)}; human tasks per contract ${s.humanTasksPerContract ?? '–'}`,
    '',
    table(
      ['step', 'decisions', 'by a human', 'tasks', 'wait p50', 'wait p90', 'SLA breach', 'escalations'],
      report.steps.map((st) => [
        st.stepKey,
        n(st.decisions),
        pct(st.humanShare),
        n(st.tasks),
        hrs(st.waitingHours.median),
        hrs(st.waitingHours.p90),
        pct(st.slaBreachRate),
        n(st.escalations),
      ]),
    ),
    '',
    `Top bottlenecks (share of all waiting on people): ${
      report.bottlenecks.map((b) => `${b.rank}. ${b.stepKey} ${pct(b.shareOfWaiting)} (${n(b.tasks)} tasks, p90 ${hrs(b.p90WaitingHours)})`).join('; ') || 'none'
    }`,
  ];
  if (report.approvers.length) {
    out.push(
      '',
      table(
        ['approver', 'tasks', 'median decision', 'breaches'],
        report.approvers.map((a) => [a.username ?? a.approverId, n(a.tasks), hrs(a.medianDecisionHours), n(a.breaches)]),
      ),
    );
  }
  return out.join('\n');
}

export function chainTitle(r: SimulationResult): string {
  const label = r.chain === 'legacy' ? 'LEGACY chain, 28 sequential manual steps' : 'SLIM chain, 15 steps';
  return `${label} (${r.policyVersion}) — ${n(r.contracts)} contracts, seed ${r.seed}, submitted ${r.period.from.slice(0, 10)} … ${r.period.to.slice(0, 10)}`;
}

export function comparisonRows(before: CycleTimeReport, after: CycleTimeReport): [string, string, string][] {
  const b = before.summary;
  const a = after.summary;
  return [
    ['Cycle time p50', `${days(b.cycleTimeHours.p50)} (${hrs(b.cycleTimeHours.p50)})`, `${days(a.cycleTimeHours.p50)} (${hrs(a.cycleTimeHours.p50)})`],
    ['Cycle time p90', `${days(b.cycleTimeHours.p90)} (${hrs(b.cycleTimeHours.p90)})`, `${days(a.cycleTimeHours.p90)} (${hrs(a.cycleTimeHours.p90)})`],
    ['Share within 3 days (72 h)', pct(b.withinTargetShare), pct(a.withinTargetShare)],
    ['Share of step decisions automatic', pct(b.automaticShare), pct(a.automaticShare)],
    ['Human tasks per contract', String(b.humanTasksPerContract ?? '–'), String(a.humanTasksPerContract ?? '–')],
  ];
}

export function formatComparison(legacy: SimulationResult, slim: SimulationResult): string {
  return table(['', 'before: legacy (28 manual steps)', 'after: slim (15 steps)'], comparisonRows(legacy.report, slim.report));
}

export function formatAssumptions(b: BehaviourAssumptions, o: { contractsPerDay: number; tickMinutes: number }): string {
  const mix = (Object.entries(MIX_WEIGHTS) as [MixKind, number][]).map(([k, w]) => `${Math.round(w * 1000) / 10}% ${MIX_DESCRIPTIONS[k]}`);
  return [
    'Assumptions',
    `- Working hours 09:00–18:00 Mon–Fri, Asia/Shanghai, public holidays off; ${o.contractsPerDay} new contracts per working day, arriving at random within working hours.`,
    `- A person decides a review after a log-normal delay in business hours: median ${b.review.medianHours} h (sigma ${b.review.sigma}); legacy data entry and re-approvals median ${b.quick.medianHours} h (sigma ${b.quick.sigma}).`,
    `  The same people at the same speed work both chains; they look at their inbox every ${o.tickMinutes} minutes.`,
    `  People of one role are interchangeable: a task of a role held by several (two legal counsels, two executives) goes to one picked by contract, step and revision, not to the least loaded.`,
    `- A rep revises a contract sent back after median ${b.rep.medianHours} business hours (sigma ${b.rep.sigma}).`,
    `- Mix: ${mix.join('; ')}.`,
  ].join('\n');
}

export function managerSummary(legacy: SimulationResult | undefined, slim: SimulationResult | undefined): string {
  const lines = ['Summary for managers'];
  const s = slim?.report.summary;
  const l = legacy?.report.summary;
  if (l && s) {
    const factor = l.cycleTimeHours.p50 && s.cycleTimeHours.p50 ? l.cycleTimeHours.p50 / s.cycleTimeHours.p50 : null;
    lines.push(
      `- A typical contract now takes ${span(s.cycleTimeHours.p50)} instead of ${span(l.cycleTimeHours.p50)}${factor ? ` (${factor.toFixed(1)}× faster)` : ''}; the slowest one in ten ${span(s.cycleTimeHours.p90)} instead of ${span(l.cycleTimeHours.p90)}.`,
      `- ${pct(s.withinTargetShare)} of contracts meet the 3-day target, against ${pct(l.withinTargetShare)} before.`,
      `- Rules now decide ${pct(s.automaticShare)} of all step decisions; people handle ${s.humanTasksPerContract} tasks per contract instead of ${l.humanTasksPerContract}.`,
      `- Field reports said about 7 days before and under 3 days now; this simulation measures ${span(l.cycleTimeHours.p50)} and ${span(s.cycleTimeHours.p50)} (median).`,
    );
  } else {
    const r = (s ?? l)!;
    lines.push(
      `- A typical contract takes ${span(r.cycleTimeHours.p50)}; the slowest one in ten ${span(r.cycleTimeHours.p90)}.`,
      `- ${pct(r.withinTargetShare)} meet the 3-day target; rules decide ${pct(r.automaticShare)} of step decisions; ${r.humanTasksPerContract} human tasks per contract.`,
    );
  }
  const b = slim?.report.bottlenecks[0] ?? legacy?.report.bottlenecks[0];
  if (b) lines.push(`- Where contracts wait longest${slim ? ' now' : ''}: ${b.stepKey.replace(/_/g, ' ')} (${pct(b.shareOfWaiting)} of all waiting on people).`);
  lines.push('- Figures come from the real approval workflow run on simulated time with simulated people; the assumptions above drive them.');
  return lines.join('\n');
}
