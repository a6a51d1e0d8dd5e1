// The denied-party list through its repository, on a private database: an entry loaded by hand
// without keys is keyed before the next lookup and found under any of its names; loading the
// same entry again updates it in place; a name on no list matches nothing. Similarity screening
// reads the list from memory while its change counter stands still, and sees every kind of
// write (insert, rename, delete, truncate) from the next lookup on.
import { DataSource } from 'typeorm';
import { ReferenceRepository } from '../../src/reference/reference.repository';
import { upsertDeniedParties } from '../../src/reference/denied-parties.repository';
import { PARTY_NAME_KEY_VERSION } from '../../src/domain/rules/party-name';
import { NAME_MATCH_REPORT_FLOOR } from '../../src/domain/customer/name-match';
import { createAppDataSource } from '../../src/database/data-source';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import { runSql } from '../../tools/simulation/scratch-database';

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

describe('similarity screening keeps the list in memory', () => {
  const screened = async (name: string) => (await reference.deniedPartyNameMatches([name], NAME_MATCH_REPORT_FLOOR)).map((m) => m.listedName);
  const version = async () => Number((await db.query(`SELECT version FROM reference_versions WHERE name = 'denied_parties'`))[0].version);
  /** As the owner: the application role may not touch the counter or the trigger. */
  const asOwner = (sql: string) => runSql(fresh.adminUrl, sql);

  test('every write to the list moves its counter, and the application role cannot set it', async () => {
    const before = await version();
    await db.query(`INSERT INTO denied_parties (entry_key, name, source) VALUES ('manual:counter', 'Counter Test Holdings Ltd.', 'manual')`);
    const inserted = await version();
    expect(inserted).toBeGreaterThan(before);
    await db.query(`UPDATE denied_parties SET note = 'checked' WHERE entry_key = 'manual:counter'`);
    expect(await version()).toBeGreaterThan(inserted);
    const updated = await version();
    await db.query(`DELETE FROM denied_parties WHERE entry_key = 'manual:counter'`);
    expect(await version()).toBeGreaterThan(updated);
    await expect(runSql(fresh.appUrl, `UPDATE reference_versions SET version = 0 WHERE name = 'denied_parties'`)).rejects.toThrow(/permission denied/);
  });

  test('a listed name added, renamed or removed is screened from the next lookup on; without the counter moving, the kept list answers', async () => {
    const name = 'Silver Pheasant Metals Co., Ltd.';
    expect(await screened('Silver Phesant Metals')).toEqual([]);
    await db.query(`INSERT INTO denied_parties (entry_key, name, source) VALUES ('manual:pheasant', $1, 'manual')`, [name]);
    expect(await screened('Silver Phesant Metals')).toEqual([name]);

    await db.query(`UPDATE denied_parties SET name = 'Golden Pheasant Metals Co., Ltd.' WHERE entry_key = 'manual:pheasant'`);
    expect(await screened('Silver Phesant Metals')).toEqual([]);
    expect(await screened('Golden Phesant Metals')).toEqual(['Golden Pheasant Metals Co., Ltd.']);

    // The owner writes with the trigger off: the counter stays, and the lookup answers from memory.
    await asOwner(`ALTER TABLE denied_parties DISABLE TRIGGER denied_parties_version`);
    try {
      await asOwner(`DELETE FROM denied_parties WHERE entry_key = 'manual:pheasant'`);
      expect(await screened('Golden Phesant Metals')).toEqual(['Golden Pheasant Metals Co., Ltd.']);
    } finally {
      await asOwner(`ALTER TABLE denied_parties ENABLE TRIGGER denied_parties_version`);
    }
    // Any write moves it again, and the delete shows.
    await db.query(`UPDATE denied_parties SET note = note WHERE false`);
    expect(await screened('Golden Phesant Metals')).toEqual([]);
  });

  test('a truncated list screens nothing', async () => {
    await db.query(`INSERT INTO denied_parties (entry_key, name, source) VALUES ('manual:truncate', 'Jade Harbour Freight Ltd.', 'manual')`);
    expect(await screened('Jade Harbor Freight')).toEqual(['Jade Harbour Freight Ltd.']);
    await asOwner(`TRUNCATE denied_parties`);
    expect(await screened('Jade Harbor Freight')).toEqual([]);
  });
});
