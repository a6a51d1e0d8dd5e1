import { DateTime } from 'luxon';
import { DomainErrorCode, isDomainError } from '../errors';
import { calendarConfig } from './calendar-config';
import { carryOverProgress, computeTaskSchedule, rescheduleFromDueAt } from './sla-schedule';

const calendar = calendarConfig();

/** ISO instant of a Shanghai wall-clock time. */
function sh(text: string): string {
  return DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone: 'Asia/Shanghai' }).toUTC().toISO() as string;
}

const slim = { calendar, slaBusinessHours: 8, reminderFractions: [0.5, 0.9], escalationLevels: 2 };

describe('computeTaskSchedule', () => {
  it('reminds at 50% and 90%, escalates at the due time and one SLA later', () => {
    expect(computeTaskSchedule({ ...slim, createdAt: new Date(sh('2026-11-23 09:00')) })).toEqual({
      dueAt: sh('2026-11-23 17:00'),
      reminders: [
        { fraction: 0.5, at: sh('2026-11-23 13:00') },
        { fraction: 0.9, at: sh('2026-11-23 16:12') },
      ],
      escalations: [
        { level: 1, at: sh('2026-11-23 17:00') },
        // 16 business hours: 9 on Monday, 7 on Tuesday.
        { level: 2, at: sh('2026-11-24 16:00') },
      ],
    });
  });

  it('counts business time across the weekend for a task created Friday 17:00', () => {
    expect(computeTaskSchedule({ ...slim, createdAt: new Date(sh('2026-11-20 17:00')) })).toEqual({
      dueAt: sh('2026-11-23 16:00'),
      reminders: [
        { fraction: 0.5, at: sh('2026-11-23 12:00') },
        { fraction: 0.9, at: sh('2026-11-23 15:12') },
      ],
      escalations: [
        { level: 1, at: sh('2026-11-23 16:00') },
        { level: 2, at: sh('2026-11-24 15:00') },
      ],
    });
  });

  it('counts from the minute the task was created, so 8 hours from 10:00:20 end at closing time, not the next morning', () => {
    const createdAt = new Date(Date.parse(sh('2026-11-23 10:00')) + 20_000);
    const schedule = computeTaskSchedule({ ...slim, createdAt });
    expect(schedule.dueAt).toBe(sh('2026-11-23 18:00'));
    expect(schedule.reminders.map((r) => r.at)).toEqual([sh('2026-11-23 14:00'), sh('2026-11-23 17:12')]);
    expect(schedule.escalations.map((e) => e.at)).toEqual([sh('2026-11-23 18:00'), sh('2026-11-24 17:00')]);
  });

  it('uses the step SLA (16 h for executives) and any number of escalation levels', () => {
    const schedule = computeTaskSchedule({ ...slim, slaBusinessHours: 16, escalationLevels: 3, createdAt: sh('2026-11-23 09:00') });
    expect(schedule.dueAt).toBe(sh('2026-11-24 16:00'));
    expect(schedule.escalations.map((e) => e.at)).toEqual([sh('2026-11-24 16:00'), sh('2026-11-26 14:00'), sh('2026-11-30 12:00')]);
  });

  it('drops reminders and escalations already past at `now`', () => {
    const schedule = computeTaskSchedule({ ...slim, createdAt: sh('2026-11-23 09:00'), now: sh('2026-11-23 13:01') });
    expect(schedule.reminders).toEqual([{ fraction: 0.9, at: sh('2026-11-23 16:12') }]);
    expect(schedule.escalations).toHaveLength(2);
    const late = computeTaskSchedule({ ...slim, createdAt: sh('2026-11-23 09:00'), now: sh('2026-11-24 09:00') });
    expect(late.dueAt).toBe(sh('2026-11-23 17:00'));
    expect(late.reminders).toEqual([]);
    expect(late.escalations).toEqual([{ level: 2, at: sh('2026-11-24 16:00') }]);
  });

  it('keeps a moment exactly at `now`', () => {
    const schedule = computeTaskSchedule({ ...slim, createdAt: sh('2026-11-23 09:00'), now: sh('2026-11-23 13:00') });
    expect(schedule.reminders.map((r) => r.fraction)).toEqual([0.5, 0.9]);
  });

  it('returns no reminders or escalations when the policy has none', () => {
    const schedule = computeTaskSchedule({ ...slim, reminderFractions: [], escalationLevels: 0, createdAt: sh('2026-11-23 09:00') });
    expect(schedule).toEqual({ dueAt: sh('2026-11-23 17:00'), reminders: [], escalations: [] });
  });

  it('rejects reminder fractions outside (0, 1)', () => {
    expect(() => computeTaskSchedule({ ...slim, reminderFractions: [1.2], createdAt: sh('2026-11-23 09:00') })).toThrow(
      'Reminder fraction 1.2 must be between 0 and 1',
    );
  });
});

