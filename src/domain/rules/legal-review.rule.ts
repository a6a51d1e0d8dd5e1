// Step 8, legal_review: a contract on standard clauses needs no lawyer; every deviation that
// clause_validation recorded does.
import { DEVIATIONS_NOT_AVAILABLE } from './clause-validation.rule';
import { plural } from './format';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const legalReviewRule: Rule = (_step, ctx) => {
  const deviations = ctx.clauseDeviations;
  const inputs = { deviations: deviations?.map((d) => ({ clauseKey: d.clauseKey, kind: d.kind })) ?? null };
  if (!deviations) {
    return { outcome: 'human', ruleId: RULE_IDS.legalReview, reason: DEVIATIONS_NOT_AVAILABLE, inputs, problems: [DEVIATIONS_NOT_AVAILABLE] };
  }
  if (deviations.length > 0) {
    const problems = deviations.map((d) => d.detail);
    return {
      outcome: 'human',
      ruleId: RULE_IDS.legalReview,
      reason: `${plural(deviations.length, 'clause deviation')}: ${problems.join('; ')}`,
      inputs,
      problems,
    };
  }
  return { outcome: 'approve', ruleId: RULE_IDS.legalReview, reason: 'All clauses match the standard library', inputs };
};
