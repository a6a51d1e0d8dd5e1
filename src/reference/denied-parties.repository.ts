// The denied-party list (table denied_parties): entries with aliases, looked up by the normalised
// keys of their names (src/domain/rules/party-name.ts). Plain functions over a DataSource or an
// EntityManager, so customer capture (worker) and the migrate command (owner role) share them.
//
// Loading the list: insert rows (entry_key, name, aliases, source; keys may be left empty) and
// the next lookup, or the migrate command, computes their keys.
import type { DataSource, EntityManager } from 'typeorm';
import type { DeniedPartyMatch } from '../domain/contract/contract.types';
import { PARTY_NAME_KEY_VERSION, partyNameKey, partyNameKeys } from '../domain/rules/party-name';

type Db = DataSource | EntityManager;

export interface DeniedPartyEntry {
  entryKey: string;
  name: string;
  aliases: string[];
  country: string | null;
  source: string;
  note: string | null;
}

/** Computes the keys of entries keyed by an older normaliser (or not at all). Returns how many. */
export async function refreshDeniedPartyKeys(db: Db): Promise<number> {
  const stale: { id: string; name: string; aliases: string[] }[] = await db.query(
    `SELECT id, name, aliases FROM denied_parties WHERE keys_version <> $1`,
    [PARTY_NAME_KEY_VERSION],
  );
  for (const row of stale) {
    await db.query(`UPDATE denied_parties SET name_keys = $2, keys_version = $3 WHERE id = $1`, [
      row.id,
      partyNameKeys([row.name, ...(row.aliases ?? [])]),
      PARTY_NAME_KEY_VERSION,
    ]);
  }
  return stale.length;
}

/** Adds or updates entries by their entry_key (idempotent), with their keys. */
export async function upsertDeniedParties(db: Db, entries: readonly DeniedPartyEntry[]): Promise<void> {
  for (const e of entries) {
    await db.query(
      `INSERT INTO denied_parties (entry_key, name, aliases, country, source, note, name_keys, keys_version)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (entry_key) DO UPDATE SET name = EXCLUDED.name, aliases = EXCLUDED.aliases, country = EXCLUDED.country,
         source = EXCLUDED.source, note = EXCLUDED.note, name_keys = EXCLUDED.name_keys, keys_version = EXCLUDED.keys_version`,
      [e.entryKey, e.name, e.aliases, e.country, e.source, e.note, partyNameKeys([e.name, ...e.aliases]), PARTY_NAME_KEY_VERSION],
    );
  }
}

/**
 * The entries any of the given names matches, each hit explained (which customer name, which
 * listed name or alias, the shared key). Stale keys are refreshed first, so an entry added by
 * hand is screened from the next lookup on.
 */
export async function findDeniedPartyMatches(db: Db, customerNames: readonly string[]): Promise<DeniedPartyMatch[]> {
  const keys = partyNameKeys(customerNames);
  if (keys.length === 0) return [];
  await refreshDeniedPartyKeys(db);
  const rows: { id: string; name: string; aliases: string[]; source: string }[] = await db.query(
    `SELECT id, name, aliases, source FROM denied_parties WHERE name_keys && $1::text[] ORDER BY listed_at, id`,
    [keys],
  );
  const matches: DeniedPartyMatch[] = [];
  for (const row of rows) {
    const listed: { name: string; on: 'name' | 'alias' }[] = [{ name: row.name, on: 'name' }, ...(row.aliases ?? []).map((a) => ({ name: a, on: 'alias' as const }))];
    const hit = customerNames
      .map((customerName) => ({ customerName, key: partyNameKey(customerName) }))
      .filter((c) => c.key)
      .flatMap((c) => listed.filter((l) => partyNameKey(l.name) === c.key).map((l) => ({ ...c, l })))[0];
    if (!hit) continue;
    matches.push({ entryId: row.id, listedName: row.name, matchedName: hit.l.name, matchedOn: hit.l.on, customerName: hit.customerName, key: hit.key, source: row.source });
  }
  return matches;
}
