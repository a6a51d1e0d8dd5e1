import { DateTime } from 'luxon';
import { BusinessCalendar } from './business-calendar';
import { calendarConfig } from './calendar-config';

/** An instant from a local wall-clock time, e.g. local('2026-11-20 17:00'). */
function local(text: string, zone = 'Asia/Shanghai'): Date {
  const dt = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone });
  if (!dt.isValid) throw new Error(`bad test time ${text}`);
  return dt.toJSDate();
}

/** The local wall-clock time of an instant, in the same format. */
function wall(instant: Date, zone = 'Asia/Shanghai'): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

const HOUR = 3_600_000;
const shanghai = new BusinessCalendar(calendarConfig());

describe('BusinessCalendar (Asia/Shanghai, 09:00–18:00, Mon–Fri)', () => {
  describe('addBusinessHours', () => {
    it('takes a task created Friday 17:00 with 8 hours to Monday 16:00 (1 h Friday + 7 h Monday)', () => {
      const due = shanghai.addBusinessHours(local('2026-11-20 17:00'), 8);
      expect(wall(due)).toBe('2026-11-23 16:00');
      expect(due.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    });

    it('stays within the day when the hours fit', () => {
      expect(wall(shanghai.addBusinessHours(local('2026-11-23 09:00'), 8))).toBe('2026-11-23 17:00');
    });

    it('ends exactly at closing time rather than at the next opening', () => {
      expect(wall(shanghai.addBusinessHours(local('2026-11-23 17:00'), 1))).toBe('2026-11-23 18:00');
    });

    it.each([
      ['before opening', '2026-11-23 07:00', '2026-11-23 11:00'],
      ['after closing', '2026-11-23 19:00', '2026-11-24 11:00'],
      ['exactly at closing', '2026-11-23 18:00', '2026-11-24 11:00'],
      ['on a Saturday', '2026-11-21 12:00', '2026-11-23 11:00'],
      ['on a Sunday night', '2026-11-22 23:59', '2026-11-23 11:00'],
    ])('rolls a start %s forward to the next opening', (_label, start, expected) => {
      expect(wall(shanghai.addBusinessHours(local(start), 2))).toBe(expected);
    });

    it('handles fractional hours (reminders at 50% and 90% of 8 h)', () => {
      expect(wall(shanghai.addBusinessHours(local('2026-11-23 09:00'), 0.5 * 8))).toBe('2026-11-23 13:00');
      expect(shanghai.addBusinessHours(local('2026-11-23 09:00'), 0.9 * 8).toISOString()).toBe('2026-11-23T08:12:00.000Z');
    });

    it('adds more than a week of business time', () => {
      // 45 h = five full days: Monday 09:00 + 45 h ends Friday 18:00.
      expect(wall(shanghai.addBusinessHours(local('2026-11-23 09:00'), 45))).toBe('2026-11-27 18:00');
      expect(wall(shanghai.addBusinessHours(local('2026-11-23 09:00'), 46))).toBe('2026-11-30 10:00');
    });

    it('with 0 hours returns the start inside working hours, or the next opening outside them', () => {
      expect(wall(shanghai.addBusinessHours(local('2026-11-23 10:30'), 0))).toBe('2026-11-23 10:30');
      expect(wall(shanghai.addBusinessHours(local('2026-11-21 10:30'), 0))).toBe('2026-11-23 09:00');
    });

    it('rejects negative or non-finite hours', () => {
      expect(() => shanghai.addBusinessHours(local('2026-11-23 10:00'), -1)).toThrow('Business hours must be 0 or more');
      expect(() => shanghai.addBusinessHours(local('2026-11-23 10:00'), NaN)).toThrow();
    });
  });

  describe('holidays, make-up days and closures', () => {
    it('skips a public holiday', () => {
      const calendar = new BusinessCalendar(calendarConfig({ holidays: ['2026-11-23'] }));
      expect(wall(calendar.addBusinessHours(local('2026-11-20 17:00'), 8))).toBe('2026-11-24 16:00');
    });

    it('skips a whole holiday week (National Day)', () => {
      const holidays = ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'];
      const calendar = new BusinessCalendar(calendarConfig({ holidays }));
      expect(wall(calendar.addBusinessHours(local('2026-09-30 17:00'), 8))).toBe('2026-10-08 16:00');
    });

    it('counts a make-up working Saturday', () => {
      const calendar = new BusinessCalendar(calendarConfig({ makeUpWorkdays: ['2026-10-10'] }));
      expect(wall(calendar.addBusinessHours(local('2026-10-09 17:00'), 8))).toBe('2026-10-10 16:00');
    });

    it('skips a company closure day', () => {
      const calendar = new BusinessCalendar(calendarConfig({ closures: ['2026-12-31'] }));
      expect(wall(calendar.addBusinessHours(local('2026-12-30 17:00'), 8))).toBe('2027-01-01 16:00');
    });

    it('lets closures and holidays win over a make-up day listed for the same date', () => {
      const calendar = new BusinessCalendar(calendarConfig({ makeUpWorkdays: ['2026-10-10'], closures: ['2026-10-10'] }));
      expect(calendar.isWorkingDay('2026-10-10')).toBe(false);
    });

    it('answers isWorkingDay for dates and instants', () => {
      const calendar = new BusinessCalendar(calendarConfig({ holidays: ['2026-10-01'], makeUpWorkdays: ['2026-10-10'] }));
      expect(calendar.isWorkingDay('2026-09-30')).toBe(true);
      expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
      expect(calendar.isWorkingDay('2026-10-03')).toBe(false);
      expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
      // 17:00 UTC on Friday the 2nd is 01:00 on Saturday the 3rd in Shanghai.
      expect(calendar.isWorkingDay(new Date('2026-10-02T17:00:00Z'))).toBe(false);
      // 16:30 UTC on 30 September is already the 1st, a holiday, in Shanghai.
      expect(calendar.isWorkingDay(new Date('2026-09-30T16:30:00Z'))).toBe(false);
      expect(calendar.isWorkingDay(new Date('2026-10-09T17:00:00Z'))).toBe(true); // the make-up Saturday
    });
  });

  describe('nextWorkingMoment', () => {
    it('returns a moment inside working hours unchanged', () => {
      expect(wall(shanghai.nextWorkingMoment(local('2026-11-23 09:00')))).toBe('2026-11-23 09:00');
      expect(wall(shanghai.nextWorkingMoment(local('2026-11-23 17:59')))).toBe('2026-11-23 17:59');
    });

    it('moves closing time and weekends to the next opening', () => {
      expect(wall(shanghai.nextWorkingMoment(local('2026-11-20 18:00')))).toBe('2026-11-23 09:00');
      expect(wall(shanghai.nextWorkingMoment(local('2026-11-22 12:00')))).toBe('2026-11-23 09:00');
    });
  });

  describe('businessMsBetween', () => {
    it('counts 8 business hours from Friday 17:00 to Monday 16:00', () => {
      expect(shanghai.businessMsBetween(local('2026-11-20 17:00'), local('2026-11-23 16:00'))).toBe(8 * HOUR);
    });

    it('counts nothing over a weekend and partial days at both ends', () => {
      expect(shanghai.businessMsBetween(local('2026-11-21 08:00'), local('2026-11-22 20:00'))).toBe(0);
      expect(shanghai.businessMsBetween(local('2026-11-23 08:00'), local('2026-11-24 10:30'))).toBe(10.5 * HOUR);
    });

    it('is negative when the end comes first, and the inverse of addBusinessHours', () => {
      expect(shanghai.businessMsBetween(local('2026-11-23 16:00'), local('2026-11-20 17:00'))).toBe(-8 * HOUR);
      const start = local('2026-11-19 14:23');
      expect(shanghai.businessMsBetween(start, shanghai.addBusinessHours(start, 37.25))).toBe(37.25 * HOUR);
    });
  });

  describe('configuration', () => {
    it('rejects an unknown time zone, bad times and bad weekdays', () => {
      expect(() => new BusinessCalendar(calendarConfig({ timeZone: 'Mars/Olympus' }))).toThrow("Unknown time zone 'Mars/Olympus'");
      expect(() => new BusinessCalendar(calendarConfig({ workStart: '9am' }))).toThrow("workStart '9am' is not a HH:mm time");
      expect(() => new BusinessCalendar(calendarConfig({ workStart: '18:00', workEnd: '09:00' }))).toThrow('must be after workStart');
      expect(() => new BusinessCalendar(calendarConfig({ workingDays: [0] }))).toThrow('not an ISO weekday');
      expect(() => new BusinessCalendar(calendarConfig({ holidays: ['2026-02-30'] }))).toThrow("'2026-02-30' is not YYYY-MM-DD");
    });

    it('stops instead of looping forever when there is no working day', () => {
      const never = new BusinessCalendar(calendarConfig({ workingDays: [] }));
      expect(() => never.addBusinessHours(local('2026-11-23 10:00'), 1)).toThrow('No working time found');
    });

    it('honours other working hours and a six-day week', () => {
      const calendar = new BusinessCalendar(calendarConfig({ workStart: '08:30', workEnd: '12:30', workingDays: [1, 2, 3, 4, 5, 6] }));
      expect(wall(calendar.addBusinessHours(local('2026-11-20 11:30'), 5))).toBe('2026-11-21 12:30');
    });
  });
});

describe('BusinessCalendar across daylight-saving switches', () => {
  const newYork = new BusinessCalendar(calendarConfig({ timeZone: 'America/New_York' }));
  const berlin = new BusinessCalendar(calendarConfig({ timeZone: 'Europe/Berlin' }));

  it.each([
    ['New York, spring forward (8 March 2026)', newYork, 'America/New_York', '2026-03-06 17:00', '2026-03-09 16:00', '2026-03-09T20:00:00.000Z'],
    ['New York, fall back (1 November 2026)', newYork, 'America/New_York', '2026-10-30 17:00', '2026-11-02 16:00', '2026-11-02T21:00:00.000Z'],
    ['Berlin, spring forward (29 March 2026)', berlin, 'Europe/Berlin', '2026-03-27 17:00', '2026-03-30 16:00', '2026-03-30T14:00:00.000Z'],
    ['Berlin, fall back (25 October 2026)', berlin, 'Europe/Berlin', '2026-10-23 17:00', '2026-10-26 16:00', '2026-10-26T15:00:00.000Z'],
  ])('%s: Friday 17:00 + 8 h is Monday 16:00 local', (_label, calendar, zone, start, expectedWall, expectedUtc) => {
    const due = calendar.addBusinessHours(local(start, zone), 8);
    expect(wall(due, zone)).toBe(expectedWall);
    expect(due.toISOString()).toBe(expectedUtc);
  });

  it.each([
    ['New York', newYork, 'America/New_York', '2026-03-06 09:00', '2026-03-09 18:00'],
    ['Berlin', berlin, 'Europe/Berlin', '2026-10-23 09:00', '2026-10-26 18:00'],
  ])('%s: each day around the switch still has 9 working hours', (_label, calendar, zone, from, to) => {
    expect(calendar.businessMsBetween(local(from, zone), local(to, zone))).toBe(18 * HOUR);
  });

  it('keeps 09:00–18:00 on the switch Sunday itself when it is a working day', () => {
    const sevenDays = new BusinessCalendar(calendarConfig({ timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5, 6, 7] }));
    const due = sevenDays.addBusinessHours(local('2026-03-28 17:00', 'Europe/Berlin'), 9);
    expect(wall(due, 'Europe/Berlin')).toBe('2026-03-29 17:00');
    expect(due.toISOString()).toBe('2026-03-29T15:00:00.000Z');
  });

  it('measures a window containing the switch in real time (01:00–04:00 is 2 h on spring-forward night)', () => {
    const night = new BusinessCalendar(
      calendarConfig({ timeZone: 'Europe/Berlin', workStart: '01:00', workEnd: '04:00', workingDays: [1, 2, 3, 4, 5, 6, 7] }),
    );
    const window = night.windowOf('2026-03-29');
    expect(window && (window.close - window.open) / HOUR).toBe(2);
  });
});

