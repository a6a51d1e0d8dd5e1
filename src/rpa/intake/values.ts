// Value parsers for what customers write in contracts, English and Chinese: money (thousands
// separators, currency codes, symbols and names, 万/亿), dates (ISO, "15 January 2027",
// "January 15, 2027" through luxon; 2027年1月15日 by pattern), payment terms in days, currencies,
// yes/no, tax rates and Chinese numerals. Pure: strings in, values or null out.
import { DateTime } from 'luxon';

/** Full-width digits, letters and punctuation to half-width (NFKC), whitespace folded. */
export function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

const CURRENCY_CODES = ['CNY', 'USD', 'EUR', 'HKD', 'GBP', 'JPY', 'SGD', 'CHF', 'AUD', 'CAD'];

/** Currency names and symbols to ISO codes; checked in this order (HK$ before $, 美元 before 元). */
const CURRENCY_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/RMB|人民币|CN¥/i, 'CNY'],
  [/HK\$|港元|港币/i, 'HKD'],
  [/US\$|美元|美金/i, 'USD'],
  [/S\$|新加坡元/i, 'SGD'],
  [/€|欧元/, 'EUR'],
  [/£|英镑/, 'GBP'],
  [/日元|円/, 'JPY'],
  [/¥|元/, 'CNY'],
  [/\$/, 'USD'],
];

/** The ISO code a currency field or an amount names (code, name or symbol), or null. */
export function parseCurrency(text: string): string | null {
  const t = fold(text).toUpperCase();
  const code = /(?:^|[^A-Z])([A-Z]{3})(?![A-Z])/.exec(t);
  if (code && code[1] === 'RMB') return 'CNY';
  if (code && (CURRENCY_CODES.includes(code[1]) || /^[A-Z]{3}$/.test(t))) return code[1];
  for (const [pattern, iso] of CURRENCY_WORDS) if (pattern.test(t)) return iso;
  return null;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 一 → 1, 十二 → 12, 二十 → 20, 三百六十五 → 365; ASCII digits pass through; null when not a numeral. */
export function parseChineseNumeral(text: string): number | null {
  const t = fold(text);
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(t)) return null;
  let total = 0;
  let digit = 0;
  for (const ch of t) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch];
    else {
      total += (digit || 1) * CN_UNITS[ch];
      digit = 0;
    }
  }
  return total + digit;
}

/** A plain number with optional thousands separators ("190,000.50", "190000"), or null. */
export function parseNumber(text: string): number | null {
  const t = fold(text).replace(/\s/g, '');
  if (!/^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(t)) return null;
  return Number(t.replace(/,/g, ''));
}

export interface ParsedMoney {
  value: number;
  currency: string | null;
  /** True when the amount was written in 万 or 亿 (scaled here). */
  scaled: boolean;
}

/**
 * "CNY 190,000.00", "190,000 CNY", "¥190,000", "US$ 1,200.50", "19万元", "人民币19.5万元" → value
 * (rounded to cents) and the currency it names, if any. The first number in the text is the amount.
 */
export function parseMoney(text: string): ParsedMoney | null {
  const t = fold(text);
  const m = /(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万|亿)?/.exec(t);
  if (!m) return null;
  let value = Number(m[1].replace(/,/g, '') + (m[2] ?? ''));
  if (m[3] === '万') value *= 10_000;
  if (m[3] === '亿') value *= 100_000_000;
  return { value: Math.round(value * 100) / 100, currency: parseCurrency(t.replace(m[0], ' ')), scaled: Boolean(m[3]) };
}

const ENGLISH_DATE_FORMATS = ['d MMMM yyyy', 'd MMM yyyy', 'MMMM d, yyyy', 'MMM d, yyyy', 'MMMM d yyyy', 'MMM d yyyy', 'd MMMM, yyyy', 'yyyy/M/d', 'yyyy.M.d'];

function isoDate(y: number, m: number, d: number): string | null {
  const dt = DateTime.fromObject({ year: y, month: m, day: d }, { zone: 'UTC' });
  return dt.isValid ? dt.toISODate() : null;
}

/** A calendar date as YYYY-MM-DD: "2027-01-15", "15 January 2027", "January 15, 2027", "2027年1月15日"; null otherwise. */
export function parseDate(text: string): string | null {
  const t = fold(text);
  const iso = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(t);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const zh = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?/.exec(t);
  if (zh) return isoDate(Number(zh[1]), Number(zh[2]), Number(zh[3]));
  const english = t.replace(/(\d)(st|nd|rd|th)\b/gi, '$1').replace(/\.$/, '');
  for (const format of ENGLISH_DATE_FORMATS) {
    const dt = DateTime.fromFormat(english, format, { locale: 'en', zone: 'UTC' });
    if (dt.isValid) return dt.toISODate();
  }
  return null;
}

/** Days to pay: "Net 30 days", "30 days net", "within 30 days of invoice", "发票后30天内付款", "30天", "三十天"; null otherwise. */
export function parsePaymentDays(text: string): number | null {
  const t = fold(text);
  const patterns = [/\bnet\s*(\d+)/i, /(\d+)\s*(?:calendar\s+|business\s+)?days?\b/i, /(\d+)\s*(?:个)?(?:天|日)/, /([零〇一二两三四五六七八九十百]+)\s*(?:个)?(?:天|日)/];
  for (const p of patterns) {
    const m = p.exec(t);
    if (m) return parseChineseNumeral(m[1]);
  }
  if (/^\d+$/.test(t)) return Number(t);
  return null;
}

/** yes/no, true/false, 是/否, 有/无 → boolean; null otherwise. */
export function parseYesNo(text: string): boolean | null {
  const t = fold(text).toLowerCase().replace(/[.。]$/, '');
  if (/^(yes|y|true|是|有|涉及)$/.test(t)) return true;
  if (/^(no|n|false|否|无|不涉及|没有)$/.test(t)) return false;
  return null;
}

/** "6%", "6", "13 %", "6.5％" → the percentage; null otherwise. */
export function parseTaxRate(text: string): number | null {
  const t = fold(text).replace(/\s/g, '').replace(/%$/, '');
  return parseNumber(t);
}

/** Country names to ISO 3166-1 alpha-2, for documents that write the name instead of the code. */
const COUNTRY_NAMES: Record<string, string> = {
  china: 'CN', "people's republic of china": 'CN', prc: 'CN', 中国: 'CN', 中华人民共和国: 'CN',
  'hong kong': 'HK', 'hong kong sar': 'HK', 香港: 'HK', 中国香港: 'HK',
  singapore: 'SG', 新加坡: 'SG',
  germany: 'DE', 德国: 'DE',
  'united states': 'US', usa: 'US', 美国: 'US',
  'united kingdom': 'GB', uk: 'GB', 英国: 'GB',
  japan: 'JP', 日本: 'JP',
  france: 'FR', 法国: 'FR',
};

/** A country code ("CN", "cn") or a known name ("China", "中国") → ISO alpha-2; null otherwise. */
export function parseCountry(text: string): string | null {
  const t = fold(text);
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  const code = /\(([A-Z]{2})\)/.exec(t);
  if (code) return code[1];
  return COUNTRY_NAMES[t.toLowerCase()] ?? null;
}
