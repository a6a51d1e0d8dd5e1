import { buildContext, slimStep } from './evaluation-context.fixture';
import { regionalDirectorApprovalRule } from './regional-director-approval.rule';

describe('regional_director_approval.large_deal', () => {
  const step = slimStep('regional_director_approval');

  it('skips a deal below 2,000,000 with a discount of at most 20%', () => {
    const result = regionalDirectorApprovalRule(step, buildContext({ contract: { amount: 1_999_999.99 }, derived: { discountPercent: 20 } }));
    expect(result.outcome).toBe('skip');
    expect(result.ruleId).toBe('regional_director_approval.large_deal');
    expect(result.reason).toBe(
      'Amount 1,999,999.99 below 2,000,000.00 and discount 20.00% within 20.00%: no regional director approval needed',
    );
  });

  it('needs the regional director at 2,000,000.00', () => {
    const result = regionalDirectorApprovalRule(step, buildContext({ contract: { amount: 2_000_000 } }));
    expect(result.outcome).toBe('human');
    expect(result.reason).toBe('Amount 2,000,000.00 is at or above 2,000,000.00: regional director must approve');
  });

  it('needs the regional director at a 20.01% discount', () => {
    const result = regionalDirectorApprovalRule(step, buildContext({ derived: { discountPercent: 20.01 } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Discount 20.01% exceeds 20.00%']);
  });
});
