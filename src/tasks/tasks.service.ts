// Human tasks: listing one's own, reading one, and acting on it. Decisions, delegations and
// deadline changes go to the contract's workflow as Updates; its validators are the authority
// on whether they are allowed, so the API and the e-mailed task page share one set of rules.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Decision } from '../domain/chain/engine.types';
import { DomainErrorCode } from '../domain/errors';
import { SLIM_POLICY } from '../domain/chain/slim.policy';
import { alreadyDecidedMessage, mayDecide, type Refusal } from '../domain/routing/decision-eligibility';
import { delegateRoleRefusal, delegationRefusal, roleNeeded } from '../domain/routing/delegation-eligibility';
import { type OpsReassignRequest, reassignRefusal } from '../domain/routing/reassign-eligibility';
import { isAdHocStepKey } from '../domain/chain/ad-hoc-step';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { type Rag, ragOf } from '../domain/sla/rag';
import { validationFailed } from '../common/validation';
import { type AuthUser, isOps } from '../directory/auth';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import { TemporalCalls } from '../temporal/temporal-calls';
import { ContractViewsService, isUuid, iso } from '../contracts/contract-views.service';
import { TasksRepository, type TaskWithContract } from './tasks.repository';
import type { TaskEntity } from './task.entity';
import type { TaskView } from './task.dto';
import { PolicyService } from '../reference/policy.service';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { returnTargets } from '../domain/chain/return-to-step';
import { changeDeadlineUpdate, contractWorkflowId, decideUpdate, delegateUpdate } from '../../workflows/contract-approval/messages';

export interface DecisionInput {
  decision: Decision;
  comment?: string;
  /** With decision `return`: the earlier step the contract goes back to. */
  toStep?: string;
  revision?: number;
}

@Injectable()
export class TasksService {
  constructor(
    private readonly repo: TasksRepository,
    private readonly temporal: TemporalCalls,
    private readonly contracts: ContractViewsService,
    private readonly clock: Clock,
    private readonly policies: PolicyService,
  ) {}

  async listMine(user: AuthUser) {
    return (await this.repo.openFor(user.id)).map((r) => this.view(r, user));
  }

  /** A task the user may see (assignee, escalation manager, past deciders, the contract's viewers), else 404. */
  async requireVisible(user: AuthUser, taskId: string): Promise<TaskWithContract> {
    const row = isUuid(taskId) ? await this.repo.findWithContract(taskId) : null;
    if (!row) throw new AppError(DomainErrorCode.TASK_NOT_FOUND, `No task ${taskId}`);
    const { task, contract } = row;
    const involved = [task.assigneeId, task.originalAssigneeId, task.decidedById, contract.submitterId, ...task.escalatedTo];
    if (!isOps(user) && !involved.includes(user.id)) {
      // Someone who can see the contract through another task may see this one too.
      await this.contracts.requireVisible(user, task.contractId).catch(() => {
        throw new AppError(DomainErrorCode.TASK_NOT_FOUND, `No task ${taskId}`);
      });
    }
    return row;
  }

  async get(user: AuthUser, taskId: string) {
    return this.view(await this.requireVisible(user, taskId), user);
  }

  view({ task: t, contract: c }: TaskWithContract, user: AuthUser): TaskView {
    return {
      id: t.id,
      contractId: t.contractId,
      contract: { title: c.title, customerName: c.customerName, amount: c.amount, currency: c.currency, revision: c.revision },
      stepKey: t.stepKey,
      revision: t.revision,
      status: t.status,
      assigneeId: t.assigneeId,
      originalAssigneeId: t.originalAssigneeId,
      escalatedTo: t.escalatedTo,
      escalationLevel: t.escalationLevel,
      decision: t.decision ?? null,
      decidedById: t.decidedById ?? null,
      comment: t.comment ?? null,
      decidedAt: iso(t.decidedAt),
      dueAt: iso(t.dueAt),
      schedule: t.schedule,
      reason: t.reason,
      routingNote: t.routingNote ?? null,
      createdAt: iso(t.createdAt)!,
      rag: this.ragOf(t),
      canDecide: mayDecide(taskFacts(t), user.id, c.submitterId),
      returnTargets: this.returnTargetsOf(t.stepKey, c.policyVersion),
    };
  }

