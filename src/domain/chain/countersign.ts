// Countersign (会签), or-sign (或签) and quorum on a human step: several named people each get
// their own task for the step, and the step is decided by their decisions together. One home for
// the policy shape (`approvers` on a step), its validation, who is asked (the plan) and the
// aggregation (who has decided, whether the step is decided, and how). Pure: no clock, no I/O.
//
// - `all` (会签): approved when every approver approved; the first reject rejects the step (and the
//   contract), the first request for changes sends it back to the rep, the first return to an
//   earlier step (return-to-step.ts) sends it back there.
// - `any` (或签): the first decision, whatever it is, is the step's.
// - `quorum`: approved once `count` approvers approved; a request for changes sends the contract
//   back at once; a reject counts against the quorum, and the step is rejected as soon as the
//   quorum can no longer be reached (approvals + approvers still open < count).
// When the step is decided, the approvers still open have their tasks closed and are told.
import type { Decision } from './engine.types';
import { type AssigneeSpec, type Role, ROLES } from './policy.types';

export type ApproversMode = 'all' | 'any' | 'quorum';
export const APPROVERS_MODES: readonly ApproversMode[] = ['all', 'any', 'quorum'];

/** At most this many people on one step. */
export const MAX_STEP_APPROVERS = 10;

/** Who decides a step together, as policy data. */
export interface ApproversSpec {
  mode: ApproversMode;
  /** quorum only: how many approvals decide the step (at least 1, at most the number of approvers). */
  count?: number;
  /**
   * The people asked: named (`users`, each gets a task in the step assignee's role), or everyone
   * holding `role` when the step asks (in that role; looked up by the workflow's approversOfRole).
   */
  from: { users: string[] } | { role: Role };
  /**
   * When the step asks several people; absent: whenever a person is asked. `materialDeviationsMoreThan`
   * reads the clauses with a material deviation the step's rule recorded (its inputs' `deviations`).
   */
  when?: { materialDeviationsMoreThan: number };
}

/** One approver of a step, as the step records it. */
export interface ApproverState {
  /** The listed person. */
  userId: string;
  /** Who holds the task (after out-of-office routing); set when the task opens. */
  assigneeId?: string;
  taskId: string;
  status: 'open' | 'approved' | 'rejected' | 'changes_requested' | 'returned' | 'closed';
  decidedById?: string;
  decidedByKind?: 'user' | 'rule';
  decidedAt?: string;
  comment?: string;
}

/** The approvers of a step and what they decided (StepState.approvers). */
export interface StepApprovers {
  mode: ApproversMode;
  /** Approvals that decide the step: all of them for `all`, 1 for `any`, `count` for `quorum`. */
  required: number;
  role: Role;
  approvers: ApproverState[];
  /** Set once the approvers decided the step. */
  outcome?: 'approved' | 'rejected' | 'changes_requested' | 'returned';
}

export type ApproversOutcome = 'pending' | 'approved' | 'rejected' | 'changes_requested' | 'returned';

export interface Aggregate {
  outcome: ApproversOutcome;
  approvals: number;
  rejections: number;
  /** Task ids of the approvers who have not decided (closed once the step is decided). */
  open: string[];
}

