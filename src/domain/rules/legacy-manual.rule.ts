// The legacy chain decided nothing automatically: every one of its steps waited for a person.
// The simulator runs that chain through the same engine by giving each step this rule.
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

export const legacyManualRule: Rule = (step) => ({
  outcome: 'human',
  ruleId: RULE_IDS.legacyManual,
  reason: `Legacy process: ${step.name} is always decided by hand`,
  inputs: {},
});
