// Bearer-token authentication for /api. Tokens are looked up by SHA-256 hash; dev tokens
// (`dev-<username>`) are refused in production. Routes marked @Public() skip it (health, docs,
// the e-mailed task pages, which carry their own single-use tokens).
import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig, devTokensAllowed } from '../config/env.schema';
import { sha256Hex } from '../common/ids';
import { AppError, EdgeErrorCode } from '../common/app-error';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  email: string;
  roles: string[];
  managerId: string | null;
  timeZone: string | null;
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

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Missing bearer token: send Authorization: Bearer <token>');
    const [row] = await this.db.query(
      `SELECT u.id, u.username, u.display_name, u.email, u.roles, u.manager_id, u.time_zone, t.is_dev
       FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`,
      [sha256Hex(match[1])],
    );
    if (!row) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Unknown token');
    if (row.is_dev && !devTokensAllowed(this.config)) throw new AppError(EdgeErrorCode.UNAUTHENTICATED, 'Dev tokens are refused in production');
    req.user = {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      roles: row.roles,
      managerId: row.manager_id,
      timeZone: row.time_zone,
    };
    return true;
  }
}

export const isOps = (u: AuthUser) => u.roles.includes('ops');
export const isRep = (u: AuthUser) => u.roles.includes('rep');
