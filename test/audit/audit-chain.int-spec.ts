// The audit trail is append-only and tamper-evident: the application's role may not UPDATE,
// DELETE or TRUNCATE it, and the verifier — which recomputes every hash in Node — finds an
// edited, a deleted and a re-ordered row. Tampering needs a superuser that switches off the
// triggers (session_replication_role = replica); it happens in a private database, inside
// transactions rolled back after each check, and once committed for the CLI.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { canonicalV1, canonicalV2, type ChainRow, type ChainVerification, verifyAuditChain } from '../../src/audit/audit-chain';
import { insertAuditEvents } from '../../src/audit/audit.repository';
import { createAppDataSource } from '../../src/database/data-source';
import type { AuditEventInput } from '../../src/domain/audit/audit-event-types';
import { chainRowsOf } from './support/chain-rows';
import { createFreshDatabase, type FreshDatabase } from './support/fresh-database';

jest.setTimeout(120_000);

let fresh: FreshDatabase;
let app: DataSource;
let su: Client;
let ids: string[];

const event = (n: number, overrides: Partial<AuditEventInput> = {}): AuditEventInput => ({
  eventKey: `audit-test:${n}`,
  type: 'TASK_DECIDED',
  contractId: '00000000-0000-4000-8000-000000000001',
  actorKind: 'user',
  actorId: 'user-1',
  revision: 1,
  stepKey: 'legal_review',
  occurredAt: new Date(Date.UTC(2026, 2, 4, 1, 2, 3) + n * 1000).toISOString(),
  origin: { ip: '10.0.0.1', channel: 'api' },
  data: { n, decision: 'approve' },
  ...overrides,
});

/** Verifies with the superuser connection, so it sees the uncommitted tampering of its own transaction. */
const verifyAsSuperuser = (): Promise<ChainVerification> => verifyAuditChain(chainRowsOf(su), { batchSize: 4 });

/** Tampers in a transaction with the triggers off, verifies inside it, then rolls back. */
async function tampered(sql: string[]): Promise<ChainVerification> {
  await su.query('BEGIN');
  try {
    await su.query('SET LOCAL session_replication_role = replica');
    for (const statement of sql) await su.query(statement);
    return await verifyAsSuperuser();
  } finally {
    await su.query('ROLLBACK');
  }
}

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_audit');
  app = createAppDataSource(fresh.config());
  await app.initialize();
  // Written through the application's own writer and role; fields chosen to exercise the
  // canonical form: NULLs, an empty string, '|' inside fields, non-ASCII text, microseconds.
  await app.transaction((m) =>
    insertAuditEvents(m, [
      event(1, { type: 'CONTRACT_SUBMITTED', stepKey: null, origin: { ip: '127.0.0.1', userAgent: 'curl/8 | test' } }),
      event(2, { actorKind: 'system', actorId: null, origin: null }),
      event(3, { actorId: '', data: { comment: '合同已审阅 ✓ — "ok" \\ 🚀', nested: { b: 2, a: [1, null, true] } } }),
      event(4, { eventKey: 'audit-test:4|x', stepKey: 'a|b', contractId: null, revision: null }),
      event(5),
      event(6),
      event(7),
      event(8),
    ]),
  );
  await app.query(
    `INSERT INTO audit_events (event_key, contract_id, type, actor_kind, actor_id, revision, step_key, occurred_at, origin, data)
     VALUES ('audit-test:9', NULL, 'MAIL_SENT', 'system', NULL, NULL, NULL, '2026-03-04T01:02:03.000001Z', NULL, '{}'),
            ('audit-test:10', NULL, 'MAIL_SENT', 'system', NULL, NULL, NULL, '2026-03-04T01:02:03.12Z', NULL, '{"x": 1.50}')`,
  );
  ids = (await app.query(`SELECT id::text AS id FROM audit_events e ORDER BY e.id`)).map((r: { id: string }) => r.id);
  su = new Client({ connectionString: fresh.superuserUrl });
  await su.connect();
});

