// Conformance of the chain's pure state machine (src/domain/chain/chain-machine.ts) with the
// workflow: a contract runs on the real workflow (fast tier, in-memory activities); the machine is
// then fed the same facts the workflow's activities saw (rule results, bot results, opened tasks,
// decisions, the revision) and must reach the same step records and the same audit event keys.
// The workflow runs the machine on one step's view (workflows/contract-approval/task-transitions.ts)
// and walks the stages itself; this checks the whole machine, its stage walking included.
import { AUDIT_EVENT_TYPES } from '../../../src/domain/audit/audit-event-types';
import { initialChainState, openTasks, reduce } from '../../../src/domain/chain/chain-machine';
import type { ChainCommand, ChainEvent, ChainState } from '../../../src/domain/chain/chain-state';
import type { StepState } from '../../../src/domain/chain/engine.types';
import type { RuleResult } from '../../../src/domain/rules/rule.types';
import { withAutoApproveOnTimeout } from '../../../src/domain/chain/policy';
import { SLIM_POLICY } from '../../../src/domain/chain/slim.policy';
import { reviseUpdate, withdrawUpdate } from '../../../workflows/contract-approval/messages';
import { SUBMITTER, type RunningContract, useFastEnv, withContract } from './harness';

jest.setTimeout(90_000);

const fast = useFastEnv();

/** Finance (90-day terms) and tax (13% on a 6% product) both need a person. */
const financeAndTax = { contract: { paymentTermsDays: 90, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 13 }] } };

/** The note a re-decided step's reason starts with (the machine adds it again from the fingerprints). */
const CHANGED_NOTE = /^Inputs changed since revision \d+; decided again\. /;

/** Feeds the machine what the workflow's activities saw, answering its commands until none is left. */
function replayOnMachine(c: RunningContract): { state: ChainState; keys: string[]; events: Map<string, unknown> } {
  const stored = c.stubs.batches().flatMap((b) => b.steps);
  const firstOutcome = (key: string, revision: number): StepState =>
    stored.find((s) => s.key === key && s.revision === revision && s.status !== 'in_progress' && s.status !== 'pending')!;
  const opened = c.stubs.callsOf('openTask');
  const closes = c.stubs.callsOf('closeTask').map((call) => call.input);
  const revisions = c.stubs.callsOf('recordRevision').map((call) => call.input);

  let state = initialChainState(c.input.policy, c.id);
  const keys: string[] = [];
  const events = new Map<string, unknown>();
  const queue: ChainEvent[] = [{ type: 'revision_started', now: c.input.submittedAt }];
  let awaiting = false;
  const storedKeys = new Set(c.stubs.events().map((e) => e.eventKey));
  const withdrawn = c.stubs.events().find((e) => e.type === AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN);
  const answer = (cmd: ChainCommand): ChainEvent | null => {
    const now = c.input.submittedAt;
    if (cmd.type === 'StartSlaTimer') {
      // The timer is due only where the workflow's fired (the task was still open then).
      const { taskId, event } = cmd;
      const prefix = `${c.id}:${state.revision}`;
      const fired =
        event.kind === 'reminder'
          ? storedKeys.has(`${prefix}:${AUDIT_EVENT_TYPES.TASK_REMINDER_SENT}:${taskId}:${event.fraction}:${cmd.scheduleVersion}`)
          : storedKeys.has(`${prefix}:${AUDIT_EVENT_TYPES.TASK_ESCALATED}:${taskId}:${event.level}`) || (event.level === 1 && storedKeys.has(`${prefix}:${AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED}:${taskId}`));
      return fired ? { type: 'sla_timer_due', taskId, scheduleVersion: cmd.scheduleVersion, now: event.at } : null;
    }
    if (cmd.type === 'RunBot') {
      const done = firstOutcome(cmd.stepKey, state.revision);
      return { type: 'bot_completed', stepKey: cmd.stepKey, ruleId: done.decidedBy!.id, reason: done.reason!, inputs: done.inputs!, now };
    }
    if (cmd.type === 'EvaluateRule') {
      const record = firstOutcome(cmd.stepKey, state.revision);
      const task = opened.find((o) => o.input.stepKey === cmd.stepKey && o.input.revision === state.revision);
      const result: RuleResult =
        record.status === 'waiting' && task
          ? { outcome: 'human', ...task.input.ruleResult, inputs: task.input.ruleResult.inputs ?? {} }
          : {
              outcome: record.status === 'skipped' ? 'skip' : record.status === 'changes_requested' ? 'return_to_rep' : 'approve',
              ruleId: record.decidedBy?.id ?? 'kept',
              reason: (record.reason ?? '').replace(CHANGED_NOTE, ''),
              inputs: record.inputs ?? {},
              problems: record.problems,
            };
      return { type: 'rule_result', stepKey: cmd.stepKey, fingerprint: record.fingerprint!, result, taskId: task?.input.taskId, now };
    }
    if (cmd.type === 'OpenTask') {
      const call = opened.find((o) => o.input.stepKey === cmd.stepKey && o.input.revision === state.revision)!;
      const { assigneeId, originalAssigneeId, escalationChain, schedule } = call.result!;
      const task = { taskId: call.input.taskId, stepKey: cmd.stepKey, revision: state.revision, assigneeId, originalAssigneeId, escalatedTo: [], escalationChain, status: 'open' as const, schedule, slaBusinessHours: call.input.slaBusinessHours, createdAt: call.input.createdAt };
      return { type: 'task_opened', stepKey: cmd.stepKey, task, now };
    }
    // The end of a halted revision is stored before its outcome is recorded.
    if (cmd.type === 'CancelTasks' || cmd.type === 'StoreProgress') return { type: 'stored', now };
    if (cmd.type === 'AwaitRevision') awaiting = true;
    return null;
  };
  for (;;) {
    while (queue.length) {
      const out = reduce(state, queue.shift()!);
      state = out.state;
      for (const cmd of out.commands) {
        if (cmd.type === 'AuditEvent') {
          const key = `${c.id}:${state.revision}:${cmd.eventType}:${cmd.identity}`;
          keys.push(key);
          events.set(key, { actorKind: cmd.actorKind, actorId: cmd.actorId, stepKey: cmd.stepKey, data: cmd.data });
        }
        const next = answer(cmd);
        if (next) queue.push(next);
      }
    }
    // People act in the order the workflow stored their decisions; then the rep revises.
    const close = closes.find((d) => openTasks(state).some((t) => t.taskId === d.taskId));
    if (close) {
      queue.push({ type: 'decision', taskId: close.taskId, userId: close.decidedById, decision: close.decision, comment: close.comment, now: close.decidedAt });
    } else if (withdrawn && !state.finished) {
      queue.push({ type: 'withdrawal', userId: withdrawn.actorId!, reason: (withdrawn.data.comment as string | null) ?? undefined, now: c.input.submittedAt });
    } else if (awaiting && revisions.length) {
      const revision = revisions.shift()!;
      awaiting = false;
      queue.push({ type: 'revised', userId: revision.userId, changedFields: revision.changedFields, now: c.input.submittedAt }, { type: 'revision_started', now: c.input.submittedAt });
    } else {
      return { state, keys, events };
    }
  }
}

