// Calendar dates (YYYY-MM-DD) as the organisation sees them. Dates are compared as strings,
// which is safe because the format is fixed-width; arithmetic is done in UTC so that a DST
// switch cannot turn "plus one day" into 23 or 25 hours.
import { DateTime, IANAZone } from 'luxon';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date in YYYY-MM-DD form (rejects 2026-02-30). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  return parsed.isValid && parsed.toISODate() === value;
}

export function assertTimeZone(timeZone: string): void {
  if (!IANAZone.isValidZone(timeZone)) throw new Error(`Unknown time zone '${timeZone}'`);
}

/** The calendar date an instant falls on in a time zone. */
export function localDateOf(instant: Date | string, timeZone: string): string {
  assertTimeZone(timeZone);
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new Error(`Invalid instant '${String(instant)}'`);
  return DateTime.fromMillis(ms, { zone: timeZone }).toISODate() as string;
}

export function addDays(isoDate: string, days: number): string {
  if (!isIsoDate(isoDate)) throw new Error(`Invalid date '${isoDate}'`);
  return DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(isoDate: string): number {
  if (!isIsoDate(isoDate)) throw new Error(`Invalid date '${isoDate}'`);
  return DateTime.fromISO(isoDate, { zone: 'utc' }).weekday;
}
