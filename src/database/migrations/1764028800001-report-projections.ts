// Reporting projections: one row per contract and one per step decision, written in the same
// transaction as the workflow's progress (src/reports/report-projection.ts) and keyed so that a
// retried write replaces rather than duplicates. The report (src/reports/cycle-time-report.ts)
// reads only these tables; filters (submission time, rep, customer country) are copied onto the
// step rows so a report over a million decisions never joins.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportProjections1764028800001 implements MigrationInterface {
  name = 'ReportProjections1764028800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_contract_facts (
        contract_id uuid PRIMARY KEY REFERENCES contracts(id),
        rep_id uuid NOT NULL,
        customer_country text NOT NULL,
        chain_id text NOT NULL,
        policy_version text NOT NULL,
        submitted_at timestamptz NOT NULL,
        status text NOT NULL,
        revision int NOT NULL,
        completed_at timestamptz,
        -- Submission to completion, wall clock.
        elapsed_ms bigint,
        -- Time the contract sat with the rep (changes requested), reported separately.
        rework_ms bigint NOT NULL DEFAULT 0,
        -- elapsed_ms minus rework_ms: what counts against the target (as the contract's RAG does).
        cycle_ms bigint,
        target_ms bigint NOT NULL,
        within_target boolean,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX report_contract_facts_submitted_idx ON report_contract_facts (submitted_at)`);
    await q.query(`CREATE INDEX report_contract_facts_rep_idx ON report_contract_facts (rep_id, submitted_at)`);
    await q.query(`CREATE INDEX report_contract_facts_country_idx ON report_contract_facts (customer_country, submitted_at)`);

    await q.query(`
      CREATE TABLE report_step_facts (
        contract_id uuid NOT NULL REFERENCES contracts(id),
        step_key text NOT NULL,
        revision int NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('approved','auto_approved','skipped','rejected','changes_requested')),
        decided_by_kind text NOT NULL CHECK (decided_by_kind IN ('rule','user')),
        -- Rule id, or user id.
        decided_by_id text NOT NULL,
        -- The person who decided (assignee or an escalation manager); NULL for rule decisions.
        approver_id uuid,
        task_id uuid,
        started_at timestamptz,
        task_created_at timestamptz,
        decided_at timestamptz NOT NULL,
        -- Task created to decided (human tasks, including those approved on timeout).
        waiting_ms bigint,
        -- Step started to decided, for every step (seconds for rules and bots).
        processing_ms bigint,
        due_at timestamptz,
        breached boolean NOT NULL DEFAULT false,
        escalation_level int NOT NULL DEFAULT 0,
        rep_id uuid NOT NULL,
        customer_country text NOT NULL,
        submitted_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (contract_id, step_key, revision)
      )`);
    // Counts per step over every decision in a period: an index-only scan of this index.
    await q.query(`
      CREATE INDEX report_step_facts_submitted_idx ON report_step_facts (submitted_at)
        INCLUDE (step_key, decided_by_kind, rep_id, customer_country)`);
    // Percentiles, breaches and per-approver figures read only human tasks: a small slice of the table.
    await q.query(`
      CREATE INDEX report_step_facts_tasks_idx ON report_step_facts (submitted_at)
        INCLUDE (step_key, decided_by_kind, waiting_ms, approver_id, breached, escalation_level, rep_id, customer_country)
        WHERE task_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS report_step_facts`);
    await q.query(`DROP TABLE IF EXISTS report_contract_facts`);
  }
}
