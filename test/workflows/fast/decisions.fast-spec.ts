// Fast tier: the approval workflow's orchestration on the time-skipping server with in-memory
// activities — the automatic path, a human task's decision Update, and parallel tracks halted by
// a rejection. What is asserted is what the workflow asks its activities to do and what it answers.
import { SLIM_POLICY } from '../../../src/domain/chain/slim.policy';
import { AUDIT_EVENT_TYPES } from '../../../src/domain/audit/audit-event-types';
import { SUBMITTER, refusal, useFastEnv, withContract } from './harness';
import { AUTOMATIC_STEP_STATUSES } from '../../factories/contract.factory';

jest.setTimeout(60_000);

const fast = useFastEnv();

const STAGE_OF = new Map(SLIM_POLICY.stages.flatMap((stage, index) => stage.tracks.flat().map((key) => [key, index] as const)));
const DECIDING_EVENTS: string[] = [AUDIT_EVENT_TYPES.STEP_AUTO_APPROVED, AUDIT_EVENT_TYPES.STEP_SKIPPED, AUDIT_EVENT_TYPES.STEP_BOT_COMPLETED];

describe('automatic contract', () => {
  test('runs every stage and bot in policy order, stores each decision once and ends approved', async () => {
    await withContract(fast(), {}, async (c) => {
      const final = await c.handle.result();
      expect(final.status).toBe('approved');
      expect(Object.fromEntries(final.steps.map((s) => [s.key, s.status]))).toEqual(AUTOMATIC_STEP_STATUSES);
      expect(final.openTasks).toEqual([]);
      expect(final.incidents).toEqual([]);

      // Reference data first, then the bots in their stages; no task, no cancellation.
      const work = c.stubs.calls.map((call) => call.name).filter((n) => n !== 'recordProgress' && n !== 'sendRepMail');
      expect(work).toEqual(['prepareRevision', 'captureCustomer', 'generateDocument', 'createOrder']);
      const carried = expect.objectContaining({ contractId: c.id });
      expect(c.stubs.callsOf('captureCustomer')[0].input).toEqual({ contractId: c.id, customer: c.input.submission.customer, progress: carried });
      expect(c.stubs.callsOf('generateDocument')[0].input).toEqual({ contractId: c.id, revision: 1, eventKey: `${c.id}:document:1`, progress: carried });
      expect(c.stubs.callsOf('createOrder')[0].input).toEqual({ contractId: c.id, revision: 1, eventKey: `${c.id}:order`, progress: carried });
      // Each bot carries what the run has not stored yet, its own step's start included, in place
      // of a recordProgress of its own just before it (bots-carry-progress).
      for (const [bot, stepKey] of [['captureCustomer', 'customer_capture'], ['generateDocument', 'contract_generation'], ['createOrder', 'order_creation']] as const) {
        const at = c.stubs.calls.findIndex((call) => call.name === bot);
        expect(c.stubs.calls[at - 1]?.name).not.toBe('recordProgress');
        const progress = (c.stubs.calls[at].input as { progress: { events: { type: string; stepKey: string | null }[] } }).progress;
        expect(progress.events.map((e) => `${e.type} ${e.stepKey}`)).toContain(`${AUDIT_EVENT_TYPES.STEP_STARTED} ${stepKey}`);
      }
      expect(c.stubs.callsOf('sendRepMail').map((m) => m.input.kind)).toEqual(['contract_approved']);

      // Every step decided exactly once, stages in order (tracks of a stage may interleave).
      const decided = c.stubs.events().filter((e) => DECIDING_EVENTS.includes(e.type)).map((e) => e.stepKey!);
      expect([...decided].sort()).toEqual(SLIM_POLICY.steps.map((s) => s.key).sort());
      const stages = decided.map((key) => STAGE_OF.get(key)!);
      expect(stages).toEqual([...stages].sort((a, b) => a - b));
      expect(decided.indexOf('pricing_review')).toBeLessThan(decided.indexOf('sales_manager_approval'));

      // The last write closes the contract.
      const last = c.stubs.batches().at(-1)!;
      expect(last.contract).toMatchObject({ status: 'approved', currentSteps: [] });
      expect(last.events.map((e) => e.type).at(-1)).toBe(AUDIT_EVENT_TYPES.CONTRACT_APPROVED);
      const stored = new Map(c.stubs.batches().flatMap((b) => b.steps).map((s) => [s.key, s]));
      expect(stored.get('customer_capture')).toMatchObject({ status: 'auto_approved', decidedBy: { kind: 'rule', id: 'customer_capture.registry_lookup' } });
      expect(stored.get('order_creation')).toMatchObject({ status: 'auto_approved', inputs: { orderNumber: 'SO-100001' } });
      expect(c.stubs.batches().flatMap((b) => b.contract.discountPercent ?? [])).toEqual([5]);
    });
  });
});

