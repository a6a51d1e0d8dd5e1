// Attention flags: things about a running contract that ops must act on and the workflow cannot
// settle itself, e.g. an escalation that ran out of managers (nobody above the last one told).
// A list of { kind, taskId, step, level, since } entries, empty when nothing needs ops; an entry
// is removed when its task is decided or cancelled. Kept apart from `incidents` (activities that
// failed for good, which ops retry): these need a person, not a retry.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContractAttention1764806400100 implements MigrationInterface {
  name = 'ContractAttention1764806400100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contracts ADD COLUMN attention jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`CREATE INDEX contracts_flagged_for_attention_idx ON contracts (submitted_at DESC) WHERE attention <> '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX contracts_flagged_for_attention_idx`);
    await q.query(`ALTER TABLE contracts DROP COLUMN attention`);
  }
}
