// Step 3, credit_check: the contract fits in the customer's available credit and the customer
// is not paying too late. Otherwise a credit controller decides.
import { round2 } from '../contract/derive';
import { formatMoney } from './format';
import { numberParam } from './params';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const creditCheckRule: Rule = (step, ctx) => {
  const maxOverdueDaysAllowed = numberParam(step, 'maxOverdueDays');
  const customer = ctx.customer;
  if (!customer) {
    const problem = 'No customer record: customer capture has not run';
    return { outcome: 'human', ruleId: RULE_IDS.creditCheck, reason: problem, inputs: { amount: ctx.contract.amount }, problems: [problem] };
  }
  const amount = round2(ctx.contract.amount);
  const availableCredit = round2(customer.creditLimit - customer.outstandingBalance);
  const creditText = `available credit ${formatMoney(availableCredit)} (limit ${formatMoney(customer.creditLimit)} − outstanding ${formatMoney(customer.outstandingBalance)})`;
  const inputs = {
    amount,
    creditLimit: customer.creditLimit,
    outstandingBalance: customer.outstandingBalance,
    availableCredit,
    maxOverdueDays: customer.maxOverdueDays,
    maxOverdueDaysAllowed,
  };

  const problems: string[] = [];
  if (amount > availableCredit) problems.push(`Amount ${formatMoney(amount)} exceeds ${creditText}`);
  if (customer.maxOverdueDays > maxOverdueDaysAllowed) {
    problems.push(`Oldest unpaid invoice is ${customer.maxOverdueDays} days overdue (max ${maxOverdueDaysAllowed})`);
  }
  if (problems.length > 0) {
    return { outcome: 'human', ruleId: RULE_IDS.creditCheck, reason: problems.join('; '), inputs, problems };
  }
  return {
    outcome: 'approve',
    ruleId: RULE_IDS.creditCheck,
    reason: `Amount ${formatMoney(amount)} within ${creditText}; oldest overdue invoice ${customer.maxOverdueDays} days (max ${maxOverdueDaysAllowed})`,
    inputs,
  };
};
