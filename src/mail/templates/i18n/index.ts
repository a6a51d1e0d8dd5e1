// The mails' and the decision page's language: an i18next instance over the two catalogues (en,
// zh-CN), and the locale-aware formatters the templates write instants and payment terms with.
// Money keeps the domain's form in both languages ("CNY 1,200,000.00": currency code, comma
// groups, two decimals), which a Chinese reader reads as written.
import i18next, { type TFunction } from 'i18next';
import { html, type HtmlValue, SafeHtml } from '../../../common/html';
import type { Locale } from '../../../directory/locale';
import { formatInstant as formatInstantEn } from '../../../domain/rules/format';
import { en } from './en';
import { zhCN } from './zh-CN';

export type { Locale };
export const MAIL_LOCALES: readonly Locale[] = ['en', 'zh-CN'];

const i18n = i18next.createInstance();
void i18n.init({
  // Synchronous: the catalogues are in memory, and templates are pure functions called at once.
  initAsync: false,
  resources: { en: { mail: en }, 'zh-CN': { mail: zhCN } },
  ns: ['mail'],
  defaultNS: 'mail',
  lng: 'en',
  fallbackLng: 'en',
  // The templates escape (html``); texts go into plain-text mail too, where escaping would show.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export interface Messages {
  locale: Locale;
  /** The catalogue text for `key`, with {{placeholders}} filled. */
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** The same text as HTML: the catalogue text is escaped, each value is rendered by html`` (so SafeHtml values keep their markup). */
  tHtml: (key: string, vars: Record<string, HtmlValue>) => SafeHtml;
  /** An instant as a person in `timeZone` reads it, in this language. */
  instant: (iso: string | Date, timeZone: string) => string;
  paymentTerms: (days: number) => string;
}

const zhFormatters = new Map<string, Intl.DateTimeFormat>();

/** "2026年11月24日 周二 10:00 (Europe/Berlin)" */
function formatInstantZh(iso: string | Date, timeZone: string): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '未知时间';
  let f = zhFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    zhFormatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(date)) parts[p.type] = p.value;
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.weekday} ${parts.hour}:${parts.minute} (${timeZone})`;
}

const cache = new Map<Locale, Messages>();

/** The messages of `locale` (English when absent). */
export function messages(locale: Locale | null | undefined): Messages {
  const lng: Locale = locale ?? 'en';
  const cached = cache.get(lng);
  if (cached) return cached;
  const fixed: TFunction = i18n.getFixedT(lng, 'mail');
  const t = (key: string, vars?: Record<string, string | number>): string => {
    const out = fixed(key, vars ?? {}) as string;
    if (out === key) throw new Error(`mail catalogue has no text for '${key}' (${lng})`);
    return out;
  };
  const m: Messages = {
    locale: lng,
    t,
    tHtml: (key, vars) => {
      // Placeholders become markers no catalogue text contains (private-use characters), the catalogue's own text is
      // escaped as element text (& < >: it is ours, and quotes in it stay as written), and each
      // marker is replaced by its value rendered as HTML (fully escaped unless SafeHtml).
      const names = Object.keys(vars);
      const markers = Object.fromEntries(names.map((n, i) => [n, `\uE000${i}\uE001`]));
      const escaped = t(key, markers).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
      return new SafeHtml(escaped.replace(/\uE000(\d+)\uE001/g, (_, i: string) => html`${vars[names[Number(i)]]}`.toString()));
    },
    instant: lng === 'zh-CN' ? formatInstantZh : formatInstantEn,
    paymentTerms: (days) => (days === 0 ? t('terms.onReceipt') : t('terms.net', { days })),
  };
  cache.set(lng, m);
  return m;
}
