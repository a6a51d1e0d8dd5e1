// The Updates people send a running contract (decide, revise, withdraw, delegate, change a
// deadline, retry after an incident) and the state query. Each validator asks the domain's rule
// (src/domain/routing, src/domain/sla) and refuses with its code before anything changes; each
// handler changes the run and answers once the change is stored (or an incident holds it).
import { ActivityFailure, condition, setHandler } from '@temporalio/workflow';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import type {
  ContractSnapshot,
  DeadlineRequest,
  DecisionRequest,
  DelegateRequest,
  RetryRequest,
  RevisionRequest,
  TaskState,
  WithdrawRequest,
} from '../../src/domain/chain/engine.types';
import { DomainErrorCode } from '../../src/domain/errors';
import { returnRefusal } from '../../src/domain/chain/return-to-step';
import { decisionRefusal, haltRefusal, openTaskRefusal } from '../../src/domain/routing/decision-eligibility';
import { delegationRefusal } from '../../src/domain/routing/delegation-eligibility';
import { isOpsReassign, reassignRefusal } from '../../src/domain/routing/reassign-eligibility';
import { deadlineChangeProblem } from '../../src/domain/sla/deadline-change';
import { carryOverProgress } from '../../src/domain/sla/sla-schedule';
import { reporting, RETRY_ANSWER_WITHIN } from './activity-proxies';
import { AdHocApprovers } from './ad-hoc-approvers';
import { type ContractRun, fail, nowIso, refuse, type WorkflowTask } from './contract-run';
import { changeDeadlineUpdate, decideUpdate, delegateUpdate, retryUpdate, reviseUpdate, stateQuery, withdrawUpdate } from './messages';
import type { ProgressRecorder } from './progress-recorder';
import { applyTaskEvent, executeTaskCommands } from './task-transitions';
import { Urging } from './urging';

export class UpdateHandlers {
  constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {}

  install(): void {
    setHandler(stateQuery, () => this.run.snapshot());
    setHandler(decideUpdate, (req) => this.onDecision(req), { validator: (req) => this.validateDecision(req) });
    setHandler(reviseUpdate, (req) => this.onRevision(req), { validator: (req) => this.validateRevision(req) });
    setHandler(withdrawUpdate, (req) => this.onWithdraw(req), { validator: (req) => this.validateWithdraw(req) });
    setHandler(delegateUpdate, (req) => this.onDelegate(req), { validator: (req) => this.validateDelegate(req) });
    setHandler(changeDeadlineUpdate, (req) => this.onDeadline(req), { validator: (req) => this.validateDeadline(req) });
    setHandler(retryUpdate, (req) => this.onRetry(req), { validator: (_req) => this.validateRetry() });
    AdHocApprovers.of(this.run, this.rec).install();
    new Urging(this.run, this.rec).install();
  }

  /** Refuses changes to tasks once a rejection, a request for changes or a withdrawal halted the contract. */
  private refuseIfHalted(): void {
    refuse(haltRefusal(this.run.halt?.kind, this.run.status));
  }

  private openTaskOrFail(taskId: string): WorkflowTask {
    const task = this.run.tasks.get(taskId);
    refuse(openTaskRefusal(taskId, task, task && {
      decision: task.decision,
      decidedById: task.decidedById,
      decidedByKind: task.decidedByKind,
      decidedAt: task.decidedAt,
      status: task.status,
    }));
    return task!;
  }

  private validateDecision(req: DecisionRequest): void {
    const task = this.openTaskOrFail(req.taskId);
    this.refuseIfHalted();
    refuse(decisionRefusal({ task, userId: req.userId, submitterId: this.run.input.submitterId, decision: req.decision, comment: req.comment, revision: req.revision }));
    if (req.decision === 'return') refuse(returnRefusal(this.run.policy, task.stepKey, req.toStep));
  }

  private async onDecision(req: DecisionRequest): Promise<ContractSnapshot> {
    const { run, rec } = this;
    const task = run.tasks.get(req.taskId)!;
    // This decision's own write (closeTask) is a local activity, even if an earlier decision of
    // the step (a countersign's) left the next write to go as an activity task (reply-first.ts).
    run.remoteNextWrite = false;
    // The chain's state machine decides the task synchronously (so a second click's validator
    // already sees it) and tells whoever else could have decided; the step takes the decision
    // when its coroutine wakes (task-transitions.ts).
    const commands = applyTaskEvent(run, rec, task, { type: 'decision', taskId: task.taskId, userId: req.userId, decision: req.decision, comment: req.comment, ...(req.decision === 'return' ? { toStep: req.toStep } : {}), now: nowIso() });
    task.persisted = false;
    // Only the decision's audit event is the Update's to record: the rest waits for the step.
    executeTaskCommands(run, rec, commands, req.origin);
    // Answers once the decision is stored, or at once when the contract is stuck on an incident
    // (the decision is kept and stored when the incident is resolved).
    await condition(() => task.persisted || run.incidents.length > 0);
    return run.snapshot();
  }

