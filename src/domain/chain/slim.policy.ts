// The default approval chain, 'slim': 15 steps, most decided by rules, with six reviews running
// in parallel. Every threshold a rule reads is here, so changing policy means editing this data
// and bumping `version` — never editing a rule.
import { RULE_IDS, TIMEOUT_AUTO_APPROVED } from '../rules/rule-ids';
import { BOT_IDS } from './policy';
import type { ChainPolicy, InputKey, StepDefinition } from './policy.types';
import { defaultReturnTargets } from './return-to-step';

export { TIMEOUT_AUTO_APPROVED };

/**
 * The organisation's calendar decides what "the submission date" is for delivery and intake.
 * This is the shipped default; the API puts the configured ORG_TIME_ZONE into the policy it
 * starts contracts with (withOrgTimeZone), the zone the SLA calendar follows too. Each running
 * contract keeps the policy, zone included, that it was started with in its workflow input.
 */
export const DEFAULT_ORG_TIME_ZONE = 'Asia/Shanghai';
const ORG_TIME_ZONE = DEFAULT_ORG_TIME_ZONE;
/** The two legal counsels of the demo organisation (src/database/seed/demo-organisation.ts userId): they countersign legal review. */
export const LEGAL_COUNSEL_LEE = '99689aa1-a3be-5597-8631-9039e55d8212';
export const LEGAL_COUNSEL_LENA = '92fbb76e-b740-53c8-b97c-b47450caaee3';
const HUMAN_SLA_HOURS = 8;

/** What the document and the order are built from: everything the contract says plus who approved it. */
const DOCUMENT_INPUTS: InputKey[] = [
  'title',
  'customer',
  'customerRecord',
  'currency',
  'amount',
  'paymentTermsDays',
  'requestedDeliveryDate',
  'personalData',
  'lines',
  'products',
  'clauses',
  'derived',
  'submitter',
  'approvals',
];

