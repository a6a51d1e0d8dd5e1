// Step 3, credit_check: the contract fits in the customer's available credit and the customer
// is not paying too late. Otherwise a credit controller decides.
//
// From slim-2026.12.1 (param duplicateNameThreshold): a customer recorded for a new registration
// number whose name resembles an existing customer's (customer capture's probableDuplicate, score
// at or above the threshold) also goes to the credit controller, with the existing customer and
// the score in the reason, rather than being granted credit as a stranger. A policy without the
// param (older contracts) decides as before and records the same inputs.
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
  const duplicateNameThreshold = optionalNumberParam(step, 'duplicateNameThreshold');
  const duplicate = duplicateNameThreshold !== undefined ? customer.probableDuplicate : undefined;
  const inputs = {
    amount,
    creditLimit: customer.creditLimit,
    outstandingBalance: customer.outstandingBalance,
    availableCredit,
    maxOverdueDays: customer.maxOverdueDays,
    maxOverdueDaysAllowed,
    ...(duplicateNameThreshold !== undefined ? { duplicateNameThreshold, probableDuplicate: duplicate ?? null } : {}),
  };

  const problems: string[] = [];
  if (duplicate && duplicateNameThreshold !== undefined && duplicate.score >= duplicateNameThreshold) {
    problems.push(
      `Probable duplicate customer: registration number ${customer.registrationNumber} is new, but "${duplicate.customerName}" resembles existing customer "${duplicate.name}" (${duplicate.registrationNumber}; matched "${duplicate.matchedName}", name score ${duplicate.score.toFixed(3)} ≥ ${duplicateNameThreshold}): confirm it is another company, or use the existing record`,
    );
  }
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

/** A number param a newer policy version adds; undefined when the policy predates it. */
function optionalNumberParam(step: Parameters<Rule>[0], name: string): number | undefined {
  return step.params[name] === undefined ? undefined : numberParam(step, name);
}
