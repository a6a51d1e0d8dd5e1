import { AUDIT_EVENT_TYPES } from '../audit/audit-event-types';
import type { RuleResult } from '../rules/rule.types';
import { initialChainState, openTasks, reduce } from './chain-machine';
import type { ChainCommand, ChainState } from './chain-state';
import {
  aggregateApprovers,
  approversPlan,
  approversReason,
  approversSpecProblems,
  initialApprovers,
  type ApproversMode,
  type StepApprovers,
  withApproverDecision,
} from './countersign';
import type { Decision, TaskState } from './engine.types';
import type { ChainPolicy } from './policy.types';
import { SLIM_POLICY } from './slim.policy';

const LEE = '00000000-0000-4000-8000-00000000000a';
const LENA = '00000000-0000-4000-8000-00000000000b';
const LUO = '00000000-0000-4000-8000-00000000000c';
const REP = '00000000-0000-4000-8000-0000000000ff';

const T0 = Date.parse('2026-11-20T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function state(mode: ApproversMode, users = [LEE, LENA, LUO], count?: number): StepApprovers {
  const plan = approversPlan({ approvers: { mode, count, from: { users } }, assignee: { kind: 'role', role: 'legal_counsel' } }, {}, REP)!;
  return initialApprovers(plan, users.map((_, i) => `t${i}`));
}
const decide = (s: StepApprovers, i: number, decision: Decision, minute = i) =>
  withApproverDecision(s, { taskId: `t${i}`, decision, decidedById: s.approvers[i].userId, decidedByKind: 'user', decidedAt: at(minute) });

describe('countersign aggregation', () => {
  it('all: approved only when every approver approved', () => {
    let s = state('all', [LEE, LENA]);
    expect(s.required).toBe(2);
    s = decide(s, 0, 'approve');
    expect(aggregateApprovers(s)).toEqual({ outcome: 'pending', approvals: 1, rejections: 0, open: ['t1'] });
    s = decide(s, 1, 'approve');
    expect(aggregateApprovers(s).outcome).toBe('approved');
    expect(approversReason(s, aggregateApprovers(s))).toBe('Countersign (all): approved; 2 of 2 approved');
  });

  it('all: the first reject rejects the step; the first request for changes sends it back', () => {
    expect(aggregateApprovers(decide(decide(state('all'), 0, 'approve'), 1, 'reject'))).toMatchObject({ outcome: 'rejected', open: ['t2'] });
    expect(aggregateApprovers(decide(state('all'), 2, 'request_changes')).outcome).toBe('changes_requested');
  });

  it('a return to an earlier step sends the contract back at once, in every mode', () => {
    const returned = decide(decide(state('all'), 0, 'approve'), 1, 'return');
    expect(aggregateApprovers(returned)).toMatchObject({ outcome: 'returned', approvals: 1, open: ['t2'] });
    expect(approversReason(returned, aggregateApprovers(returned))).toBe('Countersign (all): returned to an earlier step; 1 of 3 approved');
    expect(aggregateApprovers(decide(state('any'), 2, 'return')).outcome).toBe('returned');
    expect(aggregateApprovers(decide(state('quorum', [LEE, LENA, LUO], 2), 0, 'return')).outcome).toBe('returned');
  });

  it('any: the first decision wins, whatever it is', () => {
    expect(aggregateApprovers(decide(state('any'), 1, 'approve'))).toMatchObject({ outcome: 'approved', open: ['t0', 't2'] });
    expect(aggregateApprovers(decide(state('any'), 2, 'reject')).outcome).toBe('rejected');
    expect(aggregateApprovers(decide(state('any'), 0, 'request_changes')).outcome).toBe('changes_requested');
  });

  it('quorum 2 of 3: a reject before the quorum leaves it reachable; two approvals decide', () => {
    let s = state('quorum', [LEE, LENA, LUO], 2);
    s = decide(s, 0, 'reject');
    expect(aggregateApprovers(s)).toEqual({ outcome: 'pending', approvals: 0, rejections: 1, open: ['t1', 't2'] });
    s = decide(s, 1, 'approve');
    expect(aggregateApprovers(s).outcome).toBe('pending');
    s = decide(s, 2, 'approve');
    expect(aggregateApprovers(s)).toMatchObject({ outcome: 'approved', approvals: 2, rejections: 1 });
    expect(approversReason(s, aggregateApprovers(s))).toBe('Quorum (2 of 3): approved; 2 of 3 approved, 1 rejected');
  });

  it('quorum 2 of 3: rejected as soon as the quorum can no longer be reached', () => {
    const s = decide(decide(state('quorum', [LEE, LENA, LUO], 2), 0, 'reject'), 1, 'reject');
    expect(aggregateApprovers(s)).toMatchObject({ outcome: 'rejected', open: ['t2'] });
  });

  it('quorum: a request for changes sends the contract back at once', () => {
    expect(aggregateApprovers(decide(decide(state('quorum', [LEE, LENA, LUO], 2), 0, 'approve'), 1, 'request_changes')).outcome).toBe('changes_requested');
  });

  it('a double decision on the same task changes nothing', () => {
    const once = decide(state('all'), 0, 'approve');
    expect(decide(once, 0, 'reject')).toEqual(once);
  });
});

