// The repeated approver (审批人去重) in the workflow: before a human step's task is opened, when
// the contract's policy may approve a repeated approver's step and someone approved an earlier
// step, the routing is previewed (who would get the task, read only) and the domain decides
// (src/domain/chain/repeated-approver.ts). A repeated approver's step is then decided by rule
// `repeated_approver` like any rule's approval (STEP_AUTO_APPROVED with the reason): no task is
// opened, no mail sent. Runs whose policy has no repeatedApprover (every contract started before
// slim-2026.12.2) never call it; new behaviour behind patched('repeated-approver').
import { patched, proxyActivities } from '@temporalio/workflow';
import type { RepeatedApproverActivities } from '../../activities/repeated-approver.activities';
import { mayRepeat, REPEATED_APPROVER_RULE_ID, repeatedApproval, repeatedApproverReason } from '../../src/domain/chain/repeated-approver';
import type { StepDefinition } from '../../src/domain/chain/policy.types';
import type { RuleResult } from '../../src/domain/rules/rule.types';
import { type ContractRun, nowIso } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';

/** Patch marker of the runs that approve a repeated approver's step by rule. */
export const REPEATED_APPROVER_PATCH = 'repeated-approver';

const { previewAssignee } = proxyActivities<RepeatedApproverActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * The organisation's zone the policy carries (intake and delivery read it; withOrgTimeZone puts
 * the configured one there). slim.policy.ts is not imported for its default: it builds the
 * policies at load with structuredClone, which the workflow sandbox lacks.
 */
function orgTimeZone(run: ContractRun): string {
  const zone = run.policy.steps.find((s) => typeof s.params.timeZone === 'string')?.params.timeZone;
  return typeof zone === 'string' ? zone : 'Asia/Shanghai';
}

/**
 * Whether the step's routing must be previewed: the policy may approve a repeated approver and
 * someone approved an earlier step. Synchronous, so a run that need not ask awaits nothing and its
 * tracks resume in the order the recorded histories have.
 */
export function mayBeRepeatedApprover(run: ContractRun, def: StepDefinition): boolean {
  return def.assignee !== undefined && mayRepeat(run.policy, [...run.steps.values()], def.number) && patched(REPEATED_APPROVER_PATCH);
}

/**
 * The rule's result for a step a person would decide (mayBeRepeatedApprover said so): unchanged,
 * or an approval by rule repeated_approver when the person it would go to already approved an
 * earlier step and the policy says so.
 */
export async function repeatedApproverResult(run: ContractRun, rec: ProgressRecorder, def: StepDefinition, result: RuleResult): Promise<RuleResult> {
  const steps = [...run.steps.values()];
  const route = await rec.call('previewAssignee', def.key, () =>
    previewAssignee({
      assignee: def.assignee!,
      submitterId: run.input.submitterId,
      at: nowIso(),
      escalationLevels: run.policy.escalationLevels,
      task: { contractId: run.input.contractId, stepKey: def.key, revision: run.revision },
    }),
  );
  const approval = repeatedApproval({ setting: run.policy.repeatedApprover, assigneeId: route.assigneeId, number: def.number, steps });
  if (!approval) return result;
  return {
    outcome: 'approve',
    ruleId: REPEATED_APPROVER_RULE_ID,
    reason: repeatedApproverReason(approval, orgTimeZone(run)),
    inputs: {
      ...result.inputs,
      repeatedApprover: { userId: approval.userId, originalAssigneeId: route.originalAssigneeId, approvedStep: approval.stepKey, approvedAt: approval.at, setting: run.policy.repeatedApprover, askedBecause: result.reason },
    },
  };
}
