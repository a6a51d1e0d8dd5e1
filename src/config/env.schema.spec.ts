import { randomBytes } from 'node:crypto';
import { ConfigError, devTokensAllowed, loadConfig } from './env.schema';
import { DEV_TOKEN_SECRET, tokenSecretProblem } from './token-secret';

const goodSecret = () => randomBytes(32).toString('base64url');
const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
};

describe('secure defaults', () => {
  it('is production when NODE_ENV is not set, and production refuses to start without TOKEN_SECRET', () => {
    const message = problemsOf({});
    expect(message).toContain('NODE_ENV=production');
    expect(message).toMatch(/TOKEN_SECRET: is required in production/);
    expect(message).toContain('NODE_ENV=development');
  });

  it('refuses the published development secret in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', TOKEN_SECRET: DEV_TOKEN_SECRET })).toMatch(/TOKEN_SECRET: is the published development value/);
  });

  it('refuses dev tokens and demo seeding in production, naming each variable', () => {
    const message = problemsOf({ NODE_ENV: 'production', TOKEN_SECRET: goodSecret(), ALLOW_DEV_TOKENS: 'true', SEED_DEMO_DATA: 'true' });
    expect(message).toMatch(/ALLOW_DEV_TOKENS: dev tokens .* are refused in production/);
    expect(message).toMatch(/SEED_DEMO_DATA: demo users .* are refused in production/);
  });

  it('starts in production with a random secret: no dev tokens, no demo data', () => {
    const config = loadConfig({ TOKEN_SECRET: goodSecret() });
    expect(config.NODE_ENV).toBe('production');
    expect(config.SEED_DEMO_DATA).toBe(false);
    expect(devTokensAllowed(config)).toBe(false);
    expect(devTokensAllowed(loadConfig({ TOKEN_SECRET: goodSecret(), ALLOW_DEV_TOKENS: 'false' }))).toBe(false);
  });

  it('keeps the development conveniences when development is said explicitly', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.TOKEN_SECRET).toBe(DEV_TOKEN_SECRET);
    expect(config.SEED_DEMO_DATA).toBe(true);
    expect(devTokensAllowed(config)).toBe(true);
    expect(devTokensAllowed(loadConfig({ NODE_ENV: 'test', ALLOW_DEV_TOKENS: 'false' }))).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', SEED_DEMO_DATA: 'false' }).SEED_DEMO_DATA).toBe(false);
  });
});

describe('tokenSecretProblem', () => {
  it('accepts 32 random bytes as hex, base64 and base64url, padded or not', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(32);
      expect(tokenSecretProblem(bytes.toString('hex'))).toBeNull();
      expect(tokenSecretProblem(bytes.toString('base64'))).toBeNull();
      expect(tokenSecretProblem(bytes.toString('base64url'))).toBeNull();
    }
    expect(tokenSecretProblem(randomBytes(64).toString('base64'))).toBeNull();
  });

  it.each([
    ['a passphrase', 'a-production-secret-of-at-least-32-characters', /low-entropy/],
    ['one repeated letter', 'A'.repeat(64), /low-entropy/],
    ['a repeated hex pattern', '0123456789abcdef'.repeat(4), /low-entropy/],
    ['a repeated base64 block', `${randomBytes(8).toString('base64url').slice(0, 11)}`.repeat(4), /low-entropy/],
    ['too short hex', randomBytes(31).toString('hex'), /43\+ base64|low-entropy/],
    ['too short base64', randomBytes(31).toString('base64url'), /at least 32 random bytes/],
    ['other characters', `${randomBytes(32).toString('base64url')}!`, /at least 32 random bytes/],
    ['the dev default', DEV_TOKEN_SECRET, /published development value/],
  ])('refuses %s', (_name, secret, reason) => {
    expect(tokenSecretProblem(secret)).toMatch(reason);
  });
});
