// Step 6, pricing_review: the deal desk only looks at discounts beyond the policy limit and at
// lines priced below a product's floor.
import { round2 } from '../contract/derive';
import { formatMoney, formatPercent } from './format';
import { numberParam } from './params';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const pricingReviewRule: Rule = (step, ctx) => {
  const maxDiscountPercent = numberParam(step, 'maxDiscountPercent');
  const discountPercent = ctx.derived.discountPercent;
  const problems: string[] = [];
  if (discountPercent > maxDiscountPercent) {
    problems.push(`Discount ${formatPercent(discountPercent)} exceeds ${formatPercent(maxDiscountPercent)}`);
  }
  const belowFloor: string[] = [];
  ctx.contract.lines.forEach((line, index) => {
    const label = `Line ${index + 1} (${line.sku})`;
    const product = ctx.products[line.sku];
    if (!product) problems.push(`${label}: SKU is not in the catalogue, so its floor price is unknown`);
    else if (round2(line.unitPrice) < round2(product.floorPrice)) {
      belowFloor.push(line.sku);
      problems.push(`${label}: unit price ${formatMoney(line.unitPrice)} is below the floor price ${formatMoney(product.floorPrice)}`);
    }
  });
  const inputs = {
    discountPercent,
    maxDiscountPercent,
    listTotal: ctx.derived.listTotal,
    netTotal: ctx.derived.netTotal,
    belowFloor,
  };
  if (problems.length > 0) {
    return { outcome: 'human', ruleId: RULE_IDS.pricingReview, reason: problems.join('; '), inputs, problems };
  }
  return {
    outcome: 'approve',
    ruleId: RULE_IDS.pricingReview,
    reason: `Discount ${formatPercent(discountPercent)} within ${formatPercent(maxDiscountPercent)}; every line at or above its floor price`,
    inputs,
  };
};
