// The customer registry that customer_capture reads and, for unknown customers, writes.
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '../database/transformers';

@Entity('customers')
export class CustomerEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'registration_number', type: 'text', unique: true }) registrationNumber: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) country: string;
  @Column({ name: 'credit_limit', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer }) creditLimit: number;
  @Column({ name: 'outstanding_balance', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer }) outstandingBalance: number;
  @Column({ name: 'max_overdue_days', type: 'int' }) maxOverdueDays: number;
  @Column({ name: 'denied_party', type: 'boolean' }) deniedParty: boolean;
  /** The contract whose customer_capture created this record, if any. */
  @Column({ name: 'created_by_contract_id', type: 'uuid', nullable: true }) createdByContractId: string | null;
  /** Other names the customer is known by (Chinese legal name, English name, former names); name matching reads them. */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) aliases: string[];
  /** Set on a record created for a new registration number whose name resembled this existing customer's (customer capture). */
  @Column({ name: 'probable_duplicate_of', type: 'uuid', nullable: true }) probableDuplicateOf: string | null;
  @Column({ name: 'probable_duplicate_score', type: 'numeric', precision: 4, scale: 3, nullable: true, transformer: numericTransformer }) probableDuplicateScore: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