describe('rescheduleFromDueAt', () => {
  const createdAt = sh('2026-11-23 09:00');

  it('recomputes reminders as fractions of the new business span; level 2 one SLA after the new due time', () => {
    // Monday 09:00 to Wednesday 18:00 is 27 business hours.
    expect(rescheduleFromDueAt({ ...slim, createdAt, newDueAt: sh('2026-11-25 18:00') })).toEqual({
      dueAt: sh('2026-11-25 18:00'),
      reminders: [
        { fraction: 0.5, at: sh('2026-11-24 13:30') },
        { fraction: 0.9, at: sh('2026-11-25 15:18') },
      ],
      escalations: [
        { level: 1, at: sh('2026-11-25 18:00') },
        { level: 2, at: sh('2026-11-26 17:00') },
      ],
    });
  });

  it('can shorten a deadline', () => {
    const schedule = rescheduleFromDueAt({ ...slim, createdAt, newDueAt: sh('2026-11-23 13:00') });
    expect(schedule.reminders).toEqual([
      { fraction: 0.5, at: sh('2026-11-23 11:00') },
      { fraction: 0.9, at: sh('2026-11-23 12:36') },
    ]);
    expect(schedule.escalations[1]).toEqual({ level: 2, at: sh('2026-11-24 12:00') });
  });

  it('counts level 2 in business time from a deadline set outside working hours', () => {
    const schedule = rescheduleFromDueAt({ ...slim, createdAt, newDueAt: sh('2026-11-28 12:00') });
    expect(schedule.escalations).toEqual([
      { level: 1, at: sh('2026-11-28 12:00') },
      { level: 2, at: sh('2026-11-30 17:00') },
    ]);
    // 45 business hours to Friday 18:00; 90% = 40.5 h.
    expect(schedule.reminders[1]).toEqual({ fraction: 0.9, at: sh('2026-11-27 13:30') });
  });

  it('drops reminders already past at `now`', () => {
    const schedule = rescheduleFromDueAt({ ...slim, createdAt, newDueAt: sh('2026-11-25 18:00'), now: sh('2026-11-24 14:00') });
    expect(schedule.reminders).toEqual([{ fraction: 0.9, at: sh('2026-11-25 15:18') }]);
  });

  it('refuses a deadline not after creation, or not in the future, with DEADLINE_INVALID', () => {
    const attempt = (newDueAt: string, now?: string) => {
      try {
        rescheduleFromDueAt({ ...slim, createdAt, newDueAt, now });
      } catch (error) {
        return isDomainError(error) ? error.code : error;
      }
      return 'no error';
    };
    expect(attempt(createdAt)).toBe(DomainErrorCode.DEADLINE_INVALID);
    expect(attempt(sh('2026-11-20 09:00'))).toBe(DomainErrorCode.DEADLINE_INVALID);
    expect(attempt(sh('2026-11-24 09:00'), sh('2026-11-24 10:00'))).toBe(DomainErrorCode.DEADLINE_INVALID);
    expect(attempt(sh('2026-11-24 11:00'), sh('2026-11-24 10:00'))).toBe('no error');
  });
});

describe('carryOverProgress', () => {
  const createdAt = sh('2026-11-23 09:00');
  const original = computeTaskSchedule({ ...slim, createdAt });

  it('moves everything that has not happened yet', () => {
    const next = rescheduleFromDueAt({ ...slim, createdAt, newDueAt: sh('2026-11-25 18:00') });
    expect(carryOverProgress(original, next, sh('2026-11-23 10:00'))).toEqual(next);
  });

  it('keeps a reminder already sent as it was, and does not send it again', () => {
    const sent = { ...original, reminders: [{ ...original.reminders[0], sentAt: sh('2026-11-23 13:00') }, original.reminders[1]] };
    const next = rescheduleFromDueAt({ ...slim, createdAt, newDueAt: sh('2026-11-25 18:00') });
    const merged = carryOverProgress(sent, next, sh('2026-11-23 14:00'));
    expect(merged.reminders).toEqual([
      { fraction: 0.5, at: sh('2026-11-23 13:00'), sentAt: sh('2026-11-23 13:00') },
      { fraction: 0.9, at: sh('2026-11-25 15:18') },
    ]);
    expect(merged.dueAt).toBe(sh('2026-11-25 18:00'));
  });

  it('keeps an escalation already fired, with the manager it went to', () => {
    const fired = { ...original, escalations: [{ ...original.escalations[0], firedAt: sh('2026-11-23 17:00'), toUserId: 'frank' }, original.escalations[1]] };
    const next = rescheduleFromDueAt({ ...slim, createdAt, newDueAt: sh('2026-11-24 12:00') });
    expect(carryOverProgress(fired, next, sh('2026-11-24 09:30')).escalations).toEqual([
      { level: 1, at: sh('2026-11-23 17:00'), firedAt: sh('2026-11-23 17:00'), toUserId: 'frank' },
      { level: 2, at: sh('2026-11-25 11:00') },
    ]);
  });

  it('after a shortened deadline, sends only the latest of the reminders already overdue', () => {
    // Shortened at 12:50 to 13:00: 50% (11:00) and 90% (12:36) have both passed unsent.
    const next = rescheduleFromDueAt({ ...slim, createdAt, newDueAt: sh('2026-11-23 13:00') });
    expect(carryOverProgress(original, next, sh('2026-11-23 12:50')).reminders).toEqual([{ fraction: 0.9, at: sh('2026-11-23 12:36') }]);
    // At 11:30 only the 50% one has passed: it goes at once, the 90% one at its new moment.
    expect(carryOverProgress(original, next, sh('2026-11-23 11:30')).reminders).toEqual(next.reminders);
  });
});
