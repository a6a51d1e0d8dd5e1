import { buildContext, slimStep } from './evaluation-context.fixture';
import { executiveApprovalRule } from './executive-approval.rule';

describe('executive_approval.strategic_deal', () => {
  const step = slimStep('executive_approval');

  it('skips a deal below 5,000,000 with a discount of at most 30%', () => {
    const result = executiveApprovalRule(step, buildContext({ contract: { amount: 4_999_999.99 }, derived: { discountPercent: 30 } }));
    expect(result.outcome).toBe('skip');
    expect(result.ruleId).toBe('executive_approval.strategic_deal');
  });

  it('needs an executive at 5,000,000.00', () => {
    const result = executiveApprovalRule(step, buildContext({ contract: { amount: 5_000_000 } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Amount 5,000,000.00 is at or above 5,000,000.00']);
  });

  it('needs an executive at a 30.01% discount', () => {
    expect(executiveApprovalRule(step, buildContext({ derived: { discountPercent: 30.01 } })).outcome).toBe('human');
  });

  it('reads its thresholds from the step params', () => {
    const lower = slimStep('executive_approval', { minAmount: 100_000 });
    expect(executiveApprovalRule(lower, buildContext()).outcome).toBe('human');
  });
});
