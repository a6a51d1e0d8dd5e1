// The approval chain as data. A policy names its steps, how they are grouped into stages and
// tracks, who decides each human step, and every threshold the rules read. Changing a number
// here changes behaviour without touching code; a new `version` marks the change, and each
// contract records the version it ran under.
import type { CcSpec } from './cc';
import type { ApproversSpec } from './countersign';
import type { RevisionTimeout } from '../sla/revision-timeout';
import type { RepeatedApproverSetting } from './repeated-approver';

export const STEP_KEYS = [
  'intake_check',
  'customer_capture',
  'credit_check',
  'compliance_screening',
  'clause_validation',
  'pricing_review',
  'sales_manager_approval',
  'legal_review',
  'finance_review',
  'tax_review',
  'delivery_review',
  'regional_director_approval',
  'executive_approval',
  'contract_generation',
  'order_creation',
] as const;
export type SlimStepKey = (typeof STEP_KEYS)[number];
/** Step keys are strings so that other chains (the legacy one in the simulator) can be data too. */
export type StepKey = string;

export const ROLES = [
  'rep',
  'sales_manager',
  'deal_desk',
  'legal_counsel',
  'finance_controller',
  'tax_specialist',
  'operations_planner',
  'credit_controller',
  'compliance_officer',
  'regional_director',
  'executive',
  'ops',
  // Edits policy drafts and activates versions (/api/policy); decides no step.
  'policy_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Who a human step goes to: everyone holding a role, or the submitting rep's manager. */
export type AssigneeSpec =
  | { kind: 'role'; role: Role }
  | { kind: 'submitter_manager' }
  // One named person, who decides in `role`: only an approver added to a running contract (ad-hoc-step.ts), never a policy's step.
  | { kind: 'user'; userId: string; role: Role };

/**
 * How a step is decided.
 * - `bot_activity`: an RPA activity does the work (customer capture, document, order); it cannot need a human.
 * - `rule`: a pure rule decides; when it cannot approve, the step becomes a human task (or, for
 *   `intake_check`, returns the contract to the rep).
 */
export type StepMode = 'bot_activity' | 'rule';

export interface StepDefinition {
  key: StepKey;
  /** Position in the chain, 1-based, for display. */
  number: number;
  name: string;
  mode: StepMode;
  /** Id of the rule in src/domain/rules that decides this step (rule mode), e.g. 'credit_check.within_limit'. */
  ruleId?: string;
  /**
   * Which bot performs the step (bot_activity mode only), e.g. 'customer_capture.registry_lookup';
   * the workflow's bot registry (workflows/contract-approval/bot-registry.ts) is keyed by it, and
   * the step is recorded as decided by it. Not part of the policy version: it names the code that
   * does the work, not a threshold.
   */
  bot?: string;
  /** Human fallback; absent for bot steps. */
  assignee?: AssigneeSpec;
  /** Thresholds the rule reads, by name. */
  params: Record<string, number | string | string[] | boolean>;
  /** SLA for the human task, in business hours. */
  slaBusinessHours: number;
  /** When true, a human task that reaches its escalation-level-1 deadline is approved by rule `timeout_auto_approved`. */
  autoApproveOnTimeout: boolean;
  /**
   * The inputs the step reads (see INPUT_KEYS). On a revision, a step whose inputs did not change
   * keeps its earlier approval; a step whose inputs changed is decided again.
   */
  inputs: InputKey[];
  /** People copied (抄送) on the step's decision, by a person or a rule: one mail each, nothing to decide (cc.ts). */
  cc?: CcSpec;
  /**
   * The earlier steps an approver of this step may send the contract back to (退回到指定节点,
   * return-to-step.ts). Absent (older versions) or empty: no return.
   */
  returnTo?: StepKey[];
  /** Several people decide the step together (会签 all, 或签 any, quorum), each with their own task (countersign.ts); absent: one assignee. */
  approvers?: ApproversSpec;
}

/** Names of the facts a step may read; each maps to a slice of the evaluation context. */
export const INPUT_KEYS = [
  'title',
  'customer',
  'customerRecord',
  'currency',
  'amount',
  'paymentTermsDays',
  'requestedDeliveryDate',
  'personalData',
  'lines',
  // The catalogue entries of the SKUs on the lines: floor prices, tax rates and lead times are
  // read from them, so a catalogue change between revisions must invalidate earlier approvals.
  'products',
  'clauses',
  'clauseDeviations',
  'derived',
  'submitter',
  'approvals', // the decisions of earlier steps (document and order read them)
] as const;
export type InputKey = (typeof INPUT_KEYS)[number];

/** Steps in a track run one after another; the tracks of a stage run in parallel. Stages run in order. */
export interface Stage {
  tracks: StepKey[][];
}

export interface ChainPolicy {
  /** 'slim' (the product) or 'legacy' (the old 28-step process, for the simulator). */
  chainId: string;
  version: string;
  description: string;
  stages: Stage[];
  steps: StepDefinition[];
  /** Contract-level target from submission to final approval, in wall-clock hours. */
  contractTargetHours: number;
  /** Escalation: after the SLA passes, level 1 (manager); after one more SLA period, level 2 (next manager up). */
  escalationLevels: number;
  /** Reminders to the assignee at these fractions of the SLA (business time). */
  reminderFractions: number[];
  /**
   * A contract left with the rep: remind after, withdraw after so many business hours
   * (src/domain/sla/revision-timeout.ts); absent: 16 and 80.
   */
  revisionTimeout?: RevisionTimeout;
  /**
   * A person who already approved an earlier step and would be asked for a later one
   * (repeated-approver.ts): asked again, or the later step approved by rule, always or only when
   * the two are consecutive. Absent (versions before slim-2026.12.2): asked again.
   */
  repeatedApprover?: RepeatedApproverSetting;
}