afterAll(async () => {
  await su?.end();
  await app?.destroy();
  await fresh?.drop();
});

test('an untouched chain verifies: every hash recomputed in Node matches the one the database stored', async () => {
  const result = await verifyAsSuperuser();
  expect(result.problem).toBeNull();
  expect(result.ok).toBe(true);
  expect(result.rowsChecked).toBe(ids.length);
  expect(result.versions).toEqual({ 2: ids.length });
  expect(result.head?.id).toBe(ids[ids.length - 1]);
  // The database's own canonical text agrees with Node's, field for field.
  const rows = await su.query(`SELECT id::text AS id, audit_events_canonical_v2(e) AS canonical FROM audit_events e ORDER BY e.id`);
  const mine = (await su.query(`SELECT id::text AS id, event_key, type, actor_kind, actor_id, contract_id::text AS contract_id, revision::text AS revision,
      step_key, (occurred_at AT TIME ZONE 'UTC')::text AS occurred_at_utc, origin::text AS origin, data::text AS data, prev_hash, hash, chain_version
      FROM audit_events e ORDER BY e.id`)).rows;
  const { toChainRow } = await import('../../src/audit/audit-chain');
  expect(mine.map((r) => canonicalV2(toChainRow(r)))).toEqual(rows.rows.map((r) => r.canonical));
  // Rows written before the v2 migration keep version 1: Node reproduces that form too.
  const v1 = await su.query(`SELECT audit_events_canonical(e) AS canonical FROM audit_events e ORDER BY e.id`);
  expect(mine.map((r) => canonicalV1(toChainRow(r)))).toEqual(v1.rows.map((r) => r.canonical));
});

test('the application role may not UPDATE, DELETE or TRUNCATE the audit trail', async () => {
  await expect(app.query(`UPDATE audit_events SET type = 'FORGED' WHERE id = $1`, [ids[2]])).rejects.toMatchObject({ code: '42501' });
  await expect(app.query(`UPDATE audit_events SET type = 'FORGED' WHERE id = $1`, [ids[2]])).rejects.toThrow(/permission denied/);
  await expect(app.query(`DELETE FROM audit_events WHERE id = $1`, [ids[2]])).rejects.toThrow(/permission denied/);
  await expect(app.query(`TRUNCATE audit_events`)).rejects.toThrow(/permission denied/);
  // Even the owner, and a superuser who leaves the triggers on, are refused.
  await expect(su.query(`DELETE FROM audit_events WHERE id = $1`, [ids[2]])).rejects.toThrow(/append-only/);
  expect((await verifyAsSuperuser()).ok).toBe(true);
});

test('an edited row is caught at that row, even when only its JSON data changed', async () => {
  const result = await tampered([`UPDATE audit_events SET data = jsonb_set(data, '{decision}', '"reject"') WHERE id = ${ids[5]}`]);
  expect(result.ok).toBe(false);
  expect(result.problem).toMatchObject({ kind: 'hash_mismatch', id: ids[5], previousId: ids[4] });
  expect(result.problem!.message).toMatch(new RegExp(`row #${ids[5]} .*was altered`));
});

test('an edit that re-hashes the row is caught at the next link', async () => {
  // The forger recomputes the edited row's hash with the database's own function, but the next
  // row still links to the original hash.
  const result = await tampered([
    `UPDATE audit_events SET actor_id = 'mallory' WHERE id = ${ids[5]}`,
    `UPDATE audit_events e SET hash = encode(sha256(convert_to(audit_events_canonical_v2(e), 'UTF8')), 'hex') WHERE id = ${ids[5]}`,
  ]);
  expect(result.problem).toMatchObject({ kind: 'broken_link', id: ids[6], previousId: ids[5] });
});

