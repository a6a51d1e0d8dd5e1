// A row of policy_versions: a draft a policy admin edits, or an immutable version with the
// instant it is in force from (migration 1764720000000-policy-versions).
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ChainPolicy } from '../domain/chain/policy.types';

@Entity('policy_versions')
export class PolicyVersionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'chain_id', type: 'text' }) chainId: string;
  /** null while a draft. */
  @Column({ type: 'text', nullable: true }) version: string | null;
  @Column({ type: 'text' }) status: 'draft' | 'version';
  /** 'code': a version shipped in code (SLIM_POLICY_VERSIONS), seeded; 'api': made by a policy admin. */
  @Column({ type: 'text' }) source: 'code' | 'api';
  @Column({ type: 'jsonb' }) policy: ChainPolicy;
  @Column({ name: 'from_version', type: 'text', nullable: true }) fromVersion: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'activated_by', type: 'uuid', nullable: true }) activatedBy: string | null;
  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true }) activatedAt: Date | null;
  @Column({ name: 'active_from', type: 'timestamptz', nullable: true }) activeFrom: Date | null;
}
