// The users table, through its entity: look-ups by id (one or a few), the directory listing,
// and the two things a user may change about themselves (out-of-office period, language).
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import type { Locale } from './locale';
import { UserEntity } from './user.entity';

export interface OutOfOffice {
  from: string;
  to: string;
  delegateUserId: string | null;
}

@Injectable()
export class UsersRepository {
  private readonly users: Repository<UserEntity>;

  /** A DataSource (the API's provider) or an EntityManager (inside a caller's transaction). */
  constructor(db: DataSource | EntityManager) {
    this.users = db.getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** The users among `ids` that exist (one query, whatever the count). */
  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return ids.length ? this.users.findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /** The directory by username, narrowed to some ids and/or a role; the whole table only when neither is given. */
  list(filter: { ids?: readonly string[]; role?: string } = {}): Promise<UserEntity[]> {
    const q = this.users.createQueryBuilder('u').orderBy('u.username', 'ASC');
    if (filter.ids) q.andWhere('u.id IN (:...ids)', { ids: filter.ids.length ? [...new Set(filter.ids)] : [null] });
    if (filter.role) q.andWhere(':role = ANY(u.roles)', { role: filter.role });
    return q.getMany();
  }

  async setOutOfOffice(userId: string, period: OutOfOffice): Promise<void> {
    await this.users.update({ id: userId }, { oooFrom: new Date(period.from), oooTo: new Date(period.to), oooDelegateId: period.delegateUserId });
  }

  async setLocale(userId: string, locale: Locale | null): Promise<void> {
    await this.users.update({ id: userId }, { locale });
  }
}
