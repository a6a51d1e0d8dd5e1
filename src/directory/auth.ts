// Authentication for /api: a bearer token (API clients) or the web app's session cookie. Tokens
// and session ids are looked up by SHA-256 hash; dev tokens (`dev-<username>`), and sessions
// opened with one, are refused in production. Cookie-authenticated requests that change state
// must carry the session's CSRF token in X-CSRF-Token (bearer requests cannot be forged by another
// site, so they are exempt). Routes marked @Public() skip all of it (health, docs, the session
// endpoints, the e-mailed task pages, which carry their own single-use tokens).
import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig, devTokensAllowed } from '../config/env.schema';
import { sha256Hex } from '../common/ids';
import { AppError, EdgeErrorCode } from '../common/app-error';
import { ApiTokensRepository } from './api-tokens.repository';
import type { UserEntity } from './user.entity';
import type { Locale } from './locale';
import { SessionsRepository } from '../session/sessions.repository';
import { csrfTokenMatches, SESSION_COOKIE, sessionCookieOf, sessionLifetime } from '../session/session-cookie';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  email: string;
  roles: string[];
  managerId: string | null;
  timeZone: string | null;
  /** null: the organisation's default (DEFAULT_LOCALE). */
  locale?: Locale | null;
}

export const IS_PUBLIC = 'greenlight:public';
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
});

/** The request's origin, for the audit trail. */
export const RequestOrigin = createParamDecorator((_: unknown, ctx: ExecutionContext): Record<string, unknown> => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, requestId: req.get('x-request-id') ?? null, channel: 'api' };
});

export function authUserOf(u: UserEntity): AuthUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    roles: u.roles,
    managerId: u.managerId,
    timeZone: u.timeZone,
    locale: u.locale ?? null,
  };
}

/** Methods that change state: a cookie-authenticated one needs the CSRF header. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: ApiTokensRepository;
  private readonly sessions: SessionsRepository;

  constructor(
    private readonly reflector: Reflector,
    db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.tokens = new ApiTokensRepository(db);
    this.sessions = new SessionsRepository(db);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.get('authorization');
    const cookie = sessionCookieOf(req);
    // A request with both is a bearer request: the header is what an API client chose to send.
    if (header !== undefined || cookie === undefined) {
      req.user = await this.bearerUser(header ?? '');
      return true;
    }
    const session = await this.sessions.findLive(sha256Hex(cookie), sessionLifetime(this.config));
    if (!session) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, `Session ended or expired (cookie ${SESSION_COOKIE}): sign in again`);
    if (session.isDev && !devTokensAllowed(this.config)) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Sessions opened with a dev token are refused in production');
    if (UNSAFE_METHODS.has(req.method) && !csrfTokenMatches(req.get('x-csrf-token'), session.csrfToken)) {
      throw new AppError(EdgeErrorCode.CSRF_TOKEN_INVALID, 'Missing or wrong X-CSRF-Token header: send the csrfToken from POST or GET /api/session');
    }
    req.user = authUserOf(session.user);
    return true;
  }

  private async bearerUser(header: string): Promise<AuthUser> {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Missing bearer token: send Authorization: Bearer <token>, or sign in with POST /api/session');
    const owner = await this.tokens.findOwner(sha256Hex(match[1]));
    if (!owner) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Unknown token');
    if (owner.isDev && !devTokensAllowed(this.config)) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Dev tokens are refused in production');
    return authUserOf(owner.user);
  }
}

export const isOps = (u: AuthUser) => u.roles.includes('ops');
export const isRep = (u: AuthUser) => u.roles.includes('rep');
