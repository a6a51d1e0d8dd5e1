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
    expect(calendar.holidays).not.toContain('2026-05-04');
    expect(calendar.closures).toEqual(['2026-10-05', '2026-10-06', '2026-10-07']);
    expect(calendar.makeUpWorkdays).toEqual(['2026-09-20', '2026-10-10']);
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