  private validateRevision(req: RevisionRequest): void {
    const run = this.run;
    if (req.userId !== run.input.submitterId) fail(DomainErrorCode.NOT_SUBMITTER, 'Only the submitting rep may revise the contract');
    if (run.status !== 'changes_requested' || run.pendingRevision) {
      fail(DomainErrorCode.CONTRACT_NOT_EDITABLE, `Contract is ${run.status}; it can be revised only when changes are requested`);
    }
    if (req.baseRevision !== run.revision) {
      fail(DomainErrorCode.STALE_REVISION, `Current revision is ${run.revision}, not ${req.baseRevision}`);
    }
  }

  private async onRevision(req: RevisionRequest): Promise<ContractSnapshot> {
    const run = this.run;
    run.pendingRevision = req;
    const target = req.baseRevision + 1;
    await condition(() => (run.revision >= target && run.status !== 'changes_requested') || run.finished || run.incidents.length > 0);
    if (run.withIncidents) await condition(() => this.rec.pendingWrites === 0 || run.incidents.length > 0);
    else await this.rec.queue;
    return run.snapshot();
  }

  private validateWithdraw(req: WithdrawRequest): void {
    const run = this.run;
    if (req.userId !== run.input.submitterId) fail(DomainErrorCode.NOT_SUBMITTER, 'Only the submitting rep may withdraw the contract');
    if (run.finished || run.withdrawRequest || (run.status !== 'in_review' && run.status !== 'changes_requested')) {
      fail(DomainErrorCode.CONTRACT_ALREADY_CLOSED, `Contract is already ${run.status}`);
    }
    if (run.closing) {
      fail(DomainErrorCode.CONTRACT_CLOSING, 'Every approval is in and the order is being created; the contract can no longer be withdrawn');
    }
  }

  private async onWithdraw(req: WithdrawRequest): Promise<ContractSnapshot> {
    const run = this.run;
    run.withdrawRequest = req;
    if (!run.halt) run.halt = { kind: 'withdrawn', byUserId: req.userId, comment: req.reason };
    await condition(() => run.finished || run.incidents.length > 0);
    return run.snapshot();
  }

  private validateDelegate(req: DelegateRequest): void {
    const task = this.openTaskOrFail(req.taskId);
    this.refuseIfHalted();
    // Ops reassigning a waiting task delegate it for its holder (src/domain/routing/reassign-eligibility.ts).
    if (isOpsReassign(req)) refuse(reassignRefusal({ task, toUserId: req.toUserId, submitterId: this.run.input.submitterId, reason: req.comment }));
    else refuse(delegationRefusal({ task, byUserId: req.byUserId, toUserId: req.toUserId, submitterId: this.run.input.submitterId }));
  }

  private async onDelegate(req: DelegateRequest): Promise<ContractSnapshot> {
    const { run, rec } = this;
    const task = run.tasks.get(req.taskId)!;
    const from = task.assigneeId;
    task.assigneeId = req.toUserId;
    const step = run.steps.get(task.stepKey)!;
    if (step.sla && !step.sla.notifiedUserIds.includes(req.toUserId)) step.sla.notifiedUserIds.push(req.toUserId);
    // An approver's task of a step several people decide: the step knows who holds it now (countersign).
    const approver = step.approvers?.approvers.find((a) => a.taskId === task.taskId);
    if (approver) approver.assigneeId = req.toUserId;
    rec.touch(step.key);
    task.delegations = (task.delegations ?? 0) + 1;
    rec.event(`${task.taskId}:${task.delegations}`, AUDIT_EVENT_TYPES.TASK_DELEGATED, 'user', req.byUserId, task.stepKey, {
      taskId: task.taskId,
      fromUserId: from,
      toUserId: req.toUserId,
      originalAssigneeId: task.originalAssigneeId,
      comment: req.comment ?? null,
    }, req.origin);
    const at = nowIso();
    const reassigning = rec.persist('reassignTask', task.stepKey, (progress) =>
      run.acts.reassignTask({
        contractId: run.input.contractId,
        taskId: task.taskId,
        toUserId: req.toUserId,
        byUserId: req.byUserId,
        comment: req.comment,
        at,
        submitterId: run.input.submitterId,
        escalationLevels: run.policy.escalationLevels,
        progress,
      }),
    );
    if (!run.withIncidents) {
      const reassigned = await reassigning;
      // Escalation now goes up from the delegate (levels already fired keep their manager).
      // Histories recorded before the activity returned a chain keep the first assignee's.
      if (reassigned?.escalationChain) task.escalationChain = reassigned.escalationChain;
      rec.sendTaskMail({ taskId: task.taskId, eventKey: `${task.taskId}:delegated:${req.toUserId}:${rec.eventSeq}`, kind: 'task_delegated' });
      return run.snapshot();
    }
    const mailKey = `${task.taskId}:delegated:${req.toUserId}:${task.delegations}`;
    const delegated = reassigning.then((reassigned) => {
      if (reassigned?.escalationChain) task.escalationChain = reassigned.escalationChain;
      // Mailed once the delegation is stored, even when that waits for an incident to be resolved.
      rec.sendTaskMail({ taskId: task.taskId, eventKey: mailKey, kind: 'task_delegated' });
    });
    await rec.settledOrIncident(delegated);
    return run.snapshot();
  }

