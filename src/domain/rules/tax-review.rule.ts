// Step 10, tax_review: a tax specialist is needed only when a line's tax rate differs from the
// rate the catalogue sets for its product.
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

// Rates are whole or one-decimal percentages; the slack only absorbs binary representation.
const RATE_SLACK = 1e-9;

export const taxReviewRule: Rule = (_step, ctx) => {
  const problems: string[] = [];
  const mismatches: { sku: string; stated: number; catalogue: number | null }[] = [];
  ctx.contract.lines.forEach((line, index) => {
    const label = `Line ${index + 1} (${line.sku})`;
    const product = ctx.products[line.sku];
    if (!product) {
      mismatches.push({ sku: line.sku, stated: line.taxRatePercent, catalogue: null });
      problems.push(`${label}: SKU is not in the catalogue, so its tax rate is unknown`);
    } else if (Math.abs(line.taxRatePercent - product.taxRatePercent) > RATE_SLACK) {
      mismatches.push({ sku: line.sku, stated: line.taxRatePercent, catalogue: product.taxRatePercent });
      problems.push(`${label}: tax rate ${line.taxRatePercent}% differs from the catalogue rate ${product.taxRatePercent}%`);
    }
  });
  const inputs = { lineCount: ctx.contract.lines.length, mismatches };
  if (problems.length > 0) {
    return { outcome: 'human', ruleId: RULE_IDS.taxReview, reason: problems.join('; '), inputs, problems };
  }
  return { outcome: 'approve', ruleId: RULE_IDS.taxReview, reason: 'Every line uses its product’s catalogue tax rate', inputs };
};
