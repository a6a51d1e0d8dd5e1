// Step 13, executive_approval: only strategic deals (very large amount or an exceptional
// discount) reach an executive; all others skip the step.
import { largeDealRule } from './large-deal';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const executiveApprovalRule: Rule = largeDealRule(RULE_IDS.executiveApproval, 'executive');