const steps: StepDefinition[] = [
  {
    key: 'intake_check',
    number: 1,
    name: 'Intake check',
    mode: 'rule',
    ruleId: RULE_IDS.intakeCheck,
    params: {
      amountTolerance: 0.01,
      allowedCurrencies: ['CNY', 'USD', 'EUR', 'HKD', 'SGD'],
      timeZone: ORG_TIME_ZONE,
    },
    // Problems go back to the rep, who has no SLA; the rule never asks anyone else.
    slaBusinessHours: 0,
    autoApproveOnTimeout: false,
    inputs: [
      'title',
      'customer',
      'currency',
      'amount',
      'paymentTermsDays',
      'requestedDeliveryDate',
      'personalData',
      'lines',
      'products',
      'clauses',
    ],
  },
  {
    key: 'customer_capture',
    number: 2,
    name: 'Customer capture',
    mode: 'bot_activity',
    bot: BOT_IDS.customerRegistryLookup,
    params: {},
    slaBusinessHours: 0,
    autoApproveOnTimeout: false,
    inputs: ['customer'],
  },
  {
    key: 'credit_check',
    number: 3,
    name: 'Credit check',
    mode: 'rule',
    ruleId: RULE_IDS.creditCheck,
    assignee: { kind: 'role', role: 'credit_controller' },
    params: { maxOverdueDays: 30 },
    slaBusinessHours: HUMAN_SLA_HOURS,
    autoApproveOnTimeout: false,
    inputs: ['amount', 'customerRecord'],
  },
  {
    key: 'compliance_screening',
    number: 4,
    name: 'Compliance screening',
    mode: 'rule',
    ruleId: RULE_IDS.complianceScreening,
    assignee: { kind: 'role', role: 'compliance_officer' },
    params: { dataProtectionClauseKey: 'data_protection' },
    slaBusinessHours: HUMAN_SLA_HOURS,
    autoApproveOnTimeout: false,
    inputs: ['customerRecord', 'personalData', 'clauses'],
  },
  {
    key: 'clause_validation',
    number: 5,
    name: 'Clause validation',
    mode: 'rule',
    ruleId: RULE_IDS.clauseValidation,
    // A bot: it records deviations and always approves; legal and the sales manager act on them.
    params: {},
    slaBusinessHours: 0,
    autoApproveOnTimeout: false,
    inputs: ['clauses'],
  },
  {
    key: 'pricing_review',
    number: 6,
    name: 'Pricing review',
    mode: 'rule',
    ruleId: RULE_IDS.pricingReview,
    assignee: { kind: 'role', role: 'deal_desk' },
    params: { maxDiscountPercent: 10 },
    slaBusinessHours: HUMAN_SLA_HOURS,
    autoApproveOnTimeout: false,
    inputs: ['lines', 'products', 'derived'],
  },
  {
    key: 'sales_manager_approval',
    number: 7,
    name: 'Sales manager approval',
    mode: 'rule',
    ruleId: RULE_IDS.salesManagerApproval,
    assignee: { kind: 'submitter_manager' },
    params: { maxAmount: 1_000_000, maxDiscountPercent: 10 },
    slaBusinessHours: HUMAN_SLA_HOURS,
    autoApproveOnTimeout: false,
    inputs: ['amount', 'derived', 'clauseDeviations'],
  },
  {
    key: 'legal_review',
    number: 8,
    name: 'Legal review',
    mode: 'rule',
    ruleId: RULE_IDS.legalReview,
    assignee: { kind: 'role', role: 'legal_counsel' },
    params: {},
    slaBusinessHours: HUMAN_SLA_HOURS,
    autoApproveOnTimeout: false,
    inputs: ['clauseDeviations'],
  },
  {
    key: 'finance_review',
    number: 9,
    name: 'Finance review',
    mode: 'rule',
    ruleId: RULE_IDS.financeReview,
    assignee: { kind: 'role', role: 'finance_controller' },
    params: { maxPaymentTermsDays: 60, maxAmount: 2_000_000 },
    slaBusinessHours: HUMAN_SLA_HOURS,
    autoApproveOnTimeout: false,
    inputs: ['paymentTermsDays', 'amount'],
  },
  {
    key: 'tax_review',
    number: 10,
    name: 'Tax review',
    mode: 'rule',
    ruleId: RULE_IDS.taxReview,
    assignee: { kind: 'role', role: 'tax_specialist' },
    params: {},
    slaBusinessHours: HUMAN_SLA_HOURS,
    autoApproveOnTimeout: false,
    inputs: ['lines', 'products'],
  },
  {
    key: 'delivery_review',
    number: 11,
    name: 'Delivery review',
    mode: 'rule',
    ruleId: RULE_IDS.deliveryReview,
    assignee: { kind: 'role', role: 'operations_planner' },
    params: { timeZone: ORG_TIME_ZONE },
    slaBusinessHours: HUMAN_SLA_HOURS,
    autoApproveOnTimeout: false,
    // The submission date is the first submission's, fixed for the contract's life, so it is
    // not an input that can change between revisions.
    inputs: ['requestedDeliveryDate', 'derived'],
  },
  {
    key: 'regional_director_approval',
    number: 12,
    name: 'Regional director approval',
    mode: 'rule',
    ruleId: RULE_IDS.regionalDirectorApproval,
    assignee: { kind: 'role', role: 'regional_director' },
    params: { minAmount: 2_000_000, minDiscountPercent: 20 },
    slaBusinessHours: HUMAN_SLA_HOURS,
    autoApproveOnTimeout: false,
    inputs: ['amount', 'derived'],
  },
  {
    key: 'executive_approval',
    number: 13,
    name: 'Executive approval',
    mode: 'rule',
    ruleId: RULE_IDS.executiveApproval,
    assignee: { kind: 'role', role: 'executive' },
    params: { minAmount: 5_000_000, minDiscountPercent: 30 },
    slaBusinessHours: 16,
    autoApproveOnTimeout: false,
    inputs: ['amount', 'derived'],
  },
  {
    key: 'contract_generation',
    number: 14,
    name: 'Contract generation',
    mode: 'bot_activity',
    bot: BOT_IDS.renderContractDocument,
    params: {},
    slaBusinessHours: 0,
    autoApproveOnTimeout: false,
    inputs: DOCUMENT_INPUTS,
  },
  {
    key: 'order_creation',
    number: 15,
    name: 'Order creation',
    mode: 'bot_activity',
    bot: BOT_IDS.createErpOrder,
    params: {},
    slaBusinessHours: 0,
    autoApproveOnTimeout: false,
    inputs: DOCUMENT_INPUTS,
  },
];

/**
 * The policy contracts started before 2026-12 run under (clauses compared as exact text after
 * folding). Frozen: running contracts carry it in their workflow input and their replays must
 * decide exactly as they did; PolicyService still answers for it and its approve-on-timeout variants.
 */
export const SLIM_POLICY_2026_11_1: ChainPolicy = deepFreeze({
  chainId: 'slim',
  version: 'slim-2026.11.1',
  description:
    'Slim chain: 15 steps; rules approve routine contracts, people see only exceptions; six reviews run in parallel.',
  stages: [
    { tracks: [['intake_check']] },
    { tracks: [['customer_capture']] },
    { tracks: [['credit_check']] },
    { tracks: [['compliance_screening']] },
    { tracks: [['clause_validation']] },
    {
      tracks: [['pricing_review', 'sales_manager_approval'], ['legal_review'], ['finance_review'], ['tax_review'], ['delivery_review']],
    },
    { tracks: [['regional_director_approval']] },
    { tracks: [['executive_approval']] },
    { tracks: [['contract_generation']] },
    { tracks: [['order_creation']] },
  ],
  steps,
  contractTargetHours: 72,
  escalationLevels: 2,
  reminderFractions: [0.5, 0.9],
});