describe('a human task', () => {
  /** Payment terms of 90 days: finance_review goes to a finance controller. */
  const financeTask = { contract: { paymentTermsDays: 90 } };

  test('the decision Update refuses whoever may not decide, and the first decision wins', async () => {
    await withContract(fast(), financeTask, async (c) => {
      const task = await c.openTask('finance_review');
      expect(task.assigneeId).toBe('user:finance_controller');
      const opened = c.stubs.callsOf('openTask')[0].input;
      expect(opened).toMatchObject({ taskId: task.taskId, stepKey: 'finance_review', revision: 1, assignee: { kind: 'role', role: 'finance_controller' }, submitterId: SUBMITTER });
      const base = { taskId: task.taskId, userId: task.assigneeId, revision: 1 };

      expect(await refusal(c.decide({ ...base, userId: 'user:tax_specialist', decision: 'approve' }))).toBe('NOT_ASSIGNEE');
      expect(await refusal(c.decide({ ...base, userId: SUBMITTER, decision: 'approve' }))).toBe('SELF_APPROVAL_FORBIDDEN');
      expect(await refusal(c.decide({ ...base, decision: 'reject' }))).toBe('COMMENT_REQUIRED');
      expect(await refusal(c.decide({ ...base, decision: 'request_changes', comment: '   ' }))).toBe('COMMENT_REQUIRED');
      expect(await refusal(c.decide({ ...base, revision: 2, decision: 'approve' }))).toBe('STALE_REVISION');
      expect(await refusal(c.decide({ ...base, taskId: 'no-such-task', decision: 'approve' }))).toBe('TASK_NOT_FOUND');
      // Nothing refused reached an activity.
      expect(c.stubs.callsOf('closeTask')).toHaveLength(0);

      // Two decisions at once: exactly one is taken, the other learns the task is decided.
      const outcomes = await Promise.all([
        refusal(c.decide({ ...base, decision: 'approve' })),
        refusal(c.decide({ ...base, decision: 'reject', comment: 'terms too long' })),
      ]);
      expect([...outcomes].sort()).toEqual(['TASK_ALREADY_DECIDED', 'accepted']);
      const closed = c.stubs.callsOf('closeTask');
      expect(closed).toHaveLength(1);
      const winner = outcomes[0] === 'accepted' ? 'approve' : 'reject';
      expect(closed[0].input).toMatchObject({ contractId: c.id, taskId: task.taskId, decision: winner, decidedById: task.assigneeId, decidedByKind: 'user' });
      expect(await refusal(c.decide({ ...base, decision: 'approve' }))).toBe('TASK_ALREADY_DECIDED');

      const final = await c.handle.result();
      expect(final.status).toBe(winner === 'approve' ? 'approved' : 'rejected');
      expect(final.steps.find((s) => s.key === 'finance_review')!.status).toBe(winner === 'approve' ? 'approved' : 'rejected');
      expect(c.stubs.callsOf('sendTaskMail').map((m) => m.input)).toContainEqual({ taskId: task.taskId, eventKey: `${task.taskId}:assigned`, kind: 'task_assigned' });
    });
  });
});

