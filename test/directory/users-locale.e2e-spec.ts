// A user's language over the real API: GET /api/users/me shows the stored choice and the language
// Greenlight addresses them in; PATCH /api/users/me changes the caller's own, and nothing else is
// accepted. The mail data the worker reads carries it for each recipient.
import { http, startTestStack, type TestStack } from '../support/stack';
import { token } from '../support/contracts';
import { MailDataRepository } from '../../src/mail/mail-data.repository';
import { userId } from '../../src/database/seed/demo-organisation';

let stack: TestStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  stack = await startTestStack({ api: true });
  api = http(stack.baseUrl!);
});

afterAll(async () => {
  // The database is shared with other test files: leave olga on the organisation's default.
  await api?.('PATCH', '/api/users/me', { token: token('olga'), body: { locale: null } });
  await stack?.stop();
});

test('a user who chose no language is addressed in the organisation default (en), one who did in theirs', async () => {
  expect(stack.config.DEFAULT_LOCALE).toBe('en');
  const alice = await api('GET', '/api/users/me', { token: token('alice') });
  expect(alice.status).toBe(200);
  expect(alice.body).toMatchObject({ username: 'alice', locale: null, effectiveLocale: 'en', outOfOffice: null });
  const lena = await api('GET', '/api/users/me', { token: token('lena') });
  expect(lena.body).toMatchObject({ username: 'lena', locale: 'en', effectiveLocale: 'en', timeZone: 'Europe/Berlin' });
});

test('PATCH /api/users/me changes only the caller’s language, and null returns to the default', async () => {
  const set = await api('PATCH', '/api/users/me', { token: token('olga'), body: { locale: 'zh-CN' } });
  expect(set.status).toBe(200);
  expect(set.body).toMatchObject({ username: 'olga', locale: 'zh-CN', effectiveLocale: 'zh-CN' });
  expect((await api('GET', '/api/users/me', { token: token('olga') })).body.locale).toBe('zh-CN');
  // Nobody else changed.
  expect((await api('GET', '/api/users/me', { token: token('olivia') })).body.locale).toBeNull();

  const people = await new MailDataRepository(stack.db).people([userId('olga'), userId('lena'), userId('alice')]);
  expect(people.get(userId('olga'))?.locale).toBe('zh-CN');
  expect(people.get(userId('lena'))?.locale).toBe('en');
  expect(people.get(userId('alice'))?.locale).toBeNull();

  const reset = await api('PATCH', '/api/users/me', { token: token('olga'), body: { locale: null } });
  expect(reset.status).toBe(200);
  expect(reset.body).toMatchObject({ locale: null, effectiveLocale: 'en' });
});

test.each([
  ['an unknown language', { locale: 'fr' }],
  ['a differently written one', { locale: 'zh-cn' }],
  ['a number', { locale: 1 }],
  ['no locale at all', {}],
])('PATCH /api/users/me with %s is a 400 naming locale', async (_, body) => {
  const res = await api('PATCH', '/api/users/me', { token: token('olga'), body });
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect(res.body.errors).toEqual([expect.objectContaining({ field: 'locale', rule: 'isIn' })]);
  expect((await api('GET', '/api/users/me', { token: token('olga') })).body.locale).toBeNull();
});

test('PATCH /api/users/me refuses fields other than locale', async () => {
  const res = await api('PATCH', '/api/users/me', { token: token('olga'), body: { locale: 'en', roles: ['ops'] } });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([expect.objectContaining({ field: 'roles' })]);
});

test('the directory lists users with their profile fields', async () => {
  const res = await api('GET', '/api/users', { token: token('alice') });
  expect(res.status).toBe(200);
  const usernames = res.body.map((u: { username: string }) => u.username);
  expect(usernames).toEqual([...usernames].sort());
  expect(res.body.find((u: { username: string }) => u.username === 'frank')).toEqual({
    id: userId('frank'),
    username: 'frank',
    displayName: 'Frank Zhao',
    email: 'frank@greenlight.example',
    roles: ['executive'],
    title: 'CFO',
    managerId: userId('ed'),
    timeZone: null,
  });
});

test('the directory looks people up by id or role instead of listing everyone', async () => {
  const byIds = await api('GET', `/api/users?ids=${userId('lee')},${userId('alice')}`, { token: token('alice') });
  expect(byIds.status).toBe(200);
  expect(byIds.body.map((u: { username: string }) => u.username)).toEqual(['alice', 'lee']);
  const repeated = await api('GET', `/api/users?ids=${userId('sam')}&ids=${userId('sam')}`, { token: token('alice') });
  expect(repeated.body.map((u: { username: string }) => u.username)).toEqual(['sam']);
  const legal = await api('GET', '/api/users?role=legal_counsel', { token: token('lee') });
  expect(legal.body.map((u: { username: string }) => u.username)).toEqual(['lee', 'lena']);
  const both = await api('GET', `/api/users?role=legal_counsel&ids=${userId('lee')},${userId('alice')}`, { token: token('lee') });
  expect(both.body.map((u: { username: string }) => u.username)).toEqual(['lee']);
});

test.each([
  ['an id that is no UUID', 'ids=alice', 'ids'],
  ['101 ids', `ids=${Array.from({ length: 101 }, () => '00000000-0000-4000-8000-000000000000').join(',')}`, 'ids'],
  ['an unknown role', 'role=wizard', 'role'],
])('GET /api/users with %s is a 400 naming the field', async (_, query, field) => {
  const res = await api('GET', `/api/users?${query}`, { token: token('alice') });
  expect(res.status).toBe(400);
  expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
});