describe('approvers abroad: deadlines run on the organisation’s calendar and are read in the approver’s zone', () => {
  // Shanghai has no DST; New York and Berlin switch in March. The same Shanghai deadline
  // (Monday 16:00, 08:00 UTC) reads an hour later for them once their clocks spring forward.
  it.each([
    ['New York, week before the switch', '2026-02-27 17:00', 'America/New_York', '2026-03-02 03:00'],
    ['New York, week after the switch (8 March)', '2026-03-06 17:00', 'America/New_York', '2026-03-09 04:00'],
    ['Berlin, week before the switch', '2026-03-20 17:00', 'Europe/Berlin', '2026-03-23 09:00'],
    ['Berlin, week after the switch (29 March)', '2026-03-27 17:00', 'Europe/Berlin', '2026-03-30 10:00'],
  ])('%s: a task created Friday 17:00 in Shanghai is due Monday 16:00 Shanghai, shown as %s', (_label, created, zone, shown) => {
    const due = shanghai.addBusinessHours(local(created), 8);
    expect(wall(due)).toBe(`${wall(due).slice(0, 10)} 16:00`);
    expect(wall(due, zone)).toBe(shown);
  });

  it('never uses the approver’s working hours or weekend: 03:00 in New York is inside Shanghai’s working day', () => {
    const due = shanghai.addBusinessHours(local('2026-03-02 09:00'), 1);
    expect(wall(due, 'America/New_York')).toBe('2026-03-01 21:00'); // Sunday evening in New York
    expect(shanghai.isWorkingDay(due)).toBe(true);
  });
});
