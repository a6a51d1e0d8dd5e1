// Reads and writes of policy_versions that need no Nest module: the schedule of versions
// PolicyService picks the one in force from, and the seed of the versions shipped in code.
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { SLIM_POLICY_VERSIONS } from '../domain/chain/slim.policy';

export interface ScheduledPolicy {
  version: string;
  policy: ChainPolicy;
  activeFrom: Date;
  activatedAt: Date;
}

/** Every stored version of a chain, in the order they took (or take) force: by active_from, then activation. */
export async function loadPolicySchedule(db: DataSource | EntityManager, chainId = 'slim'): Promise<ScheduledPolicy[]> {
  const rows: { version: string; policy: ChainPolicy; active_from: Date; activated_at: Date }[] = await db.query(
    `SELECT version, policy, active_from, activated_at FROM policy_versions
     WHERE status = 'version' AND chain_id = $1 ORDER BY active_from, activated_at, version`,
    [chainId],
  );
  return rows.map((r) => ({ version: r.version, policy: r.policy, activeFrom: new Date(r.active_from), activatedAt: new Date(r.activated_at) }));
}

/** The entry in force at `at`: the last whose active_from has come (entries in schedule order). */
export function inForceAt<T extends { activeFrom: Date }>(schedule: readonly T[], at: Date): T | undefined {
  let found: T | undefined;
  for (const entry of schedule) if (entry.activeFrom.getTime() <= at.getTime()) found = entry;
  return found;
}

/**
 * Stores each slim version shipped in code that the table lacks, as a version (source 'code').
 * Into an empty table they go in force from the epoch, oldest first, so the newest shipped one is
 * in force; a version shipped later (the table already has versions) is in force from the moment
 * it is migrated. Idempotent.
 */
export async function seedPolicyVersions(db: DataSource): Promise<void> {
  const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM policy_versions WHERE status = 'version' AND chain_id = 'slim'`);
  const oldestFirst = [...SLIM_POLICY_VERSIONS].reverse();
  for (const [i, policy] of oldestFirst.entries()) {
    const activeFrom = count === 0 ? new Date(i * 1000) : new Date();
    await db.query(
      `INSERT INTO policy_versions (id, chain_id, version, status, source, policy, from_version, created_by, created_at, updated_at, activated_by, activated_at, active_from)
       VALUES ($1, $2, $3, 'version', 'code', $4, NULL, NULL, now(), now(), NULL, $5, $5)
       ON CONFLICT (version) DO NOTHING`,
      [randomUUID(), policy.chainId, policy.version, JSON.stringify(policy), activeFrom],
    );
  }
}
