import { AUTOMATIC_RULE_IDS, RULES } from '../rules';
import { checkPolicy, getStep, parsePolicyVersion, withAutoApproveOnTimeout } from './policy';
import { SLIM_POLICY } from './slim.policy';

describe('withAutoApproveOnTimeout', () => {
  it('returns the policy itself when no step is named', () => {
    expect(withAutoApproveOnTimeout(SLIM_POLICY, [])).toBe(SLIM_POLICY);
  });

  it('switches the named steps on and says so in the version, in chain order', () => {
    const policy = withAutoApproveOnTimeout(SLIM_POLICY, ['tax_review', 'finance_review', 'tax_review']);
    expect(policy.version).toBe(`${SLIM_POLICY.version}+auto-timeout:finance_review,tax_review`);
    expect(policy.steps.filter((s) => s.autoApproveOnTimeout).map((s) => s.key)).toEqual(['finance_review', 'tax_review']);
    expect(getStep(SLIM_POLICY, 'tax_review').autoApproveOnTimeout).toBe(false); // the original is untouched
    expect(checkPolicy(policy, Object.keys(RULES), AUTOMATIC_RULE_IDS)).toEqual([]);
  });

  it('refuses a step no person decides, or one that does not exist', () => {
    expect(() => withAutoApproveOnTimeout(SLIM_POLICY, ['order_creation'])).toThrow(/'order_creation' is not a step a person decides.*choose from credit_check/);
    expect(() => withAutoApproveOnTimeout(SLIM_POLICY, ['tax'])).toThrow(/'tax' is not a step/);
  });

  it('round-trips through the version', () => {
    const policy = withAutoApproveOnTimeout(SLIM_POLICY, ['tax_review', 'delivery_review']);
    const parsed = parsePolicyVersion(policy.version);
    expect(parsed).toEqual({ base: SLIM_POLICY.version, autoApproveOnTimeout: ['tax_review', 'delivery_review'] });
    expect(withAutoApproveOnTimeout(SLIM_POLICY, parsed.autoApproveOnTimeout)).toEqual(policy);
    expect(parsePolicyVersion('slim-2026.11.1')).toEqual({ base: 'slim-2026.11.1', autoApproveOnTimeout: [] });
  });
});
