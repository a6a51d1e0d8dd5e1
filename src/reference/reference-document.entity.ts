// Versioned reference documents kept whole (the standard clause library).
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('reference_documents')
export class ReferenceDocumentEntity {
  @PrimaryColumn('text') key: string;
  @Column({ type: 'text' }) version: string;
  @Column({ type: 'jsonb' }) body: unknown;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
