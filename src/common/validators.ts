// class-validator decorators for what the built-in ones get wrong or cannot say: decimal places
// of numbers written in exponent form, real calendar dates and instants within a sane range
// (luxon decides validity), and totals over an array. Each failure names its rule, as the
// built-in ones do.
import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';
import { isIsoDate } from '../domain/sla/local-date';

/**
 * Decimal places of a finite number as written in its shortest round-trip form, the form JSON.parse
 * read it from: 9500 → 0, 12.5 → 1, 1e-7 → 7, 1.5e-10 → 11. class-validator's own
 * `maxDecimalPlaces` splits `String(value)` at '.', which throws on the exponent form (1e-7)
 * and turns a bad unit price into a 500.
 */
export function decimalPlaces(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  const [mantissa, exponent] = value.toExponential().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

export function MaxDecimalPlaces(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxDecimalPlaces',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= max,
        defaultMessage: buildMessage((each) => `${each}$property must be a number with at most $constraint1 decimal places`, options),
      },
    },
    options,
  );
}

/** Years a date or instant may fall in: wide enough for any contract, narrow enough for every column and calendar walk. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

function inYearRange(t: DateTime): boolean {
  return t.year >= MIN_YEAR && t.year <= MAX_YEAR;
}

/** A real calendar date YYYY-MM-DD (no 2027-02-30) in MIN_YEAR..MAX_YEAR. */
export function isCalendarDate(value: unknown): boolean {
  return isIsoDate(value) && inYearRange(DateTime.fromISO(value, { zone: 'utc' }));
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: isCalendarDate,
        defaultMessage: buildMessage((each) => `${each}$property must be a real calendar date YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}`, options),
      },
    },
    options,
  );
}

/**
 * ISO 8601 extended form only: what both PostgreSQL and JavaScript read the same way. Week dates,
 * ordinal dates and the basic form are valid ISO 8601 but not understood by everyone downstream.
 */
const TIMESTAMP_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export interface InstantOptions {
  /** Refuse a timestamp without `Z` or an offset; needed where PostgreSQL and Node would read it in different zones. */
  offsetRequired?: boolean;
  /** Also accept a plain date YYYY-MM-DD. */
  dateAllowed?: boolean;
}

/** A real instant `YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±HH:mm]` (or a date, if allowed) in MIN_YEAR..MAX_YEAR. */
export function isIsoInstant(value: unknown, o: InstantOptions = {}): boolean {
  if (typeof value !== 'string') return false;
  if (DATE_SHAPE.test(value)) return !!o.dateAllowed && isCalendarDate(value);
  const shape = TIMESTAMP_SHAPE.exec(value);
  if (!shape || (o.offsetRequired && !shape[1])) return false;
  // Real offsets run from -12:00 to +14:00; luxon would take +25:00, JavaScript and PostgreSQL would not.
  const offset = shape[1] && shape[1] !== 'Z' ? { hours: Number(shape[1].slice(1, 3)), minutes: Number(shape[1].slice(4)) } : null;
  if (offset && (offset.hours > 14 || offset.minutes > 59)) return false;
  const t = DateTime.fromISO(value, { setZone: true });
  return t.isValid && inYearRange(t) && inYearRange(t.toUTC());
}

export function IsIsoInstant(o: InstantOptions = {}, options?: ValidationOptions): PropertyDecorator {
  const form = `${o.dateAllowed ? 'a date YYYY-MM-DD or ' : ''}an ISO 8601 timestamp YYYY-MM-DDTHH:mm:ss${o.offsetRequired ? ' with Z or an offset (+08:00)' : ''}`;
  return ValidateBy(
    {
      name: 'isIsoInstant',
      validator: {
        validate: (value: unknown) => isIsoInstant(value, o),
        defaultMessage: buildMessage((each) => `${each}$property must be ${form}, a real date and time between ${MIN_YEAR} and ${MAX_YEAR}`, options),
      },
    },
    options,
  );
}

/** Sum of `text.length` over an array of objects; a bound on the whole, not just on each item. */
export function MaxTotalLength(property: string, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxTotalLength',
      constraints: [max, property],
      validator: {
        validate: (value: unknown) => {
          if (!Array.isArray(value)) return true; // IsArray reports it
          let total = 0;
          for (const item of value) {
            const s = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[property] : undefined;
            if (typeof s === 'string') total += s.length;
          }
          return total <= max;
        },
        defaultMessage: buildMessage((each) => `${each}$property must not hold more than $constraint1 characters of $constraint2 in total`, options),
      },
    },
    options,
  );
}

/** Sum of quantity × unitPrice over the lines; keeps the net total within what the amount may be. */
export function MaxLinesTotal(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLinesTotal',
      constraints: [max],
      validator: {
        validate: (value: unknown) => {
          if (!Array.isArray(value)) return true; // IsArray reports it
          let total = 0;
          for (const item of value) {
            const line = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
            if (typeof line.quantity === 'number' && typeof line.unitPrice === 'number') total += line.quantity * line.unitPrice;
          }
          return Number.isFinite(total) && total <= max;
        },
        defaultMessage: buildMessage((each) => `${each}$property must total (quantity × unitPrice) at most $constraint1`, options),
      },
    },
    options,
  );
}
