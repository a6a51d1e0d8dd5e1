// The inbox's order of tasks. Their colour is the API's (TaskView.rag, computed by the domain's
// src/domain/sla/rag.ts at the server's clock), so the page does not derive it.

/** Soonest due first; tasks without a due time last, then the oldest first (as the API orders them). */
export function bySoonestDue(a: { dueAt: string | null; createdAt: string }, b: { dueAt: string | null; createdAt: string }): number {
  const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
  const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return Date.parse(a.createdAt) - Date.parse(b.createdAt);
}
