// The chain's state machine on a step several people decide together (countersign.ts): a task
// each when the step's rule asks a person, each approver's task opening, and each decision, which
// the aggregation turns into the step's decision once there is one. Called from the machine's
// moves (chain-machine.ts, chain-transitions.ts) only for a step with `approvers`; a step with one
// assignee never comes here.
import { AUDIT_EVENT_TYPES } from '../audit/audit-event-types';
import type { RuleResult } from '../rules/rule.types';
import type { ChainState, ChainTask } from './chain-state';
import type { Draft } from './chain-transitions';
import { aggregateApprovers, approversReason, type StepApprovers, withApproverDecision } from './countersign';
import type { StepState, TaskState } from './engine.types';
import { decidedStepFields, haltForDecision, othersToTell } from './step-status';

/** The step's rule asked a person and the step has approvers: one TASK_CREATED and OpenTask per approver. */
export function startApprovers(d: Draft, step: StepState, approvers: StepApprovers, result: RuleResult): void {
  // A plain JSON copy: structuredClone is not in the workflow sandbox.
  step.approvers = JSON.parse(JSON.stringify(approvers)) as StepApprovers;
  step.taskId = approvers.approvers[0].taskId;
  for (const a of approvers.approvers) {
    d.audit(a.taskId, AUDIT_EVENT_TYPES.TASK_CREATED, 'rule', result.ruleId, step.key, {
      taskId: a.taskId,
      ruleId: result.ruleId,
      policyVersion: d.s.policy.version,
      reason: result.reason,
      problems: result.problems ?? [],
      approvers: { mode: approvers.mode, required: approvers.required, userId: a.userId },
    });
    d.commands.push({ type: 'OpenTask', stepKey: step.key, taskId: a.taskId, ruleResult: result });
  }
}

/** Whether `taskId` is a task the waiting step asked for (its one task, or an approver's not yet closed). */
export function isStepTask(step: StepState, taskId: string): boolean {
  return step.taskId === taskId || !!step.approvers?.approvers.some((a) => a.taskId === taskId && a.status === 'open');
}

/**
 * An approver's task opened: the step records who holds it (after out-of-office routing), and its
 * SLA state (the first approver's schedule: they open together) counts them among those notified.
 */
export function approverTaskOpened(step: StepState, task: TaskState): void {
  const a = step.approvers!.approvers.find((x) => x.taskId === task.taskId);
  if (a) a.assigneeId = task.assigneeId;
  if (step.sla && !step.sla.notifiedUserIds.includes(task.assigneeId)) step.sla.notifiedUserIds.push(task.assigneeId);
}

/** Whether one of the step's tasks is open (the step waits on a person). */
export function stepHasOpenTask(s: ChainState, step: StepState): boolean {
  if (step.taskId && s.tasks[step.taskId]?.status === 'open') return true;
  return !!step.approvers?.approvers.some((a) => a.status === 'open' && s.tasks[a.taskId]?.status === 'open');
}

/**
 * One approver decided (a person, or the timeout's rule): the decision is recorded on the step and
 * its task closed; once the approvers' decisions decide the step, the step takes its record (from
 * the decision that decided it), a reject or a request for changes halts the contract, the
 * approvers still open have their tasks closed and are told, and the outcome is recorded once.
 */
export function decideApprover(d: Draft, task: ChainTask): void {
  const s = d.s;
  const step = s.steps[task.stepKey];
  step.approvers = withApproverDecision(step.approvers!, {
    taskId: task.taskId,
    decision: task.decision!,
    decidedById: task.decidedById!,
    decidedByKind: task.decidedByKind!,
    decidedAt: task.decidedAt!,
    comment: task.comment,
  });
  const agg = aggregateApprovers(step.approvers);
  // Whoever else could have decided this approver's task (its assignee, its escalation managers).
  const told = othersToTell(task, task.decidedById!).map((toUserId) => ({ taskId: task.taskId, toUserId }));
  if (agg.outcome === 'pending') {
    step.reason = approversReason(step.approvers, agg);
    closeAndTell(d, task, told);
    return;
  }
  step.approvers.outcome = agg.outcome;
  Object.assign(step, decidedStepFields(task, s.policy.version), { reason: approversReason(step.approvers, agg) });
  const halt = haltForDecision(task);
  if (halt) s.halt ??= halt;
  const closing = step.approvers.approvers.filter((a) => a.status === 'open');
  const reason = `step decided by its other approvers (${agg.outcome.replace('_', ' ')})`;
  step.approvers.approvers = step.approvers.approvers.map((a) => (a.status === 'open' ? { ...a, status: 'closed' } : a));
  // The audit events go before the decision's CloseTask: they are stored with it.
  for (const a of closing) {
    d.audit(a.taskId, AUDIT_EVENT_TYPES.TASK_CANCELLED, 'system', null, step.key, { taskId: a.taskId, reason });
    // Told with the decision that decided the step (the mail names who decided and how).
    told.push({ taskId: task.taskId, toUserId: a.assigneeId ?? a.userId });
  }
  d.audit(`${step.key}:approvers`, AUDIT_EVENT_TYPES.STEP_APPROVERS_DECIDED, 'system', null, step.key, {
    mode: step.approvers.mode,
    required: step.approvers.required,
    outcome: agg.outcome,
    approvals: agg.approvals,
    rejections: agg.rejections,
    approvers: step.approvers.approvers.map((a) => ({ userId: a.userId, taskId: a.taskId, status: a.status, decidedById: a.decidedById ?? null })),
  });
  closeAndTell(d, task, told);
  if (closing.length) d.commands.push({ type: 'CloseStepTasks', stepKey: step.key, taskIds: closing.map((a) => a.taskId), reason });
  d.stepDone(step.key, agg.outcome === 'approved');
  if (s.halt) d.haltTracks();
}

/** The decided task's CloseTask, then the mails to those told (once the decision is stored, like any task's). */
function closeAndTell(d: Draft, task: ChainTask, told: { taskId: string; toUserId: string }[]): void {
  d.commands.push({ type: 'CloseTask', taskId: task.taskId });
  for (const { taskId, toUserId } of told) {
    d.commands.push({ type: 'SendTaskMail', taskId, kind: 'task_decided_elsewhere', eventKey: `${taskId}:decided-elsewhere:${toUserId}`, toUserId });
  }
}
