// The business counters' hook on real PostgreSQL: insertAuditEvents hands over only the rows its
// INSERT really inserted (a retried write's duplicate key counts nothing), and they are counted
// when the transaction commits — not for a rollback, nor for a rolled-back savepoint.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { insertAuditEvents } from '../../src/audit/audit.repository';
import { loadConfig } from '../../src/config/env.schema';
import { createAppDataSource } from '../../src/database/data-source';
import { AUDIT_EVENT_TYPES, type AuditEventInput } from '../../src/domain/audit/audit-event-types';
import { attachAuditMetrics, type InsertedAuditEvent } from '../../src/observability/audit-metrics';

let db: DataSource;
let counted: InsertedAuditEvent[][];

const mailEvent = (kind: string): AuditEventInput => ({
  eventKey: `test-metrics:${randomUUID()}`,
  type: AUDIT_EVENT_TYPES.MAIL_SENT,
  contractId: null,
  actorKind: 'system',
  actorId: null,
  revision: null,
  stepKey: null,
  occurredAt: new Date().toISOString(),
  data: { kind },
});
const kinds = () => counted.map((batch) => batch.map((e) => e.data.kind));

beforeAll(async () => {
  db = createAppDataSource(loadConfig({ ...process.env, NODE_ENV: 'test' }));
  await db.initialize();
  attachAuditMetrics(db, (events) => counted.push([...events]));
});
afterAll(() => db?.destroy());
beforeEach(() => {
  counted = [];
});

it('counts inserted rows once, after the commit', async () => {
  const [a, b] = [mailEvent('a'), mailEvent('b')];
  await db.transaction(async (m) => {
    await insertAuditEvents(m, [a, b]);
    expect(counted).toEqual([]);
  });
  expect(kinds()).toEqual([['a', 'b']]);
});

it('counts nothing for a key already stored (a retried write), and still counts the new rows after it', async () => {
  const a = mailEvent('a');
  await db.transaction((m) => insertAuditEvents(m, [a]));
  counted = [];
  const c = mailEvent('c');
  await db.transaction((m) => insertAuditEvents(m, [a, c]));
  expect(kinds()).toEqual([['c']]);
  // Outside a transaction (autocommit) it counts at once, and a duplicate again counts nothing.
  counted = [];
  await insertAuditEvents(db.manager, [a, c, mailEvent('d')]);
  expect(kinds()).toEqual([['d']]);
});

it('counts nothing for a rolled-back transaction or savepoint', async () => {
  const lost = mailEvent('lost');
  await expect(
    db.transaction(async (m) => {
      await insertAuditEvents(m, [lost]);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  expect(counted).toEqual([]);
  expect((await db.query('SELECT count(*)::int AS n FROM audit_events WHERE event_key = $1', [lost.eventKey]))[0].n).toBe(0);

  await db.transaction(async (m) => {
    await m
      .transaction(async (inner) => {
        await insertAuditEvents(inner, [mailEvent('savepoint')]);
        throw new Error('savepoint rolled back');
      })
      .catch(() => undefined);
    await insertAuditEvents(m, [mailEvent('kept')]);
  });
  expect(kinds()).toEqual([['kept']]);

  // A released savepoint's rows survive the rollback of a later savepoint at the same depth.
  counted = [];
  await db.transaction(async (m) => {
    await m.transaction((inner) => insertAuditEvents(inner, [mailEvent('released')]));
    await m
      .transaction(async (inner) => {
        await insertAuditEvents(inner, [mailEvent('sibling')]);
        throw new Error('sibling rolled back');
      })
      .catch(() => undefined);
  });
  expect(kinds()).toEqual([['released']]);
});
