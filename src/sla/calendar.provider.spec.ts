import { BusinessCalendar } from '../domain/sla/business-calendar';
import { createCalendarProvider, publicHolidays } from './calendar.provider';

const config = {
  ORG_TIME_ZONE: 'Asia/Shanghai',
  WORK_START: '09:00',
  WORK_END: '18:00',
  HOLIDAY_COUNTRY: 'CN',
  COMPANY_CLOSURE_DAYS: ['2026-10-05', '2026-10-06', '2026-10-07'],
  MAKEUP_WORKDAYS: ['2026-09-20', '2026-10-10'],
};

describe('publicHolidays (date-holidays)', () => {
  const cn2026 = publicHolidays('CN', [2026]);

  it('includes the full-day statutory holidays of China, National Day included', () => {
    expect(cn2026).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-05-01', '2026-10-01', '2026-10-02', '2026-10-03']));
  });

  it('leaves out half-day and group-only holidays: offices are open on them', () => {
    expect(cn2026).not.toContain('2026-03-08'); // Women's Day, half a day for women
    expect(cn2026).not.toContain('2026-05-04'); // Youth Day, half a day for ages 14-28
    expect(cn2026).not.toContain('2026-06-01'); // Children's Day, children under 14
    expect(cn2026).not.toContain('2026-08-01'); // Army Day, soldiers in service
  });

  it('keeps holidays whose note is a description, not a group (India)', () => {
    expect(publicHolidays('IN', [2026])).toContain('2026-01-26'); // Republic Day: "Celebrates adoption of Constitution"
  });

  it('lists each date once, sorted, over several years', () => {
    const days = publicHolidays('CN', [2026, 2027]);
    expect(days).toEqual([...new Set(days)].sort());
    expect(days).toEqual(expect.arrayContaining(['2026-10-01', '2027-10-01']));
  });
});

describe('createCalendarProvider', () => {
  const provider = createCalendarProvider(config);
  const calendar = provider.calendarAt(new Date('2026-09-15T00:00:00Z'));
  const business = new BusinessCalendar(calendar);

  it('builds the calendar from config: zone, hours, holidays, closures and make-up working days', () => {
    expect(calendar).toMatchObject({ timeZone: 'Asia/Shanghai', workStart: '09:00', workEnd: '18:00', workingDays: [1, 2, 3, 4, 5] });
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-02', '2026-10-03']));
    expect(calendar.holidays).toContain('2026-05-04'); // official: Labour Day week, 2026-05-01..05
    expect(calendar.holidays).not.toContain('2026-06-01'); // Children's Day: offices open
    expect(calendar.closures).toEqual(['2026-10-05', '2026-10-06', '2026-10-07']);
    expect(calendar.makeUpWorkdays).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
  });

  it("takes China's official make-up days and holidays from chinese-days, and date-holidays for a year it does not cover", () => {
    expect(calendar.makeUpWorkdays).toEqual(expect.arrayContaining(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09']));
    expect(business.isWorkingDay('2026-02-14')).toBe(true); // Saturday before Spring Festival, official
    expect(business.isWorkingDay('2026-02-23')).toBe(false); // Monday, last day of Spring Festival, official
    const late = provider.calendarAt(new Date('2026-12-30T00:00:00Z'));
    expect(late.holidays).toEqual(expect.arrayContaining(['2027-01-01', '2027-10-01'])); // 2027: date-holidays
    expect(late.makeUpWorkdays.some((d) => d.startsWith('2027-'))).toBe(false);
  });

  it('lets MAKEUP_WORKDAYS win over an official holiday', () => {
    const own = createCalendarProvider({ ...config, MAKEUP_WORKDAYS: ['2026-10-08'] }).calendarAt(new Date('2026-09-15T00:00:00Z'));
    expect(own.holidays).not.toContain('2026-10-08'); // not official anyway: a plain Thursday
    const overridden = createCalendarProvider({ ...config, MAKEUP_WORKDAYS: ['2026-10-02'] }).calendarAt(new Date('2026-09-15T00:00:00Z'));
    expect(new BusinessCalendar(overridden).isWorkingDay('2026-10-02')).toBe(true);
  });

  it('warns once at creation when the current year is not covered, and not when it is', () => {
    const warnings: unknown[] = [];
    createCalendarProvider(config, { now: new Date('2031-03-01T00:00:00Z'), warn: (m, d) => warnings.push([m, d]) });
    expect(warnings).toEqual([[expect.stringMatching(/no official calendar for 2031/), { event: 'calendar_year_not_covered', year: 2031 }]]);
    createCalendarProvider(config, { now: new Date('2026-03-01T00:00:00Z'), warn: (m, d) => warnings.push([m, d]) });
    expect(warnings).toHaveLength(1);
  });

  it('covers the neighbouring years, so a deadline late in December sees next year’s holidays', () => {
    expect(provider.calendarAt(new Date('2026-12-30T00:00:00Z')).holidays).toContain('2027-01-01');
  });

  it('makes a Sunday make-up day a working day and the National Day week a closed one', () => {
    expect(business.isWorkingDay('2026-09-20')).toBe(true); // Sunday, worked in exchange
    expect(business.isWorkingDay('2026-10-01')).toBe(false); // Thursday, National Day
    expect(business.isWorkingDay('2026-10-05')).toBe(false); // Monday, closure from config
    expect(business.isWorkingDay('2026-10-08')).toBe(true);
    expect(business.isWorkingDay('2026-10-10')).toBe(true); // Saturday, worked in exchange
  });

  it('returns the same calendar for instants of one year (computed once)', () => {
    expect(provider.calendarAt(new Date('2026-03-01T00:00:00Z'))).toBe(calendar);
  });
});