describe('the decision\'s reply', () => {
  /** A customer the registry does not know (credit limit 0: credit check goes to a person) and 90-day terms (finance review, a later stage, too). */
  const twoPeople = { contract: { paymentTermsDays: 90, customer: { name: 'Unregistered Trading Ltd', registrationNumber: 'HRB-77001', country: 'DE' } } };

  test('the workflow task that completes a decision Update schedules the chain\'s next write as an activity task, not a timer', async () => {
    await withContract(fast(), twoPeople, async (c) => {
      const credit = await c.openTask('credit_check');
      await c.decide({ taskId: credit.taskId, userId: credit.assigneeId, revision: 1, decision: 'approve' });
      await c.openTask('finance_review');
      const events = (await c.handle.fetchHistory()).events ?? [];
      const completed = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes);
      expect(completed).toBeGreaterThan(0);
      // The workflow task that answered the Update: from its completion to the next workflow task.
      const from = completed - [...events.slice(0, completed)].reverse().findIndex((e) => e.workflowTaskCompletedEventAttributes) - 1;
      const to = events.findIndex((e, i) => i > completed && e.workflowTaskScheduledEventAttributes);
      const answering = events.slice(from, to);
      expect(answering.some((e) => e.timerStartedEventAttributes)).toBe(false);
      // Its closeTask (a local activity), then the chain's next activity as an activity task: here
      // the repeated-approver check before finance's task (previewAssignee, an activity task anyway).
      expect(answering.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(1);
      expect(answering.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean)).toEqual(['previewAssignee']);
      // That activity took the turn: finance's openTask, the next write, is a local activity as usual, run once.
      expect(events.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'openTask')).toBe(false);
      expect(c.stubs.callsOf('openTask')).toHaveLength(2);
    });
  });
});

describe('parallel tracks', () => {
  /** Finance (90-day terms) and tax (13% on a 6% product) review in parallel tracks of one stage. */
  const twoTasks = {
    contract: { paymentTermsDays: 90, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 13 }] },
  };

  test('a rejection on one track cancels the open task of the other, and a late decision is refused as halted', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The rejection's write is held open, so the other track's task is still open while the contract is halted.
    const setup = { ...twoTasks, stubs: { override: { closeTask: async () => held } } };
    await withContract(fast(), setup, async (c) => {
      const finance = await c.openTask('finance_review');
      const tax = await c.openTask('tax_review');
      const rejecting = c.decide({ taskId: finance.taskId, userId: finance.assigneeId, decision: 'reject', comment: 'terms too long', revision: 1 });
      await c.until('the rejection to be taken', () => c.stubs.callsOf('closeTask').length === 1);

      expect(await refusal(c.decide({ taskId: tax.taskId, userId: tax.assigneeId, decision: 'approve', revision: 1 }))).toBe('CONTRACT_HALTED');
      release();
      expect((await rejecting).steps.find((s) => s.key === 'finance_review')!.status).toBe('rejected');

      const final = await c.handle.result();
      expect(final.status).toBe('rejected');
      expect(final.openTasks).toEqual([]);
      expect(final.steps.find((s) => s.key === 'tax_review')!.status).toBe('pending');
      const cancelled = c.stubs.callsOf('cancelTasks');
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0].input).toMatchObject({ contractId: c.id, taskIds: [tax.taskId], reason: 'contract rejected' });
      expect(cancelled[0].input.progress.events.map((e) => [e.type, e.data.taskId])).toEqual([[AUDIT_EVENT_TYPES.TASK_CANCELLED, tax.taskId]]);
      // Later stages never started.
      expect(c.stubs.callsOf('generateDocument')).toHaveLength(0);
      expect(c.stubs.callsOf('sendRepMail').map((m) => m.input)).toEqual([
        expect.objectContaining({ kind: 'contract_rejected', comment: 'terms too long', eventKey: `${c.id}:rep:contract_rejected:1` }),
      ]);
    });
  });
});
