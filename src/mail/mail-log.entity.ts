// One mail event for one recipient (table mail_log): claimed while being sent ('sending', with a
// lease in claimed_until), then 'sent' for good. The key is (event_key, recipient_id).
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type MailLogStatus = 'sending' | 'sent';

@Entity('mail_log')
export class MailLogEntity {
  @PrimaryColumn({ name: 'event_key', type: 'text' }) eventKey: string;
  @PrimaryColumn({ name: 'recipient_id', type: 'uuid' }) recipientId: string;
  @Column({ name: 'recipient_email', type: 'text' }) recipientEmail: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ name: 'contract_id', type: 'uuid', nullable: true }) contractId: string | null;
  @Column({ name: 'task_id', type: 'uuid', nullable: true }) taskId: string | null;
  @Column({ name: 'message_id', type: 'text' }) messageId: string;
  @Column({ type: 'text', nullable: true }) subject: string | null;
  @Column({ type: 'text' }) status: MailLogStatus;
  @Column({ type: 'int', default: 0 }) attempts: number;
  /** While 'sending': no other attempt talks to SMTP before this instant. */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true }) claimedUntil: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
