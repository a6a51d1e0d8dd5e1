// Tasks in PostgreSQL, on TaskEntity: the reads the API needs (one's open tasks, one task with
// its contract's headline), the people task routing needs (by id and by role, never the whole
// directory), and the workflow's writes (open, decide, cancel, escalate, reassign, reschedule).
// Writes take the caller's EntityManager so they join the activity's transaction; each is
// idempotent (guarded by status or keyed by id), so a retried activity changes nothing.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { ContractEntity } from '../contracts/contract.entity';
import { ContractStepEntity } from '../contracts/contract-step.entity';
import { UserEntity } from '../directory/user.entity';
import type { Decision } from '../domain/chain/engine.types';
import type { Person, RoleMember } from '../domain/routing/task-routing';
import type { TaskSchedule } from '../domain/sla/sla-schedule';
import { TaskEntity } from './task.entity';

/** The contract headline shown with a task. */
export interface TaskContract {
  title: string;
  customerName: string;
  amount: number;
  currency: string;
  revision: number;
  submitterId: string;
  /** The policy the contract runs under (which steps a task may return to). */
  policyVersion: string;
}

export interface TaskWithContract {
  task: TaskEntity;
  contract: TaskContract;
}

export interface NewTask {
  id: string;
  contractId: string;
  stepKey: string;
  revision: number;
  assigneeId: string;
  originalAssigneeId: string;
  schedule: TaskSchedule;
  escalationChain: string[];
  reason: TaskEntity['reason'];
  routingNote: string | null;
  createdAt: string;
}

interface PersonRow {
  id: string;
  username: string;
  roles: string[];
  manager_id: string | null;
  ooo_from: Date | null;
  ooo_to: Date | null;
  ooo_delegate_id: string | null;
}

const PERSON_COLUMNS = `u.id, u.username, u.roles, u.manager_id, u.ooo_from, u.ooo_to, u.ooo_delegate_id`;

@Injectable()
export class TasksRepository {
  constructor(private readonly db: DataSource) {}

  // --- reads for the API ---

  /** Open tasks the user holds or was escalated to, soonest due first. */
  async openFor(userId: string): Promise<TaskWithContract[]> {
    const tasks = await this.db
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .where(`t.status = 'open'`)
      .andWhere('(t.assignee_id = :userId OR :userId = ANY(t.escalated_to))', { userId })
      .orderBy('t.dueAt', 'ASC', 'NULLS LAST')
      .addOrderBy('t.createdAt', 'ASC')
      .getMany();
    return this.withContracts(tasks);
  }

  async findWithContract(taskId: string): Promise<TaskWithContract | null> {
    const task = await this.findById(taskId);
    return task ? (await this.withContracts([task]))[0] : null;
  }

  findById(taskId: string, m: EntityManager = this.db.manager): Promise<TaskEntity | null> {
    return m.getRepository(TaskEntity).findOneBy({ id: taskId });
  }

  private async withContracts(tasks: TaskEntity[]): Promise<TaskWithContract[]> {
    if (!tasks.length) return [];
    const contracts = await this.db.getRepository(ContractEntity).find({
      select: { id: true, title: true, customerName: true, amount: true, currency: true, revision: true, submitterId: true, policyVersion: true },
      where: { id: In([...new Set(tasks.map((t) => t.contractId))]) },
    });
    const byId = new Map(contracts.map((c) => [c.id, c]));
    return tasks.map((task) => {
      const c = byId.get(task.contractId)!;
      return { task, contract: { title: c.title, customerName: c.customerName, amount: c.amount, currency: c.currency, revision: c.revision, submitterId: c.submitterId, policyVersion: c.policyVersion } };
    });
  }

  /** The roles of a user, or null when there is no such user. */
  async rolesOf(userId: string): Promise<string[] | null> {
    const u = await this.db.getRepository(UserEntity).findOne({ select: { id: true, roles: true }, where: { id: userId } });
    return u ? u.roles : null;
  }

  /** What a step of a contract recorded as its inputs (an added approver's step: who, in which role, why). */
  async stepInputs(contractId: string, stepKey: string): Promise<Record<string, unknown> | null> {
    const step = await this.db.getRepository(ContractStepEntity).findOne({ select: { contractId: true, key: true, inputs: true }, where: { contractId, key: stepKey } });
    return step?.inputs ?? null;
  }

  /** How many audit events of this type the task has recorded (a version number for keyed Updates). */
  countTaskEvents(contractId: string, taskId: string, type: string): Promise<number> {
    return this.db
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.contract_id = :contractId AND e.type = :type', { contractId, type })
      .andWhere(`e.data->>'taskId' = :taskId`, { taskId })
      .getCount();
  }

  // --- reads for task routing (src/domain/routing/task-routing.ts decides) ---