describe('approversPlan', () => {
  const spec = { mode: 'all' as const, from: { users: [LEE, LENA] }, when: { materialDeviationsMoreThan: 1 } };
  const step = { approvers: spec, assignee: { kind: 'role' as const, role: 'legal_counsel' as const } };
  const deviations = (...material: boolean[]) => ({ deviations: material.map((m, i) => ({ clauseKey: `c${i}`, kind: 'text_changed', material: m })) });

  it('asks every listed person when the step has more material deviations than `when` says', () => {
    expect(approversPlan(step, deviations(true, true), REP)).toEqual({ mode: 'all', required: 2, role: 'legal_counsel', userIds: [LEE, LENA] });
  });

  it('counts a clause once however many ways it deviates', () => {
    const twoWays = { deviations: [{ clauseKey: 'liability', kind: 'text_changed', material: true }, { clauseKey: 'liability', kind: 'forbidden_term', material: true }] };
    expect(approversPlan(step, twoWays, REP)).toBeNull();
  });

  it('leaves the step to its assignee otherwise (cosmetic deviations do not count)', () => {
    expect(approversPlan(step, deviations(true), REP)).toBeNull();
    expect(approversPlan(step, deviations(true, false, false), REP)).toBeNull();
    expect(approversPlan({ assignee: step.assignee }, deviations(true, true), REP)).toBeNull();
  });

  it('from a role: every holder of the role the workflow found, in that role, never the submitter', () => {
    const byRole = { approvers: { mode: 'any' as const, from: { role: 'finance_controller' as const } }, assignee: step.assignee };
    expect(approversPlan(byRole, {}, REP, [LEE, LENA, LUO])).toEqual({ mode: 'any', required: 1, role: 'finance_controller', userIds: [LEE, LENA, LUO] });
    expect(approversPlan(byRole, {}, LEE, [LEE, LENA])).toBeNull();
    expect(approversPlan(byRole, {}, REP, [])).toBeNull();
  });

  it('never asks the submitter: with fewer than two people left the step goes to its assignee', () => {
    expect(approversPlan(step, deviations(true, true), LEE)).toBeNull();
    const three = { ...step, approvers: { mode: 'quorum' as const, count: 3, from: { users: [LEE, LENA, LUO] } } };
    expect(approversPlan(three, {}, LEE)).toMatchObject({ required: 2, userIds: [LENA, LUO] });
  });
});

