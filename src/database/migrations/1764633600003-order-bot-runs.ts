// The order bot (RPA worker): the contract's order carries the ERP's order number, the ERP's status
// and its history (confirmed, shipped, invoiced with the times the ERP shows), and every bot run is
// a row in bot_runs: what it did, and for a failed run the step, the error and a PNG of the page
// where it stopped, which ops open from GET /api/ops/bot-runs.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderBotRuns1764633600003 implements MigrationInterface {
  name = 'OrderBotRuns1764633600003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orders
        ADD COLUMN erp_order_number text,
        ADD COLUMN erp_adapter text CHECK (erp_adapter IN ('browser', 'rest')),
        ADD COLUMN erp_status text CHECK (erp_status IN ('confirmed', 'shipped', 'invoiced')),
        ADD COLUMN erp_status_history jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN erp_checked_at timestamptz`);
    await q.query(`
      CREATE TABLE bot_runs (
        id uuid PRIMARY KEY,
        bot text NOT NULL,
        contract_id uuid REFERENCES contracts(id),
        adapter text NOT NULL CHECK (adapter IN ('browser', 'rest')),
        status text NOT NULL CHECK (status IN ('succeeded', 'failed')),
        outcome text CHECK (outcome IN ('created', 'reused')),
        erp_order_number text,
        attempt integer NOT NULL,
        step text,
        error text,
        page_url text,
        screenshot bytea,
        duration_ms integer NOT NULL CHECK (duration_ms >= 0),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX bot_runs_status_started_idx ON bot_runs (status, started_at DESC)`);
    await q.query(`CREATE INDEX bot_runs_contract_idx ON bot_runs (contract_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bot_runs`);
    await q.query(`ALTER TABLE orders DROP COLUMN erp_order_number, DROP COLUMN erp_adapter, DROP COLUMN erp_status, DROP COLUMN erp_status_history, DROP COLUMN erp_checked_at`);
  }
}
