// A contract and its current state. The workflow `contract-<id>` is the only writer of status,
// revision and timing after submission; the API writes the row once, when the rep submits.
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ContractSubmission } from '../domain/contract/contract.types';
import type { ContractStatus, Incident } from '../domain/chain/engine.types';
import type { AttentionFlag } from '../domain/sla/attention';
import { numericTransformer } from '../database/transformers';

export type { ContractStatus };

@Entity('contracts')
export class ContractEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) status: ContractStatus;
  @Column({ type: 'int' }) revision: number;
  @Column({ name: 'chain_id', type: 'text' }) chainId: string;
  @Column({ name: 'policy_version', type: 'text' }) policyVersion: string;
  @Column({ name: 'submitter_id', type: 'uuid' }) submitterId: string;
  @Column({ name: 'customer_name', type: 'text' }) customerName: string;
  @Column({ name: 'customer_registration_number', type: 'text' }) customerRegistrationNumber: string;
  @Column({ name: 'customer_country', type: 'text' }) customerCountry: string;
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId: string | null;
  @Column({ type: 'text' }) currency: string;
  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer }) amount: number;
  @Column({ name: 'discount_percent', type: 'numeric', precision: 7, scale: 2, nullable: true, transformer: numericTransformer }) discountPercent: number | null;
  @Column({ type: 'jsonb' }) data: ContractSubmission;
  @Column({ name: 'current_steps', type: 'text', array: true, default: () => "'{}'" }) currentSteps: string[];
  @Column({ name: 'problems', type: 'jsonb', nullable: true }) problems: string[] | null;
  @Column({ name: 'workflow_id', type: 'text' }) workflowId: string;
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey: string | null;
  @Column({ name: 'idempotency_hash', type: 'text', nullable: true }) idempotencyHash: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Column({ name: 'target_hours', type: 'numeric', transformer: numericTransformer }) targetHours: number;
  /** Set while the contract waits for the rep (changes_requested); rework time is excluded from the target. */
  @Column({ name: 'rework_since', type: 'timestamptz', nullable: true }) reworkSince: Date | null;
  @Column({ name: 'rework_ms', type: 'bigint', default: 0, transformer: numericTransformer }) reworkMs: number;
  @Column({ name: 'any_step_breached', type: 'boolean', default: false }) anyStepBreached: boolean;
  /** When contract-<id> was started; null while the reconciler still has to start it. */
  @Column({ name: 'workflow_started_at', type: 'timestamptz', nullable: true }) workflowStartedAt: Date | null;
  @Column({ name: 'workflow_start_claimed_until', type: 'timestamptz', nullable: true }) workflowStartClaimedUntil: Date | null;
  /** Activity failures the workflow cannot get past (null: none); ops retry them. */
  @Column({ type: 'jsonb', nullable: true }) incidents: Incident[] | null;
  /** What ops must act on (src/domain/sla/attention.ts), e.g. an escalation that ran out of managers; empty when nothing. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" }) attention: AttentionFlag[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
