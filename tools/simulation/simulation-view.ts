// What the simulator reads of the database while it drives the workflows: the tasks they opened,
// the contracts sent back to their reps, how many are closed. Reads only; the workflows write.
import type { DataSource } from 'typeorm';
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import type { TaskSchedule } from '../../src/domain/sla/sla-schedule';

const FINAL = ['approved', 'rejected', 'withdrawn'];

export interface OpenTaskRow {
  id: string;
  contract_id: string;
  step_key: string;
  revision: number;
  assignee_id: string;
  created_at: Date;
  schedule: TaskSchedule;
}

export class SimulationView {
  constructor(private readonly db: DataSource) {}

  /** Tasks of these contracts still open that were created at or after `since`. */
  openTasksSince(since: Date, contractIds: string[]): Promise<OpenTaskRow[]> {
    return this.db.query(
      `SELECT id, contract_id, step_key, revision, assignee_id, created_at, schedule FROM tasks WHERE status = 'open' AND created_at >= $1 AND contract_id = ANY($2)`,
      [since, contractIds],
    );
  }

  /** The open tasks of these contracts. */
  async openTasksOf(contractIds: string[]): Promise<{ id: string; contract_id: string }[]> {
    return contractIds.length ? this.db.query(`SELECT id, contract_id FROM tasks WHERE contract_id = ANY($1) AND status = 'open'`, [contractIds]) : [];
  }

  contractsInRework(contractIds: string[]): Promise<{ id: string; revision: number; rework_since: Date }[]> {
    return this.db.query(`SELECT id, revision, rework_since FROM contracts WHERE status = 'changes_requested' AND id = ANY($1)`, [contractIds]);
  }

  async closedCount(contractIds: string[]): Promise<number> {
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM contracts WHERE status = ANY($1) AND id = ANY($2)`, [FINAL, contractIds]);
    return n;
  }

  statusCounts(contractIds: string[]): Promise<{ status: string; n: number }[]> {
    return this.db.query(`SELECT status, count(*)::int AS n FROM contracts WHERE id = ANY($1) GROUP BY status`, [contractIds]);
  }

  async submissionOf(contractId: string): Promise<ContractSubmission> {
    const [row] = await this.db.query(`SELECT data FROM contracts WHERE id = $1`, [contractId]);
    return row.data as ContractSubmission;
  }

  async lastCompletion(): Promise<Date | null> {
    const [{ last }] = await this.db.query(`SELECT max(completed_at) AS last FROM contracts`);
    return last ? new Date(last) : null;
  }
}
