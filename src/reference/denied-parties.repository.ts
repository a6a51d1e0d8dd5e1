// The denied-party list (table denied_parties): entries with aliases, looked up by the normalised
// keys of their names (src/domain/rules/party-name.ts). Plain functions over a DataSource or an
// EntityManager (through DeniedPartyEntity), so customer capture (worker) and the migrate command
// (owner role) share them.
//
// Loading the list: insert rows (entry_key, name, aliases, source; keys may be left empty) and
// the next lookup, or the migrate command, computes their keys.
//
// Every contract's customer capture screens against the whole list by similarity, so each process
// keeps the list in memory, with every name already prepared for comparison (pinyin included),
// and reads it again only when the list's change counter (reference_versions, bumped by a
// trigger on any write to the table) differs from the one it was read at: a lookup costs one
// primary-key read, not a table scan. The stale-key refresh before an exact lookup is asked the
// same way.
import { DataSource, type EntityManager, Not } from 'typeorm';
import type { DeniedPartyMatch, DeniedPartyNameMatch } from '../domain/contract/contract.types';
import { bestNameMatch, type ComparableName, comparableName } from '../domain/customer/name-match';
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
  const cache = cacheOf(db);
  const version = await listVersion(db);
  // Keys are stale only after a write to the list, and every write moves the counter.
  if (version === null || version !== cache.keyedAt) {
    await refreshDeniedPartyKeys(db);
    // The refresh's own writes moved the counter again: the next lookup checks once more, finds nothing stale, and stops asking.
    cache.keyedAt = version;
  }
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
 * the pair that matched. Scores every entry in the worker, against the list kept in memory
 * (listedEntries). Measured on 2 cores: a list of 20,000 entries (name and one Chinese alias each)
 * takes about 80 ms per lookup, all of it scoring (reading and preparing it again each time took
 * about 350 ms); lists much longer than that would want candidates picked first, by a trigram
 * index. The exact-key lookup above stays the indexed path.
 */
export async function findDeniedPartyNameMatches(db: Db, customerNames: readonly string[], minScore: number): Promise<DeniedPartyNameMatch[]> {
  const asked = [...new Set(customerNames)].map(comparableName).filter((n) => n.key);
  if (!asked.length) return [];
  const out: DeniedPartyNameMatch[] = [];
  for (const entry of await listedEntries(db)) {
    const best = bestNameMatch(asked, entry.names);
    if (!best || best.score < minScore) continue;
    out.push({
      entryId: entry.id,
      listedName: entry.name,
      matchedName: best.matchedName,
      matchedOn: best.matchedName === entry.name ? 'name' : 'alias',
      customerName: best.name,
      score: best.score,
      source: entry.source,
    });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** A listed entry as screening reads it: its name and aliases prepared for comparison once. */
interface ListedEntry {
  id: string;
  name: string;
  source: string;
  names: ComparableName[];
}

interface ListCache {
  /** The change counter the entries were read at (null: nothing read yet). */
  version: string | null;
  entries: readonly ListedEntry[];
  /** The change counter at the last stale-key refresh. */
  keyedAt: string | null;
}

/** Per connection pool: each database (tests use several in one process) has its own list. */
const caches = new WeakMap<DataSource, ListCache>();

function cacheOf(db: Db): ListCache {
  const pool = db instanceof DataSource ? db : db.dataSource;
  let cache = caches.get(pool);
  if (!cache) caches.set(pool, (cache = { version: null, entries: [], keyedAt: null }));
  return cache;
}

/** The list's change counter; null on a database without one (the list is then read every time). */
async function listVersion(db: Db): Promise<string | null> {
  const [row]: { version: string }[] = await db.query(`SELECT version::text AS version FROM reference_versions WHERE name = 'denied_parties'`);
  return row?.version ?? null;
}

/**
 * The whole list, in listing order, from memory while the counter has not moved. The counter is
 * read before the rows: a write between the two leaves rows newer than the counter they are kept
 * under, and the next lookup, seeing the counter moved, reads them again.
 */
async function listedEntries(db: Db): Promise<readonly ListedEntry[]> {
  const cache = cacheOf(db);
  const version = await listVersion(db);
  if (version !== null && version === cache.version) return cache.entries;
  const rows = await db
    .getRepository(DeniedPartyEntity)
    .find({ select: { id: true, name: true, aliases: true, source: true }, order: { listedAt: 'ASC', id: 'ASC' } });
  const entries = rows.map((row) => ({ id: row.id, name: row.name, source: row.source, names: [row.name, ...(row.aliases ?? [])].map(comparableName) }));
  if (version !== null) Object.assign(cache, { version, entries });
  return entries;
}
