// When ops may move a task's deadline. A new deadline must leave the assignee time to act: one
// seconds away would only force an escalation, while a quarter of an hour still lets ops pull a
// decision forward for a meeting (the overdue reminder goes at once). It must also stay within a
// year: the business-calendar walk that turns it into reminders and escalations is bounded by it.
import { DateTime } from 'luxon';

export const MIN_DEADLINE_LEAD_MS = 15 * 60 * 1000;
export const MAX_DEADLINE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/** Returns why the new deadline is refused, or null when it may be set. Pure: `now` is given. */
export function deadlineChangeProblem(input: { dueAt: string; now: number; reason?: string }): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(input.dueAt)) {
    return 'dueAt must be an ISO 8601 timestamp with a time zone, e.g. 2027-03-01T18:00:00+08:00';
  }
  const parsed = DateTime.fromISO(input.dueAt, { setZone: true });
  if (!parsed.isValid) return `dueAt must be a real date and time (${parsed.invalidExplanation ?? parsed.invalidReason})`;
  const due = parsed.toMillis();
  if (due < input.now + MIN_DEADLINE_LEAD_MS) return 'dueAt must be at least 15 minutes from now';
  if (due > input.now + MAX_DEADLINE_AHEAD_MS) return 'dueAt must be within a year from now';
  if (!input.reason?.trim()) return 'A reason is required to change a deadline';
  return null;
}
