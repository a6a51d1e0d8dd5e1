// The simulated people calibrated from the real trail: for the contracts submitted in [from, to),
// each approver role's decision time (log-normal in business hours, as the approver model draws
// it), its decision mix (approve / request changes / reject), the rework rate and the rep's
// revision time. `readCalibrationTrail` reads the audit trail; `calibrate` is the pure fit;
// `calibratedBehaviour` turns the fit into the model's assumptions for one policy.
//
// The log-normal fit is maximum likelihood, which for a log-normal has a closed form (mu and sigma
// are the mean and the population standard deviation of the log times): four lines, so written
// here rather than adding a statistics package (none is installed; see the report of issue 16).
//
// What the fit sees and does not see:
// - A decision time runs from TASK_CREATED to TASK_DECIDED of the same task, in business hours of
//   the organisation's calendar in force when the task opened. A decision taken outside working
//   hours on a task opened outside them measures 0: such times count as one minute, the model's
//   own floor (reported as `clamped`).
// - Tasks cancelled before a decision, approved on timeout, or still open are not decisions: the
//   fit leaves them out (so a role whose tasks often time out looks faster than it is).
// - A role with fewer than `minSamples` decisions keeps the default model, and the output says so.
import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import { LEGACY_POLICY } from '../../src/domain/chain/legacy.policy';
import type { ChainPolicy } from '../../src/domain/chain/policy.types';
import { SLIM_POLICY_VERSIONS } from '../../src/domain/chain/slim.policy';
import { BusinessCalendar } from '../../src/domain/sla/business-calendar';
import type { CalendarProvider } from '../../src/sla/calendar.provider';
import type { BehaviourAssumptions, DecisionMix, DelayModel, RoleBehaviour } from './approver-model';

/** Steps that go to the submitting rep's manager count as the sales manager's (as the what-if evaluation counts them). */
export const SUBMITTER_MANAGER = 'sales_manager';
/** Below this many decisions a role keeps the default model. */
export const DEFAULT_MIN_SAMPLES = 20;
/** One minute: the shortest time the approver model draws, in hours. */
const FLOOR_HOURS = 1 / 60;
const HOUR_MS = 3_600_000;

export type Decision = keyof DecisionMix;

/** What the fit reads from the trail (pure data; `readCalibrationTrail` builds it). */
export interface CalibrationTrail {
  window: { from: string; to: string };
  /** Contracts submitted in the window. */
  contracts: number;
  decisions: { role: string; businessHours: number; decision: Decision }[];
  /** Decided tasks whose step has no known role (an ad-hoc step, a version this build does not know). */
  unattributed: number;
  /** Contracts sent back to the rep at least once, and those sent back at least once by a person. */
  sentBack: { contracts: number; byPeople: number };
  /** Business hours from a contract's return to the rep to their revision. */
  revisions: number[];
}

export interface LogNormalFit {
  n: number;
  /** Mean and population standard deviation of the log hours (the maximum-likelihood estimates). */
  mu: number;
  sigma: number;
  medianHours: number;
  /** Times under a minute counted as one minute. */
  clamped: number;
}

export interface RoleCalibration {
  role: string;
  samples: number;
  /** False: too few samples, the default model stays (see note). */
  fitted: boolean;
  fit: LogNormalFit | null;
  decisions: DecisionMix | null;
  counts: Record<Decision, number>;
  note?: string;
}

export interface Calibration {
  window: { from: string; to: string };
  contracts: number;
  minSamples: number;
  roles: RoleCalibration[];
  unattributed: number;
  rework: { contracts: number; rate: number | null; byPeopleRate: number | null };
  rep: { samples: number; fitted: boolean; fit: LogNormalFit | null; note?: string };
}

/** Maximum-likelihood log-normal fit of positive durations in hours (shorter than a minute: a minute). */
export function fitLogNormal(hours: readonly number[]): LogNormalFit {
  if (!hours.length) throw new Error('fitLogNormal needs at least one sample');
  let clamped = 0;
  const logs = hours.map((h) => {
    if (!(h >= FLOOR_HOURS)) clamped += 1;
    return Math.log(Math.max(FLOOR_HOURS, h));
  });
  const mu = logs.reduce((s, x) => s + x, 0) / logs.length;
  const sigma = Math.sqrt(logs.reduce((s, x) => s + (x - mu) ** 2, 0) / logs.length);
  return { n: hours.length, mu, sigma, medianHours: Math.exp(mu), clamped };
}

