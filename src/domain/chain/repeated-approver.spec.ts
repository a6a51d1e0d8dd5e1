import type { StepState } from './engine.types';
import { validatePolicyDraft } from './policy-validation';
import { mayRepeat, repeatedApproval, repeatedApproverReason } from './repeated-approver';
import { SLIM_POLICY, SLIM_POLICY_2026_12_1 } from './slim.policy';

const step = (key: string, number: number, over: Partial<StepState> = {}): StepState => ({ key, number, name: key, status: 'auto_approved', revision: 1, decidedBy: { kind: 'rule', id: `${key}.rule` }, ...over });
const byPerson = (key: string, number: number, userId: string, completedAt = '2026-12-01T06:02:00.000Z'): StepState =>
  step(key, number, { name: key === 'sales_manager_approval' ? 'Sales manager approval' : key, status: 'approved', decidedBy: { kind: 'user', id: userId }, completedAt });

/** Sam approved the sales manager's step (7); reviews 8-11 by rules, or finance (9) by fiona. */
const chain = (financeBy?: string): StepState[] => [
  byPerson('pricing_review', 6, 'dana'),
  byPerson('sales_manager_approval', 7, 'sam'),
  step('legal_review', 8),
  financeBy ? byPerson('finance_review', 9, financeBy) : step('finance_review', 9),
  step('tax_review', 10),
  step('delivery_review', 11),
  step('regional_director_approval', 12, { status: 'in_progress', decidedBy: undefined }),
];

describe('the repeated approver', () => {
  it('asks again under ask_again, or when the policy says nothing (versions before slim-2026.12.2)', () => {
    expect(repeatedApproval({ setting: 'ask_again', assigneeId: 'sam', number: 12, steps: chain() })).toBeNull();
    expect(repeatedApproval({ setting: undefined, assigneeId: 'sam', number: 12, steps: chain() })).toBeNull();
    expect(SLIM_POLICY_2026_12_1.repeatedApprover).toBeUndefined();
    expect(mayRepeat(SLIM_POLICY_2026_12_1, chain(), 12)).toBe(false);
  });

  it('auto_approve approves whenever the person approved an earlier step, consecutive or not', () => {
    expect(repeatedApproval({ setting: 'auto_approve', assigneeId: 'sam', number: 12, steps: chain() })).toMatchObject({ stepKey: 'sales_manager_approval', userId: 'sam' });
    expect(repeatedApproval({ setting: 'auto_approve', assigneeId: 'sam', number: 12, steps: chain('fiona') })).toMatchObject({ stepKey: 'sales_manager_approval' });
    expect(repeatedApproval({ setting: 'auto_approve', assigneeId: 'rita', number: 12, steps: chain() })).toBeNull();
  });

  it('auto_approve_consecutive approves only when no other person decided a step between the two in chain order', () => {
    // Rules decided 8-11: consecutive.
    expect(repeatedApproval({ setting: 'auto_approve_consecutive', assigneeId: 'sam', number: 12, steps: chain() })).toMatchObject({ stepKey: 'sales_manager_approval' });
    // Fiona decided finance (9) in between: not consecutive, sam is asked.
    expect(repeatedApproval({ setting: 'auto_approve_consecutive', assigneeId: 'sam', number: 12, steps: chain('fiona') })).toBeNull();
    // Sam himself deciding finance in between keeps it consecutive (his latest approval is the one named).
    expect(repeatedApproval({ setting: 'auto_approve_consecutive', assigneeId: 'sam', number: 12, steps: chain('sam') })).toMatchObject({ stepKey: 'finance_review' });
    // Dana (6) and sam (7) in between: dana is not consecutive for step 12.
    expect(repeatedApproval({ setting: 'auto_approve_consecutive', assigneeId: 'dana', number: 12, steps: chain() })).toBeNull();
  });

  it('only approvals by a person count: a rule approval, a rejection or a later step do not', () => {
    const steps = [step('credit_check', 3), byPerson('executive_approval', 13, 'sam'), step('sales_manager_approval', 7, { status: 'rejected', decidedBy: { kind: 'user', id: 'sam' } })];
    expect(repeatedApproval({ setting: 'auto_approve', assigneeId: 'sam', number: 12, steps })).toBeNull();
    expect(mayRepeat(SLIM_POLICY, steps, 12)).toBe(false);
    expect(mayRepeat(SLIM_POLICY, chain(), 12)).toBe(true);
  });

  it('says when the earlier approval was, in the organisation’s zone', () => {
    const approval = repeatedApproval({ setting: 'auto_approve', assigneeId: 'sam', number: 12, steps: chain() })!;
    expect(repeatedApproverReason(approval, 'Asia/Shanghai')).toMatch(/^Already approved as Sales manager approval at 14:02 on 2026-12-01 \(Asia\/Shanghai\)/);
  });

  it('is auto_approve_consecutive in slim-2026.12.2, and a draft names a bad setting', () => {
    expect(SLIM_POLICY.repeatedApprover).toBe('auto_approve_consecutive');
    const draft = { ...structuredClone(SLIM_POLICY), repeatedApprover: 'sometimes' as never };
    expect(validatePolicyDraft(draft)).toEqual([{ field: 'repeatedApprover', rule: 'enum', message: 'Must be one of ask_again, auto_approve, auto_approve_consecutive' }]);
  });
});
