// The sales order created from an approved contract (order_creation), at most one per contract,
// and what the order bot found in the ERP: its order number there, its status and the history of
// that status (confirmed → shipped → invoiced, with the times the ERP shows).
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
  @Column({ name: 'erp_order_number', type: 'text', nullable: true }) erpOrderNumber: string | null;
  @Column({ name: 'erp_adapter', type: 'text', nullable: true }) erpAdapter: 'browser' | 'rest' | null;
  @Column({ name: 'erp_status', type: 'text', nullable: true }) erpStatus: ErpOrderStatus | null;
  @Column({ name: 'erp_status_history', type: 'jsonb', default: () => "'[]'::jsonb" }) erpStatusHistory: ErpStatusChange[];
  /** When the status bot last read the order in the ERP. */
  @Column({ name: 'erp_checked_at', type: 'timestamptz', nullable: true }) erpCheckedAt: Date | null;
}

export type ErpOrderStatus = 'confirmed' | 'shipped' | 'invoiced';

/** One status of the order in the ERP: when the ERP set it, and when our bot saw it. */
export interface ErpStatusChange {
  status: ErpOrderStatus;
  at: string;
  recordedAt: string;
}
