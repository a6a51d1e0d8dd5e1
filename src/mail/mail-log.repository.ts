// The mail log: one row per mail event and recipient. It turns "send" into "send once": a row
// marked sent makes every retry a no-op, and a short claim (lease) keeps two attempts of the
// same activity from talking to SMTP at the same time.
import type { DataSource } from 'typeorm';
import type { AuditEventInput } from '../domain/audit/audit-event-types';
import { insertAuditEvents } from '../audit/audit.repository';

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
    const [row] = await this.db.query(
      `INSERT INTO mail_log (event_key, recipient_id, recipient_email, kind, contract_id, task_id, message_id, status, attempts, claimed_until)
       VALUES ($1,$2,$3,$4,$5,$6,$7,'sending',1, now() + make_interval(secs => $8))
       ON CONFLICT (event_key, recipient_id) DO UPDATE
         SET attempts = mail_log.attempts + 1, claimed_until = EXCLUDED.claimed_until, updated_at = now()
         WHERE mail_log.status = 'sending' AND (mail_log.claimed_until IS NULL OR mail_log.claimed_until < now())
       RETURNING attempts`,
      [c.eventKey, c.recipientId, c.recipientEmail, c.kind, c.contractId, c.taskId, c.messageId, MAIL_CLAIM_SECONDS],
    );
    if (row) return { state: 'claimed', attempt: row.attempts as number };
    const [existing] = await this.db.query(`SELECT status FROM mail_log WHERE event_key = $1 AND recipient_id = $2`, [c.eventKey, c.recipientId]);
    return existing?.status === 'sent' ? { state: 'sent' } : { state: 'busy' };
  }

  /** Marks the mail sent and records MAIL_SENT, in one transaction. */
  async markSent(eventKey: string, recipientId: string, subject: string, audit: AuditEventInput): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE mail_log SET status = 'sent', sent_at = now(), subject = $3, claimed_until = NULL, last_error = NULL, updated_at = now()
         WHERE event_key = $1 AND recipient_id = $2`,
        [eventKey, recipientId, subject],
      );
      await insertAuditEvents(m, [audit]);
    });
  }

  /** Ends a failed attempt's claim at once, so the next retry need not wait for the lease. */
  async release(eventKey: string, recipientId: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE mail_log SET claimed_until = NULL, last_error = $3, updated_at = now() WHERE event_key = $1 AND recipient_id = $2 AND status = 'sending'`,
      [eventKey, recipientId, error.slice(0, 2000)],
    );
  }
}