  /** The earlier steps the task's approver may return the contract to, under the contract's own policy (return-to-step.ts). */
  private returnTargetsOf(stepKey: string, policyVersion: string): { key: string; name: string }[] {
    let policy: ChainPolicy;
    try {
      policy = this.policies.byVersion(policyVersion);
    } catch {
      // A version this instance has not loaded yet: no return offered; the workflow's validator decides anyway.
      return [];
    }
    return returnTargets(policy, stepKey).map((key) => ({ key, name: policy.steps.find((s) => s.key === key)?.name ?? key }));
  }

  /** The domain's colour of the task's time: at now while open, at its decision or cancellation after. */
  private ragOf(t: TaskEntity): Rag {
    if (!t.dueAt) return 'green';
    const created = t.createdAt.getTime();
    const end = t.status === 'open' ? this.clock.now() : (t.decidedAt ?? t.updatedAt);
    return ragOf(end.getTime() - created, t.dueAt.getTime() - created, false);
  }

  /**
   * Sends a decision to the workflow. The update id makes a double click or a retry of the same
   * decision return the first result instead of recording two.
   */
  async decide(user: AuthUser, taskId: string, input: DecisionInput, origin: Record<string, unknown>) {
    const { task } = await this.requireVisible(user, taskId);
    if (task.status !== 'open') throw this.alreadyDecided(task);
    try {
      await this.temporal.update(contractWorkflowId(task.contractId), decideUpdate, {
        args: [{ taskId, userId: user.id, decision: input.decision, comment: input.comment, ...(input.decision === 'return' ? { toStep: input.toStep } : {}), revision: input.revision, origin }],
        updateId: `decide-${taskId}-${user.id}-${input.decision}`,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === DomainErrorCode.CONTRACT_ALREADY_CLOSED) {
        const fresh = await this.repo.findById(taskId);
        if (fresh && fresh.status !== 'open') throw this.alreadyDecided(fresh);
      }
      throw err;
    }
    // The two reads are independent: read them side by side, not one after the other, before the 200.
    const [view, contract] = await Promise.all([this.get(user, taskId), this.contracts.get(user, task.contractId).catch(() => null)]);
    return { task: view, contract };
  }

  private alreadyDecided(task: TaskEntity): AppError {
    return new AppError(DomainErrorCode.TASK_ALREADY_DECIDED, alreadyDecidedMessage(taskFacts(task)), {
      status: task.status,
      decision: task.decision,
      decidedById: task.decidedById,
      decidedAt: iso(task.decidedAt),
      comment: task.comment,
    });
  }

  async delegate(user: AuthUser, taskId: string, toUserId: string, comment: string | undefined, origin: Record<string, unknown>) {
    const { task, contract } = await this.requireVisible(user, taskId);
    if (task.status !== 'open') throw this.alreadyDecided(task);
    // The workflow's validator applies the same rule to its own state; asking it first here
    // answers "already assigned" before "wrong role" for a task handed to its own holder.
    throwIf(delegationRefusal({ task: taskFacts(task), byUserId: user.id, toUserId, submitterId: contract.submitterId }));
    await this.requireSameRole(task, toUserId);
    // Unique per delegation, stable under a retry: the delegations already recorded for the task
    // (the Update returns only once its delegation is stored) and its current assignee. A plain
    // from-to id would make the second A->B of a round trip A->B->A->B a silent replay of the first.
    const done = await this.countEvents(task, AUDIT_EVENT_TYPES.TASK_DELEGATED);
    await this.temporal.update(contractWorkflowId(task.contractId), delegateUpdate, {
      args: [{ taskId, byUserId: user.id, toUserId, comment, origin }],
      updateId: `delegate-${taskId}-${done}-${task.assigneeId}-${toUserId}`,
    });
    // Read back without the visibility check: the delegator may no longer be involved in the task
    // (it was handed on), but is entitled to see the result of what they just did.
    return this.view((await this.repo.findWithContract(taskId))!, user);
  }

  /**
   * Ops move a waiting task to another holder of its role: the delegation path (same Update, audit
   * event TASK_DELEGATED with ops as the actor and the reason as its comment, same mail to the new
   * holder), without "only the assignee delegates" (src/domain/routing/reassign-eligibility.ts).
   */
  async reassign(user: AuthUser, taskId: string, toUserId: string, reason: string, origin: Record<string, unknown>) {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only ops reassign tasks');
    const { task, contract } = await this.requireVisible(user, taskId);
    if (task.status !== 'open') throw this.alreadyDecided(task);
    const request: OpsReassignRequest = { taskId, byUserId: user.id, toUserId, comment: reason.trim(), origin, byOps: true };
    const refusal = reassignRefusal({ task: taskFacts(task), toUserId, submitterId: contract.submitterId, reason });
    if (refusal?.code === DomainErrorCode.VALIDATION_FAILED) throw validationFailed([{ field: 'reason', rule: 'required', message: refusal.message }]);
    throwIf(refusal);
    await this.requireSameRole(task, toUserId, 'toUserId');
    // Same scheme as delegation: a retry lands on the same Update, a later move is a new one.
    const done = await this.countEvents(task, AUDIT_EVENT_TYPES.TASK_DELEGATED);
    await this.temporal.update(contractWorkflowId(task.contractId), delegateUpdate, {
      args: [request],
      updateId: `reassign-${taskId}-${done}-${task.assigneeId}-${toUserId}`,
    });
    return this.get(user, taskId);
  }

  /**
   * The delegate must hold the role the task's step needs (src/domain/routing/delegation-eligibility.ts).
   * The step's assignee comes from the slim chain's steps: policy versions differ only in
   * approval-on-timeout, never in who decides a step.
   */
  async requireSameRole(task: TaskEntity, toUserId: string, field?: string): Promise<void> {
    const roles = isUuid(toUserId) ? await this.repo.rolesOf(toUserId) : null;
    if (!roles) throw validationFailed([{ field: 'toUserId', rule: 'exists', message: 'toUserId names no user' }]);
    const needed = await this.roleNeededBy(task);
    const refusal = delegateRoleRefusal(needed ? [needed] : [], roles);
    // Ops reassigning name the field: the person they chose does not hold the role (400).
    if (refusal && field) throw validationFailed([{ field, rule: 'holdsRole', message: `${field} must hold the role the task needs (${needed})` }]);
    throwIf(refusal);
  }

  /** The role a task's step needs: the slim chain's, or for an added approver's step the role it was added in. */
  private async roleNeededBy(task: TaskEntity): Promise<string | null> {
    if (isAdHocStepKey(task.stepKey)) {
      const role = (await this.repo.stepInputs(task.contractId, task.stepKey))?.role;
      return typeof role === 'string' ? role : null;
    }
    const step = SLIM_POLICY.steps.find((s) => s.key === task.stepKey);
    return step?.assignee ? roleNeeded(step.assignee) : null;
  }

  async changeDeadline(user: AuthUser, taskId: string, dueAt: string, reason: string, origin: Record<string, unknown>) {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only ops change deadlines');
    const { task } = await this.requireVisible(user, taskId);
    if (task.status !== 'open') throw this.alreadyDecided(task);
    // Same scheme as delegation: a retry of this request lands on the same Update; the same
    // change made again later (after another one) is a new one.
    const done = await this.countEvents(task, AUDIT_EVENT_TYPES.TASK_DEADLINE_CHANGED);
    const request = createHash('sha256').update(JSON.stringify([dueAt, reason])).digest('hex').slice(0, 16);
    await this.temporal.update(contractWorkflowId(task.contractId), changeDeadlineUpdate, {
      args: [{ taskId, byUserId: user.id, dueAt, reason, origin }],
      updateId: `deadline-${taskId}-${done}-${request}`,
    });
    return this.get(user, taskId);
  }

  /** How many events of this type the task has recorded (a version number for keyed Updates). */
  private countEvents(task: TaskEntity, type: string): Promise<number> {
    return this.repo.countTaskEvents(task.contractId, task.id, type);
  }
}

function taskFacts(t: TaskEntity) {
  return { status: t.status, decision: t.decision, assigneeId: t.assigneeId, escalatedTo: t.escalatedTo ?? [] };
}

function throwIf(refusal: Refusal | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, refusal.details);
}
