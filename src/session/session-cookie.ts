// The web app's session cookie and CSRF token: names, attributes, lifetimes and the comparison.
// CSRF uses the synchronizer-token pattern: the token is created with the server-side session and
// stored in it, so there is no second cookie to keep in step (csrf-csrf's double-submit pattern
// exists for servers without session state; this one has a sessions table anyway).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request } from 'express';
import type { AppConfig } from '../config/env.schema';
import type { SessionLifetime } from './sessions.repository';

export const SESSION_COOKIE = 'greenlight_session';
export const CSRF_HEADER = 'X-CSRF-Token';

/** 32 random bytes, base64url: a session id or a CSRF token. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

export function sessionLifetime(config: AppConfig): SessionLifetime {
  return { idleSeconds: Math.round(config.SESSION_IDLE_HOURS * 3600), maxSeconds: Math.round(config.SESSION_MAX_DAYS * 86400) };
}

/** The session id the browser sent, if any (cookie-parser fills req.cookies). */
export function sessionCookieOf(req: Request): string | undefined {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Lax (other sites' forms and fetches do not carry it; a
 * link from an e-mail does), Path=/ (the app and /api), Secure when the public URL is https.
 */
export function sessionCookieOptions(config: AppConfig): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: new URL(config.PUBLIC_BASE_URL).protocol === 'https:',
  };
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function csrfTokenMatches(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
