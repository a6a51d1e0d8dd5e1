// Idempotent seeding: reference data always (catalogue, clause library, the keys of the
// denied-party list), the demo organisation, its dev tokens and its denied-party entry when
// SEED_DEMO_DATA is on (never in production). Safe to run at every start: rows that exist are
// left alone (INSERT … ON CONFLICT DO NOTHING through the entities), except the clause library,
// which follows its version.
import type { DataSource } from 'typeorm';
import { DEMO_PRODUCTS } from '../../domain/contract/catalogue.data';
import { DEMO_CLAUSE_LIBRARY } from '../../domain/rules/clause-library.data';
import { sha256Hex } from '../../common/ids';
import { ApiTokenEntity } from '../../directory/api-token.entity';
import { UserEntity } from '../../directory/user.entity';
import { CustomerEntity } from '../../reference/customer.entity';
import { refreshDeniedPartyKeys, upsertDeniedParties } from '../../reference/denied-parties.repository';
import { ProductEntity } from '../../reference/product.entity';
import { ReferenceDocumentEntity } from '../../reference/reference-document.entity';
import { CLAUSE_LIBRARY_KEY } from '../../reference/reference.repository';
import { seedPolicyVersions } from '../../policy/policy-store';
import { DEMO_CUSTOMERS, demoCustomerId, DEMO_DENIED_PARTIES, DEMO_USERS, demoEmail, userId } from './demo-organisation';

/** Inserts rows whose key is not there yet; existing rows are not touched. */
async function insertMissing<T extends object>(db: DataSource, entity: new () => T, rows: Partial<T>[]): Promise<void> {
  if (rows.length) await db.getRepository(entity).createQueryBuilder().insert().values(rows as T[]).orIgnore().execute();
}

export async function seedReferenceData(db: DataSource): Promise<void> {
  await insertMissing(db, ProductEntity, DEMO_PRODUCTS.map((p) => ({ sku: p.sku, name: p.name, listPrice: p.listPrice, floorPrice: p.floorPrice, taxRatePercent: p.taxRatePercent, leadTimeDays: p.leadTimeDays })));
  const documents = db.getRepository(ReferenceDocumentEntity);
  const stored = await documents.findOne({ where: { key: CLAUSE_LIBRARY_KEY }, select: { key: true, version: true } });
  if (stored?.version !== DEMO_CLAUSE_LIBRARY.version) {
    await documents.upsert({ key: CLAUSE_LIBRARY_KEY, version: DEMO_CLAUSE_LIBRARY.version, body: DEMO_CLAUSE_LIBRARY }, ['key']);
  }
  // Entries loaded by hand or keyed by an older normaliser get their name keys.
  await refreshDeniedPartyKeys(db);
  // The policy versions shipped in code, as the first stored versions (src/policy/policy-store.ts).
  await seedPolicyVersions(db);
}

export async function seedDemoOrganisation(db: DataSource): Promise<void> {
  // Two passes: managers must exist before the foreign keys that point at them.
  await insertMissing(
    db,
    UserEntity,
    DEMO_USERS.map((u) => ({
      id: userId(u.username),
      username: u.username,
      displayName: u.displayName,
      email: demoEmail(u.username),
      roles: u.roles,
      title: u.title ?? null,
      timeZone: u.timeZone ?? null,
      locale: u.locale ?? null,
    })),
  );
  const users = db.getRepository(UserEntity);
  for (const u of DEMO_USERS) {
    const managerId = u.manager ? userId(u.manager) : null;
    const current = await users.findOne({ where: { id: userId(u.username) }, select: { id: true, managerId: true } });
    if (current && current.managerId !== managerId) await users.update({ id: current.id }, { managerId });
  }
  await insertMissing(db, ApiTokenEntity, DEMO_USERS.map((u) => ({ userId: userId(u.username), tokenHash: sha256Hex(`dev-${u.username}`), label: 'dev token', isDev: true })));
  await insertMissing(
    db,
    CustomerEntity,
    DEMO_CUSTOMERS.map((c) => ({
      id: demoCustomerId(c),
      registrationNumber: c.registrationNumber,
      name: c.name,
      aliases: c.aliases,
      country: c.country,
      creditLimit: c.creditLimit,
      outstandingBalance: c.outstandingBalance,
      maxOverdueDays: c.maxOverdueDays,
      deniedParty: c.deniedParty,
    })),
  );
  // Databases seeded before CN codes had to be valid USCCs (issue 15) get the valid code and the
  // aliases in place; contracts keep the code they were submitted with.
  const customers = db.getRepository(CustomerEntity);
  for (const c of DEMO_CUSTOMERS) {
    if (c.formerRegistrationNumber) await customers.update({ id: demoCustomerId(c), registrationNumber: c.formerRegistrationNumber }, { registrationNumber: c.registrationNumber });
    if (c.aliases.length) {
      await customers.createQueryBuilder().update().set({ aliases: c.aliases }).where(`id = :id AND aliases = '{}'`, { id: demoCustomerId(c) }).execute();
    }
  }
  await upsertDeniedParties(db, DEMO_DENIED_PARTIES);
}
