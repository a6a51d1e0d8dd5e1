// The denied-party list through its repository, on a private database: an entry loaded by hand
// without keys is keyed before the next lookup and found under any of its names; loading the
// same entry again updates it in place; a name on no list matches nothing.
import { DataSource } from 'typeorm';
import { ReferenceRepository } from '../../src/reference/reference.repository';
import { upsertDeniedParties } from '../../src/reference/denied-parties.repository';
import { PARTY_NAME_KEY_VERSION } from '../../src/domain/rules/party-name';
import { createAppDataSource } from '../../src/database/data-source';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';

let fresh: FreshDatabase;
let db: DataSource;
let reference: ReferenceRepository;

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_denied');
  db = createAppDataSource(fresh.config());
  await db.initialize();
  reference = new ReferenceRepository(db);
});

afterAll(async () => {
  await db?.destroy();
  await fresh?.drop();
});

test('an entry added by hand without keys is keyed and matched by name or alias', async () => {
  await db.query(`INSERT INTO denied_parties (entry_key, name, aliases, source) VALUES ('manual:1', 'Blue Lotus Shipping Co., Ltd.', '{"蓝莲航运有限公司"}', 'manual')`);
  const matches = await reference.deniedPartyMatches(['BLUE LOTUS SHIPPING LIMITED']);
  expect(matches).toEqual([
    expect.objectContaining({ listedName: 'Blue Lotus Shipping Co., Ltd.', matchedOn: 'name', customerName: 'BLUE LOTUS SHIPPING LIMITED', source: 'manual' }),
  ]);
  const [row] = await db.query(`SELECT keys_version, cardinality(name_keys) AS keys FROM denied_parties WHERE entry_key = 'manual:1'`);
  expect(row).toEqual({ keys_version: PARTY_NAME_KEY_VERSION, keys: expect.any(Number) });
  expect(row.keys).toBeGreaterThan(0);
  expect(await reference.deniedPartyMatches(['蓝莲航运股份有限公司'])).toEqual([expect.objectContaining({ matchedOn: 'alias', matchedName: '蓝莲航运有限公司' })]);
  expect(await reference.deniedPartyMatches(['Harbour Logistics Co., Ltd.'])).toEqual([]);
});

test('loading an entry again updates it in place', async () => {
  const entry = { entryKey: 'list:42', name: 'Red Crane Trading Ltd.', aliases: [], country: 'HK', source: 'list', note: null };
  await upsertDeniedParties(db, [entry]);
  expect(await reference.deniedPartyMatches(['Crimson Heron Trading'])).toEqual([]);
  await upsertDeniedParties(db, [{ ...entry, aliases: ['Crimson Heron Trading Ltd.'], note: 'alias added' }]);
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM denied_parties WHERE entry_key = 'list:42'`);
  expect(n).toBe(1);
  expect(await reference.deniedPartyMatches(['Crimson Heron Trading'])).toEqual([expect.objectContaining({ listedName: 'Red Crane Trading Ltd.', matchedOn: 'alias' })]);
});
