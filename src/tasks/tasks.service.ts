// Human tasks: listing one's own, reading one, and acting on it. Decisions, delegations and
// deadline changes go to the contract's workflow as Updates; its validators are the authority
// on whether they are allowed, so the API and the e-mailed task page share one set of rules.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Decision } from '../domain/chain/engine.types';
import { DomainErrorCode } from '../domain/errors';
import { SLIM_POLICY } from '../domain/chain/slim.policy';
import { alreadyDecidedMessage, mayDecide, type Refusal } from '../domain/routing/decision-eligibility';
import { delegateRoleRefusal, delegationRefusal, roleNeeded } from '../domain/routing/delegation-eligibility';
import { AppError } from '../common/app-error';
import { validationFailed } from '../common/validation';
import { type AuthUser, isOps } from '../directory/auth';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import { TemporalCalls } from '../temporal/temporal-calls';
import { ContractsService, isUuid, iso } from '../contracts/contracts.service';
import { changeDeadlineUpdate, contractWorkflowId, decideUpdate, delegateUpdate } from '../../workflows/contract-approval/messages';

export interface DecisionInput {
  decision: Decision;
  comment?: string;
  revision?: number;
}

@Injectable()
export class TasksService {
  constructor(
    private readonly db: DataSource,
    private readonly temporal: TemporalCalls,
    private readonly contracts: ContractsService,
  ) {}

  async listMine(user: AuthUser) {
    const rows = await this.db.query(
      `SELECT t.*, c.title, c.customer_name, c.amount, c.currency, c.revision AS contract_revision, c.submitter_id
       FROM tasks t JOIN contracts c ON c.id = t.contract_id
       WHERE t.status = 'open' AND (t.assignee_id = $1 OR $1 = ANY(t.escalated_to))
       ORDER BY t.due_at NULLS LAST, t.created_at`,
      [user.id],
    );
    return rows.map((r: Record<string, unknown>) => this.view(r, user));
  }

  /** A task the user may see (assignee, escalation manager, past deciders, the contract's viewers), else 404. */
  async requireVisible(user: AuthUser, taskId: string): Promise<Record<string, unknown>> {
    if (!isUuid(taskId)) throw new AppError(DomainErrorCode.TASK_NOT_FOUND, `No task ${taskId}`);
    const row = await this.load(taskId);
    if (!row) throw new AppError(DomainErrorCode.TASK_NOT_FOUND, `No task ${taskId}`);
    const involved = [row.assignee_id, row.original_assignee_id, row.decided_by_id, row.submitter_id, ...(row.escalated_to as string[])];
    if (!isOps(user) && !involved.includes(user.id)) {
      // Someone who can see the contract through another task may see this one too.
      await this.contracts.requireVisible(user, row.contract_id as string).catch(() => {
        throw new AppError(DomainErrorCode.TASK_NOT_FOUND, `No task ${taskId}`);
      });
    }
    return row;
  }

  private async load(taskId: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await this.db.query(
      `SELECT t.*, c.title, c.customer_name, c.amount, c.currency, c.revision AS contract_revision, c.submitter_id
       FROM tasks t JOIN contracts c ON c.id = t.contract_id WHERE t.id = $1`,
      [taskId],
    );
    return row;
  }

  async get(user: AuthUser, taskId: string) {
    return this.view(await this.requireVisible(user, taskId), user);
  }

  view(r: Record<string, unknown>, user?: AuthUser) {
    return {
      id: r.id as string,
      contractId: r.contract_id as string,
      contract: { title: r.title, customerName: r.customer_name, amount: Number(r.amount), currency: r.currency, revision: r.contract_revision },
      stepKey: r.step_key as string,
      revision: r.revision as number,
      status: r.status as string,
      assigneeId: r.assignee_id as string,
      originalAssigneeId: r.original_assignee_id as string,
      escalatedTo: r.escalated_to as string[],
      escalationLevel: r.escalation_level as number,
      decision: r.decision ?? null,
      decidedById: r.decided_by_id ?? null,
      comment: r.comment ?? null,
      decidedAt: iso(r.decided_at),
      dueAt: iso(r.due_at),
      schedule: r.schedule,
      reason: r.reason,
      routingNote: r.routing_note ?? null,
      createdAt: iso(r.created_at),
      ...(user ? { canDecide: mayDecide(taskFacts(r), user.id, r.submitter_id as string | undefined) } : {}),
    };
  }

