// Whether a contract's workflow was started. Submit commits the contract, then starts workflow
// contract-<id>; when Temporal is unreachable in between, the row is stored without a workflow.
// workflow_started_at stays NULL until a start succeeds (the API's, or the worker's reconciler's,
// src/temporal/workflow-reconciler.ts), and workflow_start_claimed_until is the reconciler's
// lease, so that several workers do not start the same contract at once.
// An Idempotency-Key replay reads workflow_started_at: a started contract is never started again.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContractWorkflowStarted1764288000000 implements MigrationInterface {
  name = 'ContractWorkflowStarted1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contracts ADD COLUMN workflow_started_at timestamptz`);
    await q.query(`ALTER TABLE contracts ADD COLUMN workflow_start_claimed_until timestamptz`);
    // Existing contracts: closed ones, and those whose workflow has recorded progress, certainly
    // ran. The rest (in review, every step still pending) are left to the reconciler: a start of
    // a running workflow attaches to it (USE_EXISTING), so nothing runs twice, and one that never
    // started (the defect this column fixes) finally starts.
    await q.query(`
      UPDATE contracts c SET workflow_started_at = c.submitted_at
      WHERE c.status <> 'in_review'
         OR EXISTS (SELECT 1 FROM contract_steps s WHERE s.contract_id = c.id AND s.status <> 'pending')`);
    await q.query(`CREATE INDEX contracts_without_workflow_idx ON contracts (submitted_at) WHERE workflow_started_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX contracts_without_workflow_idx`);
    await q.query(`ALTER TABLE contracts DROP COLUMN workflow_start_claimed_until`);
    await q.query(`ALTER TABLE contracts DROP COLUMN workflow_started_at`);
  }
}