/** The pure fit: per role (sorted by name), the rework rate and the rep's revision time. */
export function calibrate(trail: CalibrationTrail, minSamples = DEFAULT_MIN_SAMPLES): Calibration {
  const byRole = new Map<string, CalibrationTrail['decisions']>();
  for (const d of trail.decisions) byRole.set(d.role, [...(byRole.get(d.role) ?? []), d]);
  const roles = [...byRole.keys()].sort().map((role): RoleCalibration => {
    const samples = byRole.get(role)!;
    const counts: Record<Decision, number> = { approve: 0, request_changes: 0, reject: 0 };
    for (const d of samples) counts[d.decision] += 1;
    if (samples.length < minSamples) {
      return { role, samples: samples.length, fitted: false, fit: null, decisions: null, counts, note: `${samples.length} decisions, fewer than ${minSamples}: default model kept` };
    }
    const n = samples.length;
    return {
      role,
      samples: n,
      fitted: true,
      fit: fitLogNormal(samples.map((d) => d.businessHours)),
      decisions: { approve: counts.approve / n, request_changes: counts.request_changes / n, reject: counts.reject / n },
      counts,
    };
  });
  const repFitted = trail.revisions.length >= minSamples;
  return {
    window: trail.window,
    contracts: trail.contracts,
    minSamples,
    roles,
    unattributed: trail.unattributed,
    rework: {
      contracts: trail.sentBack.contracts,
      rate: trail.contracts ? trail.sentBack.contracts / trail.contracts : null,
      byPeopleRate: trail.contracts ? trail.sentBack.byPeople / trail.contracts : null,
    },
    rep: {
      samples: trail.revisions.length,
      fitted: repFitted,
      fit: repFitted ? fitLogNormal(trail.revisions) : null,
      note: repFitted ? undefined : `${trail.revisions.length} revisions, fewer than ${minSamples}: default model kept`,
    },
  };
}

/** The role a policy's step goes to: its role, the rep's manager, or null (a bot or rule step). */
export function stepRole(policy: ChainPolicy, stepKey: string): string | null {
  const a = policy.steps.find((s) => s.key === stepKey)?.assignee;
  if (!a) return null;
  return a.kind === 'role' ? a.role : SUBMITTER_MANAGER;
}

const delayOf = (f: LogNormalFit): DelayModel => ({ medianHours: f.medianHours, sigma: f.sigma });

/**
 * The approver model's assumptions for simulating `policy` with the calibrated people: fitted
 * roles replace the default review time and the contract mix's decisions for the steps that go to
 * them; a fitted rep replaces the rep's time. Everything else stays as in `base`.
 */
export function calibratedBehaviour(base: BehaviourAssumptions, c: Calibration, policy: ChainPolicy): BehaviourAssumptions {
  const roles: Record<string, RoleBehaviour> = {};
  for (const r of c.roles) if (r.fitted && r.fit && r.decisions) roles[r.role] = { delay: delayOf(r.fit), decisions: r.decisions };
  const stepRoles: Record<string, string> = {};
  for (const s of policy.steps) {
    const role = stepRole(policy, s.key);
    if (role) stepRoles[s.key] = role;
  }
  return { ...structuredClone(base), rep: c.rep.fit ? delayOf(c.rep.fit) : { ...base.rep }, roles, stepRoles };
}

// ------------------------------------------------------------------ reading the trail

interface TrailRow {
  type: string;
  contract_id: string;
  step_key: string | null;
  actor_kind: string;
  occurred_at: Date;
  task_id: string | null;
  decision: string | null;
  policy_version: string;
}

const TRAIL_SQL = `
  SELECT e.type, e.contract_id::text AS contract_id, e.step_key, e.actor_kind, e.occurred_at,
         e.data->>'taskId' AS task_id, e.data->>'decision' AS decision, c.policy_version
  FROM audit_events e JOIN contracts c ON c.id = e.contract_id
  WHERE c.submitted_at >= $1 AND c.submitted_at < $2
    AND e.type IN ('TASK_CREATED', 'TASK_DECIDED', 'CHANGES_REQUESTED', 'CONTRACT_REVISED')
  ORDER BY e.contract_id, e.occurred_at, e.id`;

/** Every policy the trail's contracts may name: the stored versions, then those shipped in code. */
export async function knownPolicies(db: DataSource | EntityManager): Promise<Map<string, ChainPolicy>> {
  const out = new Map<string, ChainPolicy>([LEGACY_POLICY, ...SLIM_POLICY_VERSIONS].map((p) => [p.version, p]));
  const rows: { version: string; policy: ChainPolicy }[] = await db.query(`SELECT version, policy FROM policy_versions WHERE status = 'version'`);
  for (const r of rows) out.set(r.version, r.policy);
  return out;
}

/** Business hours between two instants in the calendar in force at the first (calendars cached per day). */
function businessHours(calendars: CalendarProvider, cache: Map<string, BusinessCalendar>, a: Date, b: Date): number {
  const day = a.toISOString().slice(0, 10);
  let cal = cache.get(day);
  if (!cal) cache.set(day, (cal = new BusinessCalendar(calendars.calendarAt(a))));
  return cal.businessMsBetween(a, b) / HOUR_MS;
}

