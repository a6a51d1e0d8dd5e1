// The audit chain under contention (issue #11, defect 8). Every audit insert takes one advisory
// lock (the chain is one sequence of hashes), so whoever holds it must hold it briefly and never
// while waiting for anything else. Here, on a private database of the test PostgreSQL server:
// - applyProgress writes a batch's audit rows with one INSERT, as its last statement;
// - a transaction stuck while holding a row lock of contract A (an open session doing nothing)
//   blocks A's next write, but that blocked writer holds no audit lock, so B's audit rows are
//   stored meanwhile; with a lock timeout, A's writer fails cleanly and stores nothing;
// - an application transaction left idle is ended by the server, releasing its locks;
// - every connection carries the configured statement, lock and idle-in-transaction timeouts.
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { verifyAuditChain } from '../../src/audit/audit-chain';
import { applyProgress } from '../../src/contracts/contract-progress.repository';
import { createAdminDataSource, createAppDataSource } from '../../src/database/data-source';
import type { ProgressBatch } from '../../src/domain/chain/engine.types';
import { waitFor } from '../support/wait';
import { chainRowsOf } from './support/chain-rows';
import { createFreshDatabase, type FreshDatabase } from './support/fresh-database';
import { stepBatch, storeContract } from './support/progress-batches';

jest.setTimeout(120_000);

let fresh: FreshDatabase;
let su: Client;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_auditlock');
  su = new Client({ connectionString: fresh.superuserUrl });
  await su.connect();
});

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

afterAll(async () => {
  await su?.end();
  await fresh?.drop();
});

async function appDb(overrides: Record<string, string> = {}): Promise<DataSource> {
  const db = createAppDataSource(fresh.config(overrides));
  await db.initialize();
  cleanups.push(() => db.destroy());
  return db;
}

const write = (db: DataSource, batch: ProgressBatch) => db.transaction((m) => applyProgress(m, batch));

async function newContract(db: DataSource): Promise<string> {
  const id = await db.transaction((m) => storeContract(m));
  await write(db, stepBatch(id, 0)); // creates the contract's reporting fact row
  return id;
}

/** Event keys of `batch` that are stored. */
async function storedKeys(batch: ProgressBatch): Promise<string[]> {
  const rows = await su.query(`SELECT event_key FROM audit_events WHERE event_key = ANY($1) ORDER BY id`, [batch.events.map((e) => e.eventKey)]);
  return rows.rows.map((r) => r.event_key as string);
}

/**
 * A session outside the application's bounds (no timeouts) that locks contract A's reporting
 * fact row and then does nothing: the stuck transaction. Rolled back when the test ends.
 */
async function stuckSession(contractId: string): Promise<Client> {
  const stuck = new Client({ connectionString: fresh.appUrl, application_name: 'stuck-session' });
  await stuck.connect();
  stuck.on('error', () => undefined);
  cleanups.push(() => stuck.end());
  await stuck.query('BEGIN');
  await stuck.query(`UPDATE report_contract_facts SET updated_at = now() WHERE contract_id = $1`, [contractId]);
  return stuck;
}

interface Backend {
  pid: number;
  wait_event_type: string | null;
  wait_event: string | null;
  query: string;
}

