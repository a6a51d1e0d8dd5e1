// The repeated approver (审批人去重): when a human step's task would go to a person (after routing,
// out-of-office delegation and self-approval rerouting) who already approved an earlier step of
// this chain, the policy chooses (`repeatedApprover`, chain-level: who is asked is a property of
// the whole chain, as in Feishu's and DingTalk's process settings):
// - `ask_again` (or absent, every version before slim-2026.12.2): the person gets the task, as always;
// - `auto_approve`: the later step is approved by rule `repeated_approver`, no task and no mail;
// - `auto_approve_consecutive`: only when the two steps are consecutive: no other person decided a
//   step that lies between them in chain order (step number). Steps decided by a rule or a bot in
//   between do not break it; a parallel review another person approved does.
// An earlier approval counts when the step's current record is an approval by that person in this
// revision (a decision kept from an earlier revision included: it stands in this one). Pure.
import type { StepState } from './engine.types';
import type { ChainPolicy } from './policy.types';

export const REPEATED_APPROVER_SETTINGS = ['ask_again', 'auto_approve', 'auto_approve_consecutive'] as const;
export type RepeatedApproverSetting = (typeof REPEATED_APPROVER_SETTINGS)[number];

/** The rule id a step approved for a repeated approver is decided by. */
export const REPEATED_APPROVER_RULE_ID = 'repeated_approver';

/** An earlier step the same person approved. */
export interface EarlierApproval {
  stepKey: string;
  stepName: string;
  number: number;
  userId: string;
  /** When it was approved (the step's completedAt). */
  at: string;
}

/** Whether a repeated approver can matter for the step: the setting auto-approves and someone approved an earlier step. */
export function mayRepeat(policy: Pick<ChainPolicy, 'repeatedApprover'>, steps: readonly StepState[], number: number): boolean {
  const setting = policy.repeatedApprover ?? 'ask_again';
  return setting !== 'ask_again' && approvalsBefore(steps, number).length > 0;
}

/** Steps before `number` whose record is an approval by a person, in chain order. */
function approvalsBefore(steps: readonly StepState[], number: number): EarlierApproval[] {
  return steps
    .filter((s) => s.number < number && s.status === 'approved' && s.decidedBy?.kind === 'user')
    .sort((a, b) => a.number - b.number)
    .map((s) => ({ stepKey: s.key, stepName: s.name, number: s.number, userId: s.decidedBy!.id, at: s.completedAt ?? '' }));
}

/**
 * The earlier approval that lets the step of `number` be approved for `assigneeId`, or null when
 * the person is asked. With several earlier approvals by the person, the latest in chain order.
 */
export function repeatedApproval(input: {
  setting: RepeatedApproverSetting | undefined;
  assigneeId: string;
  number: number;
  steps: readonly StepState[];
}): EarlierApproval | null {
  const setting = input.setting ?? 'ask_again';
  if (setting === 'ask_again') return null;
  const mine = approvalsBefore(input.steps, input.number).filter((a) => a.userId === input.assigneeId);
  const latest = mine.at(-1);
  if (!latest) return null;
  if (setting === 'auto_approve') return latest;
  const between = input.steps.filter((s) => s.number > latest.number && s.number < input.number);
  const otherPerson = between.some((s) => s.decidedBy?.kind === 'user' && s.decidedBy.id !== input.assigneeId);
  return otherPerson ? null : latest;
}

/** "Already approved as Sales manager approval at 14:02 on 2026-12-01 (Asia/Shanghai)": the step's reason. */
export function repeatedApproverReason(approval: EarlierApproval, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(approval.at))
      .map((p) => [p.type, p.value]),
  );
  return `Already approved as ${approval.stepName} at ${parts.hour}:${parts.minute} on ${parts.year}-${parts.month}-${parts.day} (${timeZone}) by the same person; the policy approves a repeated approver's later step`;
}

/** A draft's `repeatedApprover`: absent, or one of the settings. */
export function repeatedApproverProblems(value: unknown): { field: string; rule: string; message: string }[] {
  if (value === undefined || (REPEATED_APPROVER_SETTINGS as readonly unknown[]).includes(value)) return [];
  return [{ field: 'repeatedApprover', rule: 'enum', message: `Must be one of ${REPEATED_APPROVER_SETTINGS.join(', ')}` }];
}
