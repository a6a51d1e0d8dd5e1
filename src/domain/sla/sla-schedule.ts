// When a human task is due, when its assignee is reminded and when it escalates. Computed once
// when the task is created (and again only when ops move the deadline) and then kept in the
// workflow's state, so a later change to the calendar code cannot move a running task's timers.
//
// Whole minutes: business time counts from the minute the task was created (seconds dropped),
// so a task created at 10:00:20 with 8 hours is due at 18:00 that day — closing time — rather
// than at 09:00:20 the next morning because of twenty seconds.
//
// Past moments: when `now` is given, reminders and escalations before `now` are DROPPED, not
// flagged — a moment that has passed was either acted on already or is moot, and a timer set for
// it would fire at once. Reminders at or after the due time are dropped too (a reminder after
// the deadline is an escalation's job). `dueAt` itself is always returned.
import { DomainError, DomainErrorCode } from '../errors';
import { BusinessCalendar, type CalendarConfig } from './business-calendar';

export interface TaskSchedule {
  dueAt: string;
  reminders: { fraction: number; at: string }[];
  escalations: { level: number; at: string }[];
}

export interface TaskScheduleInput {
  calendar: CalendarConfig;
  createdAt: Date | string;
  slaBusinessHours: number;
  reminderFractions: number[];
  escalationLevels: number;
  /** When given, moments before it are dropped (see the module comment). */
  now?: Date | string;
}

export interface RescheduleInput extends TaskScheduleInput {
  /** The deadline ops chose; must be after createdAt and after `now`. */
  newDueAt: Date | string;
}


function toDate(value: Date | string, label: string): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new Error(`${label} is not a valid instant: ${String(value)}`);
  return date;
}

const MINUTE_MS = 60_000;

function toMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS);
}

function checkFractions(fractions: number[]): void {
  for (const f of fractions) {
    if (!(f > 0 && f < 1)) throw new Error(`Reminder fraction ${f} must be between 0 and 1 (exclusive)`);
  }
}

function checkLevels(levels: number): void {
  if (!Number.isInteger(levels) || levels < 0) throw new Error(`Escalation levels must be a whole number 0 or more, got ${levels}`);
}

function assemble(
  dueAt: Date,
  reminders: { fraction: number; at: Date }[],
  escalations: { level: number; at: Date }[],
  now: Date | undefined,
): TaskSchedule {
  const notPast = (at: Date): boolean => now === undefined || at.getTime() >= now.getTime();
  return {
    dueAt: dueAt.toISOString(),
    reminders: reminders
      .filter((r) => r.at.getTime() < dueAt.getTime() && notPast(r.at))
      .map((r) => ({ fraction: r.fraction, at: r.at.toISOString() })),
    escalations: escalations.filter((e) => notPast(e.at)).map((e) => ({ level: e.level, at: e.at.toISOString() })),
  };
}

/**
 * Due after `slaBusinessHours`; reminder f at f × SLA; escalation level k at k × SLA (so level 1
 * is the due time and each further level one more SLA period later), all in business time.
 */
export function computeTaskSchedule(input: TaskScheduleInput): TaskSchedule {
  const calendar = new BusinessCalendar(input.calendar);
  const createdAt = toMinute(toDate(input.createdAt, 'createdAt'));
  const now = input.now === undefined ? undefined : toDate(input.now, 'now');
  checkFractions(input.reminderFractions);
  checkLevels(input.escalationLevels);
  const sla = input.slaBusinessHours;
  const dueAt = calendar.addBusinessHours(createdAt, sla);
  const reminders = input.reminderFractions.map((fraction) => ({ fraction, at: calendar.addBusinessHours(createdAt, fraction * sla) }));
  const escalations = Array.from({ length: input.escalationLevels }, (_, i) => ({
    level: i + 1,
    at: i === 0 ? dueAt : calendar.addBusinessHours(createdAt, (i + 1) * sla),
  }));
  return assemble(dueAt, reminders, escalations, now);
}