describe('approversSpecProblems', () => {
  const ok = { mode: 'quorum', count: 2, from: { users: [LEE, LENA, LUO] }, when: { materialDeviationsMoreThan: 1 } };
  it('accepts a well-formed spec', () => {
    expect(approversSpecProblems(ok)).toEqual([]);
    expect(approversSpecProblems({ mode: 'all', from: { role: 'legal_counsel' } })).toEqual([]);
  });
  it.each<[string, unknown, string, string]>([
    ['not an object', 'lee', '', 'type'],
    ['unknown mode', { ...ok, mode: 'most' }, '.mode', 'enum'],
    ['no from', { mode: 'all' }, '.from', 'required'],
    ['from an unknown role', { mode: 'all', from: { role: 'wizard' } }, '.from.role', 'unknown_role'],
    ['from the rep role', { mode: 'all', from: { role: 'rep' } }, '.from.role', 'unknown_role'],
    ['from both a role and users', { mode: 'all', from: { role: 'legal_counsel', users: [LEE, LENA] } }, '.from.users', 'unknown_field'],
    ['one approver', { mode: 'all', from: { users: [LEE] } }, '.from.users', 'min_items'],
    ['the same approver twice', { mode: 'all', from: { users: [LEE, LEE] } }, '.from.users', 'unique'],
    ['a user that is not an id', { mode: 'all', from: { users: [LEE, 'lena'] } }, '.from.users[1]', 'uuid'],
    ['quorum without count', { ...ok, count: undefined }, '.count', 'required'],
    ['quorum above the approvers', { ...ok, count: 4 }, '.count', 'range'],
    ['fractional quorum', { ...ok, count: 1.5 }, '.count', 'integer'],
    ['count on all', { mode: 'all', count: 2, from: { users: [LEE, LENA] } }, '.count', 'quorum_only'],
    ['negative when', { ...ok, when: { materialDeviationsMoreThan: -1 } }, '.when.materialDeviationsMoreThan', 'integer'],
    ['unknown when', { ...ok, when: { amountAbove: 5 } }, '.when.amountAbove', 'unknown_field'],
    ['unknown field', { ...ok, order: 'parallel' }, '.order', 'unknown_field'],
  ])('names the field and rule: %s', (_name, spec, path, rule) => {
    expect(approversSpecProblems(spec)).toContainEqual(expect.objectContaining({ path, rule }));
  });
});

