// The shape shared by the two sign-off steps that exist only for big deals (regional director,
// executive): they are skipped unless the amount or the discount reaches their threshold.
import { formatMoney, formatPercent } from './format';
import { numberParam } from './params';
import type { Rule } from './rule.types';

export function largeDealRule(ruleId: string, approver: string): Rule {
  return (step, ctx) => {
    const minAmount = numberParam(step, 'minAmount');
    const minDiscountPercent = numberParam(step, 'minDiscountPercent');
    const amount = ctx.contract.amount;
    const discountPercent = ctx.derived.discountPercent;
    const inputs = { amount, minAmount, discountPercent, minDiscountPercent };
    const triggers: string[] = [];
    if (amount >= minAmount) triggers.push(`Amount ${formatMoney(amount)} is at or above ${formatMoney(minAmount)}`);
    if (discountPercent > minDiscountPercent) {
      triggers.push(`Discount ${formatPercent(discountPercent)} exceeds ${formatPercent(minDiscountPercent)}`);
    }
    if (triggers.length > 0) {
      return { outcome: 'human', ruleId, reason: `${triggers.join('; ')}: ${approver} must approve`, inputs, problems: triggers };
    }
    return {
      outcome: 'skip',
      ruleId,
      reason: `Amount ${formatMoney(amount)} below ${formatMoney(minAmount)} and discount ${formatPercent(discountPercent)} within ${formatPercent(minDiscountPercent)}: no ${approver} approval needed`,
      inputs,
    };
  };
}