/** The trail of the contracts submitted in [from, to), as the fit reads it (one query). */
export async function readCalibrationTrail(db: DataSource | EntityManager, window: { from: Date; to: Date }, calendars: CalendarProvider): Promise<CalibrationTrail> {
  const policies = await knownPolicies(db);
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM contracts WHERE submitted_at >= $1 AND submitted_at < $2`, [window.from, window.to]);
  const rows: TrailRow[] = await db.query(TRAIL_SQL, [window.from, window.to]);
  const cache = new Map<string, BusinessCalendar>();
  const trail: CalibrationTrail = {
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    contracts: n,
    decisions: [],
    unattributed: 0,
    sentBack: { contracts: 0, byPeople: 0 },
    revisions: [],
  };
  const opened = new Map<string, Date>();
  let contract = '';
  let sentBack = { any: false, byPeople: false };
  let returnedAt: Date | null = null;
  const closeContract = () => {
    if (sentBack.any) trail.sentBack.contracts += 1;
    if (sentBack.byPeople) trail.sentBack.byPeople += 1;
  };
  for (const r of rows) {
    if (r.contract_id !== contract) {
      closeContract();
      contract = r.contract_id;
      sentBack = { any: false, byPeople: false };
      returnedAt = null;
    }
    const at = new Date(r.occurred_at);
    if (r.type === 'TASK_CREATED' && r.task_id) opened.set(r.task_id, at);
    else if (r.type === 'TASK_DECIDED' && r.task_id) {
      const since = opened.get(r.task_id);
      const decision = r.decision as Decision;
      if (!since || !['approve', 'request_changes', 'reject'].includes(decision)) continue;
      const policy = policies.get(r.policy_version);
      const role = policy && r.step_key ? stepRole(policy, r.step_key) : null;
      if (!role) trail.unattributed += 1;
      else trail.decisions.push({ role, businessHours: businessHours(calendars, cache, since, at), decision });
    } else if (r.type === 'CHANGES_REQUESTED' && r.step_key === null) {
      // The contract-level event: one per return to the rep (a step-level one comes with a rule's return).
      sentBack.any = true;
      if (r.actor_kind === 'user') sentBack.byPeople = true;
      returnedAt = at;
    } else if (r.type === 'CONTRACT_REVISED' && returnedAt) {
      trail.revisions.push(businessHours(calendars, cache, returnedAt, at));
      returnedAt = null;
    }
  }
  closeContract();
  return trail;
}

// ------------------------------------------------------------------ printing

const fix = (x: number, d = 2) => x.toFixed(d);
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

/** The fitted parameters, one line per role, and the defaults kept where samples were too few. */
export function formatCalibration(c: Calibration, defaults: BehaviourAssumptions): string {
  const head = ['role', 'decisions', 'median h', 'sigma', 'approve', 'changes', 'reject', 'model'];
  const rows = c.roles.map((r) =>
    r.fitted && r.fit && r.decisions
      ? [r.role, String(r.samples), fix(r.fit.medianHours), fix(r.fit.sigma), pct(r.decisions.approve), pct(r.decisions.request_changes), pct(r.decisions.reject), 'fitted']
      : [r.role, String(r.samples), fix(defaults.review.medianHours), fix(defaults.review.sigma), '–', '–', '–', `default (${r.note})`],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((x, i) => (i === 0 || i === cells.length - 1 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ').trimEnd();
  const rep = c.rep.fit
    ? `median ${fix(c.rep.fit.medianHours)} business hours, sigma ${fix(c.rep.fit.sigma)} (fitted from ${c.rep.samples} revisions)`
    : `median ${fix(defaults.rep.medianHours)} h, sigma ${fix(defaults.rep.sigma)} (default: ${c.rep.note})`;
  const clamped = c.roles.reduce((s, r) => s + (r.fit?.clamped ?? 0), 0);
  return [
    `Calibrated from the audit trail: contracts submitted ${c.window.from} … ${c.window.to} (${c.contracts} contracts; a role needs ${c.minSamples} decisions to be fitted)`,
    'Decision times: log-normal in business hours, maximum likelihood; roles without enough decisions keep the default review model and the contract mix\'s decisions.',
    '',
    [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'),
    ...(c.roles.length ? [] : ['(no decided tasks in the window: every role keeps the default model)']),
    '',
    `Rep revision time: ${rep}`,
    `Rework: ${pct(c.rework.rate)} of contracts sent back to the rep at least once (${pct(c.rework.byPeopleRate)} by a person)`,
    ...(c.unattributed ? [`${c.unattributed} decided tasks of steps with no known role were left out`] : []),
    ...(clamped ? [`${clamped} decisions under a minute of business time counted as one minute`] : []),
  ].join('\n');
}

/** A window bound: a local date (midnight in `zone`) or an ISO instant with its offset; null if neither. */
export function parseWindowBound(text: string, zone: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const d = DateTime.fromISO(text, { zone });
    return d.isValid ? d.toJSDate() : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const d = DateTime.fromISO(text, { setZone: true });
  return d.isValid ? d.toJSDate() : null;
}
