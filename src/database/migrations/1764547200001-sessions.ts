// Browser sessions of the web app (POST /api/session): the cookie carries a random id, the table
// only its SHA-256 hash (like api_tokens), so a copy of the table signs no one in. Each session
// holds its CSRF token (synchronizer pattern) and two lifetimes: idle (last_seen_at, slid forward
// as it is used) and absolute (expires_at). is_dev marks sessions opened with a dev token, refused
// like the token itself when the process runs in production.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Sessions1764547200001 implements MigrationInterface {
  name = 'Sessions1764547200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        is_dev boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
  }
}
