// Step 7, sales_manager_approval: the rep's manager only signs deals that are large, discounted
// beyond policy, or carry non-standard clauses (under clause comparison by meaning, material
// deviations only: cosmetic edits to a clause are not non-standard terms).
import { clauseComparisonOf, deviationsByMeaning } from './clause-meaning';
import { DEVIATIONS_NOT_AVAILABLE } from './clause-validation.rule';
import { formatMoney, formatPercent, plural } from './format';
import { numberParam } from './params';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const salesManagerApprovalRule: Rule = (step, ctx) => {
  const maxAmount = numberParam(step, 'maxAmount');
  const maxDiscountPercent = numberParam(step, 'maxDiscountPercent');
  const amount = ctx.contract.amount;
  const discountPercent = ctx.derived.discountPercent;
  const recorded = ctx.clauseDeviations;
  const deviations = recorded && clauseComparisonOf(step) === 'meaning' ? deviationsByMeaning(recorded, ctx.clauseLibrary).filter((d) => d.material !== false) : recorded;
  const problems: string[] = [];
  if (amount >= maxAmount) problems.push(`Amount ${formatMoney(amount)} is at or above ${formatMoney(maxAmount)}`);
  if (discountPercent > maxDiscountPercent) {
    problems.push(`Discount ${formatPercent(discountPercent)} exceeds ${formatPercent(maxDiscountPercent)}`);
  }
  if (!deviations) problems.push(DEVIATIONS_NOT_AVAILABLE);
  else if (deviations.length > 0) problems.push(`${plural(deviations.length, 'clause deviation')} from the standard library`);
  const inputs = { amount, maxAmount, discountPercent, maxDiscountPercent, deviationCount: deviations?.length ?? null };
  if (problems.length > 0) {
    return { outcome: 'human', ruleId: RULE_IDS.salesManagerApproval, reason: problems.join('; '), inputs, problems };
  }
  return {
    outcome: 'approve',
    ruleId: RULE_IDS.salesManagerApproval,
    reason: `Amount ${formatMoney(amount)} below ${formatMoney(maxAmount)}, discount ${formatPercent(discountPercent)} within ${formatPercent(maxDiscountPercent)}, standard clauses`,
    inputs,
  };
};
