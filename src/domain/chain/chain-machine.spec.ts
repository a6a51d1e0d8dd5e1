import { AUDIT_EVENT_TYPES } from '../audit/audit-event-types';
import type { RuleResult } from '../rules/rule.types';
import { initialChainState, openTasks, reduce } from './chain-machine';
import type { ChainCommand, ChainEvent, ChainState } from './chain-state';
import type { TaskState } from './engine.types';
import { withAutoApproveOnTimeout } from './policy';
import type { ChainPolicy } from './policy.types';
import { SLIM_POLICY } from './slim.policy';

const T0 = Date.parse('2026-11-20T09:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
const approve = (key: string): RuleResult => ({ outcome: 'approve', ruleId: `${key}.rule`, reason: 'Within limits', inputs: { key } });
const human = (key: string): RuleResult => ({ outcome: 'human', ruleId: `${key}.rule`, reason: 'Needs a person', inputs: { key } });

const task = (taskId: string, stepKey: string): TaskState => ({
  taskId,
  stepKey,
  revision: 1,
  assigneeId: 'u:fiona',
  originalAssigneeId: 'u:fiona',
  escalatedTo: [],
  escalationChain: ['u:boss'],
  status: 'open',
  schedule: { dueAt: at(8), reminders: [{ fraction: 0.5, at: at(4) }], escalations: [{ level: 1, at: at(8) }, { level: 2, at: at(16) }] },
  slaBusinessHours: 8,
  createdAt: at(0),
});

/**
 * Drives the machine like an interpreter: every rule approves except the ones in `people`, which
 * become tasks; bots finish at once. Stops when no command waits for an answer.
 */
function drive(state: ChainState, first: ChainEvent, people: string[], fingerprint = 'fp'): { state: ChainState; commands: ChainCommand[] } {
  const commands: ChainCommand[] = [];
  const queue: ChainEvent[] = [first];
  while (queue.length) {
    const out = reduce(state, queue.shift()!);
    state = out.state;
    commands.push(...out.commands);
    for (const c of out.commands) {
      if (c.type === 'EvaluateRule') queue.push({ type: 'rule_result', stepKey: c.stepKey, fingerprint, result: people.includes(c.stepKey) ? human(c.stepKey) : approve(c.stepKey), taskId: `t-${c.stepKey}`, now: at(0) });
      if (c.type === 'RunBot') queue.push({ type: 'bot_completed', stepKey: c.stepKey, ruleId: c.bot, reason: 'Done', inputs: {}, now: at(0) });
      if (c.type === 'OpenTask') queue.push({ type: 'task_opened', stepKey: c.stepKey, task: task(c.taskId, c.stepKey), now: at(0) });
      if (c.type === 'CancelTasks' || c.type === 'StoreProgress') queue.push({ type: 'stored', now: at(0) });
    }
  }
  return { state, commands };
}

const events = (commands: ChainCommand[], type: string) => commands.filter((c) => c.type === 'AuditEvent' && c.eventType === type);

describe('the chain state machine', () => {
  const start = (policy: ChainPolicy = SLIM_POLICY, people: string[] = []) => drive(initialChainState(policy, 'c-1'), { type: 'revision_started', now: at(0) }, people);

  it('runs the stages in order, the parallel tracks together, and approves at the end', () => {
    const { state, commands } = start();
    expect(state).toMatchObject({ status: 'approved', finished: true });
    expect(commands.filter((c) => c.type === 'Finish')).toEqual([{ type: 'Finish', outcome: 'approved' }]);
    expect(commands.filter((c) => c.type === 'RunBot').map((c) => (c as { bot: string }).bot)).toEqual([
      'customer_capture.registry_lookup',
      'contract_generation.render_html',
      'order_creation.erp_order',
    ]);
  });

  it('waits for a person, and a rejection cancels the other open tasks and closes the contract once that is stored', () => {
    let { state } = start(SLIM_POLICY, ['legal_review', 'finance_review']);
    expect(openTasks(state).map((t) => t.stepKey).sort()).toEqual(['finance_review', 'legal_review']);
    expect(state.steps.finance_review.status).toBe('waiting');
    const out = reduce(state, { type: 'decision', taskId: 't-legal_review', userId: 'u:fiona', decision: 'reject', comment: 'No', now: at(1) });
    state = out.state;
    // The cancellation is written first; the contract is not closed until it is stored.
    expect(state).toMatchObject({ status: 'in_review', finished: false, storing: true, stage: -1 });
    expect(openTasks(state)).toEqual([]);
    expect(state.steps.legal_review).toMatchObject({ status: 'rejected', reason: 'Rejected by the assignee: No' });
    expect(state.steps.finance_review).toMatchObject({ status: 'pending', reason: 'Task cancelled: contract rejected' });
    expect(out.commands.map((c) => c.type)).toEqual(['AuditEvent', 'CloseTask', 'AuditEvent', 'RecordProgress', 'CancelTasks']);
    // Nothing else moves it meanwhile: a withdrawal or a new revision does not apply.
    expect(reduce(state, { type: 'withdrawal', userId: 'u:rep', now: at(1) }).state).toEqual(state);
    expect(reduce(state, { type: 'revision_started', now: at(1) }).commands).toEqual([]);
    const stored = reduce(state, { type: 'stored', now: at(2) });
    expect(stored.state).toMatchObject({ status: 'rejected', finished: true, storing: false });
    expect(stored.commands.map((c) => c.type)).toEqual(['AuditEvent', 'RecordProgress', 'StoreProgress', 'SendRepMail', 'Finish']);
    expect(stored.commands.find((c) => c.type === 'RecordProgress')).toMatchObject({ contract: { status: 'rejected', completedAt: at(2), reworkSince: null, reworkMs: 0 } });
    expect(reduce(stored.state, { type: 'stored', now: at(3) }).commands).toEqual([]);
  });

  it('ends a stage when an interpreter walking the tracks itself says so: the next stage starts, or a halt ends the revision', () => {
    const { state } = start(SLIM_POLICY, ['finance_review']);
    const running = state.stage;
    const next = reduce(state, { type: 'stage_ended', now: at(1) });
    expect(next.state.stage).toBe(running + 1);
    const started = next.commands.filter((c) => c.type === 'EvaluateRule' || c.type === 'RunBot').map((c) => (c as { stepKey: string }).stepKey);
    expect(started).toEqual(SLIM_POLICY.stages[running + 1].tracks.map((t) => t[0]));
    const halted = reduce({ ...state, halt: { kind: 'withdrawn', byUserId: 'u:rep', comment: 'lost the deal' } }, { type: 'stage_ended', now: at(1) });
    expect(halted.commands.filter((c) => c.type === 'CancelTasks')).toEqual([{ type: 'CancelTasks', taskIds: ['t-finance_review'], reason: 'contract withdrawn' }]);
    expect(halted.state).toMatchObject({ storing: true, status: 'in_review', stage: -1 });
    const closed = reduce(halted.state, { type: 'stored', now: at(2) });
    expect(closed.state).toMatchObject({ status: 'withdrawn', finished: true });
    expect(closed.commands.find((c) => c.type === 'AuditEvent')).toMatchObject({ eventType: AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN, actorId: 'u:rep' });
  });

  it('counts the time the contract spent with the rep, up to its revision or its withdrawal', () => {
    let { state } = start(SLIM_POLICY, ['finance_review']);
    state = drive(state, { type: 'decision', taskId: 't-finance_review', userId: 'u:fiona', decision: 'request_changes', comment: 'Terms', now: at(1) }, []).state;
    // drive answers the store at at(0); the rep's stay starts when the end of the revision is stored.
    expect(state).toMatchObject({ status: 'changes_requested', reworkSince: at(0) });
    const revised = reduce(state, { type: 'revised', userId: 'u:rep', changedFields: ['paymentTermsDays'], now: at(3) });
    expect(revised.state).toMatchObject({ reworkSince: null, reworkMs: 3 * 3_600_000 });
    expect(revised.commands.find((c) => c.type === 'RecordProgress')).toMatchObject({ contract: { status: 'in_review', revision: 2, reworkSince: null, reworkMs: 3 * 3_600_000, problems: null } });
    // Withdrawn instead, after two hours with the rep: nothing is open, what was left is stored, then the contract closes.
    const withdrawing = reduce(state, { type: 'withdrawal', userId: 'u:rep', reason: 'lost the deal', now: at(2) });
    expect(withdrawing.commands.map((c) => c.type)).toEqual(['StoreProgress']);
    expect(withdrawing.state).toMatchObject({ status: 'changes_requested', storing: true, halt: { kind: 'withdrawn' } });
    const closed = reduce(withdrawing.state, { type: 'stored', now: at(2) });
    expect(closed.state).toMatchObject({ status: 'withdrawn', finished: true, reworkSince: null, reworkMs: 2 * 3_600_000 });
  });

  it('keeps on a revision the decisions whose inputs did not change, and decides the others again', () => {
    let { state } = start(SLIM_POLICY, ['finance_review']);
    state = drive(state, { type: 'decision', taskId: 't-finance_review', userId: 'u:fiona', decision: 'request_changes', comment: 'Terms', now: at(1) }, []).state;
    expect(state.status).toBe('changes_requested');
    state = reduce(state, { type: 'revised', userId: 'u:rep', changedFields: ['paymentTermsDays'], now: at(2) }).state;
    expect(state.revision).toBe(2);
    const again = drive(state, { type: 'revision_started', now: at(2) }, ['finance_review']);
    const kept = events(again.commands, AUDIT_EVENT_TYPES.STEP_DECISION_KEPT).map((c) => (c as { stepKey: string }).stepKey);
    expect(kept).toContain('credit_check');
    expect(kept).not.toContain('finance_review'); // a request for changes is never kept
    expect(again.state.steps.credit_check).toMatchObject({ status: 'auto_approved', keptFromRevision: 1, reason: 'Kept from revision 1: inputs unchanged. Within limits' });
    expect(again.state.steps.finance_review.status).toBe('waiting');
  });

  it('fires SLA events in schedule order, and approves on timeout where the policy says so', () => {
    const policy = withAutoApproveOnTimeout(SLIM_POLICY, ['finance_review']);
    const first = start(policy, ['finance_review']);
    let state = first.state;
    const commands = first.commands;
    const timer = commands.find((c) => c.type === 'StartSlaTimer')!;
    expect(timer).toMatchObject({ taskId: 't-finance_review', event: { kind: 'reminder', fraction: 0.5 } });
    const out = reduce(state, { type: 'sla_timer_due', taskId: 't-finance_review', scheduleVersion: 0, now: at(4) });
    expect(out.commands.find((c) => c.type === 'StartSlaTimer')).toMatchObject({ event: { kind: 'escalation', level: 1, at: at(8) } });
    // The rest of the chain runs on by itself once the timeout approved the task.
    const rest = drive(out.state, { type: 'sla_timer_due', taskId: 't-finance_review', scheduleVersion: 0, now: at(8) }, []);
    state = rest.state;
    expect(events(rest.commands, AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED)).toHaveLength(1);
    expect(events(rest.commands, AUDIT_EVENT_TYPES.TASK_ESCALATED)).toHaveLength(0);
    expect(state.steps.finance_review).toMatchObject({ status: 'auto_approved', decidedBy: { kind: 'rule', id: 'timeout_auto_approved' } });
    expect(state).toMatchObject({ status: 'approved', finished: true });
  });

  it('needs no rule result for a step that keeps its decision, and ignores a missing one for a step it must decide again', () => {
    let { state } = start(SLIM_POLICY, ['finance_review']);
    state = drive(state, { type: 'decision', taskId: 't-finance_review', userId: 'u:fiona', decision: 'request_changes', now: at(1) }, []).state;
    state = reduce(state, { type: 'revised', userId: 'u:rep', changedFields: ['paymentTermsDays'], now: at(2) }).state;
    const first = reduce(state, { type: 'revision_started', now: at(2) });
    const ruleStep = first.commands.find((c) => c.type === 'EvaluateRule' && state.previousSteps[c.stepKey]?.status === 'auto_approved') as { stepKey: string };
    const kept = reduce(first.state, { type: 'rule_result', stepKey: ruleStep.stepKey, fingerprint: 'fp', now: at(2) });
    expect(kept.state.steps[ruleStep.stepKey]).toMatchObject({ status: 'auto_approved', keptFromRevision: 1 });
    const changed = reduce(first.state, { type: 'rule_result', stepKey: ruleStep.stepKey, fingerprint: 'other', now: at(2) });
    expect(changed.commands).toEqual([]);
    expect(changed.state).toEqual(first.state);
  });

  it('names the escalation manager on the task schedule and the step SLA, and nobody when the chain ran out', () => {
    let { state } = start(SLIM_POLICY, ['finance_review']);
    state = reduce(state, { type: 'sla_timer_due', taskId: 't-finance_review', scheduleVersion: 0, now: at(4) }).state;
    const first = reduce(state, { type: 'sla_timer_due', taskId: 't-finance_review', scheduleVersion: 0, now: at(8) });
    expect(first.state.tasks['t-finance_review'].schedule.escalations[0]).toEqual({ level: 1, at: at(8), firedAt: at(8), toUserId: 'u:boss' });
    expect(first.state.steps.finance_review.sla).toMatchObject({ escalationLevel: 1, breached: true, escalations: [{ level: 1, toUserId: 'u:boss' }, { level: 2 }] });
    expect(first.commands.filter((c) => c.type !== 'AuditEvent' && c.type !== 'RecordProgress').map((c) => c.type)).toEqual(['EscalateTask', 'SendTaskMail', 'StartSlaTimer']);
    const second = reduce(first.state, { type: 'sla_timer_due', taskId: 't-finance_review', scheduleVersion: 0, now: at(16) });
    expect(second.state.tasks['t-finance_review'].schedule.escalations[1]).toEqual({ level: 2, at: at(16), firedAt: at(16) });
    expect(second.commands.find((c) => c.type === 'EscalateTask')).toEqual({ type: 'EscalateTask', taskId: 't-finance_review', level: 2, toUserId: null });
  });

  it('closes a withdrawn contract with no task left open, and ignores events that no longer apply', () => {
    const { state } = start(SLIM_POLICY, ['tax_review']);
    const out = drive(state, { type: 'withdrawal', userId: 'u:rep', reason: 'lost the deal', now: at(1) }, []);
    expect(out.state).toMatchObject({ status: 'withdrawn', finished: true });
    expect(openTasks(out.state)).toEqual([]);
    const late = reduce(out.state, { type: 'decision', taskId: 't-tax_review', userId: 'u:fiona', decision: 'approve', now: at(2) });
    expect(late.commands).toEqual([]);
    expect(late.state).toEqual(out.state);
  });

  it('starts a step an interpreter walking the tracks itself names: a bot is announced and run, a rule evaluated; not once halted or closed', () => {
    const idle = initialChainState(SLIM_POLICY, 'c-1');
    const bot = reduce(idle, { type: 'step_started', stepKey: 'customer_capture', now: at(1) });
    expect(bot.state.steps.customer_capture).toMatchObject({ status: 'in_progress', revision: 1, startedAt: at(1) });
    expect(bot.commands.filter((c) => c.type !== 'RecordProgress')).toEqual([
      { type: 'AuditEvent', identity: 'customer_capture', eventType: AUDIT_EVENT_TYPES.STEP_STARTED, actorKind: 'bot', actorId: 'customer_capture', stepKey: 'customer_capture', data: {} },
      { type: 'RunBot', stepKey: 'customer_capture', bot: 'customer_capture.registry_lookup' },
    ]);
    // No stage is walked: the interpreter's track goes on, not the machine's.
    expect(bot.state).toMatchObject({ stage: -1, tracks: [] });
    const rule = reduce(idle, { type: 'step_started', stepKey: 'credit_check', now: at(1) });
    expect(rule.commands.filter((c) => c.type !== 'RecordProgress')).toEqual([{ type: 'EvaluateRule', stepKey: 'credit_check' }]);
    // A step already running is not started again, nor is any once a halt or the end came.
    expect(reduce(rule.state, { type: 'step_started', stepKey: 'credit_check', now: at(2) }).commands).toEqual([]);
    const halted = { ...idle, halt: { kind: 'withdrawn' as const, byUserId: 'u:rep' } };
    expect(reduce(halted, { type: 'step_started', stepKey: 'credit_check', now: at(2) })).toEqual({ state: halted, commands: [] });
    const { state: closed } = start();
    expect(reduce(closed, { type: 'step_started', stepKey: 'credit_check', now: at(2) }).commands).toEqual([]);
  });
});
