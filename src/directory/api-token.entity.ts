// Bearer tokens for the API, stored only as SHA-256 hashes.
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'token_hash', type: 'text', unique: true }) tokenHash: string;
  @Column({ type: 'text' }) label: string;
  /** Dev tokens (`dev-<username>`) are refused when NODE_ENV=production. */
  @Column({ name: 'is_dev', type: 'boolean', default: false }) isDev: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
