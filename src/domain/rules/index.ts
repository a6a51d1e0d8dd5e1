// The rule registry: every rule a policy may name, by id, and the one entry point the workflow
// uses to decide a rule step.
import type { StepDefinition } from '../chain/policy.types';
import { clauseValidationRule } from './clause-validation.rule';
import { complianceScreeningRule } from './compliance-screening.rule';
import { creditCheckRule } from './credit-check.rule';
import { deliveryReviewRule } from './delivery-review.rule';
import { executiveApprovalRule } from './executive-approval.rule';
import { financeReviewRule } from './finance-review.rule';
import { intakeCheckRule } from './intake-check.rule';
import { legacyManualRule } from './legacy-manual.rule';
import { legalReviewRule } from './legal-review.rule';
import { pricingReviewRule } from './pricing-review.rule';
import { regionalDirectorApprovalRule } from './regional-director-approval.rule';
import { AUTOMATIC_RULE_IDS, RULE_IDS, TIMEOUT_AUTO_APPROVED } from './rule-ids';
import type { EvaluationContext, Rule, RuleResult } from './rule.types';
import { salesManagerApprovalRule } from './sales-manager-approval.rule';
import { taxReviewRule } from './tax-review.rule';

export { AUTOMATIC_RULE_IDS, RULE_IDS, TIMEOUT_AUTO_APPROVED };

export const RULES: Record<string, Rule> = {
  [RULE_IDS.intakeCheck]: intakeCheckRule,
  [RULE_IDS.creditCheck]: creditCheckRule,
  [RULE_IDS.complianceScreening]: complianceScreeningRule,
  [RULE_IDS.clauseValidation]: clauseValidationRule,
  [RULE_IDS.pricingReview]: pricingReviewRule,
  [RULE_IDS.salesManagerApproval]: salesManagerApprovalRule,
  [RULE_IDS.legalReview]: legalReviewRule,
  [RULE_IDS.financeReview]: financeReviewRule,
  [RULE_IDS.taxReview]: taxReviewRule,
  [RULE_IDS.deliveryReview]: deliveryReviewRule,
  [RULE_IDS.regionalDirectorApproval]: regionalDirectorApprovalRule,
  [RULE_IDS.executiveApproval]: executiveApprovalRule,
  [RULE_IDS.legacyManual]: legacyManualRule,
};

/** Decides a rule step. Throws for bot steps and unknown rule ids: both are policy bugs, not outcomes. */
export function evaluateStep(step: StepDefinition, ctx: EvaluationContext): RuleResult {
  if (step.mode === 'bot_activity') {
    throw new Error(`Step ${step.key} is a bot activity; it is performed by an activity, not decided by a rule`);
  }
  if (!step.ruleId) throw new Error(`Step ${step.key} is in rule mode but names no ruleId`);
  if (!Object.prototype.hasOwnProperty.call(RULES, step.ruleId)) {
    throw new Error(`Step ${step.key} names unknown rule '${step.ruleId}'`);
  }
  return RULES[step.ruleId](step, ctx);
}

/**
 * The record for a human task approved because its escalation-level-1 deadline passed on a step
 * with `autoApproveOnTimeout`. `dueAt` is passed in (never read from a clock) so the reason is
 * reproducible on replay.
 */
export function timeoutAutoApproved(step: StepDefinition, dueAt: string): RuleResult {
  return {
    outcome: 'approve',
    ruleId: TIMEOUT_AUTO_APPROVED,
    reason: `${step.name} was not decided by its deadline ${dueAt}; the policy approves it on timeout`,
    inputs: { dueAt, slaBusinessHours: step.slaBusinessHours },
  };
}
