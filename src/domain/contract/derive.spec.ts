import { DEMO_PRODUCTS, productsBySku } from './catalogue.data';
import type { ContractLine, ContractSubmission } from './contract.types';
import { clampDiscountPercent, DISCOUNT_PERCENT_MAX, DISCOUNT_PERCENT_MIN, deriveFigures, moneyEquals, round2 } from './derive';

const products = productsBySku(DEMO_PRODUCTS);

function submission(lines: ContractLine[]): ContractSubmission {
  return {
    title: 't',
    customer: { name: 'c', registrationNumber: 'r', country: 'CN' },
    currency: 'CNY',
    amount: 0,
    paymentTermsDays: 30,
    requestedDeliveryDate: '2026-12-31',
    personalData: false,
    lines,
    clauses: [],
  };
}

describe('deriveFigures', () => {
  it('totals list and net prices, derives the discount and the longest lead time', () => {
    const figures = deriveFigures(
      submission([
        { sku: 'GL-LIC-STD', quantity: 2, unitPrice: 9_000, taxRatePercent: 6 },
        { sku: 'GL-HW-SRV', quantity: 1, unitPrice: 110_000, taxRatePercent: 13 },
        { sku: 'GL-SVC-IMP', quantity: 3, unitPrice: 8_000, taxRatePercent: 6 },
      ]),
      products,
    );
    expect(figures).toEqual({ listTotal: 164_000, netTotal: 152_000, discountPercent: 7.32, maxLeadTimeDays: 21 });
  });

  it('gives 12.5 for a 12.5% discount', () => {
    const figures = deriveFigures(submission([{ sku: 'GL-LIC-STD', quantity: 4, unitPrice: 8_750, taxRatePercent: 6 }]), products);
    expect(figures.discountPercent).toBe(12.5);
  });

  it('counts unknown SKUs in the net total only, and ignores them for lead time', () => {
    const figures = deriveFigures(
      submission([
        { sku: 'GL-LIC-STD', quantity: 1, unitPrice: 10_000, taxRatePercent: 6 },
        { sku: 'NOPE', quantity: 2, unitPrice: 500, taxRatePercent: 6 },
      ]),
      products,
    );
    expect(figures).toEqual({ listTotal: 10_000, netTotal: 11_000, discountPercent: -10, maxLeadTimeDays: 0 });
  });

  it('reports a 0% discount when the list total is 0', () => {
    expect(deriveFigures(submission([]), products)).toEqual({ listTotal: 0, netTotal: 0, discountPercent: 0, maxLeadTimeDays: 0 });
    expect(deriveFigures(submission([{ sku: 'NOPE', quantity: 1, unitPrice: 5, taxRatePercent: 0 }]), products).discountPercent).toBe(0);
  });

  it('reports a negative discount when selling above list', () => {
    const figures = deriveFigures(submission([{ sku: 'GL-SVC-IMP', quantity: 1, unitPrice: 9_000, taxRatePercent: 6 }]), products);
    expect(figures.discountPercent).toBe(-12.5);
  });

  // Issue #11 defect 2: unitPrice 100000000 gave -999,900%, which numeric(7,2) cannot hold.
  it('keeps the discount within numeric(7,2) when the price is far above list', () => {
    const figures = deriveFigures(submission([{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 100_000_000, taxRatePercent: 6 }]), products);
    expect(figures.netTotal).toBe(2_000_000_000);
    expect(figures.listTotal).toBe(200_000);
    expect(figures.discountPercent).toBe(DISCOUNT_PERCENT_MIN);
    expect(Math.abs(figures.discountPercent)).toBeLessThan(100_000);
  });

  it('clamps at the edge of the range and never returns NaN', () => {
    // Net 1,000.9999 times list: -99,999.99% rounds to the boundary, one cent further is clamped.
    expect(deriveFigures(submission([{ sku: 'GL-LIC-STD', quantity: 1, unitPrice: 10_009_999, taxRatePercent: 6 }]), products).discountPercent).toBe(-99_999.99);
    expect(deriveFigures(submission([{ sku: 'GL-LIC-STD', quantity: 1, unitPrice: 10_010_000, taxRatePercent: 6 }]), products).discountPercent).toBe(-99_999.99);
    expect(deriveFigures(submission([{ sku: 'GL-LIC-STD', quantity: 1, unitPrice: 9_999_000, taxRatePercent: 6 }]), products).discountPercent).toBe(-99_890);
    expect(deriveFigures(submission([{ sku: 'GL-LIC-STD', quantity: 1, unitPrice: Number.MAX_VALUE, taxRatePercent: 6 }]), products).discountPercent).toBe(DISCOUNT_PERCENT_MIN);
    expect(clampDiscountPercent(Number.NaN)).toBe(0);
    expect(clampDiscountPercent(Number.POSITIVE_INFINITY)).toBe(DISCOUNT_PERCENT_MAX);
    expect(clampDiscountPercent(12.5)).toBe(12.5);
  });

  it('every derived discount fits numeric(7,2) for any price the API accepts', () => {
    for (const unitPrice of [0, 0.01, 1, 9_500, 10_000, 1e6, 1e8, 1e10, 1e13]) {
      for (const quantity of [1, 7, 1_000_000]) {
        const { discountPercent } = deriveFigures(submission([{ sku: 'GL-LIC-STD', quantity, unitPrice, taxRatePercent: 6 }]), products);
        expect(discountPercent).toBeGreaterThanOrEqual(DISCOUNT_PERCENT_MIN);
        expect(discountPercent).toBeLessThanOrEqual(DISCOUNT_PERCENT_MAX);
        expect(round2(discountPercent)).toBe(discountPercent);
      }
    }
  });
});

describe('round2', () => {
  it.each([
    [1.005, 1.01],
    [2.675, 2.68],
    [-1.005, -1.01],
    [12.344999, 12.34],
    [1_234_567.891, 1_234_567.89],
    [0.1 + 0.2, 0.3],
  ])('rounds %p to %p', (input, expected) => {
    expect(round2(input)).toBe(expected);
  });

  it('never returns -0', () => {
    expect(Object.is(round2(-0.001), 0)).toBe(true);
  });
});

describe('moneyEquals', () => {
  it('accepts differences up to the tolerance despite binary rounding', () => {
    expect(moneyEquals(100, 100.01)).toBe(true);
    expect(moneyEquals(100.01, 100)).toBe(true);
    expect(moneyEquals(0.1 + 0.2, 0.3, 0)).toBe(true);
  });

  it('rejects differences beyond the tolerance', () => {
    expect(moneyEquals(100, 100.02)).toBe(false);
    expect(moneyEquals(100, 100.5, 0.49)).toBe(false);
    expect(moneyEquals(100, 100.5, 0.5)).toBe(true);
  });
});
