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
  const discountPercent = listTotal === 0 ? 0 : round2((1 - netTotal / listTotal) * 100);
  return { listTotal, netTotal, discountPercent, maxLeadTimeDays };
}