const MINUTE = 60_000;

/** Every step's last stored record, and every audit event key, are the machine's too. */
function expectSameRecords(c: RunningContract, machine: { state: ChainState; keys: string[]; events: Map<string, unknown> }): void {
  const stored = new Map(c.stubs.batches().flatMap((b) => b.steps).map((s) => [s.key, s]));
  for (const def of c.input.policy.steps) {
    const mine = machine.state.steps[def.key];
    const theirs = stored.get(def.key);
    // A step the run never reached was never stored: it is pending in the machine.
    if (!theirs) expect({ step: def.key, status: mine.status }).toEqual({ step: def.key, status: 'pending' });
    else expect({ step: def.key, ...record(mine) }).toEqual({ step: def.key, ...record(theirs) });
  }
  expect([...machine.keys].sort()).toEqual(c.stubs.events().map((e) => e.eventKey).sort());
  // The same actor and data on every event (the workflow adds the request's origin and the time).
  for (const e of c.stubs.events()) {
    expect({ key: e.eventKey, ...(machine.events.get(e.eventKey) as object) }).toEqual({ key: e.eventKey, actorKind: e.actorKind, actorId: e.actorId, stepKey: e.stepKey, data: e.data });
  }
}

const record = (s: StepState) => ({ status: s.status, reason: s.reason, decidedBy: s.decidedBy, keptFromRevision: s.keptFromRevision, fingerprint: s.fingerprint, revision: s.revision });

