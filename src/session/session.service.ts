// Web app sessions: opened with an API token (the same check as a bearer request), read back,
// ended; and the demo users the /login page offers outside production. The cookie carries a random
// id; the sessions table keeps only its hash, the user and the CSRF token.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig, devTokensAllowed } from '../config/env.schema';
import { AppError, EdgeErrorCode } from '../common/app-error';
import { sha256Hex } from '../common/ids';
import { ApiTokensRepository } from '../directory/api-tokens.repository';
import { effectiveLocale } from '../directory/locale';
import type { UserEntity } from '../directory/user.entity';
import { csrfTokenMatches, newSecret, SESSION_COOKIE, sessionCookieOf, sessionCookieOptions, sessionLifetime } from './session-cookie';
import type { DemoUserView, SessionView } from './session.dto';
import { SessionsRepository } from './sessions.repository';

@Injectable()
export class SessionService {
  private readonly tokens: ApiTokensRepository;
  private readonly sessions: SessionsRepository;

  constructor(
    db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.tokens = new ApiTokensRepository(db);
    this.sessions = new SessionsRepository(db);
  }

  async signIn(token: string, res: Response): Promise<SessionView> {
    const owner = await this.tokens.findOwner(sha256Hex(token));
    if (!owner) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Unknown token');
    if (owner.isDev && !devTokensAllowed(this.config)) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Dev tokens are refused in production');
    const id = newSecret();
    const csrfToken = newSecret();
    const lifetime = sessionLifetime(this.config);
    await this.sessions.open({ idHash: sha256Hex(id), userId: owner.user.id, csrfToken, isDev: owner.isDev }, lifetime);
    res.cookie(SESSION_COOKIE, id, { ...sessionCookieOptions(this.config), maxAge: lifetime.maxSeconds * 1000 });
    return this.view(owner.user, csrfToken);
  }

  async current(req: Request): Promise<SessionView> {
    const session = await this.live(req);
    if (!session) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Not signed in: POST /api/session with a token');
    return this.view(session.user, session.csrfToken);
  }

  /** Ends the session the cookie names (if it is still live, only with its CSRF token) and clears the cookie. */
  async signOut(req: Request, res: Response): Promise<void> {
    const cookie = sessionCookieOf(req);
    const session = await this.live(req);
    if (session && !csrfTokenMatches(req.get('x-csrf-token'), session.csrfToken)) {
      throw new AppError(EdgeErrorCode.CSRF_TOKEN_INVALID, 'Missing or wrong X-CSRF-Token header: send the csrfToken from POST or GET /api/session');
    }
    if (cookie) await this.sessions.end(sha256Hex(cookie));
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config));
  }

  /** The users with a published dev token, for the /login page; 404 where dev tokens are refused. */
  async demoUsers(): Promise<DemoUserView[]> {
    if (!devTokensAllowed(this.config)) throw new AppError(EdgeErrorCode.NOT_FOUND, 'Demo users are offered only where dev tokens are allowed (not in production)');
    const holders = await this.tokens.devTokenHolders();
    return holders
      .filter(({ user, tokenHash }) => tokenHash === sha256Hex(`dev-${user.username}`))
      .map(({ user }) => ({ username: user.username, displayName: user.displayName, roles: user.roles, token: `dev-${user.username}` }));
  }

  private async live(req: Request) {
    const cookie = sessionCookieOf(req);
    if (!cookie) return null;
    const session = await this.sessions.findLive(sha256Hex(cookie), sessionLifetime(this.config));
    if (!session || (session.isDev && !devTokensAllowed(this.config))) return null;
    return session;
  }

  private view(user: UserEntity, csrfToken: string): SessionView {
    return {
      user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, locale: effectiveLocale(user.locale, this.config.DEFAULT_LOCALE) },
      csrfToken,
    };
  }
}
