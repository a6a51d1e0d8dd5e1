import { buildContext, slimStep } from './evaluation-context.fixture';
import { taxReviewRule } from './tax-review.rule';

const step = slimStep('tax_review');

describe('tax_review.rates_match_catalogue', () => {
  it('approves lines that use their catalogue tax rates', () => {
    const lines = [
      { sku: 'GL-LIC-STD', quantity: 1, unitPrice: 10_000, taxRatePercent: 6 },
      { sku: 'GL-HW-SRV', quantity: 1, unitPrice: 120_000, taxRatePercent: 13 },
    ];
    const result = taxReviewRule(step, buildContext({ contract: { lines, amount: 130_000 } }));
    expect(result.outcome).toBe('approve');
    expect(result.inputs.mismatches).toEqual([]);
  });

  it('routes a line whose rate differs from the catalogue to the tax specialist', () => {
    const lines = [{ sku: 'GL-HW-SRV', quantity: 1, unitPrice: 120_000, taxRatePercent: 6 }];
    const result = taxReviewRule(step, buildContext({ contract: { lines, amount: 120_000 } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Line 1 (GL-HW-SRV): tax rate 6% differs from the catalogue rate 13%']);
  });

  it('treats even a small rate difference as a mismatch', () => {
    const lines = [{ sku: 'GL-LIC-STD', quantity: 1, unitPrice: 10_000, taxRatePercent: 6.1 }];
    expect(taxReviewRule(step, buildContext({ contract: { lines, amount: 10_000 } })).outcome).toBe('human');
  });

  it('routes a line whose product is unknown', () => {
    const lines = [{ sku: 'GL-NOPE', quantity: 1, unitPrice: 1, taxRatePercent: 6 }];
    const result = taxReviewRule(step, buildContext({ contract: { lines, amount: 1 } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Line 1 (GL-NOPE): SKU is not in the catalogue, so its tax rate is unknown']);
  });
});
