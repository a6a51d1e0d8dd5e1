// Figures derived from a submission and the product catalogue (totals, discount, lead time),
// and the money arithmetic every rule shares, so that "equal" and "rounded" mean one thing.
import type { ContractSubmission, DerivedFigures, Product } from './contract.types';

/**
 * Rounds half away from zero to two decimals. Goes through toPrecision(15) first because the
 * binary product (1.005 * 100 = 100.49999999999999) would otherwise round the wrong way.
 */
export function round2(value: number): number {
  if (!Number.isFinite(value)) return value;
  const scaled = Math.round(Number((Math.abs(value) * 100).toPrecision(15)));
  const result = (Math.sign(value) * scaled) / 100;
  return result === 0 ? 0 : result; // no -0 in records
}

/** Binary floating point makes |100.01 − 100| slightly above 0.01; this slack absorbs that. */
const FLOAT_SLACK = 1e-9;

export function moneyEquals(a: number, b: number, tolerance = 0.01): boolean {
  return Math.abs(a - b) <= tolerance + FLOAT_SLACK;
}

/**
 * The discount is stored in `contracts.discount_percent numeric(7,2)`, which holds at most
 * ±99,999.99. Net can exceed list without bound (a unit price typed with extra zeros, or a
 * product far below list), and an unstorable discount would fail the contract's first write on
 * every retry. Clamping changes no decision: every rule compares the discount against a ceiling
 * of a few percent, and a price over 1,000 times list is far past any of them; it keeps the sign,
 * so "sold far above list" still reads as such.
 */
export const DISCOUNT_PERCENT_MIN = -99_999.99;
export const DISCOUNT_PERCENT_MAX = 99_999.99;

export function clampDiscountPercent(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(DISCOUNT_PERCENT_MAX, Math.max(DISCOUNT_PERCENT_MIN, value));
}

export function deriveFigures(submission: ContractSubmission, products: Record<string, Product>): DerivedFigures {
  let listTotal = 0;
  let netTotal = 0;
  let maxLeadTimeDays = 0;
  for (const line of submission.lines) {
    const product = products[line.sku];
    netTotal += line.quantity * line.unitPrice;
    // Unknown SKUs are intake_check's finding; here they simply contribute nothing.
    if (!product) continue;
    listTotal += line.quantity * product.listPrice;
    maxLeadTimeDays = Math.max(maxLeadTimeDays, product.leadTimeDays);
  }
  listTotal = round2(listTotal);
  netTotal = round2(netTotal);
  const discountPercent = listTotal === 0 ? 0 : clampDiscountPercent(round2((1 - netTotal / listTotal) * 100));
  return { listTotal, netTotal, discountPercent, maxLeadTimeDays };
}
