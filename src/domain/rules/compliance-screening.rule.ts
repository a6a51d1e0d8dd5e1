// Step 4, compliance_screening: no business with denied parties, and personal data only under
// a data-protection clause. Otherwise a compliance officer decides.
import { stringParam } from './params';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const complianceScreeningRule: Rule = (step, ctx) => {
  const dataProtectionClauseKey = stringParam(step, 'dataProtectionClauseKey');
  const customer = ctx.customer;
  const personalData = ctx.contract.personalData;
  const hasDataProtectionClause = ctx.contract.clauses.some((c) => c.key === dataProtectionClauseKey);
  const inputs = {
    deniedParty: customer?.deniedParty ?? null,
    personalData,
    hasDataProtectionClause,
    dataProtectionClauseKey,
  };

  const problems: string[] = [];
  if (!customer) problems.push('No customer record: customer capture has not run');
  else if (customer.deniedParty) problems.push(`Customer ${customer.name} (${customer.registrationNumber}) is on the denied-party list`);
  if (personalData && !hasDataProtectionClause) {
    problems.push(`Contract involves personal data but has no '${dataProtectionClauseKey}' clause`);
  }
  if (problems.length > 0) {
    return { outcome: 'human', ruleId: RULE_IDS.complianceScreening, reason: problems.join('; '), inputs, problems };
  }
  return {
    outcome: 'approve',
    ruleId: RULE_IDS.complianceScreening,
    reason: `Customer is not a denied party; ${personalData ? `personal data covered by the '${dataProtectionClauseKey}' clause` : 'no personal data involved'}`,
    inputs,
  };
};
