// A change counter per reference list, so a process may keep a list in memory and ask one row
// whether it is still current instead of reading the whole table for every lookup (denied-party
// screening scores every listed name: src/reference/denied-parties.repository.ts). Any statement
// that writes denied_parties (a list load, a key refresh, an entry added or removed by hand, a
// TRUNCATE) bumps the counter in the same transaction, through a trigger that runs as the
// owner: the application role may read the counters, not set them.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReferenceVersions1764979200000 implements MigrationInterface {
  name = 'ReferenceVersions1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reference_versions (name text PRIMARY KEY, version bigint NOT NULL)`);
    await q.query(`INSERT INTO reference_versions (name, version) VALUES ('denied_parties', 1)`);
    await q.query(`
      CREATE FUNCTION bump_reference_version() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO reference_versions (name, version) VALUES (TG_ARGV[0], 1)
        ON CONFLICT (name) DO UPDATE SET version = reference_versions.version + 1;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER denied_parties_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON denied_parties
      FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version('denied_parties')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS denied_parties_version ON denied_parties`);
    await q.query(`DROP FUNCTION IF EXISTS bump_reference_version()`);
    await q.query(`DROP TABLE IF EXISTS reference_versions`);
  }
}
