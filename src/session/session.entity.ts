// A browser session (see migration 1764547200001-sessions): the cookie's id is stored only hashed.
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UserEntity } from '../directory/user.entity';

@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ name: 'id_hash', type: 'text' }) idHash: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  /** Sent back by the web app in X-CSRF-Token on every state-changing request. */
  @Column({ name: 'csrf_token', type: 'text' }) csrfToken: string;
  /** Opened with a dev token: refused, like the token, when the process runs in production. */
  @Column({ name: 'is_dev', type: 'boolean', default: false }) isDev: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  /** Joined by SessionsRepository.findLive; not a column. */
  user?: UserEntity;
}
