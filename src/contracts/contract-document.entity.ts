// The rendered final contract (contract_generation), one per approved revision: HTML, and PDF.
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('contract_documents')
export class ContractDocumentEntity {
  @PrimaryColumn({ name: 'contract_id', type: 'uuid' }) contractId: string;
  @PrimaryColumn('int') revision: number;
  @Column({ name: 'content_type', type: 'text' }) contentType: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'text' }) sha256: string;
  /** The same document as PDF (Noto Sans SC, so Chinese renders); not loaded unless asked for, since it is the large column. */
  @Column({ type: 'bytea', nullable: true, select: false }) pdf: Buffer | null;
  @Column({ name: 'pdf_sha256', type: 'text', nullable: true }) pdfSha256: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
