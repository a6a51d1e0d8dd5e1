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

// Zones already found valid. Luxon's check builds an Intl formatter on every call, and every rule
// evaluation asks it (a what-if profile spent 40% of its time here); a zone's validity does not
// change within a process, so remembering it changes no answer (safe in workflow code too).
const validZones = new Set<string>();

export function assertTimeZone(timeZone: string): void {
  if (validZones.has(timeZone)) return;
  if (!IANAZone.isValidZone(timeZone)) throw new Error(`Unknown time zone '${timeZone}'`);
  validZones.add(timeZone);
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