describe('the chain state machine on a step with approvers', () => {
  const human: RuleResult = { outcome: 'human', ruleId: 'legal_review.no_deviations', reason: '2 clause deviations', inputs: {} };
  const openedTask = (taskId: string, assigneeId: string): TaskState => ({
    taskId,
    stepKey: 'legal_review',
    revision: 1,
    assigneeId,
    originalAssigneeId: assigneeId,
    escalatedTo: [],
    escalationChain: ['u:ed'],
    status: 'open',
    schedule: { dueAt: at(480), reminders: [], escalations: [{ level: 1, at: at(480) }] },
    slaBusinessHours: 8,
    createdAt: at(0),
  });

  /** legal_review waiting on its approvers' tasks, opened; the machine's step view (no stage walking), as the workflow runs it. */
  function waiting(mode: ApproversMode, users: string[], count?: number): ChainState {
    const base = initialChainState(SLIM_POLICY as ChainPolicy, 'c-1');
    let s: ChainState = { ...base, steps: { legal_review: { ...base.steps.legal_review, status: 'in_progress' } } };
    const approvers = initialApprovers(approversPlan({ approvers: { mode, count, from: { users } }, assignee: { kind: 'role', role: 'legal_counsel' } }, {}, REP)!, users.map((_, i) => `t${i}`));
    const out = reduce(s, { type: 'rule_result', stepKey: 'legal_review', fingerprint: 'fp', result: human, taskId: 't0', approvers, now: at(0) });
    expect(out.commands.filter((c) => c.type === 'OpenTask').map((c) => (c as { taskId: string }).taskId)).toEqual(users.map((_, i) => `t${i}`));
    expect(out.commands.filter((c) => c.type === 'AuditEvent' && c.eventType === AUDIT_EVENT_TYPES.TASK_CREATED)).toHaveLength(users.length);
    s = out.state;
    users.forEach((u, i) => (s = reduce(s, { type: 'task_opened', stepKey: 'legal_review', task: openedTask(`t${i}`, u), now: at(0) }).state));
    expect(openTasks(s)).toHaveLength(users.length);
    expect(s.steps.legal_review.sla!.notifiedUserIds).toEqual(users);
    expect(s.steps.legal_review.approvers!.approvers.map((a) => a.assigneeId)).toEqual(users);
    return s;
  }
  const decision = (s: ChainState, i: number, userId: string, d: Decision, minute = 10 + i) => reduce(s, { type: 'decision', taskId: `t${i}`, userId, decision: d, now: at(minute) });
  const types = (commands: ChainCommand[]) => commands.map((c) => (c.type === 'AuditEvent' ? c.eventType : c.type));

  it('all: the first approval closes only its task; the second approves the step and records the outcome once', () => {
    let out = decision(waiting('all', [LEE, LENA]), 0, LEE, 'approve');
    expect(out.state.steps.legal_review).toMatchObject({ status: 'waiting', reason: 'Countersign (all): waiting; 1 of 2 approved' });
    expect(types(out.commands)).toEqual(['TASK_DECIDED', 'CloseTask', 'RecordProgress']);
    out = decision(out.state, 1, LENA, 'approve');
    expect(out.state.steps.legal_review).toMatchObject({ status: 'approved', decidedBy: { kind: 'user', id: LENA }, reason: 'Countersign (all): approved; 2 of 2 approved' });
    expect(out.state.steps.legal_review.approvers).toMatchObject({ outcome: 'approved', approvers: [{ status: 'approved', decidedById: LEE }, { status: 'approved', decidedById: LENA }] });
    expect(types(out.commands)).toEqual(['TASK_DECIDED', 'STEP_APPROVERS_DECIDED', 'CloseTask', 'RecordProgress']);
    expect(out.state.halt).toBeNull();
  });

  it('all: a reject rejects the step, halts the contract, closes the other task and tells its approver', () => {
    const out = decision(waiting('all', [LEE, LENA]), 1, LENA, 'reject');
    expect(out.state.steps.legal_review).toMatchObject({ status: 'rejected', decidedBy: { id: LENA } });
    expect(out.state.halt).toMatchObject({ kind: 'rejected', byUserId: LENA });
    expect(out.commands).toContainEqual({ type: 'CloseStepTasks', stepKey: 'legal_review', taskIds: ['t0'], reason: 'step decided by its other approvers (rejected)' });
    expect(out.commands).toContainEqual(expect.objectContaining({ type: 'SendTaskMail', kind: 'task_decided_elsewhere', taskId: 't1', toUserId: LEE }));
    expect(out.state.steps.legal_review.approvers!.approvers[0].status).toBe('closed');
  });

  it('any: the first decision decides; a late decision on the closed task changes nothing', () => {
    const out = decision(waiting('any', [LEE, LENA, LUO]), 2, LUO, 'approve');
    expect(out.state.steps.legal_review).toMatchObject({ status: 'approved', reason: 'Or-sign (any): approved; 1 of 3 approved' });
    expect(out.commands.filter((c) => c.type === 'SendTaskMail').map((c) => (c as { toUserId: string }).toUserId)).toEqual([LEE, LENA]);
    expect(out.commands).toContainEqual(expect.objectContaining({ type: 'CloseStepTasks', taskIds: ['t0', 't1'] }));
  });

  it('quorum 2 of 3 with a reject first: waits, then approves on the second approval', () => {
    let out = decision(waiting('quorum', [LEE, LENA, LUO], 2), 0, LEE, 'reject');
    expect(out.state.steps.legal_review.status).toBe('waiting');
    expect(out.state.halt).toBeNull();
    out = decision(out.state, 1, LENA, 'approve');
    expect(out.state.steps.legal_review.status).toBe('waiting');
    out = decision(out.state, 2, LUO, 'approve');
    expect(out.state.steps.legal_review).toMatchObject({ status: 'approved', reason: 'Quorum (2 of 3): approved; 2 of 3 approved, 1 rejected' });
    expect(out.state.halt).toBeNull();
  });

  it('a second click on a decided approver task changes nothing', () => {
    const once = decision(waiting('all', [LEE, LENA]), 0, LEE, 'approve');
    const twice = decision(once.state, 0, LEE, 'approve');
    expect(twice.state).toEqual(once.state);
    expect(twice.commands).toEqual([]);
  });
});
