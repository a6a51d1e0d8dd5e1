// Business time: which days are working days and how many working hours lie between two
// instants, in the organisation's time zone. Every SLA deadline, reminder and escalation is
// computed here. Working windows are built from local wall-clock times on each local date, so
// a DST switch changes the UTC offset of 09:00, never the length of the working day.
import { DateTime } from 'luxon';
import { addDays, assertTimeZone, isIsoDate, isoWeekday, localDateOf } from './local-date';

export interface CalendarConfig {
  /** IANA zone, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /** Local opening time, 'HH:mm'. */
  workStart: string;
  /** Local closing time, 'HH:mm', after workStart. */
  workEnd: string;
  /** ISO weekdays that are working days, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  /** YYYY-MM-DD public holidays: not working days even on a working weekday. */
  holidays: string[];
  /** YYYY-MM-DD weekend days that are working days (China's 调休 make-up days). */
  makeUpWorkdays: string[];
  /** YYYY-MM-DD company closure days: not working days whatever else says. */
  closures: string[];
}

const HOUR_MS = 3_600_000;
/** A calendar with no working day in ten years is misconfigured; stop instead of looping forever. */
const MAX_DAYS_SCANNED = 3660;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseClock(value: string, label: string): { hour: number; minute: number } {
  const match = CLOCK_TIME.exec(value);
  if (!match) throw new Error(`Calendar ${label} '${value}' is not a HH:mm time`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function toMs(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new Error('Invalid date');
  return ms;
}

export class BusinessCalendar {
  private readonly open: { hour: number; minute: number };
  private readonly close: { hour: number; minute: number };
  private readonly workingDays: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<string>;
  private readonly makeUpWorkdays: ReadonlySet<string>;
  private readonly closures: ReadonlySet<string>;

  constructor(readonly config: CalendarConfig) {
    assertTimeZone(config.timeZone);
    this.open = parseClock(config.workStart, 'workStart');
    this.close = parseClock(config.workEnd, 'workEnd');
    if (this.close.hour * 60 + this.close.minute <= this.open.hour * 60 + this.open.minute) {
      throw new Error(`Calendar workEnd ${config.workEnd} must be after workStart ${config.workStart}`);
    }
    for (const day of config.workingDays) {
      if (!Number.isInteger(day) || day < 1 || day > 7) throw new Error(`Calendar working day ${day} is not an ISO weekday 1..7`);
    }
    for (const date of [...config.holidays, ...config.makeUpWorkdays, ...config.closures]) {
      if (!isIsoDate(date)) throw new Error(`Calendar date '${date}' is not YYYY-MM-DD`);
    }
    this.workingDays = new Set(config.workingDays);
    this.holidays = new Set(config.holidays);
    this.makeUpWorkdays = new Set(config.makeUpWorkdays);
    this.closures = new Set(config.closures);
  }

  /**
   * A YYYY-MM-DD local date, or the local date an instant falls on. Closures and holidays win
   * over make-up days: when the data contradicts itself, the deadline gets the extra day.
   */
  isWorkingDay(date: string | Date): boolean {
    const day = typeof date === 'string' ? date : localDateOf(date, this.config.timeZone);
    if (!isIsoDate(day)) throw new Error(`Invalid date '${day}'`);
    if (this.closures.has(day) || this.holidays.has(day)) return false;
    if (this.makeUpWorkdays.has(day)) return true;
    return this.workingDays.has(isoWeekday(day));
  }

  /** The working window of a local date as epoch ms, or null on a non-working day. */
  windowOf(day: string): { open: number; close: number } | null {
    if (!this.isWorkingDay(day)) return null;
    const [year, month, dayOfMonth] = day.split('-').map(Number);
    const at = (t: { hour: number; minute: number }): number =>
      DateTime.fromObject({ year, month, day: dayOfMonth, hour: t.hour, minute: t.minute }, { zone: this.config.timeZone }).toMillis();
    return { open: at(this.open), close: at(this.close) };
  }

  /** `d` itself when inside a working window (opening inclusive, closing exclusive), else the next opening. */
  nextWorkingMoment(d: Date): Date {
    return new Date(this.addBusinessMsFrom(toMs(d), 0));
  }

  /**
   * The instant `hours` business hours after `start` (fractions allowed). A start outside working
   * hours rolls forward to the next opening; a total that ends exactly at closing time stays on
   * that day rather than moving to the next opening.
   */
  addBusinessHours(start: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) throw new Error(`Business hours must be 0 or more, got ${hours}`);
    return new Date(this.addBusinessMsFrom(toMs(start), Math.round(hours * HOUR_MS)));
  }

  addBusinessMs(start: Date, ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`Business time must be 0 or more, got ${ms}`);
    return new Date(this.addBusinessMsFrom(toMs(start), Math.round(ms)));
  }

  /** Working milliseconds in [a, b); negative when b is before a. */
  businessMsBetween(a: Date, b: Date): number {
    const from = toMs(a);
    const to = toMs(b);
    if (to < from) return -this.businessMsBetween(b, a);
    const lastDay = localDateOf(new Date(to), this.config.timeZone);
    let total = 0;
    for (let day = localDateOf(new Date(from), this.config.timeZone); day <= lastDay; day = addDays(day, 1)) {
      const window = this.windowOf(day);
      if (window) total += Math.max(0, Math.min(to, window.close) - Math.max(from, window.open));
    }
    return total;
  }

  businessHoursBetween(a: Date, b: Date): number {
    return this.businessMsBetween(a, b) / HOUR_MS;
  }

  private addBusinessMsFrom(startMs: number, ms: number): number {
    let remaining = ms;
    let day = localDateOf(new Date(startMs), this.config.timeZone);
    for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++, day = addDays(day, 1)) {
      const window = this.windowOf(day);
      if (!window) continue;
      const from = Math.max(startMs, window.open);
      if (from >= window.close) continue;
      const available = window.close - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    throw new Error(`No working time found within ${MAX_DAYS_SCANNED} days of ${new Date(startMs).toISOString()}; check the calendar`);
  }
}
