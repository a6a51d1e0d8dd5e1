// Idempotent seeding: reference data always (catalogue, clause library, the keys of the
// denied-party list), the demo organisation, its dev tokens and its denied-party entry when
// SEED_DEMO_DATA is on (never in production). Safe to run at every start.
import type { DataSource } from 'typeorm';
import { DEMO_PRODUCTS } from '../../domain/contract/catalogue.data';
import { DEMO_CLAUSE_LIBRARY } from '../../domain/rules/clause-library.data';
import { sha256Hex } from '../../common/ids';
import { refreshDeniedPartyKeys, upsertDeniedParties } from '../../reference/denied-parties.repository';
import { customerId, DEMO_CUSTOMERS, DEMO_DENIED_PARTIES, DEMO_USERS, demoEmail, userId } from './demo-organisation';

export async function seedReferenceData(db: DataSource): Promise<void> {
  for (const p of DEMO_PRODUCTS) {
    await db.query(
      `INSERT INTO products (sku, name, list_price, floor_price, tax_rate_percent, lead_time_days)
       VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (sku) DO NOTHING`,
      [p.sku, p.name, p.listPrice, p.floorPrice, p.taxRatePercent, p.leadTimeDays],
    );
  }
  await db.query(
    `INSERT INTO reference_documents (key, version, body) VALUES ('clause_library', $1, $2)
     ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, body = EXCLUDED.body, updated_at = now()
     WHERE reference_documents.version <> EXCLUDED.version`,
    [DEMO_CLAUSE_LIBRARY.version, JSON.stringify(DEMO_CLAUSE_LIBRARY)],
  );
  // Entries loaded by hand or keyed by an older normaliser get their name keys.
  await refreshDeniedPartyKeys(db);
}

export async function seedDemoOrganisation(db: DataSource): Promise<void> {
  // Two passes: managers must exist before the foreign keys that point at them.
  for (const u of DEMO_USERS) {
    await db.query(
      `INSERT INTO users (id, username, display_name, email, roles, title, time_zone, locale)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (id) DO NOTHING`,
      [userId(u.username), u.username, u.displayName, demoEmail(u.username), u.roles, u.title ?? null, u.timeZone ?? null, u.locale ?? null],
    );
  }
  for (const u of DEMO_USERS) {
    await db.query(`UPDATE users SET manager_id = $2 WHERE id = $1 AND manager_id IS DISTINCT FROM $2`, [
      userId(u.username),
      u.manager ? userId(u.manager) : null,
    ]);
    await db.query(
      `INSERT INTO api_tokens (user_id, token_hash, label, is_dev) VALUES ($1, $2, 'dev token', true)
       ON CONFLICT (token_hash) DO NOTHING`,
      [userId(u.username), sha256Hex(`dev-${u.username}`)],
    );
  }
  for (const c of DEMO_CUSTOMERS) {
    await db.query(
      `INSERT INTO customers (id, registration_number, name, country, credit_limit, outstanding_balance, max_overdue_days, denied_party)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (registration_number) DO NOTHING`,
      [customerId(c.registrationNumber), c.registrationNumber, c.name, c.country, c.creditLimit, c.outstandingBalance, c.maxOverdueDays, c.deniedParty],
    );
  }
  await upsertDeniedParties(db, DEMO_DENIED_PARTIES);
}
