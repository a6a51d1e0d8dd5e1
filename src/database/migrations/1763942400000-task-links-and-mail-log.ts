// E-mailed tasks: one-click task links (stored only as token hashes) and the mail log that makes
// sending idempotent per mail event and recipient.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskLinksAndMailLog1763942400000 implements MigrationInterface {
  name = 'TaskLinksAndMailLog1763942400000';

  async up(q: QueryRunner): Promise<void> {
    // A link is bound to one task, one recipient and the revision the task belongs to. It is
    // valid while unused, unexpired and not superseded (by a new revision or a reassignment).
    await q.query(`
      CREATE TABLE task_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        task_id uuid NOT NULL REFERENCES tasks(id),
        user_id uuid NOT NULL REFERENCES users(id),
        contract_id uuid NOT NULL REFERENCES contracts(id),
        revision int NOT NULL,
        mail_event_key text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        superseded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX task_links_task_idx ON task_links (task_id)`);
    await q.query(`CREATE INDEX task_links_contract_idx ON task_links (contract_id, revision)`);

    // One row per mail event and recipient. 'sending' rows are claimed for a short lease so two
    // attempts of the same activity never talk to SMTP at once; 'sent' rows make retries no-ops.
    await q.query(`
      CREATE TABLE mail_log (
        event_key text NOT NULL,
        recipient_id uuid NOT NULL REFERENCES users(id),
        recipient_email text NOT NULL,
        kind text NOT NULL,
        contract_id uuid REFERENCES contracts(id),
        task_id uuid REFERENCES tasks(id),
        message_id text NOT NULL,
        subject text,
        status text NOT NULL CHECK (status IN ('sending','sent')),
        attempts int NOT NULL DEFAULT 0,
        claimed_until timestamptz,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_key, recipient_id)
      )`);
    await q.query(`CREATE INDEX mail_log_contract_idx ON mail_log (contract_id)`);
    // Rate limiting of failed task-link attempts counts recent TASK_LINK_REJECTED rows per address.
    await q.query(`CREATE INDEX audit_events_task_link_ip_idx ON audit_events ((origin->>'ip'), occurred_at) WHERE type = 'TASK_LINK_REJECTED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_events_task_link_ip_idx`);
    await q.query(`DROP TABLE IF EXISTS mail_log`);
    await q.query(`DROP TABLE IF EXISTS task_links`);
  }
}
