import { buildContext, slimStep } from './evaluation-context.fixture';
import { pricingReviewRule } from './pricing-review.rule';

const step = slimStep('pricing_review');

describe('pricing_review.within_discount_and_floor', () => {
  it('approves a 5% discount with every line above its floor', () => {
    const result = pricingReviewRule(step, buildContext());
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('Discount 5.00% within 10.00%; every line at or above its floor price');
    expect(result.inputs).toMatchObject({ discountPercent: 5, maxDiscountPercent: 10, listTotal: 150_000, netTotal: 142_500 });
  });

  it('approves a discount of exactly the limit (10%)', () => {
    expect(pricingReviewRule(step, buildContext({ derived: { discountPercent: 10 } })).outcome).toBe('approve');
  });

  it('routes a discount of 10.01% to the deal desk', () => {
    const result = pricingReviewRule(step, buildContext({ derived: { discountPercent: 10.01 } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Discount 10.01% exceeds 10.00%']);
  });

  it('reads the discount limit from the step params', () => {
    const loose = slimStep('pricing_review', { maxDiscountPercent: 15 });
    expect(pricingReviewRule(loose, buildContext({ derived: { discountPercent: 12.5 } })).outcome).toBe('approve');
  });

  it('approves a unit price exactly at the floor', () => {
    const lines = [{ sku: 'GL-HW-SRV', quantity: 1, unitPrice: 100_000, taxRatePercent: 13 }];
    const ctx = buildContext({ contract: { lines, amount: 100_000 }, derived: { discountPercent: 0 } });
    expect(pricingReviewRule(step, ctx).outcome).toBe('approve');
  });

  it('routes a unit price one cent below the floor to the deal desk', () => {
    const lines = [{ sku: 'GL-HW-SRV', quantity: 1, unitPrice: 99_999.99, taxRatePercent: 13 }];
    const ctx = buildContext({ contract: { lines, amount: 99_999.99 }, derived: { discountPercent: 0 } });
    const result = pricingReviewRule(step, ctx);
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Line 1 (GL-HW-SRV): unit price 99,999.99 is below the floor price 100,000.00']);
    expect(result.inputs.belowFloor).toEqual(['GL-HW-SRV']);
  });

  it('routes a line whose product is unknown', () => {
    const lines = [{ sku: 'GL-NOPE', quantity: 1, unitPrice: 1, taxRatePercent: 6 }];
    expect(pricingReviewRule(step, buildContext({ contract: { lines } })).outcome).toBe('human');
  });
});
