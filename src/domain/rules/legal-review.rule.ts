// Step 8, legal_review: a contract on standard clauses needs no lawyer; every deviation that
// clause_validation recorded does. Under clause comparison by meaning (policy param
// clauseComparison: 'meaning'), clauses whose changes are all cosmetic do not: the step approves
// and names them.
import { clauseComparisonOf, describeCosmetic, deviationsByMeaning } from './clause-meaning';
import { DEVIATIONS_NOT_AVAILABLE } from './clause-validation.rule';
import { plural } from './format';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const legalReviewRule: Rule = (step, ctx) => {
  const byMeaning = clauseComparisonOf(step) === 'meaning';
  const recorded = ctx.clauseDeviations;
  const judged = recorded && byMeaning ? deviationsByMeaning(recorded, ctx.clauseLibrary) : recorded;
  const inputs = {
    deviations: judged?.map((d) => (byMeaning ? { clauseKey: d.clauseKey, kind: d.kind, material: d.material !== false } : { clauseKey: d.clauseKey, kind: d.kind })) ?? null,
  };
  if (!judged) {
    return { outcome: 'human', ruleId: RULE_IDS.legalReview, reason: DEVIATIONS_NOT_AVAILABLE, inputs, problems: [DEVIATIONS_NOT_AVAILABLE] };
  }
  const deviations = judged.filter((d) => d.material !== false);
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
  const cosmetic = describeCosmetic(judged, ctx.clauseLibrary);
  if (cosmetic.length > 0) {
    return { outcome: 'approve', ruleId: RULE_IDS.legalReview, reason: `Only cosmetic changes to standard clauses: ${cosmetic.join('; ')}`, inputs };
  }
  return { outcome: 'approve', ruleId: RULE_IDS.legalReview, reason: 'All clauses match the standard library', inputs };
};
