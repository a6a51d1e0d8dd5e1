// Task links that cannot be computed: each e-mailed link carries a random nonce that only the
// server made, stored as its SHA-256 (task_link_nonces), so knowing the task, the recipient and
// even TOKEN_SECRET is never enough to act. And the task-link rate limiter's counters
// (rate-limiter-flexible's PostgreSQL store, shared by every API process), which replace counting
// TASK_LINK_REJECTED audit rows per address.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskLinkNoncesAndRateLimits1764201600000 implements MigrationInterface {
  name = 'TaskLinkNoncesAndRateLimits1764201600000';

  async up(q: QueryRunner): Promise<void> {
    // One row per mail attempt that rendered the link: a resend after a crash between SMTP and
    // the mail log carries a new nonce, and both mails open the same (single-use) link. Links
    // issued before this migration have no nonce: their old-format URLs are refused as superseded.
    await q.query(`
      CREATE TABLE task_link_nonces (
        nonce_hash text PRIMARY KEY,
        link_id uuid NOT NULL REFERENCES task_links(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX task_link_nonces_link_idx ON task_link_nonces (link_id, created_at)`);

    // The layout rate-limiter-flexible's RateLimiterPostgres expects (created here, so the
    // application role needs no CREATE): key, points consumed in the window, window end in epoch ms.
    await q.query(`
      CREATE TABLE task_link_rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await q.query(`CREATE INDEX task_link_rate_limits_expire_idx ON task_link_rate_limits (expire)`);

    // The limiter no longer counts audit rows per address.
    await q.query(`DROP INDEX IF EXISTS audit_events_task_link_ip_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS audit_events_task_link_ip_idx ON audit_events ((origin->>'ip'), occurred_at) WHERE type = 'TASK_LINK_REJECTED'`);
    await q.query(`DROP TABLE IF EXISTS task_link_rate_limits`);
    await q.query(`DROP TABLE IF EXISTS task_link_nonces`);
  }
}
