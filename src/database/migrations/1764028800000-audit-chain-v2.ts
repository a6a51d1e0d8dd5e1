// Audit chain, version 2: an unambiguous canonical form for the rows the hash covers.
//
// Version 1 (the initial schema) joins the fields with concat_ws('|', …) and turns NULL into ''.
// Two different rows can then have the same canonical text, so an edit could keep the hash:
// a NULL actor_id or step_key and an empty one hash alike, and a '|' moved between two adjacent
// text fields (event_key|type, type|actor_kind, …) leaves the joined string unchanged.
// Version 2 writes every field as <byte length>:<value>, and NULL as '-', after a fixed prefix
// that names the version. Rows written before this migration keep version 1 (their hashes
// cannot change: the table is append-only); `chain_version` tells the verifier which form a
// row used. The column itself is not covered by the hash — changing it only makes the row fail
// verification under the other form.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditChainV21764028800000 implements MigrationInterface {
  name = 'AuditChainV21764028800000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default does not rewrite the table and fires no row trigger.
    await q.query(`ALTER TABLE audit_events ADD COLUMN chain_version smallint NOT NULL DEFAULT 1`);
    await q.query(`
      CREATE FUNCTION audit_field(v text) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END
      $$`);
    await q.query(`
      CREATE FUNCTION audit_events_canonical_v2(e audit_events) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT 'greenlight-audit/v2;'
          || audit_field(e.prev_hash) || audit_field(e.id::text) || audit_field(e.event_key) || audit_field(e.type)
          || audit_field(e.actor_kind) || audit_field(e.actor_id) || audit_field(e.contract_id::text)
          || audit_field(e.revision::text) || audit_field(e.step_key)
          || audit_field(to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
          || audit_field(e.origin::text) || audit_field(e.data::text)
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(7220190001);
        NEW.id := nextval('audit_events_id_seq');
        NEW.chain_version := 2;
        SELECT hash INTO NEW.prev_hash FROM audit_events ORDER BY id DESC LIMIT 1;
        NEW.hash := encode(sha256(convert_to(audit_events_canonical_v2(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(7220190001);
        NEW.id := nextval('audit_events_id_seq');
        SELECT hash INTO NEW.prev_hash FROM audit_events ORDER BY id DESC LIMIT 1;
        NEW.hash := encode(sha256(convert_to(audit_events_canonical(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await q.query(`DROP FUNCTION IF EXISTS audit_events_canonical_v2(audit_events)`);
    await q.query(`DROP FUNCTION IF EXISTS audit_field(text)`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN IF EXISTS chain_version`);
  }
}