test('a deleted row is reported as the missing link between its neighbours', async () => {
  const result = await tampered([`DELETE FROM audit_events WHERE id = ${ids[3]}`]);
  expect(result.ok).toBe(false);
  expect(result.problem).toMatchObject({ kind: 'broken_link', id: ids[4], previousId: ids[2] });
  expect(result.problem!.message).toMatch(/deleted, or rows were re-ordered/);
});

test('deleting the first rows and the last rows is caught (the latter against a recorded head)', async () => {
  const start = await tampered([`DELETE FROM audit_events WHERE id IN (${ids[0]}, ${ids[1]})`]);
  expect(start.problem).toMatchObject({ kind: 'missing_start', id: ids[2] });

  const intact = await verifyAsSuperuser();
  await su.query('BEGIN');
  try {
    await su.query('SET LOCAL session_replication_role = replica');
    await su.query(`DELETE FROM audit_events WHERE id = ${ids[ids.length - 1]}`);
    const tail = await verifyAuditChain(chainRowsOf(su), { expectHead: intact.head! });
    expect(tail.problem).toMatchObject({ kind: 'head_mismatch', id: ids[ids.length - 2] });
  } finally {
    await su.query('ROLLBACK');
  }
});

test('re-ordered rows are caught: swapping two rows, or moving one to the end', async () => {
  const [a, b] = [ids[2], ids[3]];
  const swapped = await tampered([
    `UPDATE audit_events SET id = -${a} WHERE id = ${a}`,
    `UPDATE audit_events SET id = ${a} WHERE id = ${b}`,
    `UPDATE audit_events SET id = ${b} WHERE id = -${a}`,
  ]);
  expect(swapped.problem).toMatchObject({ kind: 'hash_mismatch', id: a });

  const moved = await tampered([`UPDATE audit_events SET id = 1000000 WHERE id = ${ids[4]}`]);
  expect(moved.problem).toMatchObject({ kind: 'broken_link', id: ids[5], previousId: ids[3] });
});

test('the version-2 canonical form tells apart rows that version 1 could not', () => {
  const row: ChainRow = {
    id: '7',
    eventKey: 'k',
    type: 'T',
    actorKind: 'user',
    actorId: null,
    contractId: null,
    revision: null,
    stepKey: 'a|b',
    occurredAtUtc: '2026-03-04 01:02:03.5',
    origin: null,
    data: '{}',
    prevHash: null,
    hash: '',
    chainVersion: 2,
  };
  const emptyActor = { ...row, actorId: '' };
  const shiftedPipe = { ...row, eventKey: 'k|T', type: 'a', stepKey: null, actorKind: 'user' };
  expect(canonicalV1(row)).toBe(canonicalV1(emptyActor));
  expect(canonicalV2(row)).not.toBe(canonicalV2(emptyActor));
  expect(canonicalV1({ ...row, eventKey: 'k|T', type: 'user' , actorKind: '' })).toBe(canonicalV1({ ...row, eventKey: 'k', type: 'T|user', actorKind: '' }));
  expect(canonicalV2(shiftedPipe)).not.toBe(canonicalV2(row));
  expect(canonicalV2(row)).toContain('2026-03-04T01:02:03.500000Z');
});

test('npm run audit:verify prints the first broken link and exits non-zero', async () => {
  const cli = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'audit-verify.js');
  const env = { ...process.env, DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl };
  const ok = spawnSync(process.execPath, [cli], { env, encoding: 'utf8' });
  expect(ok.stdout).toMatch(new RegExp(`audit chain OK: ${ids.length} rows .* head #${ids[ids.length - 1]} [0-9a-f]{64}`));
  expect(ok.status).toBe(0);

  // Committed this time, so the CLI's own connection sees it.
  await su.query(`BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_events WHERE id = ${ids[6]}; COMMIT`);
  const broken = spawnSync(process.execPath, [cli], { env, encoding: 'utf8' });
  expect(broken.status).toBe(1);
  expect(broken.stdout).toContain(`audit chain BROKEN`);
  expect(broken.stdout).toContain(`broken_link at row #${ids[7]} (previous row #${ids[5]})`);
});
