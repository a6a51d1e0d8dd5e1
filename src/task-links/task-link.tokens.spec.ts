import {
  csrfFieldFor,
  csrfMatches,
  deriveTaskLinkToken,
  hashTaskLinkToken,
  isWellFormedNonce,
  isWellFormedToken,
  newCsrfNonce,
  newTaskLinkToken,
} from './task-link.tokens';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';

describe('task link tokens', () => {
  it('mailed tokens are 256 random bits in base64url, a new one every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newTaskLinkToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(isWellFormedToken(token)).toBe(true);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('row keys are 256-bit base64url values, the same on every retry of one mail', () => {
    const token = deriveTaskLinkToken(SECRET, 'task-1:assigned', 'user-1');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(deriveTaskLinkToken(SECRET, 'task-1:assigned', 'user-1')).toBe(token);
    expect(isWellFormedToken(token)).toBe(true);
  });

  it('differ per mail event, per recipient and per secret', () => {
    const base = deriveTaskLinkToken(SECRET, 'task-1:assigned', 'user-1');
    expect(deriveTaskLinkToken(SECRET, 'task-1:reminder:0.5:0', 'user-1')).not.toBe(base);
    expect(deriveTaskLinkToken(SECRET, 'task-1:assigned', 'user-2')).not.toBe(base);
    expect(deriveTaskLinkToken(`${SECRET}x`, 'task-1:assigned', 'user-1')).not.toBe(base);
    // The encoding keeps ("a", "b\nc") and ("a\nb", "c") apart.
    expect(deriveTaskLinkToken(SECRET, 'a', 'b\nc')).not.toBe(deriveTaskLinkToken(SECRET, 'a\nb', 'c'));
  });

  it('are stored as a SHA-256 hex hash, never as themselves', () => {
    const token = deriveTaskLinkToken(SECRET, 'e', 'u');
    const hash = hashTaskLinkToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashTaskLinkToken(token)).toBe(hash);
  });

  it('reject malformed values before any lookup', () => {
    for (const bad of ['', 'short', `${'a'.repeat(43)}=`, `${'a'.repeat(42)}+`, 'a'.repeat(44), '../../etc/passwd']) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });
});

describe('CSRF pair', () => {
  const tokenHash = hashTaskLinkToken(deriveTaskLinkToken(SECRET, 'e', 'u'));

  it('matches only the cookie nonce it was made from, for the link it was made for', () => {
    const nonce = newCsrfNonce();
    expect(isWellFormedNonce(nonce)).toBe(true);
    const field = csrfFieldFor(SECRET, tokenHash, nonce);
    expect(csrfMatches(SECRET, tokenHash, nonce, field)).toBe(true);
    expect(csrfMatches(SECRET, tokenHash, newCsrfNonce(), field)).toBe(false);
    expect(csrfMatches(SECRET, hashTaskLinkToken('other'), nonce, field)).toBe(false);
    expect(csrfMatches(`${SECRET}x`, tokenHash, nonce, field)).toBe(false);
  });

  it('fails closed on a missing or malformed cookie or field', () => {
    const nonce = newCsrfNonce();
    const field = csrfFieldFor(SECRET, tokenHash, nonce);
    expect(csrfMatches(SECRET, tokenHash, undefined, field)).toBe(false);
    expect(csrfMatches(SECRET, tokenHash, 'x', field)).toBe(false);
    expect(csrfMatches(SECRET, tokenHash, nonce, undefined)).toBe(false);
    expect(csrfMatches(SECRET, tokenHash, nonce, `${field}x`)).toBe(false);
    expect(csrfMatches(SECRET, tokenHash, nonce, '')).toBe(false);
  });
});
