// The organisation's working hours when nothing else is configured. Holidays, make-up working
// days and closures are data that change every year, so they are loaded and injected, never
// defaulted here.
import type { CalendarConfig } from './business-calendar';

export const DEFAULT_CALENDAR: Omit<CalendarConfig, 'holidays' | 'makeUpWorkdays' | 'closures'> = {
  timeZone: 'Asia/Shanghai',
  workStart: '09:00',
  workEnd: '18:00',
  workingDays: [1, 2, 3, 4, 5],
};

/** A complete config from the defaults, with optional overrides (e.g. this year's holidays). */
export function calendarConfig(overrides: Partial<CalendarConfig> = {}): CalendarConfig {
  return { ...DEFAULT_CALENDAR, holidays: [], makeUpWorkdays: [], closures: [], ...overrides };
}
