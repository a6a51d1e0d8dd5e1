// Policies in the database (issue 16): each row is a draft a policy admin edits, or an immutable
// version (its ChainPolicy JSON, who made and activated it, from when it is in force). The policy
// versions shipped in code are seeded as versions by the migrate command (src/policy/policy-seed.ts);
// a trigger refuses any change to a version once it is one, and any delete.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PolicyVersions1764720000000 implements MigrationInterface {
  name = 'PolicyVersions1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE policy_version_seq`);
    await q.query(`
      CREATE TABLE policy_versions (
        id uuid PRIMARY KEY,
        chain_id text NOT NULL,
        version text UNIQUE,
        status text NOT NULL CHECK (status IN ('draft', 'version')),
        source text NOT NULL CHECK (source IN ('code', 'api')),
        policy jsonb NOT NULL,
        from_version text,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        activated_by uuid REFERENCES users(id),
        activated_at timestamptz,
        active_from timestamptz,
        CHECK ((status = 'draft') = (version IS NULL)),
        CHECK (status = 'draft' OR (active_from IS NOT NULL AND activated_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX policy_versions_schedule_idx ON policy_versions (chain_id, active_from) WHERE status = 'version'`);
    await q.query(`
      CREATE FUNCTION policy_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'policy_versions rows are never deleted';
        END IF;
        IF OLD.status = 'version' THEN
          RAISE EXCEPTION 'policy version % is immutable', OLD.version;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER policy_versions_immutable BEFORE UPDATE OR DELETE ON policy_versions
        FOR EACH ROW EXECUTE FUNCTION policy_versions_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE policy_versions`);
    await q.query(`DROP FUNCTION policy_versions_immutable()`);
    await q.query(`DROP SEQUENCE policy_version_seq`);
  }
}
