// Fast tier: the repeated approver (审批人去重, src/domain/chain/repeated-approver.ts) in its three
// settings on the time-skipping server. Routing is the edge: the regional director's task goes to
// the rep's manager (the sales manager), as when the director is out of office with the sales
// manager as delegate. A discount over 20 % asks pricing review, the sales manager and the
// regional director; 90-day terms add finance review, which another person decides between the
// sales manager and the director (not consecutive).
import type { OpenTaskInput } from '../../../activities/activity.types';
import type { ChainPolicy } from '../../../src/domain/chain/policy.types';
import type { RepeatedApproverSetting } from '../../../src/domain/chain/repeated-approver';
import { SLIM_POLICY } from '../../../src/domain/chain/slim.policy';
import { AUDIT_EVENT_TYPES } from '../../../src/domain/audit/audit-event-types';
import { licences } from '../../factories/contract.factory';
import { defaultAssignee } from './stub-activities';
import { type RunningContract, useFastEnv, withContract } from './harness';

jest.setTimeout(90_000);

const fast = useFastEnv();
const SAM = 'manager-of:rep:alice';

const setup = (setting: RepeatedApproverSetting, withFinance: boolean) => ({
  input: { policy: { ...SLIM_POLICY, repeatedApprover: setting } as ChainPolicy },
  contract: { ...licences(20, 7_900), ...(withFinance ? { paymentTermsDays: 90 } : {}) },
  stubs: { assign: (input: OpenTaskInput) => (input.assignee.kind === 'role' && input.assignee.role === 'regional_director' ? SAM : defaultAssignee(input)) },
});

/** Approves the tasks of these steps as they open, in this order; returns the final state. */
async function approveInTurn(c: RunningContract, steps: string[]) {
  for (const key of steps) {
    const task = await c.openTask(key);
    await c.decide({ taskId: task.taskId, userId: task.assigneeId, decision: 'approve', revision: 1 });
  }
  return c.handle.result();
}

describe('the repeated approver', () => {
  test('auto_approve_consecutive (the default): the director step goes to the sales manager who just approved, so it is approved by rule with no task', async () => {
    await withContract(fast(), setup('auto_approve_consecutive', false), async (c) => {
      const final = await approveInTurn(c, ['pricing_review', 'sales_manager_approval']);
      expect(final.status).toBe('approved');
      expect(c.stubs.callsOf('openTask').map((o) => o.input.stepKey)).toEqual(['pricing_review', 'sales_manager_approval']);
      expect(c.stubs.callsOf('previewAssignee').map((p) => p.input.assignee)).toEqual([{ kind: 'submitter_manager' }, { kind: 'role', role: 'regional_director' }]);
      const stored = new Map(c.stubs.batches().flatMap((b) => b.steps).map((s) => [s.key, s]));
      expect(stored.get('regional_director_approval')).toMatchObject({ status: 'auto_approved', decidedBy: { kind: 'rule', id: 'repeated_approver' }, inputs: { repeatedApprover: { userId: SAM, approvedStep: 'sales_manager_approval' } } });
      expect(stored.get('regional_director_approval')!.reason).toMatch(/^Already approved as Sales manager approval at \d\d:\d\d on \d{4}-\d\d-\d\d \(Asia\/Shanghai\)/);
      const event = c.stubs.events().find((e) => e.type === AUDIT_EVENT_TYPES.STEP_AUTO_APPROVED && e.stepKey === 'regional_director_approval');
      expect(event).toMatchObject({ actorKind: 'rule', actorId: 'repeated_approver' });
      expect(c.stubs.events().filter((e) => e.type === AUDIT_EVENT_TYPES.TASK_CREATED && e.stepKey === 'regional_director_approval')).toEqual([]);
      expect(c.stubs.callsOf('sendTaskMail').map((m) => m.input.kind)).toEqual(['task_assigned', 'task_assigned']);
    });
  });

  test('auto_approve_consecutive: finance decided by another person in between, so the sales manager is asked again', async () => {
    await withContract(fast(), setup('auto_approve_consecutive', true), async (c) => {
      // Finance (fiona) decides first, then pricing and the sales manager; the director's task goes to sam.
      const finance = await c.openTask('finance_review');
      await c.decide({ taskId: finance.taskId, userId: finance.assigneeId, decision: 'approve', revision: 1 });
      const final = await approveInTurn(c, ['pricing_review', 'sales_manager_approval', 'regional_director_approval']);
      expect(final.status).toBe('approved');
      const director = c.stubs.callsOf('openTask').find((o) => o.input.stepKey === 'regional_director_approval');
      expect(director?.result?.assigneeId).toBe(SAM);
    });
  });

  test('auto_approve: approved by rule even when another person decided in between', async () => {
    await withContract(fast(), setup('auto_approve', true), async (c) => {
      const finance = await c.openTask('finance_review');
      await c.decide({ taskId: finance.taskId, userId: finance.assigneeId, decision: 'approve', revision: 1 });
      const final = await approveInTurn(c, ['pricing_review', 'sales_manager_approval']);
      expect(final.status).toBe('approved');
      expect(final.steps.find((s) => s.key === 'regional_director_approval')!.status).toBe('auto_approved');
      expect(c.stubs.callsOf('openTask').map((o) => o.input.stepKey).sort()).toEqual(['finance_review', 'pricing_review', 'sales_manager_approval']);
    });
  });

  test('ask_again: the sales manager gets the director task, and the routing is never previewed', async () => {
    await withContract(fast(), setup('ask_again', false), async (c) => {
      const final = await approveInTurn(c, ['pricing_review', 'sales_manager_approval', 'regional_director_approval']);
      expect(final.status).toBe('approved');
      expect(c.stubs.callsOf('previewAssignee')).toEqual([]);
      expect(final.steps.find((s) => s.key === 'regional_director_approval')!.status).toBe('approved');
    });
  });
});
