// Property tests of the chain's state machine (src/domain/chain/chain-machine.ts): a random
// interpreter answers its commands (rule results, bots, opened tasks, timers) and people act at
// random (decisions, withdrawals, revisions); after every transition the invariants must hold.
import fc from 'fast-check';
import { AUDIT_EVENT_TYPES } from '../../../src/domain/audit/audit-event-types';
import { initialChainState, openTasks, reduce } from '../../../src/domain/chain/chain-machine';
import type { ChainCommand, ChainEvent, ChainState } from '../../../src/domain/chain/chain-state';
import type { StepStatus, TaskState } from '../../../src/domain/chain/engine.types';
import { withAutoApproveOnTimeout } from '../../../src/domain/chain/policy';
import type { ChainPolicy } from '../../../src/domain/chain/policy.types';
import { SLIM_POLICY } from '../../../src/domain/chain/slim.policy';
import type { RuleResult } from '../../../src/domain/rules/rule.types';

const DECIDED: StepStatus[] = ['auto_approved', 'approved', 'rejected', 'changes_requested', 'skipped'];
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Run {
  state: ChainState;
  now: number;
  pending: ChainCommand[];
  commands: ChainCommand[];
  awaitingRep: boolean;
  finishes: number;
  taskSeq: number;
  /** Per task, the moments of the SLA timers armed, in the order they were armed. */
  timers: Map<string, number[]>;
}

function apply(run: Run, event: ChainEvent): void {
  const before = JSON.stringify(run.state);
  const { state, commands } = reduce(run.state, event);
  expect(JSON.stringify(run.state)).toBe(before); // the input state is never changed
  for (const c of commands) {
    if (c.type === 'AuditEvent' && c.eventType === AUDIT_EVENT_TYPES.STEP_DECISION_KEPT) {
      // A kept decision's inputs are the ones it was taken on.
      const prev = run.state.previousSteps[c.stepKey!];
      expect(state.steps[c.stepKey!].fingerprint).toBe(prev.fingerprint);
      expect(state.steps[c.stepKey!].inputs).toEqual(prev.inputs);
      expect(state.steps[c.stepKey!].status).toBe(prev.status);
    }
    if (c.type === 'StartSlaTimer') {
      // SLA events come in schedule order.
      const armed = run.timers.get(c.taskId) ?? [];
      const at = Date.parse(c.event.at);
      if (armed.length) expect(at).toBeGreaterThanOrEqual(armed[armed.length - 1]);
      run.timers.set(c.taskId, [...armed, at]);
    }
    if (c.type === 'Finish') run.finishes += 1;
    if (c.type === 'AwaitRevision') run.awaitingRep = true;
  }
  run.state = state;
  run.commands.push(...commands);
  run.pending.push(...commands.filter((c) => ['EvaluateRule', 'RunBot', 'OpenTask', 'StartSlaTimer', 'CancelTasks', 'StoreProgress'].includes(c.type)));
  checkInvariants(run);
}

function checkInvariants(run: Run): void {
  const s = run.state;
  // A halted revision's end being stored counts as closed: its tasks were cancelled with the halt.
  const closed = s.finished || s.status === 'changes_requested' || s.storing === true;
  if (closed) {
    // No task is left open on a closed contract (approved, rejected, withdrawn, back with the rep).
    expect(openTasks(s)).toEqual([]);
    // Every step ends decided or pending.
    for (const step of Object.values(s.steps)) expect([...DECIDED, 'pending']).toContain(step.status);
  }
  expect(run.finishes).toBeLessThanOrEqual(1);
  if (s.finished) expect(['approved', 'rejected', 'withdrawn']).toContain(s.status);
  if (s.status === 'approved') expect(Object.values(s.steps).every((st) => st.status !== 'rejected' && st.status !== 'changes_requested' && st.status !== 'pending')).toBe(true);
}

function ruleResult(stepKey: string, pick: number): RuleResult {
  const outcome = (['approve', 'approve', 'skip', 'human', 'human', 'return_to_rep'] as const)[pick % 6];
  return { outcome, ruleId: `${stepKey}.rule`, reason: `${outcome} by rule`, inputs: { pick: pick % 2 }, problems: outcome === 'return_to_rep' ? ['fix it'] : undefined };
}

