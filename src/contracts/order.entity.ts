// The sales order created from an approved contract (order_creation), at most one per contract.
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ContractLine } from '../domain/contract/contract.types';
import { numericTransformer } from '../database/transformers';

@Entity('orders')
export class OrderEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'contract_id', type: 'uuid', unique: true }) contractId: string;
  @Column({ name: 'order_number', type: 'text', unique: true }) orderNumber: string;
  @Column({ type: 'text' }) status: 'created' | 'released' | 'cancelled';
  @Column({ type: 'text' }) currency: string;
  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer }) amount: number;
  @Column({ type: 'jsonb' }) lines: ContractLine[];
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
