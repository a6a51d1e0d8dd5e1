// The contract's attention flags (contracts.attention, src/domain/sla/attention.ts): set by the
// escalation activity when the managers run out, removed by the activities that decide or cancel
// the flagged task. Read-modify-write under the contract row's lock, in the caller's transaction.
import type { EntityManager } from 'typeorm';
import { type AttentionFlag, withFlag, withoutTasks } from '../domain/sla/attention';

async function lockedFlags(m: EntityManager, contractId: string): Promise<AttentionFlag[] | null> {
  const [row]: { attention: AttentionFlag[] }[] = await m.query(`SELECT attention FROM contracts WHERE id = $1 FOR UPDATE`, [contractId]);
  return row ? row.attention : null;
}

/** Adds `flag` unless its task already has one of its kind; true when it was added. */
export async function raiseAttention(m: EntityManager, contractId: string, flag: AttentionFlag): Promise<boolean> {
  const flags = await lockedFlags(m, contractId);
  if (!flags) return false;
  const next = withFlag(flags, flag);
  if (next.length === flags.length) return false;
  await m.query(`UPDATE contracts SET attention = $2::jsonb WHERE id = $1`, [contractId, JSON.stringify(next)]);
  return true;
}

/** Removes the flags of tasks that were decided or cancelled; the flags removed. */
export async function clearAttention(m: EntityManager, contractId: string, taskIds: readonly string[]): Promise<AttentionFlag[]> {
  if (!taskIds.length) return [];
  // Most contracts have no flag: look without the lock first.
  const [peek]: { flagged: boolean }[] = await m.query(`SELECT attention <> '[]'::jsonb AS flagged FROM contracts WHERE id = $1`, [contractId]);
  if (!peek?.flagged) return [];
  const flags = (await lockedFlags(m, contractId)) ?? [];
  const next = withoutTasks(flags, taskIds);
  if (next.length === flags.length) return [];
  await m.query(`UPDATE contracts SET attention = $2::jsonb WHERE id = $1`, [contractId, JSON.stringify(next)]);
  return flags.filter((f) => !next.includes(f));
}