/** Roles whose holders may be asked together (anyone who decides steps). */
const APPROVER_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'rep' && r !== 'policy_admin');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Problems of a step's `approvers`, each with the path below `approvers`, its rule and a sentence. */
export function approversSpecProblems(spec: unknown): { path: string; rule: string; message: string }[] {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return [{ path: '', rule: 'type', message: "Must be an object { mode, count?, from: { users }, when? }" }];
  const out: { path: string; rule: string; message: string }[] = [];
  const s = spec as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!['mode', 'count', 'from', 'when'].includes(key)) out.push({ path: `.${key}`, rule: 'unknown_field', message: 'approvers names only mode, count, from and when' });
  if (!APPROVERS_MODES.includes(s.mode as ApproversMode)) out.push({ path: '.mode', rule: 'enum', message: `Must be one of ${APPROVERS_MODES.join(', ')}` });
  const from = s.from as Record<string, unknown> | undefined;
  let users: unknown[] = [];
  if (from === null || typeof from !== 'object' || Array.isArray(from)) out.push({ path: '.from', rule: 'required', message: 'Must be { users: [userId, …] } or { role }' });
  else if ('role' in from) {
    for (const key of Object.keys(from)) if (key !== 'role') out.push({ path: `.from.${key}`, rule: 'unknown_field', message: 'from names either users or a role' });
    if (!APPROVER_ROLES.includes(from.role as Role)) out.push({ path: '.from.role', rule: 'unknown_role', message: `Must be one of ${APPROVER_ROLES.join(', ')}` });
  } else {
    for (const key of Object.keys(from)) if (key !== 'users') out.push({ path: `.from.${key}`, rule: 'unknown_field', message: 'from names the approvers by user id: { users: [userId, …] }, or { role }' });
    if (!Array.isArray(from.users)) out.push({ path: '.from.users', rule: 'type', message: 'Must be a list of user ids' });
    else {
      users = from.users;
      if (users.length < 2) out.push({ path: '.from.users', rule: 'min_items', message: 'At least 2 approvers (one person is a plain assignee)' });
      if (users.length > MAX_STEP_APPROVERS) out.push({ path: '.from.users', rule: 'max_items', message: `At most ${MAX_STEP_APPROVERS} approvers` });
      if (new Set(users).size !== users.length) out.push({ path: '.from.users', rule: 'unique', message: 'Each approver at most once' });
      users.forEach((u, i) => {
        if (typeof u !== 'string' || !UUID.test(u)) out.push({ path: `.from.users[${i}]`, rule: 'uuid', message: 'Must be a user id (UUID)' });
      });
    }
  }
  if (s.mode === 'quorum') {
    const count = s.count;
    if (count === undefined) out.push({ path: '.count', rule: 'required', message: 'A quorum needs count: how many approvals decide the step' });
    else if (typeof count !== 'number' || !Number.isInteger(count)) out.push({ path: '.count', rule: 'integer', message: 'Must be a whole number' });
    else if (count < 1 || (users.length >= 2 && count > users.length)) out.push({ path: '.count', rule: 'range', message: `Must be at least 1 and at most the number of approvers (${users.length || 'the holders of the role'})` });
  } else if (s.count !== undefined) out.push({ path: '.count', rule: 'quorum_only', message: "count applies to mode 'quorum' only" });
  if (s.when !== undefined) {
    const when = s.when as Record<string, unknown> | null;
    if (when === null || typeof when !== 'object' || Array.isArray(when)) out.push({ path: '.when', rule: 'type', message: 'Must be { materialDeviationsMoreThan: n }' });
    else {
      for (const key of Object.keys(when)) if (key !== 'materialDeviationsMoreThan') out.push({ path: `.when.${key}`, rule: 'unknown_field', message: 'when names only materialDeviationsMoreThan' });
      const n = when.materialDeviationsMoreThan;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) out.push({ path: '.when.materialDeviationsMoreThan', rule: 'integer', message: 'Must be a whole number, 0 or more' });
    }
  }
  return out;
}

/**
 * How many clauses deviate materially, by the rule's inputs (`deviations`, each material unless
 * marked otherwise): a clause counts once, however many ways it deviates (unlimited liability is
 * both a changed text and a forbidden term of one clause).
 */
export function materialDeviationCount(inputs: Record<string, unknown> | undefined): number {
  const deviations = inputs?.deviations;
  if (!Array.isArray(deviations)) return 0;
  const material = deviations.filter((d) => (d as { material?: boolean } | null)?.material !== false) as { clauseKey?: string }[];
  return new Set(material.map((d, i) => d.clauseKey ?? `#${i}`)).size;
}

/** The role the approvers' tasks are decided in: the step assignee's. */
export function approverRole(assignee: AssigneeSpec | undefined): Role {
  if (assignee?.kind === 'role' || assignee?.kind === 'user') return assignee.role;
  return 'sales_manager';
}

/**
 * Who is asked on a step whose rule asks a person, when the step has `approvers` and its `when`
 * holds; null: the step goes to its assignee as today. The submitter is never asked: a listed
 * user who submitted the contract is left out (a quorum then needs at most the people left), and
 * when fewer than 2 are left the step goes to its assignee as today. Out-of-office approvers are
 * routed to their delegate when their task opens, like any task.
 */
