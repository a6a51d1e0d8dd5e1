import { BusinessCalendar } from './business-calendar';
import { calendarConfig } from './calendar-config';
import { cnOfficialDays, cnOfficialYear, mergeCnDays } from './cn-official-calendar';

/** The Shanghai calendar on 2026's official days, with the company's make-up days and closures on top. */
function calendar(overrides: { makeUp?: string[]; closures?: string[] } = {}): BusinessCalendar {
  const days = mergeCnDays({ official: cnOfficialDays([2026]), fallbackHolidays: [], makeUpOverrides: overrides.makeUp ?? [] });
  return new BusinessCalendar(calendarConfig({ ...days, closures: overrides.closures ?? [] }));
}

describe('China official calendar (chinese-days)', () => {
  it('makes Saturday 2026-02-14, the make-up day before Spring Festival, a business day', () => {
    expect(cnOfficialYear(2026)!.makeUpWorkdays).toContain('2026-02-14');
    expect(calendar().isWorkingDay('2026-02-14')).toBe(true);
  });

  it('closes the Spring Festival days, the weekdays among them included', () => {
    const cal = calendar();
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23']) expect(cal.isWorkingDay(day)).toBe(false);
    expect(cal.isWorkingDay('2026-02-13')).toBe(true); // Friday before
    expect(cal.isWorkingDay('2026-02-24')).toBe(true); // Tuesday after
  });

  it('counts business hours across the holiday: Friday 17:00 + 2 h lands on the make-up Saturday', () => {
    const due = calendar().addBusinessHours(new Date('2026-02-13T09:00:00Z'), 2); // 17:00 Shanghai
    expect(due.toISOString()).toBe('2026-02-14T02:00:00.000Z'); // Saturday 10:00 Shanghai
  });

  it('lets the company override win: its make-up day over an official holiday, its closure over a make-up day', () => {
    const cal = calendar({ makeUp: ['2026-02-16'], closures: ['2026-02-14'] });
    expect(cal.isWorkingDay('2026-02-16')).toBe(true);
    expect(cal.isWorkingDay('2026-02-14')).toBe(false);
  });

  it('lists every official make-up day of 2026 and only weekend days', () => {
    expect(cnOfficialYear(2026)!.makeUpWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('reports a year the package has no data for as uncovered, so the caller falls back', () => {
    expect(cnOfficialYear(2031)).toBeNull();
    const days = cnOfficialDays([2026, 2031]);
    expect(days.coveredYears).toEqual([2026]);
    expect(days.uncoveredYears).toEqual([2031]);
    expect(days.holidays.every((d) => d.startsWith('2026-'))).toBe(true);
  });
});
