// A decision a human owes: one per human step per revision. The workflow creates and closes it;
// the row mirrors the workflow's state for listing and authorization.
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Decision } from '../domain/chain/engine.types';

export type TaskStatus = 'open' | 'decided' | 'cancelled';
export type { Decision };

@Entity('tasks')
export class TaskEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'contract_id', type: 'uuid' }) contractId: string;
  @Column({ name: 'step_key', type: 'text' }) stepKey: string;
  @Column({ type: 'int' }) revision: number;
  @Column({ type: 'text' }) status: TaskStatus;
  @Column({ name: 'assignee_id', type: 'uuid' }) assigneeId: string;
  /** Who the task went to before out-of-office routing, delegation or self-approval rerouting. */
  @Column({ name: 'original_assignee_id', type: 'uuid' }) originalAssigneeId: string;
  /** Managers the task escalated to; each may decide in the assignee's place. */
  @Column({ name: 'escalated_to', type: 'uuid', array: true, default: () => "'{}'" }) escalatedTo: string[];
  @Column({ name: 'escalation_level', type: 'int', default: 0 }) escalationLevel: number;
  @Column({ type: 'text', nullable: true }) decision: Decision | null;
  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true }) decidedById: string | null;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt: Date | null;
  @Column({ type: 'jsonb' }) schedule: { dueAt: string; reminders: { fraction: number; at: string }[]; escalations: { level: number; at: string }[] };
  @Column({ name: 'escalation_chain', type: 'uuid', array: true, default: () => "'{}'" }) escalationChain: string[];
  /** The rule result that sent this step to a human: why a person is needed. */
  @Column({ type: 'jsonb' }) reason: { ruleId: string; reason: string; problems?: string[]; inputs?: Record<string, unknown> };
  @Column({ name: 'routing_note', type: 'text', nullable: true }) routingNote: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
