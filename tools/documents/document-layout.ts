// How one generated customer contract looks: which label variant each field gets, how amounts,
// dates and payment terms are written, the price table's column order, and how clause headings
// are numbered. Every choice is drawn from a seed, within the variants agreed with intake in
// /work/briefs/s4/doc-spec.md, so intake is built for real-world variety rather than one template.
import { seededRandom, subSeed } from './seeded-random';

export type DocumentLang = 'en' | 'zh-CN';

export type TableColumn = 'sku' | 'description' | 'quantity' | 'unitPrice' | 'taxRate';

export interface DocumentLayout {
  lang: DocumentLang;
  labels: {
    title: string;
    customer: string;
    registration: string;
    country: string;
    currency: string;
    amount: string;
    paymentTerms: string;
    delivery: string;
    personalData: string;
  };
  /** Label and value as "Label: value" paragraphs, or as rows of a two-column table. */
  fieldsAsTable: boolean;
  /** ":" or the full-width "：" (Chinese documents mostly use the latter). */
  colon: string;
  showCountry: boolean;
  /** Personal data may be left out only when it is "no" (intake then defaults to false). */
  omitPersonalDataWhenNo: boolean;
  currencyStyle: 'code' | 'name';
  amountStyle: 'code-before' | 'code-after' | 'symbol' | 'plain' | 'wan';
  thousandsSeparators: boolean;
  paymentStyle: number;
  dateStyle: number;
  columns: TableColumn[];
  taxWithPercent: boolean;
  totalRow: boolean;
  clauseHeadingStyle: number;
  /** Index into each clause key's heading synonyms. */
  clauseTitleVariant: number;
}

export const LABEL_VARIANTS = {
  en: {
    title: ['Contract title', 'Title', 'Agreement'],
    customer: ['Customer', 'Buyer', 'Customer name'],
    registration: ['Unified Social Credit Code', 'USCC', 'Registration number'],
    country: ['Country'],
    currency: ['Currency'],
    amount: ['Total amount', 'Contract value', 'Total'],
    paymentTerms: ['Payment terms'],
    delivery: ['Delivery date', 'Requested delivery'],
    personalData: ['Personal data processed'],
  },
  'zh-CN': {
    title: ['合同名称', '合同标题', '项目名称'],
    customer: ['客户名称', '买方', '客户'],
    registration: ['统一社会信用代码', '信用代码'],
    country: ['国家'],
    currency: ['币种', '货币'],
    amount: ['合同总额', '合同金额', '总计'],
    paymentTerms: ['付款条件', '付款方式'],
    delivery: ['交货日期', '交付日期'],
    personalData: ['是否处理个人信息'],
  },
} as const;

export const TABLE_HEADERS: Record<DocumentLang, Record<TableColumn, string>> = {
  en: { sku: 'SKU', description: 'Description', quantity: 'Quantity', unitPrice: 'Unit price', taxRate: 'Tax rate' },
  'zh-CN': { sku: '产品编号', description: '描述', quantity: '数量', unitPrice: '单价', taxRate: '税率' },
};

/** Clause headings per key, in both languages (the first is the library's own title). */
export const CLAUSE_HEADINGS: Record<string, Record<DocumentLang, readonly string[]>> = {
  liability: { en: ['Limitation of liability', 'Liability'], 'zh-CN': ['责任限制', '赔偿责任'] },
  payment: { en: ['Payment'], 'zh-CN': ['付款'] },
  termination: { en: ['Termination'], 'zh-CN': ['终止', '解除'] },
  governing_law: { en: ['Governing law', 'Applicable law'], 'zh-CN': ['适用法律', '法律适用'] },
  confidentiality: { en: ['Confidentiality'], 'zh-CN': ['保密'] },
  data_protection: { en: ['Data protection'], 'zh-CN': ['数据保护', '个人信息保护'] },
  ip: { en: ['Intellectual property'], 'zh-CN': ['知识产权'] },
  renewal: { en: ['Renewal'], 'zh-CN': ['续约', '续期'] },
};

const COLUMN_ORDERS: TableColumn[][] = [
  ['sku', 'description', 'quantity', 'unitPrice', 'taxRate'],
  ['description', 'sku', 'quantity', 'unitPrice', 'taxRate'],
  ['sku', 'description', 'unitPrice', 'quantity', 'taxRate'],
  ['sku', 'quantity', 'unitPrice', 'taxRate', 'description'],
];

export function chooseLayout(lang: DocumentLang, layoutSeed: number): DocumentLayout {
  const r = seededRandom(subSeed(layoutSeed, `layout:${lang}`));
  const v = LABEL_VARIANTS[lang];
  const zh = lang === 'zh-CN';
  return {
    lang,
    labels: {
      title: r.pick(v.title),
      customer: r.pick(v.customer),
      registration: r.pick(v.registration),
      country: r.pick(v.country),
      currency: r.pick(v.currency),
      amount: r.pick(v.amount),
      paymentTerms: r.pick(v.paymentTerms),
      delivery: r.pick(v.delivery),
      personalData: r.pick(v.personalData),
    },
    fieldsAsTable: r.chance(0.4),
    colon: zh ? (r.chance(0.8) ? '：' : ':') : r.chance(0.9) ? ':' : '：',
    showCountry: r.chance(0.5),
    omitPersonalDataWhenNo: r.chance(0.15),
    currencyStyle: zh && r.chance(0.6) ? 'name' : 'code',
    amountStyle: r.pick(zh ? (['code-before', 'symbol', 'plain', 'wan', 'wan'] as const) : (['code-before', 'code-after', 'symbol', 'plain'] as const)),
    thousandsSeparators: r.chance(0.7),
    paymentStyle: r.int(0, zh ? 1 : 2),
    dateStyle: r.int(0, zh ? 1 : 2),
    columns: r.pick(COLUMN_ORDERS),
    taxWithPercent: r.chance(0.7),
    totalRow: r.chance(0.6),
    clauseHeadingStyle: r.int(0, zh ? 1 : 2),
    clauseTitleVariant: r.int(0, 1),
  };
}
