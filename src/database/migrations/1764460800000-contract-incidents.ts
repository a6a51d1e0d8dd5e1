// Incidents: a contract whose workflow hit an activity failure it cannot get past by retrying
// (a data error, or every retry used up) records it here, so ops see which contracts need
// attention, at which step and why, and can retry them (POST /api/contracts/:id/retry).
// NULL when nothing is stuck; otherwise the list of open incidents as the workflow reports them.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContractIncidents1764460800000 implements MigrationInterface {
  name = 'ContractIncidents1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contracts ADD COLUMN incidents jsonb`);
    await q.query(`CREATE INDEX contracts_needing_attention_idx ON contracts (submitted_at DESC) WHERE incidents IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX contracts_needing_attention_idx`);
    await q.query(`ALTER TABLE contracts DROP COLUMN incidents`);
  }
}
