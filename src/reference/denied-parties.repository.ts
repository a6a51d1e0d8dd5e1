// The denied-party list (table denied_parties): entries with aliases, looked up by the normalised
// keys of their names (src/domain/rules/party-name.ts). Plain functions over a DataSource or an
// EntityManager (through DeniedPartyEntity), so customer capture (worker) and the migrate command
// (owner role) share them.
//
// Loading the list: insert rows (entry_key, name, aliases, source; keys may be left empty) and
// the next lookup, or the migrate command, computes their keys.
import { type DataSource, type EntityManager, Not } from 'typeorm';
import type { DeniedPartyMatch, DeniedPartyNameMatch } from '../domain/contract/contract.types';
import { bestNameMatch, comparableName } from '../domain/customer/name-match';
import { PARTY_NAME_KEY_VERSION, partyNameKey, partyNameKeys } from '../domain/rules/party-name';
import { DeniedPartyEntity } from './denied-party.entity';

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
  const parties = db.getRepository(DeniedPartyEntity);
  const stale = await parties.find({ where: { keysVersion: Not(PARTY_NAME_KEY_VERSION) }, select: { id: true, name: true, aliases: true } });
  for (const row of stale) {
    await parties.update({ id: row.id }, { nameKeys: partyNameKeys([row.name, ...(row.aliases ?? [])]), keysVersion: PARTY_NAME_KEY_VERSION });
  }
  return stale.length;
}

/** Adds or updates entries by their entry_key (idempotent), with their keys. */
export async function upsertDeniedParties(db: Db, entries: readonly DeniedPartyEntry[]): Promise<void> {
  if (!entries.length) return;
  await db.getRepository(DeniedPartyEntity).upsert(
    entries.map((e) => ({ ...e, nameKeys: partyNameKeys([e.name, ...e.aliases]), keysVersion: PARTY_NAME_KEY_VERSION })),
    ['entryKey'],
  );
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
  // Array overlap answered by the GIN index on name_keys.
  const rows = await db
    .getRepository(DeniedPartyEntity)
    .createQueryBuilder('d')
    .select(['d.id', 'd.name', 'd.aliases', 'd.source'])
    .where('d.name_keys && CAST(:keys AS text[])', { keys })
    .orderBy('d.listedAt', 'ASC')
    .addOrderBy('d.id', 'ASC')
    .getMany();
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

/**
 * Fuzzy screening: every entry whose name or alias resembles one of the given names with a score
 * of at least `minScore` (src/domain/customer/name-match.ts; equal keys score 1), best first, with
 * the pair that matched. Scores every entry in the worker: lists of tens of thousands of names
 * take milliseconds; the exact-key lookup above stays the indexed path.
 */
export async function findDeniedPartyNameMatches(db: Db, customerNames: readonly string[], minScore: number): Promise<DeniedPartyNameMatch[]> {
  const asked = [...new Set(customerNames)].map(comparableName).filter((n) => n.key);
  if (!asked.length) return [];
  const rows = await db
    .getRepository(DeniedPartyEntity)
    .find({ select: { id: true, name: true, aliases: true, source: true }, order: { listedAt: 'ASC', id: 'ASC' } });
  const out: DeniedPartyNameMatch[] = [];
  for (const row of rows) {
    const best = bestNameMatch(asked, [row.name, ...(row.aliases ?? [])]);
    if (!best || best.score < minScore) continue;
    out.push({
      entryId: row.id,
      listedName: row.name,
      matchedName: best.matchedName,
      matchedOn: best.matchedName === row.name ? 'name' : 'alias',
      customerName: best.name,
      score: best.score,
      source: row.source,
    });
  }
  return out.sort((a, b) => b.score - a.score);
}
