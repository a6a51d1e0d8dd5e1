// The current state of one step of one contract, with the explanation of its latest decision
// and, for human steps, the SLA state. Earlier decisions live in the audit trail.
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { StepApprovers } from '../domain/chain/countersign';
import type { StepSla, StepStatus } from '../domain/chain/engine.types';

export type { StepStatus };

export type StepSlaState = StepSla;

@Entity('contract_steps')
export class ContractStepEntity {
  @PrimaryColumn({ name: 'contract_id', type: 'uuid' }) contractId: string;
  @PrimaryColumn('text') key: string;
  @Column({ type: 'int' }) number: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) status: StepStatus;
  /** The contract revision this state belongs to. */
  @Column({ type: 'int' }) revision: number;
  @Column({ name: 'decided_by_kind', type: 'text', nullable: true }) decidedByKind: 'rule' | 'user' | null;
  /** Rule id for rules, user id for people. */
  @Column({ name: 'decided_by_id', type: 'text', nullable: true }) decidedById: string | null;
  @Column({ name: 'policy_version', type: 'text', nullable: true }) policyVersion: string | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ type: 'jsonb', nullable: true }) inputs: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) problems: string[] | null;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  /** When a revision kept this decision because the step's inputs did not change. */
  @Column({ name: 'kept_from_revision', type: 'int', nullable: true }) keptFromRevision: number | null;
  @Column({ name: 'task_id', type: 'uuid', nullable: true }) taskId: string | null;
  @Column({ type: 'jsonb', nullable: true }) sla: StepSlaState | null;
  /** A step several people decide together: mode, approvals needed, each approver's task and decision (null: one assignee). */
  @Column({ type: 'jsonb', nullable: true }) approvers: StepApprovers | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
