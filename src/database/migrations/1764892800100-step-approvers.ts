// A step several people decide together (countersign 会签, or-sign 或签, quorum): the mode, how
// many approvals decide it, and each approver's task and decision (src/domain/chain/countersign.ts
// StepApprovers). Null on a step with one assignee, as every step had before.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StepApprovers1764892800100 implements MigrationInterface {
  name = 'StepApprovers1764892800100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contract_steps ADD COLUMN approvers jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contract_steps DROP COLUMN approvers`);
  }
}
