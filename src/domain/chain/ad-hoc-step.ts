// Ad-hoc approvers ("also ask Lena from legal"): a sales manager or ops adds a person's approval
// to a running contract, right after a step of its chain. The one home of the rule: which step an
// approver may follow, what the added step is (key, name, SLA, who decides it) and what the
// workflow's Update validator refuses. Pure: the run's steps and policy are arguments.
//
// - `stepAfter` must be a step of the contract's chain (a policy step or an earlier ad-hoc step)
//   that has not been decided yet in the current revision: pending, running, or waiting for its
//   task. The added step runs on the same track right after it, before the track's next step, and
//   only if that step lets the track go on. A step already decided (approved, skipped, kept) is
//   "passed": AD_HOC_STEP_PASSED (409), because its track may already be further on.
// - The closing steps (document and order bots, which run once every approval is in) take no
//   approver after them: VALIDATION_FAILED naming stepAfter.
// - A contract rejected, withdrawn or finished takes none (CONTRACT_ALREADY_CLOSED), nor one back
//   with the rep (CONTRACT_HALTED: the rep's revision runs the chain again, ask then), nor one whose
//   closing bots run (CONTRACT_CLOSING).
// - The approver is one named person (AssigneeSpec `user`); out-of-office routing, reminders and
//   escalation work as for any human step; the task may be delegated to someone holding `role`.
// - SLA: the policy's SLA of the step it follows when that step has a person's fallback, otherwise
//   AD_HOC_SLA_BUSINESS_HOURS; reminders and escalation levels are the policy's.
// - The added step stays in the chain for later revisions and is asked again on each revision
//   (its decision is never kept: its fingerprint names the revision).
import { DomainErrorCode } from '../errors';
import type { Refusal } from '../routing/decision-eligibility';
import type { StepState } from './engine.types';
import { closingStageIndex } from './policy';
import type { ChainPolicy, Role, StepDefinition } from './policy.types';

/** SLA of an added step that follows a step without a person's fallback (a bot or rule-only step), in business hours. */
export const AD_HOC_SLA_BUSINESS_HOURS = 8;
/** The rule id recorded as asking the added approver (the step's reason names who added them and why). */
export const AD_HOC_RULE_ID = 'ad_hoc.approver_added';
const KEY_PREFIX = 'adhoc_';

export interface AddApproverRequest {
  /** Stable per request (API: the client's request id or a hash of the request): a retry adds nothing. */
  requestKey: string;
  /** Who adds the approver (a sales manager or ops). */
  byUserId: string;
  userId: string;
  /** The role the approver decides in (a role they hold); a delegate must hold it too. */
  role: Role;
  approverName: string;
  stepAfter: string;
  reason: string;
  origin?: Record<string, unknown>;
}

/** What the run keeps of an added approver (its step definition is in the run's policy). */
export interface AdHocStepFacts {
  key: string;
  requestKey: string;
  stepAfter: string;
  userId: string;
  role: Role;
  byUserId: string;
  reason: string;
  addedAt: string;
  revision: number;
}

export const isAdHocStepKey = (key: string): boolean => key.startsWith(KEY_PREFIX);

/** The nth added step's key (1-based), unique within the contract. */
export const adHocStepKey = (n: number): string => `${KEY_PREFIX}${n}`;

/** The added step's definition: decided by one person, never approved on timeout. */
export function adHocStepDefinition(input: { policy: ChainPolicy; key: string; after: StepDefinition; userId: string; role: Role; approverName: string }): StepDefinition {
  return {
    key: input.key,
    number: input.after.number,
    name: `Additional approval: ${input.approverName}`,
    mode: 'rule',
    ruleId: AD_HOC_RULE_ID,
    assignee: { kind: 'user', userId: input.userId, role: input.role },
    params: {},
    slaBusinessHours: input.after.assignee && input.after.slaBusinessHours > 0 ? input.after.slaBusinessHours : AD_HOC_SLA_BUSINESS_HOURS,
    autoApproveOnTimeout: false,
    inputs: [],
  };
}

/** The steps a new approver may not follow: the closing bots. */
export function closingStepKeys(policy: ChainPolicy): Set<string> {
  return new Set(policy.stages.slice(closingStageIndex(policy)).flatMap((s) => s.tracks.flat()));
}

export interface AddApproverAttempt {
  policy: ChainPolicy;
  steps: ReadonlyMap<string, StepState>;
  status: string;
  halted: boolean;
  finished: boolean;
  closing: boolean;
  submitterId: string;
  userId: string;
  stepAfter: string;
  reason: string;
}

const STILL_AHEAD = new Set(['pending', 'in_progress', 'waiting']);

/** Why the approver cannot be added now, or null. */
export function addApproverRefusal(a: AddApproverAttempt): Refusal | null {
  if (a.finished || a.status === 'approved' || a.status === 'rejected' || a.status === 'withdrawn') {
    return { code: DomainErrorCode.CONTRACT_ALREADY_CLOSED, message: `Contract is already ${a.status}; no approver can be added` };
  }
  if (a.halted || a.status === 'changes_requested') {
    return { code: DomainErrorCode.CONTRACT_HALTED, message: 'The contract is back with the rep (or being halted); add the approver once it is in review again', details: { status: a.status } };
  }
  if (a.closing) return { code: DomainErrorCode.CONTRACT_CLOSING, message: 'Every approval is in and the order is being created; no approver can be added' };
  if (!a.reason.trim()) return { code: DomainErrorCode.VALIDATION_FAILED, message: 'reason is required', details: { field: 'reason' } };
  if (a.userId === a.submitterId) return { code: DomainErrorCode.SELF_APPROVAL_FORBIDDEN, message: "The contract's submitter cannot approve it", details: { field: 'userId' } };
  const step = a.steps.get(a.stepAfter);
  if (!step) return { code: DomainErrorCode.VALIDATION_FAILED, message: `stepAfter names no step of this contract's chain: ${a.stepAfter}`, details: { field: 'stepAfter' } };
  if (closingStepKeys(a.policy).has(a.stepAfter)) {
    return { code: DomainErrorCode.VALIDATION_FAILED, message: `stepAfter must be a review step; ${a.stepAfter} runs once every approval is in`, details: { field: 'stepAfter' } };
  }
  if (!STILL_AHEAD.has(step.status)) {
    return {
      code: DomainErrorCode.AD_HOC_STEP_PASSED,
      message: `Step ${a.stepAfter} is already ${step.status}: an approver can be added only after a step that is pending, running or waiting`,
      details: { stepAfter: a.stepAfter, status: step.status },
    };
  }
  return null;
}
