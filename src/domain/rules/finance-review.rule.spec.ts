import { buildContext, slimStep } from './evaluation-context.fixture';
import { financeReviewRule } from './finance-review.rule';

const step = slimStep('finance_review');

describe('finance_review.within_terms', () => {
  it('approves 30-day terms on a normal amount', () => {
    const result = financeReviewRule(step, buildContext());
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('Payment terms 30 days within 60 days; amount 142,500.00 below 2,000,000.00');
  });

  it('approves 60-day terms and routes 61 days', () => {
    expect(financeReviewRule(step, buildContext({ contract: { paymentTermsDays: 60 } })).outcome).toBe('approve');
    const result = financeReviewRule(step, buildContext({ contract: { paymentTermsDays: 61 } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Payment terms 61 days exceed 60 days']);
  });

  it('approves 1,999,999.99 and routes 2,000,000.00', () => {
    expect(financeReviewRule(step, buildContext({ contract: { amount: 1_999_999.99 } })).outcome).toBe('approve');
    const result = financeReviewRule(step, buildContext({ contract: { amount: 2_000_000 } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Amount 2,000,000.00 is at or above 2,000,000.00']);
  });

  it('reads its limits from the step params', () => {
    const strict = slimStep('finance_review', { maxPaymentTermsDays: 14 });
    expect(financeReviewRule(strict, buildContext()).outcome).toBe('human');
  });
});
