// Fast tier: a race found while the revision went through the chain's state machine — the rep
// withdraws while the workflow is still storing their revision (applyRevision awaiting
// recordRevision). The validator allowed it (the status is already in_review), the Update set no
// halt (the changes-requested halt was still set), and the revision's run then cleared the halt:
// the contract ran on to approval and the withdrawal was lost. In its own file, with its own
// time-skipping server: a run left waiting by a failing test must not slow the other files.
import { WorkflowUpdateStage } from '@temporalio/client';
import type { ContractActivities } from '../../../activities/activity.types';
import { AUDIT_EVENT_TYPES } from '../../../src/domain/audit/audit-event-types';
import { reviseUpdate, withdrawUpdate } from '../../../workflows/contract-approval/messages';
import { eventually, SUBMITTER, useFastEnv, withContract } from './harness';

jest.setTimeout(60_000);

const fast = useFastEnv();

describe('withdrawal while a revision is being stored', () => {
  test('the contract ends withdrawn, and neither Update answers with another outcome', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const override = {
      // The revision's write stays open until the withdrawal has been accepted.
      recordRevision: (input: Parameters<ContractActivities['recordRevision']>[0], _previous: number, stub: ContractActivities['recordRevision']) =>
        held.then(() => stub(input)),
    };
    await withContract(fast(), { contract: { paymentTermsDays: 90 }, stubs: { override } }, async (c) => {
      const finance = await c.openTask('finance_review');
      await c.decide({ taskId: finance.taskId, userId: finance.assigneeId, decision: 'request_changes', comment: 'shorten the terms', revision: 1 });
      await c.until('the contract back with the rep', (s) => s.status === 'changes_requested');

      // 30-day terms: without the withdrawal every step of revision 2 is decided by its rule and the contract is approved.
      const revised = c.update(reviseUpdate, { userId: SUBMITTER, baseRevision: 1, submission: { ...c.input.submission, paymentTermsDays: 30 }, changedFields: ['paymentTermsDays'] });
      await eventually('the revision being stored', () => c.stubs.callsOf('recordRevision').length === 1);
      // Accepted (the validator allowed it) while the revision's write is still open.
      const withdrawal = await c.handle.startUpdate(withdrawUpdate, { args: [{ userId: SUBMITTER, reason: 'the customer went elsewhere' }], waitForStage: WorkflowUpdateStage.ACCEPTED });
      expect(c.stubs.callsOf('recordRevision')[0].ok).toBe(false);
      release();

      const [revisionAnswer, withdrawalAnswer, final] = await Promise.all([revised, withdrawal.result(), c.handle.result()]);
      expect(final).toMatchObject({ status: 'withdrawn', revision: 2, openTasks: [] });
      expect(withdrawalAnswer.status).toBe('withdrawn');
      expect(['in_review', 'withdrawn']).toContain(revisionAnswer.status);
      // The revision was stored, and nothing of revision 2 ran after the withdrawal.
      expect(c.stubs.callsOf('recordRevision').map((r) => r.ok)).toEqual([true]);
      expect(c.stubs.callsOf('prepareRevision')).toHaveLength(1);
      expect(c.stubs.callsOf('createOrder')).toHaveLength(0);
      const events = c.stubs.events();
      expect(events.filter((e) => e.type === AUDIT_EVENT_TYPES.CONTRACT_APPROVED)).toEqual([]);
      expect(events.filter((e) => e.type === AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN)).toEqual([
        expect.objectContaining({ revision: 2, actorKind: 'user', actorId: SUBMITTER, data: expect.objectContaining({ comment: 'the customer went elsewhere' }) }),
      ]);
      await eventually('the rep told', () => c.stubs.callsOf('sendRepMail').some((m) => m.input.kind === 'contract_withdrawn'));
    });
  });
});
