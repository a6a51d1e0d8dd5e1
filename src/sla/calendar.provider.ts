// Builds the business calendar the SLA maths runs on: working hours and time zone from config,
// public holidays of the configured country from the date-holidays library, company closures
// and make-up working days from config. For China (HOLIDAY_COUNTRY=CN) the State Council's
// holidays and make-up working days (调休) come from the chinese-days package for the years it
// covers (src/domain/sla/cn-official-calendar.ts); a later year falls back to date-holidays'
// holidays with no make-up days (the rule before), and MAKEUP_WORKDAYS stays an override on top.
// Deadlines are computed from it once, in an activity (openTask, rescheduleTask), and then live
// in workflow state, so a library upgrade never moves a running contract's timers.
import Holidays from 'date-holidays';
import type { AppConfig } from '../config/env.schema';
import type { CalendarConfig } from '../domain/sla/business-calendar';
import { DEFAULT_CALENDAR } from '../domain/sla/calendar-config';
import { cnOfficialDays, cnOfficialYear, mergeCnDays } from '../domain/sla/cn-official-calendar';

const DAY_MS = 86_400_000;

export interface CalendarProvider {
  /** The calendar for a span of time around `at` (holidays of the previous, current and next two years). */
  calendarAt(at: Date): CalendarConfig;
}

/**
 * The library marks a holiday observed by one group only with a note naming the group (CN:
 * Women's Day "Women", Youth Day "Youth from the age of 14 to 28", Children's Day "Children
 * below the age of 14", Army Day "Military personnel in active service"). Offices stay open on
 * those. Notes elsewhere are often descriptions ("Celebrates adoption of Constitution"), so only
 * notes that name a group count.
 */
const GROUP_ONLY_NOTE = /\b(women|youth|children|age of|personnel|only for)\b/i;

/** Public holidays that close offices for the whole day; half-day and group-specific ones (e.g. Youth Day, Children's Day) don't. */
export function publicHolidays(country: string, years: number[]): string[] {
  const hd = new Holidays(country);
  const days = new Set<string>();
  for (const year of years) {
    for (const h of hd.getHolidays(year) || []) {
      if (h.type !== 'public') continue;
      if (h.end.getTime() - h.start.getTime() < DAY_MS - 1) continue;
      // `note` is in the data but not in the library's typings.
      const note = (h as { note?: string }).note;
      if (note && GROUP_ONLY_NOTE.test(note)) continue;
      // Multi-day entries list their first date; expand to every date they cover.
      const span = Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS);
      for (let i = 0; i < span; i++) days.add(shiftIso(h.date.slice(0, 10), i));
    }
  }
  return [...days].sort();
}

function shiftIso(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** Holidays and make-up working days of `years`: official Chinese data where covered, else date-holidays. */
export function holidaysAndMakeUpDays(country: string, years: number[], makeUpOverrides: string[]): { holidays: string[]; makeUpWorkdays: string[] } {
  if (country !== 'CN') return { holidays: publicHolidays(country, years), makeUpWorkdays: [...makeUpOverrides] };
  const official = cnOfficialDays(years);
  const fallbackHolidays = official.uncoveredYears.length ? publicHolidays('CN', official.uncoveredYears) : [];
  return mergeCnDays({ official, fallbackHolidays, makeUpOverrides });
}

export interface CalendarProviderOptions {
  /** Told once, at creation, when the official Chinese data does not cover the current year. */
  warn?: (message: string, details: Record<string, unknown>) => void;
  /** The current instant for that check (defaults to the system clock). */
  now?: Date;
}

export function createCalendarProvider(
  config: Pick<AppConfig, 'ORG_TIME_ZONE' | 'WORK_START' | 'WORK_END' | 'HOLIDAY_COUNTRY' | 'COMPANY_CLOSURE_DAYS' | 'MAKEUP_WORKDAYS'>,
  options: CalendarProviderOptions = {},
): CalendarProvider {
  const cache = new Map<number, CalendarConfig>();
  const thisYear = (options.now ?? new Date()).getUTCFullYear();
  if (config.HOLIDAY_COUNTRY === 'CN' && !cnOfficialYear(thisYear)) {
    options.warn?.(`The chinese-days package has no official calendar for ${thisYear}: holidays come from date-holidays and make-up working days only from MAKEUP_WORKDAYS; upgrade chinese-days`, {
      event: 'calendar_year_not_covered',
      year: thisYear,
    });
  }
  return {
    calendarAt(at: Date): CalendarConfig {
      const year = at.getUTCFullYear();
      let cal = cache.get(year);
      if (!cal) {
        cal = {
          ...DEFAULT_CALENDAR,
          timeZone: config.ORG_TIME_ZONE,
          workStart: config.WORK_START,
          workEnd: config.WORK_END,
          ...holidaysAndMakeUpDays(config.HOLIDAY_COUNTRY, [year - 1, year, year + 1, year + 2], config.MAKEUP_WORKDAYS),
          closures: [...config.COMPANY_CLOSURE_DAYS],
        };
        cache.set(year, cal);
      }
      return cal;
    },
  };
}
