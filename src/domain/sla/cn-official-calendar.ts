// China's official working calendar as the State Council publishes it each year: the statutory
// holidays and the make-up working days (调休, e.g. the Saturday 2026-02-14 worked before Spring
// Festival), from the maintained `chinese-days` data package rather than typed in by each
// company. The package's data is static (it ships with the version installed), so the same
// version always gives the same days; a year it does not cover yet is reported as uncovered and
// the caller falls back to its previous rule (src/sla/calendar.provider.ts).
import { getHolidaysInRange, getWorkdaysInRange } from 'chinese-days';
import { isoWeekday } from './local-date';

export interface CnOfficialDays {
  /** YYYY-MM-DD statutory holidays (weekend days inside a holiday week included), sorted. */
  holidays: string[];
  /** YYYY-MM-DD weekend days the State Council made working days, sorted. */
  makeUpWorkdays: string[];
  /** Years the package has data for, of those asked. */
  coveredYears: number[];
  /** Years the package has no data for yet: the caller's fallback decides them. */
  uncoveredYears: number[];
}

const yearCache = new Map<number, { holidays: string[]; makeUpWorkdays: string[] } | null>();

/**
 * One year's official days, or null when the package has no data for it. Every published year
 * has New Year's Day as a holiday, so a year without any holiday is one the package lacks (the
 * package then treats every weekday as a working day, which would silently drop the holidays).
 */
export function cnOfficialYear(year: number): { holidays: string[]; makeUpWorkdays: string[] } | null {
  if (!Number.isInteger(year)) throw new Error(`Year ${year} is not an integer`);
  if (yearCache.has(year)) return yearCache.get(year)!;
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const holidays = getHolidaysInRange(first, last, false);
  const days = holidays.length
    ? { holidays: [...holidays].sort(), makeUpWorkdays: getWorkdaysInRange(first, last, true).filter((d) => isoWeekday(d) >= 6).sort() }
    : null;
  yearCache.set(year, days);
  return days;
}

/** The official days of several years, and which of them the package covers. */
export function cnOfficialDays(years: number[]): CnOfficialDays {
  const out: CnOfficialDays = { holidays: [], makeUpWorkdays: [], coveredYears: [], uncoveredYears: [] };
  for (const year of [...new Set(years)].sort((a, b) => a - b)) {
    const days = cnOfficialYear(year);
    if (!days) {
      out.uncoveredYears.push(year);
      continue;
    }
    out.coveredYears.push(year);
    out.holidays.push(...days.holidays);
    out.makeUpWorkdays.push(...days.makeUpWorkdays);
  }
  return out;
}

/**
 * The holidays and make-up working days a calendar runs on: the official ones, the fallback's
 * holidays for years the package does not cover, and the company's own make-up days
 * (MAKEUP_WORKDAYS) on top. The company's list wins over an official holiday (a make-up day the
 * company declares is worked even when the data says holiday); closures, kept apart, still win
 * over everything (BusinessCalendar.isWorkingDay).
 */
export function mergeCnDays(input: { official: CnOfficialDays; fallbackHolidays: string[]; makeUpOverrides: string[] }): { holidays: string[]; makeUpWorkdays: string[] } {
  const overrides = new Set(input.makeUpOverrides);
  const holidays = new Set([...input.official.holidays, ...input.fallbackHolidays]);
  for (const day of overrides) holidays.delete(day);
  return {
    holidays: [...holidays].sort(),
    makeUpWorkdays: [...new Set([...input.official.makeUpWorkdays, ...overrides])].sort(),
  };
}
