// A task may be decided 'return': its approver sent the contract back to an earlier step
// (src/domain/chain/return-to-step.ts). The step it went back to is in the audit trail
// (CONTRACT_RETURNED_TO_STEP), so the row needs only the wider decision check.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskDecisionReturn1764892800200 implements MigrationInterface {
  name = 'TaskDecisionReturn1764892800200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_decision_check`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_decision_check CHECK (decision IN ('approve','reject','request_changes','return'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_decision_check`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_decision_check CHECK (decision IN ('approve','reject','request_changes'))`);
  }
}
