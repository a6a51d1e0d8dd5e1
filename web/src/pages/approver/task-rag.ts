// A task's colour in the inbox. The task list (GET /api/tasks) carries the task's due time but no
// colour, so it is derived here by the domain's own rule (src/domain/sla/rag.ts ragOf, imported,
// not copied): red past the due time, amber once two thirds of the time from creation to due are
// used. The domain module is pure (no Node, no clock), so the browser bundle can carry it.
import { ragOf } from '../../../../src/domain/sla/rag';
import type { Rag } from '../../api/types';

export function taskRag(task: { createdAt: string; dueAt: string | null }, now: Date): Rag {
  if (!task.dueAt) return 'green';
  const created = Date.parse(task.createdAt);
  return ragOf(now.getTime() - created, Date.parse(task.dueAt) - created, false);
}

/** Soonest due first; tasks without a due time last, then the oldest first (as the API orders them). */
export function bySoonestDue(a: { dueAt: string | null; createdAt: string }, b: { dueAt: string | null; createdAt: string }): number {
  const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
  const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return Date.parse(a.createdAt) - Date.parse(b.createdAt);
}
