// Step 4, compliance_screening: no business with denied parties, and personal data only under
// a data-protection clause. Otherwise a compliance officer decides.
//
// A denied party is found two ways: the customer registry flags the registration number, or
// customer capture found the customer's name (normalised: case, punctuation, full-width forms,
// legal forms like "Co., Ltd." or 有限公司) among the denied-party list's names and aliases, so a
// listed company under a new registration number still goes to compliance. Name screening reads
// only what capture recorded (customer.deniedPartyMatches); a capture recorded before it existed
// has no such field and is screened as it was then.
//
// From slim-2026.12.1 (param nameMatchThreshold): names are compared by similarity too (capture's
// deniedPartyNameMatches, src/domain/customer/name-match.ts), so a typo or a variant spelling of a
// listed name or alias is a hit when its score reaches the threshold; the reason names the entry,
// the names that matched and the score. A policy without the param reads the exact matches only.
import type { DeniedPartyMatch, DeniedPartyNameMatch } from '../contract/contract.types';
import { numberParam, stringParam } from './params';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

function describeMatch(m: DeniedPartyMatch): string {
  const listed = m.matchedOn === 'alias' ? `alias "${m.matchedName}" of denied party "${m.listedName}"` : `denied party "${m.listedName}"`;
  return `Customer name "${m.customerName}" matches ${listed} (${m.source} list; both normalise to "${m.key}")`;
}

function describeNameMatch(m: DeniedPartyNameMatch, threshold: number): string {
  const listed = m.matchedOn === 'alias' ? `alias "${m.matchedName}" of denied party "${m.listedName}"` : `denied party "${m.listedName}"`;
  return `Customer name "${m.customerName}" ${m.score === 1 ? 'matches' : 'resembles'} ${listed} (${m.source} list, entry ${m.entryId}; name score ${m.score.toFixed(3)} ≥ ${threshold})`;
}

export const complianceScreeningRule: Rule = (step, ctx) => {
  const dataProtectionClauseKey = stringParam(step, 'dataProtectionClauseKey');
  const customer = ctx.customer;
  const personalData = ctx.contract.personalData;
  const hasDataProtectionClause = ctx.contract.clauses.some((c) => c.key === dataProtectionClauseKey);
  const threshold = step.params.nameMatchThreshold === undefined ? undefined : numberParam(step, 'nameMatchThreshold');
  // Similarity screening needs both the policy's threshold and a capture that scored names.
  const scored = threshold !== undefined ? customer?.deniedPartyNameMatches : undefined;
  const nameMatches = scored === undefined ? customer?.deniedPartyMatches : undefined;
  const inputs: Record<string, unknown> = {
    deniedParty: customer?.deniedParty ?? null,
    personalData,
    hasDataProtectionClause,
    dataProtectionClauseKey,
    // Only when capture screened by name, so a replayed old history records what it did then.
    ...(nameMatches !== undefined ? { nameScreening: { customerName: customer!.name, matches: nameMatches } } : {}),
    ...(scored !== undefined ? { nameScreening: { customerName: customer!.name, threshold, matches: scored } } : {}),
  };

  const problems: string[] = [];
  if (!customer) problems.push('No customer record: customer capture has not run');
  else if (customer.deniedParty) problems.push(`Customer ${customer.name} (${customer.registrationNumber}) is on the denied-party list`);
  for (const m of nameMatches ?? []) problems.push(describeMatch(m));
  for (const m of scored ?? []) if (m.score >= threshold!) problems.push(describeNameMatch(m, threshold!));
  if (personalData && !hasDataProtectionClause) {
    problems.push(`Contract involves personal data but has no '${dataProtectionClauseKey}' clause`);
  }
  if (problems.length > 0) {
    return { outcome: 'human', ruleId: RULE_IDS.complianceScreening, reason: problems.join('; '), inputs, problems };
  }
  return {
    outcome: 'approve',
    ruleId: RULE_IDS.complianceScreening,
    reason: `Customer is not a denied party${scored !== undefined ? ` (registration number and name screened, no name score ≥ ${threshold})` : nameMatches !== undefined ? ' (registration number and name screened)' : ''}; ${personalData ? `personal data covered by the '${dataProtectionClauseKey}' clause` : 'no personal data involved'}`,
    inputs,
  };
};
