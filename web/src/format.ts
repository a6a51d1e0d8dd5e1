// Dates in the organisation's time zone and money with its currency, through Intl in the
// language the user chose. The zone comes from the policy in force (/api/policy: the steps that
// read a calendar carry `timeZone`, which the API sets from ORG_TIME_ZONE); until it is loaded,
// DEFAULT_ORG_TIME_ZONE mirrors ORG_TIME_ZONE's default (src/config/env.schema.ts).
import i18n from './i18n';
import type { Policy } from './api/types';

export const DEFAULT_ORG_TIME_ZONE = 'Asia/Shanghai';
let orgTimeZone = DEFAULT_ORG_TIME_ZONE;

export function setOrgTimeZoneFromPolicy(policy: Policy): void {
  const zone = policy.steps.map((s) => s.params?.timeZone).find((z): z is string => typeof z === 'string');
  if (zone) orgTimeZone = zone;
}

export function getOrgTimeZone(): string {
  return orgTimeZone;
}

function lang(): string {
  return i18n.resolvedLanguage ?? 'en';
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang(), { timeZone: orgTimeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as the reader writes dates; no zone shift. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(lang(), { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(`${date}T00:00:00Z`));
}

export function formatMoney(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return '—';
  try {
    return new Intl.NumberFormat(lang(), { style: 'currency', currency }).format(amount);
  } catch {
    // An unknown currency code while the rep is still typing it.
    return `${new Intl.NumberFormat(lang(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(lang(), { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
}

export function formatHours(hours: number): string {
  return new Intl.NumberFormat(lang(), { maximumFractionDigits: 1 }).format(hours);
}

/** Today's date in the organisation's zone, YYYY-MM-DD. */
export function orgToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: orgTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