/**
 * Step params new in slim-2026.12.1, by step key, merged over the 2026.11.1 params. Behaviour a
 * rule changes is switched on only by a param here, so a policy without it (an older contract's
 * workflow input) decides as before.
 */
const PARAMS_2026_12_1: Record<string, StepDefinition['params']> = {
  // Differences from the standard text are classified cosmetic or material (clause-meaning.ts);
  // cosmetic-only clauses no longer send a contract to legal.
  clause_validation: { clauseComparison: 'meaning' },
  legal_review: { clauseComparison: 'meaning' },
  sales_manager_approval: { clauseComparison: 'meaning' },
  // A new registration number whose name resembles a known customer's (name-match.ts score) goes
  // to the credit controller as a probable duplicate.
  credit_check: { duplicateNameThreshold: 0.88 },
  // Denied-party names and aliases are screened by similarity too, not only by equal keys.
  compliance_screening: { nameMatchThreshold: 0.88 },
};

/**
 * slim-2026.11.1 plus the 2026.12 params (issue 15). Frozen like 2026.11.1: contracts started
 * under it keep it in their workflow input and PolicyService still answers for it.
 */
export const SLIM_POLICY_2026_12_1: ChainPolicy = deepFreeze({
  ...structuredClone(SLIM_POLICY_2026_11_1),
  version: 'slim-2026.12.1',
  steps: structuredClone(SLIM_POLICY_2026_11_1.steps).map((step) =>
    step.key in PARAMS_2026_12_1 ? { ...step, params: { ...step.params, ...PARAMS_2026_12_1[step.key] } } : step,
  ),
});

/**
 * What slim-2026.12.2 changes on a step (issue 17's approval moves), by step key, merged over the
 * 2026.12.1 step. A step field new in 2026.12.2 is absent from older versions, which therefore
 * decide as before.
 */
const STEP_CHANGES_2026_12_2: Record<string, Partial<StepDefinition>> = {
  // Return to a chosen step (退回到指定节点, return-to-step.ts): each step a person decides may send
  // the contract back to any earlier step a person decides, e.g. the sales manager to pricing
  // review, a review to pricing review or the sales manager, the directors to any review.
  ...Object.fromEntries(Object.entries(defaultReturnTargets(SLIM_POLICY_2026_12_1)).map(([key, returnTo]) => [key, { returnTo }])),
  // A contract with more than one material clause deviation is countersigned (会签) by both legal
  // counsels, lee and lena (the demo organisation's userId('lee'), userId('lena')); with one, it
  // goes to one counsel as before (countersign.ts).
  legal_review: {
    returnTo: defaultReturnTargets(SLIM_POLICY_2026_12_1).legal_review,
    approvers: { mode: 'all', from: { users: [LEGAL_COUNSEL_LEE, LEGAL_COUNSEL_LENA] }, when: { materialDeviationsMoreThan: 1 } },
  },
};

/** What slim-2026.12.2 changes on the chain as a whole (issue 17), over 2026.12.1. */
const CHAIN_CHANGES_2026_12_2: Partial<ChainPolicy> = {
  // The repeated approver (审批人去重, repeated-approver.ts): a person who just approved the step
  // before (no other person deciding in between) is not asked again; the later step is approved
  // by rule repeated_approver with the earlier approval's time.
  repeatedApprover: 'auto_approve_consecutive',
};

/** The policy in force: slim-2026.12.1 plus the approval moves of issue 17. */
export const SLIM_POLICY: ChainPolicy = {
  ...structuredClone(SLIM_POLICY_2026_12_1),
  ...structuredClone(CHAIN_CHANGES_2026_12_2),
  version: 'slim-2026.12.2',
  steps: structuredClone(SLIM_POLICY_2026_12_1.steps).map((step) =>
    step.key in STEP_CHANGES_2026_12_2 ? { ...step, ...structuredClone(STEP_CHANGES_2026_12_2[step.key]) } : step,
  ),
};

/** Every slim version this build still runs, newest first. */
export const SLIM_POLICY_VERSIONS: readonly ChainPolicy[] = [SLIM_POLICY, SLIM_POLICY_2026_12_1, SLIM_POLICY_2026_11_1];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/** The policy with the organisation's time zone in every step that reads one (intake, delivery). */
export function withOrgTimeZone(policy: ChainPolicy, timeZone: string): ChainPolicy {
  return {
    ...policy,
    steps: policy.steps.map((step) => ('timeZone' in step.params ? { ...step, params: { ...step.params, timeZone } } : step)),
  };
}
