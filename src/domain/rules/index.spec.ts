import { SLIM_POLICY } from '../chain/slim.policy';
import { STEP_KEYS, type StepDefinition } from '../chain/policy.types';
import { buildContext, slimStep } from './evaluation-context.fixture';
import { evaluateStep, RULE_IDS, RULES, TIMEOUT_AUTO_APPROVED, timeoutAutoApproved } from './index';

describe('RULES', () => {
  it('registers every rule id under its own id', () => {
    expect(Object.keys(RULES).sort()).toEqual(Object.values(RULE_IDS).sort());
  });

  it('gives every slim rule an id of the form <step_key>.<short_name>', () => {
    for (const step of SLIM_POLICY.steps.filter((s) => s.mode === 'rule')) {
      expect(step.ruleId).toMatch(new RegExp(`^${step.key}\\.[a-z_]+$`));
    }
  });
});

describe('evaluateStep', () => {
  it('decides a routine contract end to end: approvals, and skips for the big-deal steps', () => {
    const ctx = buildContext();
    const outcomes = Object.fromEntries(
      SLIM_POLICY.steps.filter((s) => s.mode === 'rule').map((s) => [s.key, evaluateStep(s, ctx).outcome]),
    );
    expect(outcomes).toEqual({
      intake_check: 'approve',
      credit_check: 'approve',
      compliance_screening: 'approve',
      clause_validation: 'approve',
      pricing_review: 'approve',
      sales_manager_approval: 'approve',
      legal_review: 'approve',
      finance_review: 'approve',
      tax_review: 'approve',
      delivery_review: 'approve',
      regional_director_approval: 'skip',
      executive_approval: 'skip',
    });
    expect(STEP_KEYS.length - Object.keys(outcomes).length).toBe(3); // the three bot steps
  });

  it('records the rule id the step names', () => {
    expect(evaluateStep(slimStep('credit_check'), buildContext()).ruleId).toBe('credit_check.within_limit');
  });

  it('refuses a bot step', () => {
    expect(() => evaluateStep(slimStep('customer_capture'), buildContext())).toThrow(
      'Step customer_capture is a bot activity; it is performed by an activity, not decided by a rule',
    );
  });

  it('refuses an unknown rule id', () => {
    const step: StepDefinition = { ...slimStep('credit_check'), ruleId: 'credit_check.vibes' };
    expect(() => evaluateStep(step, buildContext())).toThrow("Step credit_check names unknown rule 'credit_check.vibes'");
  });

  it('refuses inherited property names as rule ids', () => {
    const step: StepDefinition = { ...slimStep('credit_check'), ruleId: 'toString' };
    expect(() => evaluateStep(step, buildContext())).toThrow("names unknown rule 'toString'");
  });

  it('refuses a rule step without a rule id', () => {
    const step: StepDefinition = { ...slimStep('credit_check'), ruleId: undefined };
    expect(() => evaluateStep(step, buildContext())).toThrow('Step credit_check is in rule mode but names no ruleId');
  });
});

describe('timeoutAutoApproved', () => {
  it('approves under the timeout rule id with the deadline as reason', () => {
    const result = timeoutAutoApproved(slimStep('tax_review'), '2026-11-20T09:00:00.000Z');
    expect(TIMEOUT_AUTO_APPROVED).toBe('timeout_auto_approved');
    expect(result).toEqual({
      outcome: 'approve',
      ruleId: 'timeout_auto_approved',
      reason: 'Tax review was not decided by its deadline 2026-11-20T09:00:00.000Z; the policy approves it on timeout',
      inputs: { dueAt: '2026-11-20T09:00:00.000Z', slaBusinessHours: 8 },
    });
  });
});
