// Business counters move where facts are committed: the audit trail. insertAuditEvents
// (src/audit/audit.repository.ts) hands over the rows its INSERT really inserted (a retried write
// whose event key is already stored is skipped by the chain, so it counts nothing) and they are
// counted once the transaction commits; a rollback, or a savepoint's, drops them. Only data
// sources a process has attached metrics to do this work (attachAuditMetrics), so each process
// counts what it wrote itself and Prometheus sums the processes.
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import type { AuditEventInput } from '../domain/audit/audit-event-types';

/** An audit row that was inserted, with what the metrics need. */
export interface InsertedAuditEvent {
  type: AuditEventInput['type'];
  stepKey: string | null;
  actorKind: AuditEventInput['actorKind'];
  data: Record<string, unknown>;
  /** For an outcome (approved, rejected, withdrawn): seconds since the contract was submitted. */
  cycleSeconds: number | null;
}

export type AuditEventSink = (events: readonly InsertedAuditEvent[]) => void;

const PENDING = 'greenlight.insertedAuditEvents';
interface Pending {
  depth: number;
  events: InsertedAuditEvent[];
}

function depthOf(qr: QueryRunner): number {
  // TypeORM keeps the savepoint depth protected; it is what tells a savepoint from the transaction.
  return (qr as unknown as { transactionDepth?: number }).transactionDepth ?? 1;
}

class AuditMetricsSubscriber implements EntitySubscriberInterface {
  constructor(readonly sink: AuditEventSink) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const qr = event.queryRunner;
    if (qr.isTransactionActive) {
      // A savepoint released: its rows now stand or fall with the enclosing level, so a later
      // rollback of a sibling savepoint at the same depth must not drop them.
      const depth = depthOf(qr);
      for (const p of (qr.data[PENDING] as Pending[] | undefined) ?? []) p.depth = Math.min(p.depth, depth);
      return;
    }
    const pending = qr.data[PENDING] as Pending[] | undefined;
    delete qr.data[PENDING];
    if (pending?.length) this.sink(pending.flatMap((p) => p.events));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const qr = event.queryRunner;
    const pending = qr.data[PENDING] as Pending[] | undefined;
    if (!pending) return;
    if (!qr.isTransactionActive) delete qr.data[PENDING];
    else qr.data[PENDING] = pending.filter((p) => p.depth <= depthOf(qr));
  }
}

/** Counts the audit events committed through this data source into `sink` (once per data source). */
export function attachAuditMetrics(db: DataSource, sink: AuditEventSink): void {
  const subscribers = db.subscribers;
  const existing = subscribers.findIndex((s) => s instanceof AuditMetricsSubscriber);
  if (existing >= 0) subscribers.splice(existing, 1);
  subscribers.push(new AuditMetricsSubscriber(sink));
}

function subscriberOf(m: EntityManager): AuditMetricsSubscriber | undefined {
  return m.dataSource.subscribers.find((s): s is AuditMetricsSubscriber => s instanceof AuditMetricsSubscriber);
}

/** Whether anyone counts this data source's audit rows (so the writer can skip the bookkeeping). */
export function auditMetricsAttached(m: EntityManager): boolean {
  return subscriberOf(m) !== undefined;
}

/** Called by insertAuditEvents with the rows it inserted: counted at commit (at once outside a transaction). */
export function noteInsertedAuditEvents(m: EntityManager, events: readonly InsertedAuditEvent[]): void {
  if (!events.length) return;
  const subscriber = subscriberOf(m);
  if (!subscriber) return;
  const qr = m.queryRunner;
  if (!qr || !qr.isTransactionActive) {
    subscriber.sink(events);
    return;
  }
  const pending = (qr.data[PENDING] as Pending[] | undefined) ?? [];
  pending.push({ depth: depthOf(qr), events: [...events] });
  qr.data[PENDING] = pending;
}