async function backends(): Promise<Backend[]> {
  const r = await su.query(
    `SELECT pid, wait_event_type, wait_event, query FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [fresh.name],
  );
  return r.rows;
}

/** Backends of this database that hold (granted) or wait for (not granted) an advisory lock. */
async function advisoryLocks(): Promise<{ pid: number; granted: boolean }[]> {
  const r = await su.query(
    `SELECT l.pid, l.granted FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = $1`,
    [fresh.name],
  );
  return r.rows;
}

/** The backend of the application writer blocked on the stuck session's row lock. */
const blockedWriter = () =>
  waitFor(async () => (await backends()).find((b) => b.wait_event_type === 'Lock' && /report_contract_facts/.test(b.query)), 'a writer blocked on the stuck row');

/**
 * Settles with 'stored' when `write` commits, 'failed' when it throws, and 'queued on the audit
 * lock' as soon as any backend waits for the advisory lock (behind a writer that holds it).
 */
async function outcome(write: Promise<unknown>): Promise<string> {
  let state: string | null = null;
  write.then(
    () => (state = 'stored'),
    (err) => (state = `failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  return waitFor(async () => state ?? ((await advisoryLocks()).some((l) => !l.granted) ? 'queued on the audit lock' : null), 'the write to settle', 60_000, 20);
}

test('every application connection carries the configured bounds; the migrator only the idle one', async () => {
  const db = await appDb();
  const show = async (q: (sql: string) => Promise<Record<string, string>[]>) => ({
    statement: (await q('SHOW statement_timeout'))[0].statement_timeout,
    lock: (await q('SHOW lock_timeout'))[0].lock_timeout,
    idle: (await q('SHOW idle_in_transaction_session_timeout'))[0].idle_in_transaction_session_timeout,
  });
  expect(await show((sql) => db.query(sql))).toEqual({ statement: '15s', lock: '5s', idle: '30s' });
  const tuned = await appDb({ DATABASE_STATEMENT_TIMEOUT_MS: '60000', DATABASE_LOCK_TIMEOUT_MS: '250', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '120000' });
  expect(await show((sql) => tuned.query(sql))).toEqual({ statement: '1min', lock: '250ms', idle: '2min' });
  const admin = createAdminDataSource(fresh.config());
  await admin.initialize();
  cleanups.push(() => admin.destroy());
  expect(await show((sql) => admin.query(sql))).toEqual({ statement: '0', lock: '0', idle: '30s' });
});

test("a batch's audit rows go in with one INSERT, as its last statement; a retry adds nothing; new rows follow in batch order", async () => {
  const db = await appDb();
  const id = await newContract(db);
  const statements: string[] = [];
  const recording = (m: EntityManager) =>
    new Proxy(m, {
      get: (target, prop, receiver) =>
        prop === 'query' ? (sql: string, params?: unknown[]) => (statements.push(sql.trim()), target.query(sql, params)) : Reflect.get(target, prop, receiver),
    });
  const batch = stepBatch(id, 1);
  await db.transaction((m) => applyProgress(recording(m), batch));
  const audit = statements.filter((s) => /^INSERT INTO audit_events/.test(s));
  expect(audit).toHaveLength(1);
  expect(statements[statements.length - 1]).toBe(audit[0]);
  expect(statements.length).toBeGreaterThan(1); // steps, contract and projection came first
  expect(await storedKeys(batch)).toEqual(batch.events.map((e) => e.eventKey));

  // The activity retried (same event keys): nothing new.
  const [{ n: before }] = (await su.query(`SELECT count(*)::int AS n FROM audit_events`)).rows;
  await write(db, batch);
  expect((await su.query(`SELECT count(*)::int AS n FROM audit_events`)).rows[0].n).toBe(before);

  // A batch that repeats a stored event and adds two: only those two, after the rest, in order.
  const next = stepBatch(id, 2);
  const mixed: ProgressBatch = { ...next, events: [batch.events[0], ...next.events] };
  await write(db, mixed);
  const tail = (await su.query(`SELECT event_key FROM audit_events ORDER BY id DESC LIMIT 2`)).rows.map((r) => r.event_key).reverse();
  expect(tail).toEqual(next.events.map((e) => e.eventKey));
  const chain = await verifyAuditChain(chainRowsOf(su));
  expect(chain.problem).toBeNull();
});

test("a writer blocked by a stuck transaction's row lock holds no audit lock: other contracts' audit rows are stored meanwhile", async () => {
  // Lock waits long enough that only the test ends the stuck transaction.
  const db = await appDb({ DATABASE_LOCK_TIMEOUT_MS: '600000', DATABASE_STATEMENT_TIMEOUT_MS: '600000' });
  const a = await newContract(db);
  const b = await newContract(db);
  const stuck = await stuckSession(a);

  const batchA = stepBatch(a, 1);
  const writeA = write(db, batchA);
  writeA.catch(() => undefined);
  const blocked = await blockedWriter();
  // A's writer waits for the row inside its projection write and has not touched the chain.
  expect((await advisoryLocks()).filter((l) => l.pid === blocked.pid)).toEqual([]);

  const batchB = stepBatch(b, 1);
  expect(await outcome(write(db, batchB))).toBe('stored');
  expect(await storedKeys(batchB)).toEqual(batchB.events.map((e) => e.eventKey));
  // …while A's writer is still blocked and has stored nothing.
  expect((await backends()).find((x) => x.pid === blocked.pid)).toMatchObject({ wait_event_type: 'Lock' });
  expect(await storedKeys(batchA)).toEqual([]);

  await stuck.query('ROLLBACK');
  await writeA;
  expect(await storedKeys(batchA)).toEqual(batchA.events.map((e) => e.eventKey));
  const chain = await verifyAuditChain(chainRowsOf(su));
  expect(chain.problem).toBeNull();
});

test('the lock timeout bounds the blocked writer: it fails with 55P03 and stores nothing, other contracts carry on, its retry succeeds', async () => {
  const db = await appDb({ DATABASE_LOCK_TIMEOUT_MS: '200' });
  const a = await newContract(db);
  const b = await newContract(db);
  const stuck = await stuckSession(a);

  const batchA = stepBatch(a, 1);
  await expect(write(db, batchA)).rejects.toMatchObject({ code: '55P03' });
  expect(await storedKeys(batchA)).toEqual([]);
  const [{ n: stepRows }] = (await su.query(`SELECT count(*)::int AS n FROM contract_steps WHERE contract_id = $1 AND status = 'auto_approved'`, [a])).rows;
  expect(stepRows).toBe(1); // the failed batch's step write was rolled back with it

  const batchB = stepBatch(b, 1);
  expect(await outcome(write(db, batchB))).toBe('stored');

  await stuck.query('ROLLBACK');
  await write(db, batchA); // what the activity's retry does
  expect(await storedKeys(batchA)).toEqual(batchA.events.map((e) => e.eventKey));
  expect((await verifyAuditChain(chainRowsOf(su))).problem).toBeNull();
});

test('an application transaction left idle is ended by the server (25P03), and its row locks go with it', async () => {
  const db = await appDb({ DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '300', DATABASE_LOCK_TIMEOUT_MS: '600000' });
  const a = await newContract(db);
  // A connection from the application's own pool, as an activity's transaction would hold it.
  const pool = (db.driver as PostgresDriver).master as import('pg').Pool;
  const idle = await pool.connect();
  cleanups.push(async () => idle.release(true));
  const errors: (Error & { code?: string })[] = [];
  idle.on('error', (err) => errors.push(err));
  const { rows } = await idle.query('SELECT pg_backend_pid() AS pid');
  await idle.query('BEGIN');
  await idle.query(`UPDATE report_contract_facts SET updated_at = now() WHERE contract_id = $1`, [a]);

  // A's next write queues behind the idle transaction's row lock, until the server ends it.
  const batchA = stepBatch(a, 1);
  await write(db, batchA);
  expect(await storedKeys(batchA)).toEqual(batchA.events.map((e) => e.eventKey));

  // The server says why (FATAL 25P03), then closes the connection.
  await waitFor(async () => errors.some((e) => e.code === '25P03'), 'the idle session to be ended');
  expect(errors[0]).toMatchObject({ code: '25P03', message: expect.stringMatching(/idle-in-transaction timeout/) });
  await waitFor(async () => !(await backends()).some((x) => x.pid === rows[0].pid), 'the ended session to leave pg_stat_activity');
  await expect(idle.query('SELECT 1')).rejects.toThrow();
  // The pool carries on with fresh connections.
  expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
});
