// The rendered final contract (contract_generation), one per approved revision.
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('contract_documents')
export class ContractDocumentEntity {
  @PrimaryColumn({ name: 'contract_id', type: 'uuid' }) contractId: string;
  @PrimaryColumn('int') revision: number;
  @Column({ name: 'content_type', type: 'text' }) contentType: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'text' }) sha256: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
