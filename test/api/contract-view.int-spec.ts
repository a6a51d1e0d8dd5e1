// The contract view on the real PostgreSQL, without Temporal: it reads only the users the contract
// names (submitter, a step's decider, a task's holder, original holder and escalation managers) by
// id, never the whole users table, and its timing is computed at the injected clock's "now".
import { randomUUID } from 'node:crypto';
import { DataSource, type Logger } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/env.schema';
import { createAppDataSource } from '../../src/database/data-source';
import { insertSubmittedContract, markWorkflowStarted } from '../../src/contracts/contract-submission.repository';
import { ContractStepEntity } from '../../src/contracts/contract-step.entity';
import { ContractViewsService } from '../../src/contracts/contract-views.service';
import { ContractsRepository } from '../../src/contracts/contracts.repository';
import type { ListContractsQuery } from '../../src/contracts/contract.dto';
import type { AuthUser } from '../../src/directory/auth';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { TasksRepository } from '../../src/tasks/tasks.repository';
import { aContract } from '../factories/contract.factory';
import { ensureTestUser } from '../support/sla';

class QueryLog implements Logger {
  readonly queries: { sql: string; params: unknown[] }[] = [];
  logQuery(sql: string, params?: unknown) {
    this.queries.push({ sql, params: Array.isArray(params) ? params : [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

class FixedClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
}

const HOUR = 3_600_000;
const redList: ListContractsQuery = { rag: 'red', pageSize: 100 };
const log = new QueryLog();
let db: DataSource;
let contractId: string;
const submittedAt = new Date('2026-03-02T02:00:00.000Z');
const people: Record<string, string> = {};

beforeAll(async () => {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  db = new DataSource({ ...createAppDataSource(config).options, logging: ['query'], logger: log });
  await db.initialize();
  // Test users hold no role a step draws from a pool, so their tasks change no other test's routing.
  people.boss = await ensureTestUser(db, { username: 'viewboss', roles: ['sales_manager'], manager: null });
  people.holder = await ensureTestUser(db, { username: 'viewholder', roles: ['sales_manager'], manager: 'viewboss' });
  people.first = await ensureTestUser(db, { username: 'viewfirst', roles: ['sales_manager'], manager: 'viewboss' });
  people.decider = await ensureTestUser(db, { username: 'viewdecider', roles: ['sales_manager'], manager: null });
  people.rep = await ensureTestUser(db, { username: 'viewrep', roles: ['rep'], manager: 'viewboss' });

  contractId = randomUUID();
  await db.transaction((m) =>
    insertSubmittedContract(m, { id: contractId, submission: aContract({ title: 'Named people only' }), policy: SLIM_POLICY, submitterId: people.rep, submittedAt, origin: { channel: 'test' } }),
  );
  // Marked started, so no worker's reconciler (other test files) starts a workflow for it.
  await markWorkflowStarted(db, contractId);
  const [decided, waiting] = SLIM_POLICY.steps;
  await db.getRepository(ContractStepEntity).update({ contractId, key: decided.key }, { status: 'approved', decidedByKind: 'user', decidedById: people.decider });
  await db.transaction(async (m) => {
    const tasks = new TasksRepository(db);
    await tasks.insert(m, {
      id: randomUUID(),
      contractId,
      stepKey: waiting.key,
      revision: 1,
      assigneeId: people.holder,
      originalAssigneeId: people.first,
      schedule: { dueAt: new Date(submittedAt.getTime() + 8 * HOUR).toISOString(), reminders: [], escalations: [] },
      escalationChain: [people.boss],
      reason: { ruleId: 'test', reason: 'a person decides' },
      routingNote: null,
      createdAt: submittedAt.toISOString(),
    });
  });
  const [task] = await db.query(`SELECT id FROM tasks WHERE contract_id = $1`, [contractId]);
  await new TasksRepository(db).escalate(db.manager, task.id, 1, people.boss);
});

afterAll(async () => {
  await db?.destroy();
});

const ops: AuthUser = { id: randomUUID(), username: 'ops-viewer', displayName: 'Ops', email: 'ops@example.com', roles: ['ops'], managerId: null, timeZone: null };

test('the view loads the users it names by id, in one query, and names each of them', async () => {
  const views = new ContractViewsService(new ContractsRepository(db), new FixedClock(new Date(submittedAt.getTime() + 10 * HOUR)));
  const before = log.queries.length;
  const view = await views.get(ops, contractId);
  const userQueries = log.queries.slice(before).filter((q) => /\bFROM "users"/i.test(q.sql));
  expect(userQueries).toHaveLength(1);
  expect(userQueries[0].sql).toMatch(/WHERE .*"id" IN \(/i);
  expect(new Set(userQueries[0].params)).toEqual(new Set([people.rep, people.decider, people.holder, people.first, people.boss]));

  expect(view.submitter).toEqual({ id: people.rep, name: 'Viewrep Test' });
  expect(view.steps[0].decidedBy).toEqual({ kind: 'user', id: people.decider, name: 'Viewdecider Test' });
  expect(view.openTasks).toHaveLength(1);
  expect(view.openTasks[0]).toMatchObject({
    assignee: { id: people.holder, name: 'Viewholder Test' },
    originalAssignee: { id: people.first, name: 'Viewfirst Test' },
    escalatedTo: [{ id: people.boss, name: 'Viewboss Test' }],
    escalationLevel: 1,
  });
});

test('timing is measured at the injected clock: green, amber past two thirds of the 72-hour target, red past it', async () => {
  const clock = new FixedClock(submittedAt);
  const views = new ContractViewsService(new ContractsRepository(db), clock);
  const timingAt = async (hours: number) => {
    clock.at = new Date(submittedAt.getTime() + hours * HOUR);
    return (await views.get(ops, contractId)).timing;
  };
  expect(await timingAt(10)).toMatchObject({ rag: 'green', elapsedHours: 10, targetHours: 72 });
  expect(await timingAt(49)).toMatchObject({ rag: 'amber', elapsedHours: 49 });
  expect(await timingAt(73)).toMatchObject({ rag: 'red', elapsedHours: 73 });
  // The list filter's SQL takes the same "now".
  const list = await views.list(ops, redList);
  expect(list.items.map((c) => c.id)).toContain(contractId);
  clock.at = new Date(submittedAt.getTime() + 10 * HOUR);
  expect((await views.list(ops, redList)).items.map((c) => c.id)).not.toContain(contractId);
});