function openedTask(run: Run, taskId: string, stepKey: string): TaskState {
  const created = run.now;
  return {
    taskId,
    stepKey,
    revision: run.state.revision,
    assigneeId: 'u:assignee',
    originalAssigneeId: 'u:assignee',
    escalatedTo: [],
    escalationChain: ['u:manager', 'u:director'],
    status: 'open',
    schedule: {
      dueAt: iso(created + 8 * HOUR),
      reminders: [
        { fraction: 0.5, at: iso(created + 4 * HOUR) },
        { fraction: 0.9, at: iso(created + 7.2 * HOUR) },
      ],
      escalations: [
        { level: 1, at: iso(created + 8 * HOUR) },
        { level: 2, at: iso(created + 16 * HOUR) },
      ],
    },
    slaBusinessHours: 8,
    createdAt: iso(created),
  };
}

/** The events possible now: answers to pending commands, and what people may do. */
function options(run: Run, pick: number): (() => ChainEvent | null)[] {
  const out: (() => ChainEvent | null)[] = [];
  const now = () => iso(run.now);
  run.pending.forEach((c, i) => {
    const take = () => run.pending.splice(i, 1)[0];
    if (c.type === 'EvaluateRule') out.push(() => (take(), { type: 'rule_result', stepKey: c.stepKey, fingerprint: `fp-${pick % 2}`, result: ruleResult(c.stepKey, pick), taskId: `task-${(run.taskSeq += 1)}`, now: now() }));
    if (c.type === 'RunBot') out.push(() => (take(), { type: 'bot_completed', stepKey: c.stepKey, ruleId: c.bot, reason: 'done', inputs: {}, now: now() }));
    if (c.type === 'OpenTask') out.push(() => (take(), { type: 'task_opened', stepKey: c.stepKey, task: openedTask(run, c.taskId, c.stepKey), now: now() }));
    if (c.type === 'CancelTasks' || c.type === 'StoreProgress') out.push(() => (take(), { type: 'stored', now: now() }));
    if (c.type === 'StartSlaTimer')
      out.push(() => {
        take();
        run.now = Math.max(run.now, Date.parse(c.event.at));
        return { type: 'sla_timer_due', taskId: c.taskId, scheduleVersion: c.scheduleVersion, now: now() };
      });
  });
  for (const task of openTasks(run.state)) {
    const decision = (['approve', 'approve', 'approve', 'reject', 'request_changes'] as const)[pick % 5];
    out.push(() => ({ type: 'decision', taskId: task.taskId, userId: 'u:assignee', decision, comment: pick % 3 ? undefined : 'why', now: now() }));
  }
  if (!run.state.finished && pick % 11 === 0) out.push(() => ({ type: 'withdrawal', userId: 'u:rep', reason: 'lost the deal', now: now() }));
  if (run.awaitingRep && !run.state.finished) {
    out.push(() => {
      run.awaitingRep = false;
      run.pending = [];
      const revised = reduce(run.state, { type: 'revised', userId: 'u:rep', changedFields: ['amount'], now: now() });
      run.state = revised.state;
      return { type: 'revision_started', now: now() };
    });
  }
  return out;
}

function simulate(policy: ChainPolicy, picks: number[]): Run {
  const run: Run = { state: initialChainState(policy, 'c-1'), now: Date.parse('2026-11-20T09:00:00.000Z'), pending: [], commands: [], awaitingRep: false, finishes: 0, taskSeq: 0, timers: new Map() };
  apply(run, { type: 'revision_started', now: iso(run.now) });
  for (const pick of picks) {
    if (run.state.finished) break;
    run.now += 10 * 60_000;
    const choices = options(run, pick);
    if (!choices.length) break;
    const event = choices[pick % choices.length]();
    if (event) apply(run, event);
  }
  return run;
}

describe('the chain state machine', () => {
  const policies = [SLIM_POLICY, withAutoApproveOnTimeout(SLIM_POLICY, ['finance_review', 'tax_review'])];

  it('property: invariants hold after every transition, whatever happens in whatever order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 400 }), (policy, picks) => {
        simulate(policy, picks);
      }),
      { numRuns: 300 },
    );
  });

  it('approves a contract every rule approves, stage by stage, and says so once', () => {
    const run = simulate(SLIM_POLICY, Array.from({ length: 200 }, () => 0));
    expect(run.state.status).toBe('approved');
    expect(run.commands.filter((c) => c.type === 'Finish')).toEqual([{ type: 'Finish', outcome: 'approved' }]);
    const order = run.commands.filter((c) => c.type === 'EvaluateRule' || c.type === 'RunBot').map((c) => (c as { stepKey: string }).stepKey);
    expect(order.slice(0, 5)).toEqual(['intake_check', 'customer_capture', 'credit_check', 'compliance_screening', 'clause_validation']);
    expect(order.slice(-2)).toEqual(['contract_generation', 'order_creation']);
  });
});
