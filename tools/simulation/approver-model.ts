// How the simulated people behave: how long a task waits before its assignee acts, and what they
// decide. Delays are business hours (09:00–18:00 Mon–Fri in the organisation's calendar, public
// holidays off) drawn from log-normal distributions, keyed by contract, step and revision, so a
// seed replays exactly. The same people at the same speed work both chains: a primary review
// takes as long in the legacy chain as in the slim one, and the legacy chain's duplicated data
// entry and re-approvals are quick but still wait in someone's queue. The difference the
// simulator measures therefore comes from the process alone.
import type { MixContract } from './contract-mix';
import { Random } from './random';

export interface DelayModel {
  /** Median business hours from the task reaching the person to their decision. */
  medianHours: number;
  /** Spread (sigma of the underlying normal): 0.8 puts p90 at about 2.8× the median. */
  sigma: number;
}

export interface BehaviourAssumptions {
  /** A primary review or approval (every human step of the slim chain). */
  review: DelayModel;
  /** The legacy chain's data entry, re-approvals, second readings and double checks. */
  quick: DelayModel;
  /** The rep turning round a contract sent back for changes. */
  rep: DelayModel;
  /**
   * People fitted from the audit trail (tools/simulation/calibration.ts), by approver role: a
   * role listed here replaces `review` for the steps that go to it, and its decision mix replaces
   * the contract mix's stories. Roles not listed keep the assumptions above.
   */
  roles?: Record<string, RoleBehaviour>;
  /** Which role each human step goes to in the policy simulated (step key -> role); read with `roles`. */
  stepRoles?: Record<string, string>;
}

/** Shares of a role's decisions (they sum to 1). */
export interface DecisionMix {
  approve: number;
  request_changes: number;
  reject: number;
}

export interface RoleBehaviour {
  delay: DelayModel;
  decisions: DecisionMix;
}

export const DEFAULT_BEHAVIOUR: BehaviourAssumptions = {
  review: { medianHours: 3, sigma: 0.8 },
  quick: { medianHours: 1, sigma: 0.8 },
  rep: { medianHours: 4, sigma: 0.8 },
};

/** Legacy steps that re-keyed or re-checked what someone had already done. */
export const LEGACY_QUICK_STEPS: ReadonlySet<string> = new Set([
  'crm_data_entry',
  'intake_review',
  'customer_master_data_entry',
  'erp_data_entry',
  'credit_reapproval',
  'discount_sign_off',
  'sales_director_sign_off',
  'legal_second_reading',
  'finance_reapproval',
  'tax_double_check',
  'capacity_confirmation',
  'contract_print_and_sign',
  'contract_scan_and_archive',
  'order_entry',
  'order_double_check',
  'order_confirmation',
]);

export function stepClass(chainId: string, stepKey: string): 'review' | 'quick' {
  return chainId === 'legacy' && LEGACY_QUICK_STEPS.has(stepKey) ? 'quick' : 'review';
}

const HOUR_MS = 3_600_000;
/** Nobody decides in under a minute or takes longer than three working weeks. */
const MIN_MS = 60_000;
const MAX_MS = 15 * 9 * HOUR_MS;

function draw(model: DelayModel, r: Random): number {
  return Math.min(MAX_MS, Math.max(MIN_MS, Math.round(r.lognormal(model.medianHours, model.sigma) * HOUR_MS)));
}

/** The fitted behaviour of the role this step goes to, if the assumptions carry one. */
export function roleBehaviour(a: BehaviourAssumptions, stepKey: string): RoleBehaviour | undefined {
  const role = a.stepRoles?.[stepKey];
  return role === undefined ? undefined : a.roles?.[role];
}

/** Business milliseconds the assignee of this task takes to decide. */
export function approverDelayMs(a: BehaviourAssumptions, seed: string | number, chainId: string, contractIndex: number, stepKey: string, revision: number): number {
  const cls = stepClass(chainId, stepKey);
  const model = (cls === 'review' ? roleBehaviour(a, stepKey)?.delay : undefined) ?? a[cls];
  return draw(model, new Random('approver', seed, chainId, contractIndex, stepKey, revision));
}

/** Business milliseconds the rep takes to revise a contract sent back in this revision. */
export function repDelayMs(a: BehaviourAssumptions, seed: string | number, chainId: string, contractIndex: number, revision: number): number {
  return draw(a.rep, new Random('rep', seed, chainId, contractIndex, revision));
}

export interface SimDecision {
  decision: 'approve' | 'request_changes' | 'reject';
  comment?: string;
}

const FITTED_COMMENT: Record<Exclude<SimDecision['decision'], 'approve'>, string> = {
  request_changes: 'Please revise (simulated from the decision mix measured for this role).',
  reject: 'Rejected (simulated from the decision mix measured for this role).',
};

/**
 * What the assignee decides. With a decision mix fitted for the step's role (and `people` given),
 * a draw keyed by (seed, chain, contract, step, revision), so two policies simulated with the same
 * seed see the same person decide the same way; else approve, unless the contract's story says
 * otherwise for the first revision.
 */
export function approverDecision(
  contract: MixContract,
  stepKey: string,
  revision: number,
  people?: { behaviour: BehaviourAssumptions; seed: string | number; chainId: string },
): SimDecision {
  const fitted = people ? roleBehaviour(people.behaviour, stepKey) : undefined;
  if (people && fitted) {
    const decision = new Random('decision', people.seed, people.chainId, contract.index, stepKey, revision).weighted(fitted.decisions);
    return decision === 'approve' ? { decision } : { decision, comment: FITTED_COMMENT[decision] };
  }
  const r = contract.reviewer;
  if (r && revision === 1 && r.stepKeys.includes(stepKey)) return { decision: r.decision, comment: r.comment };
  return { decision: 'approve' };
}
