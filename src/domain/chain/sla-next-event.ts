// Which SLA moment of an open task comes next: a reminder to the assignee or an escalation to the
// next manager up. Pure: the schedule (computed once when the task opened) says when; nothing here
// reads a clock. The workflow sleeps until `at`, then fires the event this returns.
import type { TaskSchedule } from './engine.types';

export type SlaEvent = { kind: 'reminder'; fraction: number; at: string } | { kind: 'escalation'; level: number; at: string };

/**
 * The earliest reminder or escalation not yet sent, or null when none is left. A reminder whose
 * moment passed after an escalation fired is no longer worth sending, and an escalation below the
 * highest level already fired is never fired late. At the same moment a reminder goes first.
 */
export function nextSlaEvent(schedule: TaskSchedule): SlaEvent | null {
  const candidates: SlaEvent[] = [
    ...schedule.reminders.filter((r) => !r.sentAt).map((r) => ({ kind: 'reminder' as const, fraction: r.fraction, at: r.at })),
    ...schedule.escalations.filter((e) => !e.firedAt).map((e) => ({ kind: 'escalation' as const, level: e.level, at: e.at })),
  ];
  const lastFired = Math.max(0, ...schedule.escalations.filter((e) => e.firedAt).map((e) => e.level));
  const live = candidates.filter((c) => !(c.kind === 'reminder' && lastFired > 0) && !(c.kind === 'escalation' && c.level < lastFired));
  live.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.kind === 'reminder' ? -1 : 1));
  return live[0] ?? null;
}

/** Marks an event of the schedule as happened at `at` (a copy; the input is left as it was). */
export function markSlaEventFired(schedule: TaskSchedule, event: SlaEvent, at: string): TaskSchedule {
  if (event.kind === 'reminder') {
    return { ...schedule, reminders: schedule.reminders.map((r) => (r.fraction === event.fraction ? { ...r, sentAt: at } : r)) };
  }
  return { ...schedule, escalations: schedule.escalations.map((e) => (e.level === event.level ? { ...e, firedAt: at } : e)) };
}