  /**
   * Sends a decision to the workflow. The update id makes a double click or a retry of the same
   * decision return the first result instead of recording two.
   */
  async decide(user: AuthUser, taskId: string, input: DecisionInput, origin: Record<string, unknown>) {
    const task = await this.requireVisible(user, taskId);
    if (task.status !== 'open') throw this.alreadyDecided(task);
    try {
      await this.temporal.update(contractWorkflowId(task.contract_id as string), decideUpdate, {
        args: [{ taskId, userId: user.id, decision: input.decision, comment: input.comment, revision: input.revision, origin }],
        updateId: `decide-${taskId}-${user.id}-${input.decision}`,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === DomainErrorCode.CONTRACT_ALREADY_CLOSED) {
        const [fresh] = await this.db.query(`SELECT * FROM tasks WHERE id = $1`, [taskId]);
        if (fresh.status !== 'open') throw this.alreadyDecided(fresh);
      }
      throw err;
    }
    return { task: await this.get(user, taskId), contract: await this.contracts.get(user, task.contract_id as string).catch(() => null) };
  }

  private alreadyDecided(task: Record<string, unknown>): AppError {
    return new AppError(DomainErrorCode.TASK_ALREADY_DECIDED, alreadyDecidedMessage(taskFacts(task)), {
      status: task.status,
      decision: task.decision,
      decidedById: task.decided_by_id,
      decidedAt: iso(task.decided_at),
      comment: task.comment,
    });
  }

  async delegate(user: AuthUser, taskId: string, toUserId: string, comment: string | undefined, origin: Record<string, unknown>) {
    const task = await this.requireVisible(user, taskId);
    if (task.status !== 'open') throw this.alreadyDecided(task);
    // The workflow's validator applies the same rule to its own state; asking it first here
    // answers "already assigned" before "wrong role" for a task handed to its own holder.
    throwIf(delegationRefusal({ task: taskFacts(task), byUserId: user.id, toUserId, submitterId: task.submitter_id as string }));
    await this.requireSameRole(task, toUserId);
    // Unique per delegation, stable under a retry: the delegations already recorded for the task
    // (the Update returns only once its delegation is stored) and its current assignee. A plain
    // from-to id would make the second A->B of a round trip A->B->A->B a silent replay of the first.
    const done = await this.countEvents(task, AUDIT_EVENT_TYPES.TASK_DELEGATED);
    await this.temporal.update(contractWorkflowId(task.contract_id as string), delegateUpdate, {
      args: [{ taskId, byUserId: user.id, toUserId, comment, origin }],
      updateId: `delegate-${taskId}-${done}-${task.assignee_id as string}-${toUserId}`,
    });
    // Read back without the visibility check: the delegator may no longer be involved in the task
    // (it was handed on), but is entitled to see the result of what they just did.
    return this.view((await this.load(taskId))!, user);
  }

  /**
   * The delegate must hold the role the task's step needs (src/domain/routing/delegation-eligibility.ts).
   * The step's assignee comes from the slim chain's steps: policy versions differ only in
   * approval-on-timeout, never in who decides a step.
   */
  async requireSameRole(task: Record<string, unknown>, toUserId: string): Promise<void> {
    const [delegate] = isUuid(toUserId) ? await this.db.query(`SELECT roles FROM users WHERE id = $1`, [toUserId]) : [];
    if (!delegate) throw validationFailed([{ field: 'toUserId', rule: 'exists', message: 'toUserId names no user' }]);
    const step = SLIM_POLICY.steps.find((s) => s.key === task.step_key);
    throwIf(delegateRoleRefusal(step?.assignee ? [roleNeeded(step.assignee)] : [], delegate.roles as string[]));
  }

  async changeDeadline(user: AuthUser, taskId: string, dueAt: string, reason: string, origin: Record<string, unknown>) {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only ops change deadlines');
    const task = await this.requireVisible(user, taskId);
    if (task.status !== 'open') throw this.alreadyDecided(task);
    // Same scheme as delegation: a retry of this request lands on the same Update; the same
    // change made again later (after another one) is a new one.
    const done = await this.countEvents(task, AUDIT_EVENT_TYPES.TASK_DEADLINE_CHANGED);
    const request = createHash('sha256').update(JSON.stringify([dueAt, reason])).digest('hex').slice(0, 16);
    await this.temporal.update(contractWorkflowId(task.contract_id as string), changeDeadlineUpdate, {
      args: [{ taskId, byUserId: user.id, dueAt, reason, origin }],
      updateId: `deadline-${taskId}-${done}-${request}`,
    });
    return this.get(user, taskId);
  }

  /** How many events of this type the task has recorded (a version number for keyed Updates). */
  private async countEvents(task: Record<string, unknown>, type: string): Promise<number> {
    const [{ n }] = await this.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE contract_id = $1 AND type = $2 AND data->>'taskId' = $3`,
      [task.contract_id, type, task.id],
    );
    return n as number;
  }
}

function taskFacts(r: Record<string, unknown>) {
  return { status: r.status as 'open', decision: r.decision as string | null, assigneeId: r.assignee_id as string, escalatedTo: (r.escalated_to as string[]) ?? [] };
}

function throwIf(refusal: Refusal | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, refusal.details);
}
