// Every rule id in one place, so policies, the registry and the audit trail spell them alike.
// An id is '<step_key>.<short_name>'; it is recorded with each decision and must never be reused
// for different logic — add a new id instead.

export const RULE_IDS = {
  intakeCheck: 'intake_check.complete_and_consistent',
  creditCheck: 'credit_check.within_limit',
  complianceScreening: 'compliance_screening.no_denied_party',
  clauseValidation: 'clause_validation.against_library',
  pricingReview: 'pricing_review.within_discount_and_floor',
  salesManagerApproval: 'sales_manager_approval.within_authority',
  legalReview: 'legal_review.no_deviations',
  financeReview: 'finance_review.within_terms',
  taxReview: 'tax_review.rates_match_catalogue',
  deliveryReview: 'delivery_review.lead_time_feasible',
  regionalDirectorApproval: 'regional_director_approval.large_deal',
  executiveApproval: 'executive_approval.strategic_deal',
  legacyManual: 'legacy.manual',
} as const;

/**
 * Recorded when a human task reaches its escalation-level-1 deadline on a step with
 * `autoApproveOnTimeout`; no rule function runs, the timeout itself is the reason.
 */
export const TIMEOUT_AUTO_APPROVED = 'timeout_auto_approved';

/** Rules that never return `human`: their steps need no assignee (intake returns to the rep). */
export const AUTOMATIC_RULE_IDS: readonly string[] = [RULE_IDS.intakeCheck, RULE_IDS.clauseValidation];
