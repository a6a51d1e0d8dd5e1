// A person who uses Greenlight: their roles, their manager (the escalation path), their time
// zone, language and any out-of-office period that routes new tasks to a delegate.
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Locale } from './locale';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) username: string;
  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text', array: true }) roles: string[];
  @Column({ type: 'text', nullable: true }) title: string | null;
  @Column({ name: 'manager_id', type: 'uuid', nullable: true }) managerId: string | null;
  @Column({ name: 'time_zone', type: 'text', nullable: true }) timeZone: string | null;
  @Column({ name: 'ooo_from', type: 'timestamptz', nullable: true }) oooFrom: Date | null;
  @Column({ name: 'ooo_to', type: 'timestamptz', nullable: true }) oooTo: Date | null;
  @Column({ name: 'ooo_delegate_id', type: 'uuid', nullable: true }) oooDelegateId: string | null;
  /** null: the organisation's default (DEFAULT_LOCALE). */
  @Column({ type: 'text', nullable: true }) locale: Locale | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
