// The mail log: one row per mail event and recipient. It turns "send" into "send once": a row
// marked sent makes every retry a no-op, and a short claim (lease) keeps two attempts of the
// same activity from talking to SMTP at the same time.
import type { DataSource } from 'typeorm';
import { insertAuditEvents } from '../audit/audit.repository';
import type { AuditEventInput } from '../domain/audit/audit-event-types';
import { MailLogEntity } from './mail-log.entity';

/** Longer than a send can take (see mail-transport.ts timeouts) and than the activity's timeout. */
export const MAIL_CLAIM_SECONDS = 90;

export interface MailClaim {
  eventKey: string;
  recipientId: string;
  recipientEmail: string;
  kind: string;
  contractId: string | null;
  taskId: string | null;
  messageId: string;
}

export type ClaimResult = { state: 'claimed'; attempt: number } | { state: 'sent' } | { state: 'busy' };

export class MailLogRepository {
  constructor(private readonly db: DataSource) {}

  async claim(c: MailClaim): Promise<ClaimResult> {
    // Reviewed SQL: insert-or-take-over-an-expired-lease must be one atomic statement, which the
    // entity API cannot express (a conditional ON CONFLICT DO UPDATE … WHERE).
    const [row]: { attempts: number }[] = await this.db.query(
      `INSERT INTO mail_log (event_key, recipient_id, recipient_email, kind, contract_id, task_id, message_id, status, attempts, claimed_until)
       VALUES ($1,$2,$3,$4,$5,$6,$7,'sending',1, now() + make_interval(secs => $8))
       ON CONFLICT (event_key, recipient_id) DO UPDATE
         SET attempts = mail_log.attempts + 1, claimed_until = EXCLUDED.claimed_until, updated_at = now()
         WHERE mail_log.status = 'sending' AND (mail_log.claimed_until IS NULL OR mail_log.claimed_until < now())
       RETURNING attempts`,
      [c.eventKey, c.recipientId, c.recipientEmail, c.kind, c.contractId, c.taskId, c.messageId, MAIL_CLAIM_SECONDS],
    );
    if (row) return { state: 'claimed', attempt: Number(row.attempts) };
    const existing = await this.db.getRepository(MailLogEntity).findOne({ where: { eventKey: c.eventKey, recipientId: c.recipientId }, select: { eventKey: true, status: true } });
    return existing?.status === 'sent' ? { state: 'sent' } : { state: 'busy' };
  }

  /** Marks the mail sent and records MAIL_SENT, in one transaction. */
  async markSent(eventKey: string, recipientId: string, subject: string, audit: AuditEventInput): Promise<void> {
    await this.db.transaction(async (m) => {
      await m
        .getRepository(MailLogEntity)
        .update({ eventKey, recipientId }, { status: 'sent', sentAt: () => 'now()', subject, claimedUntil: null, lastError: null });
      await insertAuditEvents(m, [audit]);
    });
  }

  /** Ends a failed attempt's claim at once, so the next retry need not wait for the lease. */
  async release(eventKey: string, recipientId: string, error: string): Promise<void> {
    await this.db.getRepository(MailLogEntity).update({ eventKey, recipientId, status: 'sending' }, { claimedUntil: null, lastError: error.slice(0, 2000) });
  }
}
