// Writes and reads the append-only audit trail (table audit_events).
//
// Appending: the trail is one hash chain. Its insert trigger takes one advisory lock for the
// whole database, held until the transaction ends, so that ids are drawn and hashes linked in
// commit order; whoever holds that lock stops every other audit writer. So callers append last
// in their transaction (after every other write of the batch), with one multi-row INSERT, and the
// lock is held only from that statement to the commit. Every row is keyed by its event key: a
// retried write is skipped, and the events after it still go in.
//
// Reading for verification: rows rendered as PostgreSQL text, in id order, in keyset pages; the
// hash chain logic itself is pure and lives in audit-chain.ts.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEventInput } from '../domain/audit/audit-event-types';
import { type ChainRowReader, toChainRow } from './audit-chain';
import { auditMetricsAttached, type InsertedAuditEvent, noteInsertedAuditEvents } from '../observability/audit-metrics';

/** Audit rows as text, in id order, after $1 (keyset pagination), at most $2. */
export const CHAIN_ROWS_SQL = `
  SELECT id::text AS id, event_key, type, actor_kind, actor_id, contract_id::text AS contract_id, revision::text AS revision,
         step_key, (occurred_at AT TIME ZONE 'UTC')::text AS occurred_at_utc, origin::text AS origin, data::text AS data,
         prev_hash, hash, chain_version
  FROM audit_events e WHERE e.id > $1::bigint ORDER BY e.id LIMIT $2`;

const AUDIT_COLUMNS = ['event_key', 'contract_id', 'type', 'actor_kind', 'actor_id', 'revision', 'step_key', 'occurred_at', 'origin', 'data'];
/**
 * What the business metrics need back from the INSERT (src/observability/audit-metrics.ts): the keys
 * really inserted (a skipped duplicate returns nothing) and, for an outcome, the cycle time.
 */
const RETURNING_FOR_METRICS = `
  RETURNING event_key, CASE WHEN type IN ('CONTRACT_APPROVED', 'CONTRACT_REJECTED', 'CONTRACT_WITHDRAWN')
    THEN (SELECT extract(epoch FROM audit_events.occurred_at - c.submitted_at)::float8 FROM contracts c WHERE c.id = audit_events.contract_id)
  END AS cycle_seconds`;

/** Rows per INSERT: 10 parameters each, well under PostgreSQL's 65,535 per statement. */
const AUDIT_ROWS_PER_STATEMENT = 1000;

/**
 * Appends audit events with one INSERT (per 1,000 rows), in the order given, in the caller's
 * transaction: the chain trigger runs row by row in VALUES order, so ids and links follow the
 * array. An event whose key is already stored (a retried write) is skipped, and the ones after it
 * still go in. Call it last in the transaction (see the file header).
 */
export async function insertAuditEvents(m: EntityManager, events: readonly AuditEventInput[]): Promise<void> {
  const counted = auditMetricsAttached(m);
  for (let start = 0; start < events.length; start += AUDIT_ROWS_PER_STATEMENT) {
    const chunk = events.slice(start, start + AUDIT_ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const rows = chunk.map((e) => {
      params.push(
        e.eventKey,
        e.contractId,
        e.type,
        e.actorKind,
        e.actorId,
        e.revision,
        e.stepKey,
        e.occurredAt,
        e.origin ? JSON.stringify(e.origin) : null,
        JSON.stringify(e.data),
      );
      const first = params.length - AUDIT_COLUMNS.length + 1;
      return `(${AUDIT_COLUMNS.map((_, i) => `$${first + i}`).join(',')})`;
    });
    // Reviewed SQL: a multi-row INSERT … ON CONFLICT DO NOTHING in array order is what the chain
    // needs, and the entity API would neither keep one statement nor skip conflicts per row.
    const inserted: { event_key: string; cycle_seconds: number | null }[] | undefined = await m.query(
      `INSERT INTO audit_events (${AUDIT_COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (event_key) DO NOTHING${counted ? RETURNING_FOR_METRICS : ''}`,
      params,
    );
    if (counted && inserted?.length) noteInsertedAuditEvents(m, insertedEvents(chunk, inserted));
  }
}

function insertedEvents(chunk: readonly AuditEventInput[], rows: { event_key: string; cycle_seconds: number | null }[]): InsertedAuditEvent[] {
  const byKey = new Map(chunk.map((e) => [e.eventKey, e]));
  return rows.flatMap((r) => {
    const e = byKey.get(r.event_key);
    return e ? [{ type: e.type, stepKey: e.stepKey, actorKind: e.actorKind, data: e.data, cycleSeconds: r.cycle_seconds === null ? null : Number(r.cycle_seconds) }] : [];
  });
}

@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Appends in a transaction of its own (a savepoint when constructed over a transaction's EntityManager). */
  async append(events: readonly AuditEventInput[]): Promise<void> {
    if (events.length) await this.db.transaction((m) => insertAuditEvents(m, events));
  }

  /** Up to `limit` rows after id `afterId`, in id order, each column as PostgreSQL renders it in text. */
  readonly chainRows: ChainRowReader = async (afterId, limit) => {
    const rows: Record<string, unknown>[] = await this.db.query(CHAIN_ROWS_SQL, [afterId, limit]);
    return rows.map(toChainRow);
  };
}
