// The cryptography of e-mailed task links: the link token, the link's row key, their stored
// hashes, and the CSRF pair that ties a decision form to the browser that loaded it. Pure
// functions of their inputs, except the random values.
//
// The token in a link is 32 random bytes the server made when it issued the link (base64url),
// stored only as its SHA-256: nothing a rep can see or compute (task id, assignee, mail event,
// even TOKEN_SECRET) gives it. Separately, each link row has a key, HMAC-SHA256(TOKEN_SECRET,
// mail event key + recipient), the same on every retry of the same mail, so a retried send finds
// the row an earlier attempt stored instead of issuing a second link; that key is never mailed.
// (Before link tokens were random, the key itself was the mailed token; such old links are refused.)
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 bytes in base64url without padding. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** A fresh link token: 256 random bits, base64url (43 characters). */
export function newTaskLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The row key of the link for one mail event and recipient (never mailed; see above). */
export function deriveTaskLinkToken(secret: string, mailEventKey: string, recipientId: string): string {
  return createHmac('sha256', secret).update(JSON.stringify(['greenlight:task-link:v1', mailEventKey, recipientId])).digest('base64url');
}

export function hashTaskLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before any database lookup. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** A fresh random value for the CSRF cookie (128 bits). */
export function newCsrfNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function isWellFormedNonce(nonce: string | undefined): nonce is string {
  return typeof nonce === 'string' && NONCE_PATTERN.test(nonce);
}

/**
 * The form's hidden CSRF field: the cookie's nonce bound to this link. A page from another site
 * can neither read the cookie (HttpOnly, SameSite=Strict) nor compute the field without the secret.
 */
export function csrfFieldFor(secret: string, tokenHash: string, nonce: string): string {
  return createHmac('sha256', secret).update(JSON.stringify(['greenlight:task-link-csrf:v1', tokenHash, nonce])).digest('base64url');
}

/** Constant-time check that the posted field matches the cookie's nonce for this link. */
export function csrfMatches(secret: string, tokenHash: string, cookieNonce: string | undefined, field: string | undefined): boolean {
  if (!isWellFormedNonce(cookieNonce) || typeof field !== 'string') return false;
  const expected = Buffer.from(csrfFieldFor(secret, tokenHash, cookieNonce));
  const given = Buffer.from(field);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
