// The migrate command seeds at every start: running it again changes nothing a user changed
// (their language, a manager ops moved back is restored only when it differs), adds nothing twice,
// and brings the clause library up to the shipped version.
import { DataSource } from 'typeorm';
import { migrate } from '../../src/cli/migrate';
import { DEMO_USERS, userId } from '../../src/database/seed/demo-organisation';
import { DEMO_CLAUSE_LIBRARY } from '../../src/domain/rules/clause-library.data';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';

let fresh: FreshDatabase;
let db: DataSource;

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_seed');
  db = new DataSource({ type: 'postgres', url: fresh.adminUrl });
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
  await fresh?.drop();
});

const counts = async () =>
  (
    await db.query(`SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM api_tokens)::int AS tokens,
      (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM products)::int AS products,
      (SELECT count(*) FROM reference_documents)::int AS documents`)
  )[0];

test('seeding again adds nothing, keeps what users changed, restores managers and updates the clause library', async () => {
  const before = await counts();
  expect(before).toMatchObject({ users: DEMO_USERS.length, tokens: DEMO_USERS.length, documents: 1 });
  expect(before.products).toBeGreaterThan(0);
  expect(before.customers).toBeGreaterThan(0);
  const [lena] = await db.query(`SELECT locale, time_zone, manager_id FROM users WHERE id = $1`, [userId('lena')]);
  expect(lena).toEqual({ locale: 'en', time_zone: 'Europe/Berlin', manager_id: userId('ed') });

  await db.query(`UPDATE users SET locale = 'zh-CN' WHERE id = $1`, [userId('alice')]);
  await db.query(`UPDATE users SET manager_id = NULL WHERE id = $1`, [userId('bob')]);
  await db.query(`UPDATE reference_documents SET version = 'old', body = '{}' WHERE key = 'clause_library'`);

  await migrate(fresh.config(), () => undefined);

  expect(await counts()).toEqual(before);
  expect((await db.query(`SELECT locale FROM users WHERE id = $1`, [userId('alice')]))[0].locale).toBe('zh-CN');
  expect((await db.query(`SELECT manager_id FROM users WHERE id = $1`, [userId('bob')]))[0].manager_id).toBe(userId('sam'));
  const [lib] = await db.query(`SELECT version, body FROM reference_documents WHERE key = 'clause_library'`);
  expect(lib.version).toBe(DEMO_CLAUSE_LIBRARY.version);
  expect(lib.body).toEqual(JSON.parse(JSON.stringify(DEMO_CLAUSE_LIBRARY)));
});
