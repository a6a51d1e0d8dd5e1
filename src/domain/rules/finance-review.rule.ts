// Step 9, finance_review: finance looks only at long payment terms and very large amounts.
import { formatMoney } from './format';
import { numberParam } from './params';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const financeReviewRule: Rule = (step, ctx) => {
  const maxPaymentTermsDays = numberParam(step, 'maxPaymentTermsDays');
  const maxAmount = numberParam(step, 'maxAmount');
  const { paymentTermsDays, amount } = ctx.contract;
  const problems: string[] = [];
  if (paymentTermsDays > maxPaymentTermsDays) {
    problems.push(`Payment terms ${paymentTermsDays} days exceed ${maxPaymentTermsDays} days`);
  }
  if (amount >= maxAmount) problems.push(`Amount ${formatMoney(amount)} is at or above ${formatMoney(maxAmount)}`);
  const inputs = { paymentTermsDays, maxPaymentTermsDays, amount, maxAmount };
  if (problems.length > 0) {
    return { outcome: 'human', ruleId: RULE_IDS.financeReview, reason: problems.join('; '), inputs, problems };
  }
  return {
    outcome: 'approve',
    ruleId: RULE_IDS.financeReview,
    reason: `Payment terms ${paymentTermsDays} days within ${maxPaymentTermsDays} days; amount ${formatMoney(amount)} below ${formatMoney(maxAmount)}`,
    inputs,
  };
};
