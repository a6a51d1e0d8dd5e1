// The product catalogue the rules price and tax against.
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '../database/transformers';

@Entity('products')
export class ProductEntity {
  @PrimaryColumn('text') sku: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'list_price', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer }) listPrice: number;
  @Column({ name: 'floor_price', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer }) floorPrice: number;
  @Column({ name: 'tax_rate_percent', type: 'numeric', precision: 5, scale: 2, transformer: numericTransformer }) taxRatePercent: number;
  @Column({ name: 'lead_time_days', type: 'int' }) leadTimeDays: number;
}
