// Step 12, regional_director_approval: only deals of regional significance (large amount or a
// deep discount) reach the regional director; all others skip the step.
import { largeDealRule } from './large-deal';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const regionalDirectorApprovalRule: Rule = largeDealRule(RULE_IDS.regionalDirectorApproval, 'regional director');