export function approversPlan(
  step: { approvers?: ApproversSpec; assignee?: AssigneeSpec },
  ruleInputs: Record<string, unknown> | undefined,
  submitterId: string,
  /** The holders of `from.role` (by username), when the approvers are a role's: approversOfRole's answer. */
  roleHolders?: readonly string[],
): { mode: ApproversMode; required: number; role: Role; userIds: string[] } | null {
  const spec = approversApply(step, ruleInputs);
  if (!spec) return null;
  const listed = 'users' in spec.from ? spec.from.users : (roleHolders ?? []);
  const userIds = listed.filter((u) => u !== submitterId);
  if (userIds.length < 2) return null;
  const required = spec.mode === 'all' ? userIds.length : spec.mode === 'any' ? 1 : Math.min(spec.count ?? userIds.length, userIds.length);
  return { mode: spec.mode, required, role: 'role' in spec.from ? spec.from.role : approverRole(step.assignee), userIds };
}

/** The step's approvers spec when it applies to this rule result (its `when` holds); null: one assignee. */
export function approversApply(step: { approvers?: ApproversSpec }, ruleInputs: Record<string, unknown> | undefined): ApproversSpec | null {
  const spec = step.approvers;
  if (!spec) return null;
  if (spec.when && !(materialDeviationCount(ruleInputs) > spec.when.materialDeviationsMoreThan)) return null;
  return spec;
}

/** The step's approvers before anyone decided, each with the task id the interpreter drew. */
export function initialApprovers(plan: { mode: ApproversMode; required: number; role: Role; userIds: string[] }, taskIds: string[]): StepApprovers {
  return { mode: plan.mode, required: plan.required, role: plan.role, approvers: plan.userIds.map((userId, i) => ({ userId, taskId: taskIds[i], status: 'open' })) };
}

const STATUS_OF: Record<Decision, ApproverState['status']> = { approve: 'approved', reject: 'rejected', request_changes: 'changes_requested', return: 'returned' };

/**
 * `state` with the decision of the approver whose task is `taskId`. A second decision on the
 * same task (a double click that got through) or on a closed one changes nothing.
 */
export function withApproverDecision(
  state: StepApprovers,
  d: { taskId: string; decision: Decision; decidedById: string; decidedByKind: 'user' | 'rule'; decidedAt: string; comment?: string },
): StepApprovers {
  return {
    ...state,
    approvers: state.approvers.map((a) =>
      a.taskId === d.taskId && a.status === 'open'
        ? { ...a, status: STATUS_OF[d.decision], decidedById: d.decidedById, decidedByKind: d.decidedByKind, decidedAt: d.decidedAt, ...(d.comment ? { comment: d.comment } : {}) }
        : a,
    ),
  };
}

/** What the approvers' decisions so far make of the step. */
export function aggregateApprovers(state: StepApprovers): Aggregate {
  const approvals = state.approvers.filter((a) => a.status === 'approved').length;
  const rejections = state.approvers.filter((a) => a.status === 'rejected').length;
  const changes = state.approvers.some((a) => a.status === 'changes_requested');
  const open = state.approvers.filter((a) => a.status === 'open').map((a) => a.taskId);
  const base = { approvals, rejections, open };
  if (state.outcome) return { ...base, outcome: state.outcome };
  if (state.mode === 'any') {
    const first = state.approvers.filter((a) => a.status !== 'open' && a.status !== 'closed').sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''))[0];
    return { ...base, outcome: first ? (first.status as ApproversOutcome) : 'pending' };
  }
  if (changes) return { ...base, outcome: 'changes_requested' };
  // A return to an earlier step (return-to-step.ts) sends the contract back at once, like a request for changes.
  if (state.approvers.some((a) => a.status === 'returned')) return { ...base, outcome: 'returned' };
  if (approvals >= state.required) return { ...base, outcome: 'approved' };
  if (approvals + open.length < state.required) return { ...base, outcome: 'rejected' };
  return { ...base, outcome: 'pending' };
}

/** The step's reason once the approvers decided it, e.g. "Countersign (all): 2 of 2 approved". */
export function approversReason(state: StepApprovers, agg: Aggregate): string {
  const label = { all: 'Countersign (all)', any: 'Or-sign (any)', quorum: `Quorum (${state.required} of ${state.approvers.length})` }[state.mode];
  const tally = `${agg.approvals} of ${state.approvers.length} approved${agg.rejections ? `, ${agg.rejections} rejected` : ''}`;
  if (agg.outcome === 'changes_requested') return `${label}: changes requested; ${tally}`;
  if (agg.outcome === 'returned') return `${label}: returned to an earlier step; ${tally}`;
  return `${label}: ${agg.outcome === 'pending' ? 'waiting' : agg.outcome}; ${tally}`;
}
