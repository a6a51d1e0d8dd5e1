// How numbers appear in rule reasons, step reasons, mails and pages: the one money formatter.
// Written out by hand rather than with Intl (toLocaleString) so the text is identical in the API,
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
