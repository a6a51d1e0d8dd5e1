// The denied-party list as reference data of its own, screened by name: one row per listed party
// with its aliases, and the normalised keys of both (src/domain/rules/party-name.ts), so customer
// capture finds a listed company under a new registration number. The keys are computed by the
// application (keys_version says by which version of the normaliser; stale rows are re-keyed
// before each lookup and by the migrate command), never by SQL.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeniedPartyList1764201600001 implements MigrationInterface {
  name = 'DeniedPartyList1764201600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE denied_parties (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- A stable identity for idempotent loading: the source list's own id, or 'customer:<registration number>'.
        entry_key text NOT NULL UNIQUE,
        name text NOT NULL,
        aliases text[] NOT NULL DEFAULT '{}',
        country text,
        source text NOT NULL,
        note text,
        listed_at timestamptz NOT NULL DEFAULT now(),
        name_keys text[] NOT NULL DEFAULT '{}',
        keys_version int NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX denied_parties_name_keys_idx ON denied_parties USING gin (name_keys)`);
    await q.query(`CREATE INDEX denied_parties_stale_keys_idx ON denied_parties (keys_version)`);
    // Every customer the registry flags today is on the list by name too.
    await q.query(`
      INSERT INTO denied_parties (entry_key, name, country, source, note)
      SELECT 'customer:' || registration_number, name, country, 'customer_registry',
             'Flagged in the customer registry (registration number ' || registration_number || ')'
      FROM customers WHERE denied_party
      ON CONFLICT (entry_key) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS denied_parties`);
  }
}
