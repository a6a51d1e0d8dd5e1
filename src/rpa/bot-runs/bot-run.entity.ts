// One run of an RPA bot on the RPA worker (today the order bot): what it did, and for a failed run
// the step it stopped at, the error and a PNG of the page, for ops (GET /api/ops/bot-runs).
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('bot_runs')
export class BotRunEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'text' }) bot: string;
  @Column({ name: 'contract_id', type: 'uuid', nullable: true }) contractId: string | null;
  @Column({ type: 'text' }) adapter: 'browser' | 'rest';
  @Column({ type: 'text' }) status: 'succeeded' | 'failed';
  @Column({ type: 'text', nullable: true }) outcome: 'created' | 'reused' | null;
  @Column({ name: 'erp_order_number', type: 'text', nullable: true }) erpOrderNumber: string | null;
  @Column({ type: 'integer' }) attempt: number;
  @Column({ type: 'text', nullable: true }) step: string | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ name: 'page_url', type: 'text', nullable: true }) pageUrl: string | null;
  @Column({ type: 'bytea', nullable: true, select: false }) screenshot: Buffer | null;
  @Column({ name: 'duration_ms', type: 'integer' }) durationMs: number;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  @Column({ name: 'finished_at', type: 'timestamptz' }) finishedAt: Date;
}