  private validateDeadline(req: DeadlineRequest): void {
    this.openTaskOrFail(req.taskId);
    this.refuseIfHalted();
    const problem = deadlineChangeProblem({ dueAt: req.dueAt, now: Date.now(), reason: req.reason });
    if (problem) fail(DomainErrorCode.DEADLINE_INVALID, problem, { field: 'dueAt' });
  }

  private async onDeadline(req: DeadlineRequest): Promise<ContractSnapshot> {
    const { run, rec } = this;
    const task = run.tasks.get(req.taskId)!;
    const def = run.defs.get(task.stepKey)!;
    let schedule: TaskState['schedule'];
    try {
      schedule = await run.acts.rescheduleTask({
        taskId: task.taskId,
        createdAt: task.createdAt,
        dueAt: new Date(Date.parse(req.dueAt)).toISOString(),
        slaBusinessHours: def.slaBusinessHours,
        reminderFractions: run.policy.reminderFractions,
        escalationLevels: run.policy.escalationLevels,
      });
    } catch (err) {
      // Nothing changed yet: the caller is told, the task keeps its deadline.
      if (err instanceof ActivityFailure) fail(DomainErrorCode.DEADLINE_INVALID, `The new deadline could not be scheduled: ${err.cause?.message ?? err.message}`, { field: 'dueAt' });
      throw err;
    }
    if (task.status !== 'open') return run.snapshot();
    const previousDueAt = task.schedule.dueAt;
    // Reminders and escalations that already happened stay recorded as they were and are not repeated.
    task.schedule = carryOverProgress(task.schedule, schedule, nowIso());
    task.scheduleVersion += 1;
    const step = run.steps.get(task.stepKey)!;
    if (step.sla) step.sla = { ...step.sla, ...task.schedule };
    rec.touch(step.key);
    rec.event(`${task.taskId}:${task.scheduleVersion}`, AUDIT_EVENT_TYPES.TASK_DEADLINE_CHANGED, 'user', req.byUserId, task.stepKey, {
      taskId: task.taskId,
      previousDueAt,
      dueAt: task.schedule.dueAt,
      reason: req.reason,
    }, req.origin);
    if (run.withIncidents) await rec.settledOrIncident(rec.flush());
    else await rec.flush();
    return run.snapshot();
  }

  private validateRetry(): void {
    if (!this.run.incidents.length) fail(DomainErrorCode.NO_INCIDENT, 'Nothing is stuck on this contract: it has no open incident');
  }

  private async onRetry(req: RetryRequest): Promise<ContractSnapshot> {
    const { run, rec } = this;
    run.retryRequests += 1;
    const changes = run.incidentChanges;
    const report = reporting.reportIncidents({
      contractId: run.input.contractId,
      open: run.incidents.map((i) => ({ ...i })),
      event: rec.incidentEvent(AUDIT_EVENT_TYPES.INCIDENT_RETRIED, `retry:${run.retryRequests}`, 'user', req.userId, null, {
        incidentIds: run.incidents.map((i) => i.id),
      }, req.origin),
    });
    run.retryReported = report.then(
      () => undefined,
      () => undefined,
    );
    await report;
    // Answer with the outcome when the retried activity settles soon; otherwise with the state now.
    await condition(() => run.incidentChanges !== changes, RETRY_ANSWER_WITHIN);
    return run.snapshot();
  }
}
