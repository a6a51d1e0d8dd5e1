// The api_tokens table, for authentication: who owns a token (looked up by its SHA-256 hash),
// and which users have a dev token (the /login page's demo users, outside production).
import type { DataSource, Repository } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity';
import { UserEntity } from './user.entity';

export interface TokenOwner {
  user: UserEntity;
  /** A dev token (`dev-<username>`): refused in production. */
  isDev: boolean;
}

export class ApiTokensRepository {
  private readonly users: Repository<UserEntity>;

  constructor(db: DataSource) {
    this.users = db.getRepository(UserEntity);
  }

  async findOwner(tokenHash: string): Promise<TokenOwner | null> {
    const { entities, raw } = await this.users
      .createQueryBuilder('u')
      .innerJoin(ApiTokenEntity, 't', 't.userId = u.id')
      .addSelect('t.isDev', 'token_is_dev')
      .where('t.tokenHash = :tokenHash', { tokenHash })
      .getRawAndEntities<{ token_is_dev: boolean }>();
    if (!entities[0]) return null;
    return { user: entities[0], isDev: raw[0].token_is_dev === true };
  }

  /** Users holding a dev token, with its hash, by username. */
  async devTokenHolders(): Promise<{ user: UserEntity; tokenHash: string }[]> {
    const { entities, raw } = await this.users
      .createQueryBuilder('u')
      .innerJoin(ApiTokenEntity, 't', 't.userId = u.id AND t.isDev = true')
      .addSelect('t.tokenHash', 'token_hash')
      .orderBy('u.username', 'ASC')
      .getRawAndEntities<{ token_hash: string }>();
    // getRawAndEntities keeps raw rows and entities in the same order when each user has one token;
    // a user with two dev tokens appears once among entities, so match by user id.
    const hashesByUser = new Map<string, string[]>();
    for (const r of raw as unknown as Record<string, string>[]) {
      const id = r.u_id;
      hashesByUser.set(id, [...(hashesByUser.get(id) ?? []), r.token_hash]);
    }
    return entities.flatMap((user) => (hashesByUser.get(user.id) ?? []).map((tokenHash) => ({ user, tokenHash })));
  }
}
