// Initial schema: identity, reference data, contracts with their steps, revisions, tasks,
// documents and orders, and the append-only, hash-chained audit trail.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763856000000 implements MigrationInterface {
  name = 'InitialSchema1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        email text NOT NULL,
        roles text[] NOT NULL,
        title text,
        manager_id uuid REFERENCES users(id),
        time_zone text,
        ooo_from timestamptz,
        ooo_to timestamptz,
        ooo_delegate_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ooo_from IS NULL OR ooo_to IS NULL OR ooo_from < ooo_to)
      )`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash text NOT NULL UNIQUE,
        label text NOT NULL,
        is_dev boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE products (
        sku text PRIMARY KEY,
        name text NOT NULL,
        list_price numeric(18,2) NOT NULL CHECK (list_price >= 0),
        floor_price numeric(18,2) NOT NULL CHECK (floor_price >= 0),
        tax_rate_percent numeric(5,2) NOT NULL,
        lead_time_days int NOT NULL CHECK (lead_time_days >= 0)
      )`);
    await q.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY,
        registration_number text NOT NULL UNIQUE,
        name text NOT NULL,
        country text NOT NULL,
        credit_limit numeric(18,2) NOT NULL DEFAULT 0,
        outstanding_balance numeric(18,2) NOT NULL DEFAULT 0,
        max_overdue_days int NOT NULL DEFAULT 0,
        denied_party boolean NOT NULL DEFAULT false,
        created_by_contract_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE reference_documents (
        key text PRIMARY KEY,
        version text NOT NULL,
        body jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE contracts (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        status text NOT NULL CHECK (status IN ('in_review','changes_requested','approved','rejected','withdrawn')),
        revision int NOT NULL,
        chain_id text NOT NULL,
        policy_version text NOT NULL,
        submitter_id uuid NOT NULL REFERENCES users(id),
        customer_name text NOT NULL,
        customer_registration_number text NOT NULL,
        customer_country text NOT NULL,
        customer_id uuid REFERENCES customers(id),
        currency text NOT NULL,
        amount numeric(18,2) NOT NULL,
        discount_percent numeric(7,2),
        data jsonb NOT NULL,
        current_steps text[] NOT NULL DEFAULT '{}',
        problems jsonb,
        workflow_id text NOT NULL UNIQUE,
        idempotency_key text,
        idempotency_hash text,
        submitted_at timestamptz NOT NULL,
        completed_at timestamptz,
        target_hours numeric NOT NULL,
        rework_since timestamptz,
        rework_ms bigint NOT NULL DEFAULT 0,
        any_step_breached boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (submitter_id, idempotency_key)
      )`);
    await q.query(`CREATE INDEX contracts_submitter_idx ON contracts (submitter_id, submitted_at DESC)`);
    await q.query(`CREATE INDEX contracts_status_idx ON contracts (status, submitted_at DESC)`);
    await q.query(`CREATE INDEX contracts_submitted_idx ON contracts (submitted_at DESC)`);
    await q.query(`
      CREATE TABLE contract_revisions (
        contract_id uuid NOT NULL REFERENCES contracts(id),
        revision int NOT NULL,
        data jsonb NOT NULL,
        changed_fields text[] NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (contract_id, revision)
      )`);
    await q.query(`
      CREATE TABLE contract_steps (
        contract_id uuid NOT NULL REFERENCES contracts(id),
        key text NOT NULL,
        number int NOT NULL,
        name text NOT NULL,
        status text NOT NULL,
        revision int NOT NULL,
        decided_by_kind text CHECK (decided_by_kind IN ('rule','user')),
        decided_by_id text,
        policy_version text,
        reason text,
        inputs jsonb,
        problems jsonb,
        comment text,
        kept_from_revision int,
        task_id uuid,
        sla jsonb,
        started_at timestamptz,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (contract_id, key)
      )`);
    await q.query(`CREATE INDEX contract_steps_status_idx ON contract_steps (key, status)`);
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        contract_id uuid NOT NULL REFERENCES contracts(id),
        step_key text NOT NULL,
        revision int NOT NULL,
        status text NOT NULL CHECK (status IN ('open','decided','cancelled')),
        assignee_id uuid NOT NULL REFERENCES users(id),
        original_assignee_id uuid NOT NULL REFERENCES users(id),
        escalated_to uuid[] NOT NULL DEFAULT '{}',
        escalation_level int NOT NULL DEFAULT 0,
        decision text CHECK (decision IN ('approve','reject','request_changes')),
        decided_by_id uuid REFERENCES users(id),
        comment text,
        decided_at timestamptz,
        due_at timestamptz,
        schedule jsonb NOT NULL,
        escalation_chain uuid[] NOT NULL DEFAULT '{}',
        reason jsonb NOT NULL,
        routing_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tasks_assignee_open_idx ON tasks (assignee_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX tasks_escalated_open_idx ON tasks USING gin (escalated_to) WHERE status = 'open'`);
    await q.query(`CREATE INDEX tasks_contract_idx ON tasks (contract_id)`);
    await q.query(`
      CREATE TABLE contract_documents (
        contract_id uuid NOT NULL REFERENCES contracts(id),
        revision int NOT NULL,
        content_type text NOT NULL,
        body text NOT NULL,
        sha256 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (contract_id, revision)
      )`);
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        contract_id uuid NOT NULL UNIQUE REFERENCES contracts(id),
        order_number text NOT NULL UNIQUE,
        status text NOT NULL,
        currency text NOT NULL,
        amount numeric(18,2) NOT NULL,
        lines jsonb NOT NULL,
        customer_id uuid REFERENCES customers(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE SEQUENCE order_number_seq START 100001`);

    // Audit trail: append-only and hash-chained. The chain is computed here, in the database,
    // so every writer (API, any number of workers) extends one chain; the advisory lock
    // serialises inserts and the id is drawn under the lock so id order is chain order.
    await q.query(`
      CREATE TABLE audit_events (
        id bigint PRIMARY KEY,
        event_key text NOT NULL UNIQUE,
        contract_id uuid,
        type text NOT NULL,
        actor_kind text NOT NULL,
        actor_id text,
        revision int,
        step_key text,
        occurred_at timestamptz NOT NULL,
        origin jsonb,
        data jsonb NOT NULL,
        prev_hash text,
        hash text NOT NULL
      )`);
    await q.query(`CREATE SEQUENCE audit_events_id_seq OWNED BY audit_events.id`);
    await q.query(`CREATE INDEX audit_events_contract_idx ON audit_events (contract_id, id)`);
    await q.query(`CREATE INDEX audit_events_type_idx ON audit_events (type, occurred_at)`);
    await q.query(`
      CREATE FUNCTION audit_events_canonical(e audit_events) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws('|',
          coalesce(e.prev_hash, ''), e.id::text, e.event_key, e.type, e.actor_kind, coalesce(e.actor_id, ''),
          coalesce(e.contract_id::text, ''), coalesce(e.revision::text, ''), coalesce(e.step_key, ''),
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          coalesce(e.origin::text, ''), e.data::text)
      $$`);
    await q.query(`
      CREATE FUNCTION audit_events_chain() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(7220190001);
        NEW.id := nextval('audit_events_id_seq');
        SELECT hash INTO NEW.prev_hash FROM audit_events ORDER BY id DESC LIMIT 1;
        NEW.hash := encode(sha256(convert_to(audit_events_canonical(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain()`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_events', 'orders', 'contract_documents', 'tasks', 'contract_steps', 'contract_revisions', 'contracts', 'reference_documents', 'customers', 'products', 'api_tokens', 'users']) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS order_number_seq`);
    await q.query(`DROP FUNCTION IF EXISTS audit_events_chain, audit_events_append_only, audit_events_canonical`);
  }
}
