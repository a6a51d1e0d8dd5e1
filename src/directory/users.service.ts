// The directory's rules between HTTP and the users table: a caller reads the directory and their
// own profile, and changes only their own out-of-office period and language. Who may stand in
// for whom is the domain's delegation rule (src/domain/routing/delegation-eligibility.ts).
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { SLIM_POLICY } from '../domain/chain/slim.policy';
import { delegateRoleRefusal, rolesToCover } from '../domain/routing/delegation-eligibility';
import { AppError } from '../common/app-error';
import { validationFailed } from '../common/validation';
import type { AuthUser } from './auth';
import { effectiveLocale, type Locale } from './locale';
import type { UserEntity } from './user.entity';
import type { MeView, OutOfOfficeDto, UsersQuery, UserView } from './users.dto';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(q: UsersQuery = {}): Promise<UserView[]> {
    return (await this.users.list({ ids: q.ids, role: q.role })).map(userView);
  }

  async me(caller: AuthUser): Promise<MeView> {
    const u = await this.users.findById(caller.id);
    // The guard just read this user; a row deleted in between is not a client error.
    if (!u) throw new Error(`User ${caller.id} vanished while answering /api/users/me`);
    return {
      ...userView(u),
      outOfOffice: u.oooFrom && u.oooTo ? { from: u.oooFrom.toISOString(), to: u.oooTo.toISOString(), delegateUserId: u.oooDelegateId } : null,
      locale: u.locale,
      effectiveLocale: effectiveLocale(u.locale, this.config.DEFAULT_LOCALE),
    };
  }

  async setOutOfOffice(caller: AuthUser, dto: OutOfOfficeDto): Promise<MeView> {
    if (Date.parse(dto.to) <= Date.parse(dto.from)) {
      throw validationFailed([{ field: 'to', rule: 'afterFrom', message: 'to must be after from' }]);
    }
    if (dto.delegateUserId) {
      if (dto.delegateUserId === caller.id) throw validationFailed([{ field: 'delegateUserId', rule: 'notSelf', message: 'delegateUserId must be someone else' }]);
      const delegate = await this.users.findById(dto.delegateUserId);
      if (!delegate) throw validationFailed([{ field: 'delegateUserId', rule: 'exists', message: 'delegateUserId names no user' }]);
      // One rule with explicit delegation: the delegate holds a role the absent person's tasks need.
      const refusal = delegateRoleRefusal(rolesToCover(caller.roles, SLIM_POLICY.steps), delegate.roles);
      if (refusal) throw new AppError(refusal.code, refusal.message, refusal.details);
    }
    await this.users.setOutOfOffice(caller.id, { from: dto.from, to: dto.to, delegateUserId: dto.delegateUserId ?? null });
    return this.me(caller);
  }

  async setLocale(caller: AuthUser, locale: Locale | null): Promise<MeView> {
    await this.users.setLocale(caller.id, locale);
    return this.me(caller);
  }
}

function userView(u: UserEntity): UserView {
  return { id: u.id, username: u.username, displayName: u.displayName, email: u.email, roles: u.roles, title: u.title, managerId: u.managerId, timeZone: u.timeZone };
}