describe('the chain state machine and the workflow', () => {
  test('reach the same step records and audit event keys through tasks, a request for changes, a revision and the kept decisions', async () => {
    await withContract(fast(), financeAndTax, async (c) => {
      const finance = await c.openTask('finance_review');
      const tax = await c.openTask('tax_review');
      await c.decide({ taskId: tax.taskId, userId: tax.assigneeId, decision: 'approve', revision: 1 });
      await c.decide({ taskId: finance.taskId, userId: finance.assigneeId, decision: 'request_changes', comment: 'shorten the terms', revision: 1 });
      await c.until('the contract back with the rep', (s) => s.status === 'changes_requested');
      const shorter = { ...c.input.submission, paymentTermsDays: 30 };
      await c.update(reviseUpdate, { userId: SUBMITTER, baseRevision: 1, submission: shorter, changedFields: ['paymentTermsDays'] });
      const final = await c.handle.result();
      expect(final.status).toBe('approved');

      const machine = replayOnMachine(c);
      expect({ status: machine.state.status, revision: machine.state.revision, finished: machine.state.finished }).toEqual({ status: 'approved', revision: 2, finished: true });
      expect(machine.keys.filter((k) => k.includes(AUDIT_EVENT_TYPES.STEP_DECISION_KEPT)).length).toBeGreaterThan(0);
      expectSameRecords(c, machine);
    });
  });

  test('reach the same records through reminders, an escalation, an approval on timeout and a manager deciding', async () => {
    const policy = withAutoApproveOnTimeout(SLIM_POLICY, ['tax_review']);
    await withContract(fast(), { ...financeAndTax, input: { policy } }, async (c) => {
      await c.openTask('finance_review');
      await c.openTask('tax_review');
      const levelOne = c.stubs.callsOf('openTask').map((o) => Date.parse(o.result!.schedule.escalations[0].at));
      const wait = Math.max(...levelOne) + MINUTE - (await c.env.currentTimeMs());
      if (wait > 0) await c.env.sleep(wait);
      const escalated = await c.until('finance escalated and tax approved on timeout', (s) => s.openTasks.length === 1 && s.openTasks[0].escalatedTo.length > 0);
      const task = escalated.openTasks[0];
      expect(task.stepKey).toBe('finance_review');
      await c.decide({ taskId: task.taskId, userId: task.escalatedTo[0], decision: 'approve', revision: 1 });
      expect((await c.handle.result()).status).toBe('approved');
      expect(c.stubs.events().filter((e) => e.type === AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED)).toHaveLength(1);
      expect(c.stubs.events().filter((e) => e.type === AUDIT_EVENT_TYPES.TASK_REMINDER_SENT).length).toBeGreaterThan(0);

      const machine = replayOnMachine(c);
      expect(machine.state.status).toBe('approved');
      expectSameRecords(c, machine);
    });
  });

  test('reach the same records when a rejection cancels the other open task', async () => {
    await withContract(fast(), financeAndTax, async (c) => {
      await c.openTask('finance_review');
      const tax = await c.openTask('tax_review');
      await c.decide({ taskId: tax.taskId, userId: tax.assigneeId, decision: 'reject', comment: 'wrong rate', revision: 1 });
      expect((await c.handle.result()).status).toBe('rejected');
      const machine = replayOnMachine(c);
      expect(machine.state.status).toBe('rejected');
      expect(machine.state.steps.finance_review).toMatchObject({ status: 'pending', reason: 'Task cancelled: contract rejected' });
      expectSameRecords(c, machine);
    });
  });

  test('reach the same records when the rep withdraws with tasks open', async () => {
    await withContract(fast(), financeAndTax, async (c) => {
      await c.openTask('finance_review');
      await c.openTask('tax_review');
      await c.update(withdrawUpdate, { userId: SUBMITTER, reason: 'lost the deal' });
      expect((await c.handle.result()).status).toBe('withdrawn');
      const machine = replayOnMachine(c);
      expect(machine.state.status).toBe('withdrawn');
      expect(openTasks(machine.state)).toEqual([]);
      expectSameRecords(c, machine);
    });
  });

  test('reach the same records when intake returns the contract to the rep by rule, and the revision passes', async () => {
    await withContract(fast(), { contract: { title: '' } }, async (c) => {
      await c.until('the contract back with the rep', (s) => s.status === 'changes_requested');
      const fixed = { ...c.input.submission, title: 'Licences for the plant' };
      await c.update(reviseUpdate, { userId: SUBMITTER, baseRevision: 1, submission: fixed, changedFields: ['title'] });
      expect((await c.handle.result()).status).toBe('approved');
      expect(c.stubs.events().find((e) => e.type === AUDIT_EVENT_TYPES.CHANGES_REQUESTED && e.stepKey === 'intake_check')?.data).toMatchObject({ problems: ['Title is missing'] });

      const machine = replayOnMachine(c);
      expect(machine.state).toMatchObject({ status: 'approved', revision: 2 });
      expectSameRecords(c, machine);
    });
  });

  test('reach the same records when the rep withdraws a contract sent back to them, and count the time it spent with them', async () => {
    await withContract(fast(), financeAndTax, async (c) => {
      const finance = await c.openTask('finance_review');
      await c.decide({ taskId: finance.taskId, userId: finance.assigneeId, decision: 'request_changes', comment: 'shorten the terms', revision: 1 });
      await c.until('the contract back with the rep', (s) => s.status === 'changes_requested');
      const back = c.stubs.batches().find((b) => b.contract.status === 'changes_requested')!;
      // An hour with the rep, then the withdrawal.
      await c.env.sleep(60 * MINUTE);
      await c.update(withdrawUpdate, { userId: SUBMITTER, reason: 'lost the deal' });
      expect((await c.handle.result()).status).toBe('withdrawn');
      const closing = c.stubs.batches().find((b) => b.contract.status === 'withdrawn')!;
      expect(closing.contract).toMatchObject({ reworkSince: null });
      expect(closing.contract.reworkMs).toBe(Date.parse(closing.contract.completedAt!) - Date.parse(back.contract.reworkSince!));
      expect(closing.contract.reworkMs).toBeGreaterThanOrEqual(60 * MINUTE);
      expect(closing.events.map((e) => [e.type, e.actorId])).toEqual([[AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN, SUBMITTER]]);
      expect(c.stubs.callsOf('sendRepMail').map((m) => m.input.kind)).toEqual(['changes_requested', 'contract_withdrawn']);

      const machine = replayOnMachine(c);
      expect(machine.state).toMatchObject({ status: 'withdrawn', revision: 1, finished: true });
      expectSameRecords(c, machine);
    });
  });
});