/**
 * The schedule after ops move a task's deadline. Reminders keep their fractions but of the
 * business time from creation to the new deadline; level 1 escalates at the new deadline and
 * each further level one original SLA period (business time) after the previous one.
 * Throws DEADLINE_INVALID when the new deadline is not after creation, or not after `now`.
 */
export function rescheduleFromDueAt(input: RescheduleInput): TaskSchedule {
  const calendar = new BusinessCalendar(input.calendar);
  const createdAt = toMinute(toDate(input.createdAt, 'createdAt'));
  const now = input.now === undefined ? undefined : toDate(input.now, 'now');
  const dueAt = toDate(input.newDueAt, 'newDueAt');
  checkFractions(input.reminderFractions);
  checkLevels(input.escalationLevels);
  if (dueAt.getTime() <= createdAt.getTime()) {
    throw new DomainError(DomainErrorCode.DEADLINE_INVALID, 'The new deadline must be after the task was created', {
      createdAt: createdAt.toISOString(),
      newDueAt: dueAt.toISOString(),
    });
  }
  if (now && dueAt.getTime() <= now.getTime()) {
    throw new DomainError(DomainErrorCode.DEADLINE_INVALID, 'The new deadline must be in the future', {
      now: now.toISOString(),
      newDueAt: dueAt.toISOString(),
    });
  }
  const span = calendar.businessMsBetween(createdAt, dueAt);
  const reminders = input.reminderFractions.map((fraction) => ({ fraction, at: calendar.addBusinessMs(createdAt, fraction * span) }));
  const escalations = Array.from({ length: input.escalationLevels }, (_, i) => ({
    level: i + 1,
    at: i === 0 ? dueAt : calendar.addBusinessHours(dueAt, i * input.slaBusinessHours),
  }));
  return assemble(dueAt, reminders, escalations, now);
}


/** A schedule as the workflow keeps it: with what has already happened. */
export interface TaskScheduleState {
  dueAt: string;
  reminders: { fraction: number; at: string; sentAt?: string }[];
  escalations: { level: number; at: string; toUserId?: string; firedAt?: string }[];
}

/**
 * The schedule after ops move a deadline, keeping what already happened on the old one:
 * - a reminder already sent stays as it was (sent at its old moment) and is not sent again;
 * - an escalation already fired stays as it was (its manager keeps the right to decide);
 * - of the reminders not yet sent whose new moment has already passed (a shortened deadline),
 *   only the latest is kept: it goes out at once with the new due time, instead of several
 *   reminders in a row.
 */
export function carryOverProgress(previous: TaskScheduleState, next: TaskSchedule, now: Date | string): TaskScheduleState {
  const nowMs = toDate(now, 'now').getTime();
  const reminders: TaskScheduleState['reminders'] = next.reminders.map((r) => {
    const sent = previous.reminders.find((o) => o.fraction === r.fraction && o.sentAt);
    return sent ? { fraction: sent.fraction, at: sent.at, sentAt: sent.sentAt } : { ...r };
  });
  const overdue = reminders.filter((r) => !r.sentAt && Date.parse(r.at) <= nowMs);
  const latest = overdue.reduce<(typeof overdue)[number] | undefined>((a, r) => (!a || Date.parse(r.at) >= Date.parse(a.at) ? r : a), undefined);
  const escalations = next.escalations.map((e) => {
    const fired = previous.escalations.find((o) => o.level === e.level && o.firedAt);
    return fired ? { ...fired } : { ...e };
  });
  return {
    dueAt: next.dueAt,
    reminders: reminders.filter((r) => r.sentAt || Date.parse(r.at) > nowMs || r === latest),
    escalations,
  };
}

/** A step's SLA state when its task opens: the schedule, nothing fired yet, the assignee told. */
export function initialStepSla(schedule: TaskSchedule, assigneeId: string): TaskScheduleState & { escalationLevel: number; breached: boolean; notifiedUserIds: string[] } {
  return { ...schedule, escalationLevel: 0, breached: false, notifiedUserIds: [assigneeId] };
}
