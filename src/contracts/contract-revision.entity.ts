// Every revision the rep submitted, whole, with the fields that changed from the one before.
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ContractSubmission } from '../domain/contract/contract.types';

@Entity('contract_revisions')
export class ContractRevisionEntity {
  @PrimaryColumn({ name: 'contract_id', type: 'uuid' }) contractId: string;
  @PrimaryColumn('int') revision: number;
  @Column({ type: 'jsonb' }) data: ContractSubmission;
  @Column({ name: 'changed_fields', type: 'text', array: true }) changedFields: string[];
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
