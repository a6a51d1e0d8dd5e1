// How numbers, money and instants appear in rule reasons, step reasons, mails and pages: one home.
// Money is written out by hand rather than with Intl (toLocaleString) so the text is identical in the API,
// the worker and the workflow sandbox whatever their ICU data, and on replay after an upgrade:
// fixed comma grouping, two decimals.
import { round2 } from '../contract/derive';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1200000 -> "1,200,000.00" */
export function formatMoney(value: number): string {
  const rounded = round2(value);
  const [whole, cents] = Math.abs(rounded).toFixed(2).split('.');
  return `${rounded < 0 ? '-' : ''}${groupThousands(whole)}.${cents}`;
}

/** (1200000, 'CNY') -> "CNY 1,200,000.00" */
export function formatAmount(value: number, currency: string): string {
  return `${currency} ${formatMoney(value)}`;
}

/** 12.5 -> "12.50%" */
export function formatPercent(value: number): string {
  return `${round2(value).toFixed(2)}%`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

// Instants as a person in a given zone reads them (mails, task pages). Intl is fine here: these
// texts are written by the API and activities, never inside the workflow.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "Mon 23 Nov 2026, 16:00 (Asia/Shanghai)": the instant as a person in `timeZone` reads it. */
export function formatInstant(iso: string | Date, timeZone: string): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return 'unknown time';
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(date)) parts[p.type] = p.value;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} (${timeZone})`;
}

/** 0.5 -> "50%" */
export function formatFraction(value: number): string {
  return `${Math.round(value * 100)}%`;
}

export function formatPaymentTerms(days: number): string {
  return days === 0 ? 'due on receipt' : `${days} days net`;
}
