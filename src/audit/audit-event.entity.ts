// One row of the append-only audit trail. `eventKey` makes every write idempotent under
// activity retries; the hash chain (prev_hash/hash) is computed by the database on insert.
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'event_key', type: 'text', unique: true }) eventKey: string;
  @Column({ name: 'contract_id', type: 'uuid', nullable: true }) contractId: string | null;
  @Column({ type: 'text' }) type: string;
  @Column({ name: 'actor_kind', type: 'text' }) actorKind: 'user' | 'rule' | 'bot' | 'system' | 'anonymous';
  @Column({ name: 'actor_id', type: 'text', nullable: true }) actorId: string | null;
  @Column({ type: 'int', nullable: true }) revision: number | null;
  @Column({ name: 'step_key', type: 'text', nullable: true }) stepKey: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'jsonb', nullable: true }) origin: Record<string, unknown> | null;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
  @Column({ name: 'prev_hash', type: 'text', nullable: true }) prevHash: string | null;
  /** Set by the insert trigger (never by the application), so never null once stored. */
  @Column({ type: 'text' }) hash: string;
  /** Which canonical form the hash covers (set by the trigger; see src/audit/audit-chain.ts). */
  @Column({ name: 'chain_version', type: 'smallint', default: 1 }) chainVersion: number;
}
