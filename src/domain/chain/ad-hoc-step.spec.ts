// The rule for adding an approver to a running contract: which step it may follow, and the step it adds.
import { DomainErrorCode } from '../errors';
import { chooseFirstAssignee } from '../routing/task-routing';
import { roleNeeded } from '../routing/delegation-eligibility';
import { type AddApproverAttempt, AD_HOC_SLA_BUSINESS_HOURS, addApproverRefusal, adHocStepDefinition, isAdHocStepKey } from './ad-hoc-step';
import type { StepState } from './engine.types';
import { SLIM_POLICY } from './slim.policy';

const stepOf = (key: string, status: StepState['status']): StepState => ({ key, number: 1, name: key, status, revision: 1 });
const attempt = (over: Partial<AddApproverAttempt> = {}): AddApproverAttempt => ({
  policy: SLIM_POLICY,
  steps: new Map([
    ['intake_check', stepOf('intake_check', 'auto_approved')],
    ['finance_review', stepOf('finance_review', 'waiting')],
    ['legal_review', stepOf('legal_review', 'pending')],
    ['pricing_review', stepOf('pricing_review', 'in_progress')],
    ['order_creation', stepOf('order_creation', 'pending')],
  ]),
  status: 'in_review',
  halted: false,
  finished: false,
  closing: false,
  submitterId: 'alice',
  userId: 'lena',
  stepAfter: 'finance_review',
  reason: 'legal look',
  ...over,
});

describe('addApproverRefusal', () => {
  test.each(['finance_review', 'legal_review', 'pricing_review'])('a step not decided yet (%s) may be followed', (stepAfter) => {
    expect(addApproverRefusal(attempt({ stepAfter }))).toBeNull();
  });

  test.each([
    ['a decided step', { stepAfter: 'intake_check' }, DomainErrorCode.AD_HOC_STEP_PASSED],
    ['an unknown step', { stepAfter: 'nope' }, DomainErrorCode.VALIDATION_FAILED],
    ['a closing step', { stepAfter: 'order_creation' }, DomainErrorCode.VALIDATION_FAILED],
    ['a blank reason', { reason: '  ' }, DomainErrorCode.VALIDATION_FAILED],
    ['the submitter', { userId: 'alice' }, DomainErrorCode.SELF_APPROVAL_FORBIDDEN],
    ['a finished contract', { finished: true, status: 'approved' }, DomainErrorCode.CONTRACT_ALREADY_CLOSED],
    ['a halted contract', { halted: true }, DomainErrorCode.CONTRACT_HALTED],
    ['a contract back with the rep', { status: 'changes_requested' }, DomainErrorCode.CONTRACT_HALTED],
    ['a closing contract', { closing: true }, DomainErrorCode.CONTRACT_CLOSING],
  ])('%s is refused', (_what, over, code) => {
    expect(addApproverRefusal(attempt(over))?.code).toBe(code);
  });
});

describe('the added step', () => {
  const after = SLIM_POLICY.steps.find((s) => s.key === 'finance_review')!;
  const def = adHocStepDefinition({ policy: SLIM_POLICY, key: 'adhoc_1', after, userId: 'lena', role: 'legal_counsel', approverName: 'Lena' });

  test('goes to the named person, in their role, never approved on timeout, with the SLA of the step it follows', () => {
    expect(def).toMatchObject({ key: 'adhoc_1', number: after.number, mode: 'rule', autoApproveOnTimeout: false, slaBusinessHours: after.slaBusinessHours });
    expect(isAdHocStepKey(def.key)).toBe(true);
    expect(roleNeeded(def.assignee!)).toBe('legal_counsel');
    expect(chooseFirstAssignee({ assignee: def.assignee!, submitterId: 'alice', people: new Map(), members: [] })).toEqual({ ok: true, id: 'lena', notes: [] });
  });

  test('after a step without a person (a bot) it takes the ad-hoc default SLA', () => {
    const bot = SLIM_POLICY.steps.find((s) => s.mode === 'bot_activity')!;
    expect(adHocStepDefinition({ policy: SLIM_POLICY, key: 'adhoc_2', after: bot, userId: 'lena', role: 'legal_counsel', approverName: 'Lena' }).slaBusinessHours).toBe(AD_HOC_SLA_BUSINESS_HOURS);
  });
});
