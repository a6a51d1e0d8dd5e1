// How mail and task pages write instants, money and percentages. Pure: the time zone is an
// argument, never the server's.
export { esc } from '../../common/html';
// Money as everywhere else: the domain's formatter, with the currency in front.
export { formatAmount as formatMoney } from '../../domain/rules/format';

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

/** 5 -> "5.00%" */
export function formatPercent(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** 0.5 -> "50%" */
export function formatFraction(value: number): string {
  return `${Math.round(value * 100)}%`;
}

export function formatPaymentTerms(days: number): string {
  return days === 0 ? 'due on receipt' : `${days} days net`;
}