  /** The submitter and their manager. */
  async submitterAndManager(m: EntityManager, submitterId: string): Promise<Map<string, Person>> {
    return toPeople(await m.query(`SELECT ${PERSON_COLUMNS} FROM users u WHERE u.id = $1 OR u.id = (SELECT manager_id FROM users WHERE id = $1)`, [submitterId]));
  }

  /** The members of a role with their open-task counts, least loaded first (then by username). */
  async roleMembersByLoad(m: EntityManager, role: string): Promise<RoleMember[]> {
    const rows: { id: string; username: string; open: string }[] = await m.query(
      `SELECT u.id, u.username, (SELECT count(*) FROM tasks t WHERE t.assignee_id = u.id AND t.status = 'open') AS open
       FROM users u WHERE $1 = ANY(u.roles) ORDER BY open ASC, u.username ASC`,
      [role],
    );
    return rows.map((r) => ({ id: r.id, username: r.username, openTasks: Number(r.open) }));
  }

  /**
   * A person, everyone their out-of-office delegation leads to (UNION stops at a cycle), and each
   * of those people's managers up to `managerDepth` levels.
   */
  async neighbourhood(m: EntityManager, userId: string, managerDepth: number): Promise<Map<string, Person>> {
    const rows: PersonRow[] = await m.query(
      `WITH RECURSIVE delegates(id) AS (
         SELECT $1::uuid
         UNION SELECT u.ooo_delegate_id FROM users u JOIN delegates d ON u.id = d.id WHERE u.ooo_delegate_id IS NOT NULL
       ), managers(id, depth) AS (
         SELECT id, 0 FROM delegates
         UNION ALL SELECT u.manager_id, mg.depth + 1 FROM users u JOIN managers mg ON u.id = mg.id WHERE u.manager_id IS NOT NULL AND mg.depth < $2
       )
       SELECT ${PERSON_COLUMNS} FROM users u WHERE u.id IN (SELECT id FROM managers)`,
      [userId, managerDepth],
    );
    return toPeople(rows);
  }

  // --- the workflow's writes ---

  async insert(m: EntityManager, t: NewTask): Promise<void> {
    const row: Partial<TaskEntity> = {
      id: t.id,
      contractId: t.contractId,
      stepKey: t.stepKey,
      revision: t.revision,
      status: 'open',
      assigneeId: t.assigneeId,
      originalAssigneeId: t.originalAssigneeId,
      dueAt: new Date(t.schedule.dueAt),
      schedule: t.schedule,
      escalationChain: t.escalationChain,
      reason: t.reason,
      routingNote: t.routingNote,
      createdAt: new Date(t.createdAt),
    };
    // `reason` is a jsonb document: TypeORM's deep-partial type does not admit its free-form inputs.
    await m.getRepository(TaskEntity).insert(row as QueryDeepPartialEntity<TaskEntity>);
  }

  /** Closes an open task with its decision (a closed one stays as it is). */
  async close(m: EntityManager, c: { taskId: string; decision: Decision; decidedById: string | null; comment: string | null; decidedAt: string }): Promise<void> {
    await m
      .getRepository(TaskEntity)
      .update({ id: c.taskId, status: 'open' }, { status: 'decided', decision: c.decision, decidedById: c.decidedById, comment: c.comment, decidedAt: new Date(c.decidedAt) });
  }

  async cancel(m: EntityManager, taskIds: string[], comment: string): Promise<void> {
    if (!taskIds.length) return;
    await m.getRepository(TaskEntity).update({ id: In(taskIds), status: 'open' }, { status: 'cancelled', comment });
  }

  /** Raises the escalation level (never lowers it) and adds the manager once. */
  async escalate(m: EntityManager, taskId: string, level: number, toUserId: string | null): Promise<void> {
    await m.query(
      `UPDATE tasks SET escalation_level = GREATEST(escalation_level, $2),
         escalated_to = CASE WHEN $3::uuid IS NULL OR $3::uuid = ANY(escalated_to) THEN escalated_to ELSE array_append(escalated_to, $3::uuid) END,
         updated_at = now()
       WHERE id = $1`,
      [taskId, level, toUserId],
    );
  }

  async reassign(m: EntityManager, r: { taskId: string; toUserId: string; routingNote: string; escalationChain: string[] }): Promise<void> {
    await m
      .getRepository(TaskEntity)
      .update({ id: r.taskId, status: 'open' }, { assigneeId: r.toUserId, routingNote: r.routingNote, escalationChain: r.escalationChain });
  }

  async reschedule(taskId: string, schedule: TaskSchedule): Promise<void> {
    await this.db.getRepository(TaskEntity).update({ id: taskId }, { dueAt: new Date(schedule.dueAt), schedule });
  }
}

function toPeople(rows: PersonRow[]): Map<string, Person> {
  return new Map(
    rows.map((r) => [r.id, { id: r.id, username: r.username, roles: r.roles, managerId: r.manager_id, oooFrom: r.ooo_from, oooTo: r.ooo_to, oooDelegateId: r.ooo_delegate_id }]),
  );
}
