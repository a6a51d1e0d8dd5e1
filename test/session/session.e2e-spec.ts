// The web app's session over the real API: POST /api/session sets an HttpOnly, SameSite=Lax
// cookie; the cookie authenticates like a bearer token; state-changing cookie requests need the
// session's X-CSRF-Token (bearer requests do not); DELETE ends the session server-side; demo users
// and dev-token sessions exist only outside production.
import { createHash, randomBytes } from 'node:crypto';
import { http, startTestStack, type TestStack } from '../support/stack';
import { token } from '../support/contracts';
import { aContract } from '../factories/contract.factory';

let stack: TestStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  stack = await startTestStack({ api: true });
  api = http(stack.baseUrl!);
});

afterAll(async () => {
  await stack?.stop();
});

interface SignedIn {
  cookie: string;
  setCookie: string;
  csrfToken: string;
  body: any;
}

async function signIn(baseUrl: string, tokenValue: string): Promise<SignedIn> {
  const res = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: tokenValue }) });
  const body: any = await res.json();
  expect(res.status).toBe(201);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0];
  return { cookie, setCookie, csrfToken: body.csrfToken, body };
}

const withCookie = (cookie: string, headers: Record<string, string> = {}) => ({ headers: { cookie, ...headers } });

test('signing in sets an HttpOnly, SameSite=Lax, Path=/ cookie (not Secure on http) and returns the user and a CSRF token', async () => {
  const s = await signIn(stack.baseUrl!, token('alice'));
  expect(s.cookie).toMatch(/^greenlight_session=[A-Za-z0-9_-]{43}$/);
  expect(s.setCookie).toMatch(/; HttpOnly/);
  expect(s.setCookie).toMatch(/; SameSite=Lax/);
  expect(s.setCookie).toMatch(/; Path=\//);
  expect(s.setCookie).not.toMatch(/; Secure/);
  expect(s.body.user).toEqual({ id: expect.any(String), username: 'alice', displayName: expect.any(String), roles: ['rep'], locale: expect.stringMatching(/^(en|zh-CN)$/) });
  expect(s.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

  const me = await api('GET', '/api/session', withCookie(s.cookie));
  expect(me.status).toBe(200);
  expect(me.body).toEqual(s.body);
});

test('an unknown token gets 401 UNAUTHENTICATED and no cookie; a missing token is a 400 naming the field', async () => {
  const res = await fetch(`${stack.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'not-a-token' }) });
  expect(res.status).toBe(401);
  expect(((await res.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
  expect(res.headers.get('set-cookie')).toBeNull();

  const missing = await api('POST', '/api/session', { body: {} });
  expect(missing.status).toBe(400);
  expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('token');
});

test('a form post (what another site could send) opens no session: JSON only, a 400 naming the content type', async () => {
  const res = await fetch(`${stack.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token('alice')}` });
  expect(res.status).toBe(400);
  expect(res.headers.get('set-cookie')).toBeNull();
  const body = (await res.json()) as { errors: { field: string; rule: string }[] };
  expect(body.errors).toEqual([expect.objectContaining({ field: 'content-type', rule: 'json_required' })]);
});

test('the cookie authenticates reads; without it GET /api/session is 401', async () => {
  const s = await signIn(stack.baseUrl!, token('olivia'));
  const contracts = await api('GET', '/api/contracts', withCookie(s.cookie));
  expect(contracts.status).toBe(200);
  expect((await api('GET', '/api/session')).status).toBe(401);
  expect((await api('GET', '/api/session', withCookie('greenlight_session=forged'))).status).toBe(401);
  expect((await api('GET', '/api/contracts', withCookie('greenlight_session=forged'))).status).toBe(401);
});

test('a state-changing cookie request without the CSRF header, or with a wrong one, is 403 CSRF_TOKEN_INVALID and changes nothing; with it, it goes through', async () => {
  const s = await signIn(stack.baseUrl!, token('alice'));
  const body = aContract({ title: 'Submitted from the web app' });
  const before = (await api('GET', '/api/contracts', withCookie(s.cookie))).body;

  const without = await api('POST', '/api/contracts', { ...withCookie(s.cookie), body });
  expect(without.status).toBe(403);
  expect(without.body.code).toBe('CSRF_TOKEN_INVALID');
  const wrong = await api('POST', '/api/contracts', { ...withCookie(s.cookie, { 'x-csrf-token': `${s.csrfToken[0] === 'A' ? 'B' : 'A'}${s.csrfToken.slice(1)}` }), body });
  expect(wrong.status).toBe(403);
  expect(wrong.body.code).toBe('CSRF_TOKEN_INVALID');
  const other = await signIn(stack.baseUrl!, token('alice'));
  const anotherSessionsToken = await api('POST', '/api/contracts', { ...withCookie(s.cookie, { 'x-csrf-token': other.csrfToken }), body });
  expect(anotherSessionsToken.status).toBe(403);
  expect((await api('GET', '/api/contracts', withCookie(s.cookie))).body.total).toBe(before.total);

  const ok = await api('POST', '/api/contracts', { ...withCookie(s.cookie, { 'x-csrf-token': s.csrfToken }), body });
  expect(ok.status).toBe(201);
  const stored = await api('GET', `/api/contracts/${ok.body.id}`, withCookie(s.cookie));
  expect(stored.body.title).toBe('Submitted from the web app');
});

test('bearer requests keep working and need no CSRF header', async () => {
  const res = await api('POST', '/api/contracts', { token: token('alice'), body: aContract({ title: 'Submitted by an API client' }) });
  expect(res.status).toBe(201);
});

test('DELETE needs the CSRF header, then ends the session server-side and clears the cookie', async () => {
  const s = await signIn(stack.baseUrl!, token('lee'));
  expect((await api('DELETE', '/api/session', withCookie(s.cookie))).status).toBe(403);
  expect((await api('GET', '/api/session', withCookie(s.cookie))).status).toBe(200);

  const res = await fetch(`${stack.baseUrl}/api/session`, { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
  expect(res.status).toBe(204);
  expect(res.headers.get('set-cookie')).toMatch(/^greenlight_session=;.*Expires=Thu, 01 Jan 1970/);
  // The old cookie value no longer works anywhere, even if the browser kept it.
  expect((await api('GET', '/api/session', withCookie(s.cookie))).status).toBe(401);
  expect((await api('GET', '/api/tasks', withCookie(s.cookie))).status).toBe(401);
  // This session's row (other tests, the browser tests among them, sign lee in on the same database).
  const idHash = createHash('sha256').update(s.cookie.slice('greenlight_session='.length)).digest('hex');
  expect((await stack.db.query(`SELECT 1 FROM sessions WHERE id_hash = $1`, [idHash])).length).toBe(0);
  // The hash really is how rows are keyed: a session still open is found by it.
  const live = await signIn(stack.baseUrl!, token('lee'));
  const liveHash = createHash('sha256').update(live.cookie.slice('greenlight_session='.length)).digest('hex');
  expect((await stack.db.query(`SELECT 1 FROM sessions WHERE id_hash = $1`, [liveHash])).length).toBe(1);
});

test('a session past its idle lifetime is refused', async () => {
  const s = await signIn(stack.baseUrl!, token('sam'));
  await stack.db.query(`UPDATE sessions SET last_seen_at = now() - interval '13 hours' WHERE user_id = $1`, [s.body.user.id]);
  expect((await api('GET', '/api/session', withCookie(s.cookie))).status).toBe(401);
});

test('demo users list every seeded user with their dev token, which signs in', async () => {
  const res = await api('GET', '/api/session/demo-users');
  expect(res.status).toBe(200);
  const alice = res.body.find((u: { username: string }) => u.username === 'alice');
  expect(alice).toEqual({ username: 'alice', displayName: expect.any(String), roles: ['rep'], token: 'dev-alice' });
  expect(res.body.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['lee', 'olivia']));
  expect((await signIn(stack.baseUrl!, alice.token)).body.user.username).toBe('alice');
});

describe('in production', () => {
  let prod: TestStack;
  beforeAll(async () => {
    prod = await startTestStack({ api: true, config: { NODE_ENV: 'production', TOKEN_SECRET: randomBytes(32).toString('base64url'), PUBLIC_BASE_URL: 'https://greenlight.example.com' } });
  });
  afterAll(async () => {
    await prod?.stop();
  });

  test('demo users are 404 and dev tokens open no session', async () => {
    const papi = http(prod.baseUrl!);
    expect((await papi('GET', '/api/session/demo-users')).status).toBe(404);
    const res = await papi('POST', '/api/session', { body: { token: token('alice') } });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/production/);
  });

  test('a session opened with a dev token outside production is refused there, and the cookie is Secure on https', async () => {
    const s = await signIn(stack.baseUrl!, token('alice'));
    const papi = http(prod.baseUrl!);
    expect((await papi('GET', '/api/session', withCookie(s.cookie))).status).toBe(401);
    expect((await papi('GET', '/api/contracts', withCookie(s.cookie))).status).toBe(401);
    // A real token gets a Secure cookie there.
    const real = randomBytes(24).toString('base64url');
    await prod.db.query(`INSERT INTO api_tokens (user_id, token_hash, label, is_dev) SELECT id, encode(sha256(convert_to($1, 'UTF8')), 'hex'), 'test', false FROM users WHERE username = 'olivia'`, [real]);
    const signed = await signIn(prod.baseUrl!, real);
    expect(signed.setCookie).toMatch(/; Secure/);
  });
});
