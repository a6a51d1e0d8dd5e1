// The sessions table: open, find a live one (and slide its idle lifetime), end one. Times come
// from the database's clock, the same one that compares them.
import type { DataSource, Repository } from 'typeorm';
import { UserEntity } from '../directory/user.entity';
import { SessionEntity } from './session.entity';

export interface SessionLifetime {
  idleSeconds: number;
  maxSeconds: number;
}

/** How stale last_seen_at may be before a request writes it again: one write a minute, not one per request. */
const TOUCH_AFTER_SECONDS = 60;

export class SessionsRepository {
  private readonly sessions: Repository<SessionEntity>;

  constructor(db: DataSource) {
    this.sessions = db.getRepository(SessionEntity);
  }

  /** Stores a new session, and drops sessions past either lifetime (so the table stays small). */
  async open(s: { idHash: string; userId: string; csrfToken: string; isDev: boolean }, lifetime: SessionLifetime): Promise<void> {
    await this.sessions
      .createQueryBuilder()
      .delete()
      .where('expires_at <= now()')
      .orWhere(`last_seen_at <= now() - :idle * interval '1 second'`, { idle: lifetime.idleSeconds })
      .execute();
    await this.sessions
      .createQueryBuilder()
      .insert()
      .values({ ...s, createdAt: () => 'now()', lastSeenAt: () => 'now()', expiresAt: () => `now() + ${Math.floor(lifetime.maxSeconds)} * interval '1 second'` })
      .execute();
  }

  /** The session and its user when neither lifetime has passed; its idle lifetime slides forward. */
  async findLive(idHash: string, lifetime: SessionLifetime): Promise<(SessionEntity & { user: UserEntity }) | null> {
    const session = await this.sessions
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.user', UserEntity, 'u', 'u.id = s.userId')
      .where('s.idHash = :idHash', { idHash })
      .andWhere('s.expiresAt > now()')
      .andWhere(`s.lastSeenAt > now() - :idle * interval '1 second'`, { idle: lifetime.idleSeconds })
      .getOne();
    if (!session?.user) return null;
    // Most requests come within the minute: no write, and no round trip, for them.
    if (Date.now() - session.lastSeenAt.getTime() < TOUCH_AFTER_SECONDS * 1000) return session as SessionEntity & { user: UserEntity };
    await this.sessions
      .createQueryBuilder()
      .update()
      .set({ lastSeenAt: () => 'now()' })
      .where('id_hash = :idHash', { idHash })
      .andWhere(`last_seen_at < now() - ${TOUCH_AFTER_SECONDS} * interval '1 second'`)
      .execute();
    return session as SessionEntity & { user: UserEntity };
  }

  async end(idHash: string): Promise<void> {
    await this.sessions.delete({ idHash });
  }
}
