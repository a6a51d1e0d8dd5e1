// Instants the approver and ops pages write or show beyond web/src/format.ts: "at 14:02" for
// today, and the conversion between an <input type="datetime-local"> value (wall-clock time in
// the organisation's zone) and the ISO 8601 timestamp with offset the API asks for.
import { formatDateTime, getOrgTimeZone } from '../../format';

/** "14:02" when the instant falls on today's date in the organisation's zone, else date and time. */
export function formatMoment(iso: string, locale: string, now = new Date()): string {
  const zone = getOrgTimeZone();
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(d);
  const at = new Date(iso);
  if (day(at) === day(now)) return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone, hourCycle: 'h23' }).format(at);
  return formatDateTime(iso);
}

export function formatShare(share: number | null | undefined, locale: string): string {
  if (share === null || share === undefined) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** The organisation zone's offset at an instant, as "+08:00". */
function orgOffset(at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: getOrgTimeZone(), timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name ?? '');
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

/**
 * "2026-12-01T09:30" (a datetime-local value, read in the organisation's zone) as
 * "2026-12-01T09:30:00+08:00". The offset is taken near that wall-clock time, which is exact
 * except within a daylight-saving change (Asia/Shanghai has none).
 */
export function orgLocalToIso(local: string): string {
  return `${local}:00${orgOffset(new Date(`${local}:00Z`))}`;
}

/** An instant as a datetime-local value in the organisation's zone. */
export function isoToOrgLocal(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: getOrgTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
