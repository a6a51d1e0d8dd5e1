// The content of one generated customer contract, independent of the file format: a list of
// blocks (headings, paragraphs, label/value fields, the price table, clauses) that the DOCX and
// PDF writers both render, so the two formats of one document always say the same thing.
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import { DEMO_PRODUCTS } from '../../src/domain/contract/catalogue.data';
import { CLAUSE_HEADINGS, type DocumentLayout, TABLE_HEADERS, type TableColumn } from './document-layout';

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'fields'; rows: [label: string, value: string][]; asTable: boolean; colon: string }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'clause'; heading: string; text: string };

const PRODUCT_NAMES_ZH: Record<string, string> = {
  'GL-LIC-STD': '绿灯软件许可',
  'GL-SUP-PRM': '高级支持服务（一年）',
  'GL-HW-SRV': '服务器设备',
  'GL-SVC-IMP': '实施服务（人天）',
};
const PRODUCT_NAMES_EN: Record<string, string> = Object.fromEntries(DEMO_PRODUCTS.map((p) => [p.sku, p.name]));

const CURRENCY_NAMES_ZH: Record<string, string> = { CNY: '人民币', USD: '美元', EUR: '欧元' };
const CURRENCY_SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (clause numbers stay well under 100). */
export function chineseNumeral(n: number): string {
  if (n < 10) return ZH_DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : ZH_DIGITS[tens]}十${ones === 0 ? '' : ZH_DIGITS[ones]}`;
}

export function formatNumber(value: number, thousands: boolean, decimals = 2): string {
  const fixed = value.toFixed(decimals);
  if (!thousands) return fixed;
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

export function formatDocumentAmount(amount: number, currency: string, layout: DocumentLayout): string {
  const n = formatNumber(amount, layout.thousandsSeparators);
  const symbol = CURRENCY_SYMBOLS[currency];
  switch (layout.amountStyle) {
    case 'wan':
      // 万元 is a CNY way of writing; only when it stays exact to the cent.
      if (currency === 'CNY' && Number.isInteger(Math.round(amount * 100) / 100 / 100)) return `${Number((amount / 10000).toFixed(4))}万元`;
      return symbol ? `${symbol}${n}` : `${currency} ${n}`;
    case 'symbol':
      return symbol ? `${symbol}${n}` : `${currency} ${n}`;
    case 'code-after':
      return `${n} ${currency}`;
    case 'plain':
      return n;
    case 'code-before':
      return `${currency} ${n}`;
  }
}

function formatPaymentTerms(days: number, layout: DocumentLayout): string {
  if (layout.lang === 'zh-CN') return [`发票后${days}天内付款`, `${days}天`][layout.paymentStyle];
  return [`Net ${days} days`, `${days} days net`, `within ${days} days of invoice`][layout.paymentStyle];
}

function formatDate(iso: string, layout: DocumentLayout): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (layout.lang === 'zh-CN') return [iso, `${y}年${m}月${d}日`][layout.dateStyle];
  return [iso, `${d} ${MONTHS[m - 1]} ${y}`, `${MONTHS[m - 1]} ${d}, ${y}`][layout.dateStyle];
}

export function clauseHeading(key: string, index: number, layout: DocumentLayout): string {
  const variants = CLAUSE_HEADINGS[key]?.[layout.lang];
  const title = variants ? variants[layout.clauseTitleVariant % variants.length] : key;
  const n = index + 1;
  if (layout.lang === 'zh-CN') return [`第${chineseNumeral(n)}条 ${title}`, `${chineseNumeral(n)}、${title}`][layout.clauseHeadingStyle];
  return [`${n}. ${title}`, `Article ${n} ${title}`, `1.${n} ${title}`][layout.clauseHeadingStyle];
}

function lineCell(column: TableColumn, line: ContractSubmission['lines'][number], layout: DocumentLayout): string {
  switch (column) {
    case 'sku':
      return line.sku;
    case 'description':
      return (layout.lang === 'zh-CN' ? PRODUCT_NAMES_ZH : PRODUCT_NAMES_EN)[line.sku] ?? line.sku;
    case 'quantity':
      return String(line.quantity);
    case 'unitPrice':
      return formatNumber(line.unitPrice, layout.thousandsSeparators);
    case 'taxRate':
      return layout.taxWithPercent ? `${line.taxRatePercent}%` : String(line.taxRatePercent);
  }
}

export function documentBlocks(draft: ContractSubmission, layout: DocumentLayout): Block[] {
  const zh = layout.lang === 'zh-CN';
  const L = layout.labels;
  const currency = layout.currencyStyle === 'name' && CURRENCY_NAMES_ZH[draft.currency] ? CURRENCY_NAMES_ZH[draft.currency] : draft.currency;
  const fields: [string, string][] = [
    [L.title, draft.title],
    [L.customer, draft.customer.name],
    [L.registration, draft.customer.registrationNumber],
  ];
  if (layout.showCountry || draft.customer.country !== 'CN') fields.push([L.country, draft.customer.country]);
  fields.push(
    [L.currency, currency],
    [L.amount, formatDocumentAmount(draft.amount, draft.currency, layout)],
    [L.paymentTerms, formatPaymentTerms(draft.paymentTermsDays, layout)],
    [L.delivery, formatDate(draft.requestedDeliveryDate, layout)],
  );
  if (draft.personalData || !layout.omitPersonalDataWhenNo) fields.push([L.personalData, zh ? (draft.personalData ? '是' : '否') : draft.personalData ? 'yes' : 'no']);

  const header = layout.columns.map((c) => TABLE_HEADERS[layout.lang][c]);
  const rows = draft.lines.map((line) => layout.columns.map((c) => lineCell(c, line, layout)));
  if (layout.totalRow) {
    const total = layout.columns.map(() => '');
    total[0] = zh ? '合计' : 'Total';
    total[total.length - 1] = formatNumber(draft.amount, layout.thousandsSeparators);
    rows.push(total);
  }

  return [
    { kind: 'title', text: zh ? '销售合同' : 'Sales Agreement' },
    {
      kind: 'paragraph',
      text: zh ? '本合同由绿灯软件有限公司（供方）与下列客户（需方）订立。' : 'This agreement is made between Greenlight Software Ltd. (the supplier) and the customer named below.',
    },
    { kind: 'fields', rows: fields, asTable: layout.fieldsAsTable, colon: layout.colon },
    { kind: 'heading', text: zh ? '价格明细' : 'Price schedule' },
    { kind: 'table', header, rows },
    { kind: 'heading', text: zh ? '合同条款' : 'Terms and conditions' },
    ...draft.clauses.map((c, i): Block => ({ kind: 'clause', heading: clauseHeading(c.key, i, layout), text: c.text })),
    { kind: 'paragraph', text: zh ? '本合同一式两份，双方各执一份，经双方签字盖章后生效。' : 'Signed in two counterparts, one for each party.' },
  ];
}
