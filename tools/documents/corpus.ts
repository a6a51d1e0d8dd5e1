// The RPA defect corpus (issue 15 item 7): seeded customer contracts in English and Chinese, each
// written as DOCX or PDF by contract-document-writer.ts, each labelled with its ground truth (the
// draft the document says) and the one defect injected into it, or none (clean contracts carry
// only cosmetic edits: punctuation, spacing, full-width forms, the library's listed synonyms, and
// the layout's own label, number and heading variety). The corpus also says which customers the
// registry knows and which parties are denied, so a checker can be seeded with them.
// Pure and deterministic: the same seed and size give the same corpus, byte for byte.
import type { ContractClause, ContractLine, ContractSubmission } from '../../src/domain/contract/contract.types';
import { DEMO_PRODUCTS } from '../../src/domain/contract/catalogue.data';
import { buildUscc, USCC_CHARSET } from '../../src/domain/customer/uscc';
import { DEMO_CLAUSE_LIBRARY } from '../../src/domain/rules/clause-library.data';
import { writeContractDocx, writeContractPdf } from './contract-document-writer';
import type { DocumentLang } from './document-layout';
import { type Random, seededRandom, subSeed } from './seeded-random';

export const DEFECT_KINDS = [
  'wrong_total',
  'missing_mandatory_clause',
  'material_clause_change',
  'forbidden_term',
  'wrong_tax_rate',
  'invalid_registration_code',
  'duplicate_customer',
  'denied_party_alias',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

export type DocumentFormat = 'docx' | 'pdf';

export interface CorpusDocument {
  id: string;
  lang: DocumentLang;
  format: DocumentFormat;
  layoutSeed: number;
  /** Ground truth: exactly what the document says (defects included). */
  draft: ContractSubmission;
  /** The injected defect; null for a clean contract. */
  defect: DefectKind | null;
  /** What was done, for a person reading a miss: the defect's detail, or the cosmetic edits. */
  detail: string;
}

/** A customer the registry knows before the corpus is checked. */
export interface CorpusRegistryCustomer {
  registrationNumber: string;
  name: string;
  /** The Chinese legal name. */
  aliases: string[];
  country: string;
}

/** An entry of the denied-party list the corpus is checked against. */
export interface CorpusDeniedParty {
  entryKey: string;
  name: string;
  aliases: string[];
  country: string;
}

export interface Corpus {
  seed: number;
  /** The date the contracts are checked as submitted on (delivery dates are after it). */
  submittedAt: string;
  registry: CorpusRegistryCustomer[];
  deniedParties: CorpusDeniedParty[];
  documents: CorpusDocument[];
}

export interface CorpusOptions {
  seed: number;
  contracts: number;
  /** Share of clean contracts (the rest is spread evenly over the defect kinds). */
  cleanShare?: number;
}

// ---------------------------------------------------------------- names

const REGISTRY_CITIES: [string, string][] = [
  ['Shanghai', '上海'], ['Beijing', '北京'], ['Guangzhou', '广州'], ['Hangzhou', '杭州'], ['Nanjing', '南京'], ['Chengdu', '成都'],
  ['Wuhan', '武汉'], ['Tianjin', '天津'], ['Suzhou', '苏州'], ['Xiamen', '厦门'], ['Qingdao', '青岛'], ['Dalian', '大连'],
];
const REGISTRY_BUSINESSES: [string, string][] = [
  ['Golden Bridge Engineering', '金桥工程'], ['Evergreen Pharmaceuticals', '长青制药'], ['Blue Ocean Shipping', '蓝海航运'],
  ['Red Lantern Foods', '红灯笼食品'], ['Jade Mountain Textiles', '玉山纺织'], ['Silver River Electronics', '银河电子'],
  ['Phoenix Machinery', '凤凰机械'], ['Bamboo Forest Paper', '竹林纸业'], ['Lotus Medical Devices', '莲花医疗器械'],
  ['Great Wall Building Materials', '长城建材'], ['Crane Software', '仙鹤软件'], ['Orchid Cosmetics', '兰花化妆品'],
];
// New customers (not in the registry) draw from other words, so a clean contract's new customer does not resemble a known one.
const NEW_CITIES: [string, string][] = [
  ['Harbin', '哈尔滨'], ['Kunming', '昆明'], ['Lanzhou', '兰州'], ['Nanning', '南宁'], ['Hefei', '合肥'], ['Fuzhou', '福州'],
  ['Changsha', '长沙'], ['Zhengzhou', '郑州'], ['Jinan', '济南'], ['Taiyuan', '太原'],
];
const NEW_BUSINESSES: [string, string][] = [
  ['Starlight Optics', '星光光学'], ['Maple Furniture', '枫叶家具'], ['Thunder Robotics', '雷霆机器人'], ['Clearwater Environmental', '清水环保'],
  ['Summit Consulting', '峰会咨询'], ['Sunrise Solar', '旭日太阳能'], ['Willow Ceramics', '柳树陶瓷'], ['Granite Mining', '花岗岩矿业'],
  ['Peony Garments', '牡丹服饰'], ['Falcon Aviation Services', '猎鹰航空服务'],
];
const DENIED: { en: string; zh: string; short: string }[] = [
  { en: 'Black Tide Maritime Corp.', zh: '黑潮海运有限公司', short: 'B-Tide Maritime' },
  { en: 'Northern Dawn Trading Corp.', zh: '北晨贸易有限公司', short: 'N-Dawn Trading' },
  { en: 'Iron Lotus Industrial Corp.', zh: '铁莲实业有限公司', short: 'IronLotus Industrial' },
  { en: 'Crimson Sand Logistics Corp.', zh: '赤沙物流有限公司', short: 'C-Sand Logistics' },
  { en: 'Grey Falcon Technologies Corp.', zh: '灰隼科技有限公司', short: 'GreyFalcon Tech' },
  { en: 'Silent Harbor Chemicals Corp.', zh: '静港化工有限公司', short: 'S-Harbor Chemicals' },
];
const DIVISIONS = ['310000', '110000', '440100', '330100', '320100', '510100', '420100', '120000', '320500', '350200', '370200', '210200'];

function usccFor(r: Random, division: string): string {
  const body = Array.from({ length: 8 }, () => USCC_CHARSET[r.int(0, USCC_CHARSET.length - 1)]).join('');
  return buildUscc({ authorityAndCategory: '91', division, organisationBody: body });
}

// ---------------------------------------------------------------- clauses

const LIBRARY = DEMO_CLAUSE_LIBRARY;

function standardText(key: string, lang: DocumentLang): string {
  const c = LIBRARY.clauses.find((x) => x.key === key)!;
  return lang === 'zh-CN' ? (c.standardTextZh ?? c.standardText) : c.standardText;
}

/** Material changes a reviewer must see: numbers, durations, caps, negations, parties. */
const MATERIAL_EDITS: Record<'liability' | 'payment', Record<DocumentLang, [from: string, to: string, what: string][]>> = {
  liability: {
    en: [
      ['twelve months', 'twenty-four months', 'duration 12 -> 24 months'],
      ['limited to the fees', 'limited to twice the fees', 'cap doubled'],
      ['Neither party is liable', 'Each party is liable', 'negation removed'],
      ["Each party's total liability", "The Customer's total liability", 'party changed'],
    ],
    'zh-CN': [
      ['十二个月', '二十四个月', 'duration 12 -> 24 months'],
      ['已付或应付的费用为限', '已付或应付的费用的两倍为限', 'cap doubled'],
      ['均不对', '均对', 'negation removed'],
      ['各方因', '客户因', 'party changed'],
    ],
  },
  payment: {
    en: [
      ['0.05% per day', '0.5% per day', 'interest 0.05% -> 0.5%'],
      ['The Customer shall pay', 'The Supplier shall pay', 'party changed'],
      ['in full', 'in part', 'obligation weakened'],
    ],
    'zh-CN': [
      ['0.05%', '0.5%', 'interest 0.05% -> 0.5%'],
      ['客户应', '供方应', 'party changed'],
      ['全额支付', '部分支付', 'obligation weakened'],
    ],
  },
};

const FORBIDDEN_ADDITIONS: Record<DocumentLang, { key: string; sentence: string; term: string }[]> = {
  en: [
    { key: 'liability', sentence: ' The Supplier accepts unlimited liability for any breach of this Agreement.', term: 'unlimited liability' },
    { key: 'termination', sentence: ' This Agreement renews automatically for successive one-year terms unless terminated.', term: 'renews automatically' },
  ],
  'zh-CN': [
    { key: 'liability', sentence: '供方对违反本协议的任何行为承担无限责任。', term: '无限责任' },
    { key: 'termination', sentence: '除非一方终止，本协议期满后自动续约一年。', term: '自动续约' },
  ],
};

const HALF_TO_FULL: Record<string, string> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）', '%': '％', '0': '０', '5': '５' };

/** Cosmetic edits only (what the library classifies as cosmetic); returns the text and what was done. */
function cosmeticEdit(text: string, lang: DocumentLang, r: Random): { text: string; edits: string[] } {
  const edits: string[] = [];
  let t = text;
  const synonyms = LIBRARY.synonyms?.[lang === 'zh-CN' ? 'zh' : 'en'] ?? [];
  for (const group of r.shuffle(synonyms)) {
    const [a, b] = group;
    const re = lang === 'zh-CN' ? new RegExp(a, 'g') : new RegExp(`\\b${a}\\b`, 'gi');
    if (re.test(t) && r.chance(0.6)) {
      t = t.replace(re, (m) => (lang === 'en' && m[0] === m[0].toUpperCase() ? b[0].toUpperCase() + b.slice(1) : b));
      edits.push(`synonym ${a}->${b}`);
    }
  }
  if (r.chance(0.5)) {
    const chars = Object.keys(HALF_TO_FULL).filter((c) => t.includes(c));
    if (chars.length) {
      const c = r.pick(chars);
      t = t.split(c).join(HALF_TO_FULL[c]);
      edits.push(`full-width ${c}`);
    }
  }
  if (r.chance(0.4)) {
    t = lang === 'zh-CN' ? t.replace(/，/g, ',') : t.replace(/, /g, ' , ');
    edits.push('punctuation');
  }
  if (r.chance(0.4)) {
    t = t.replace(/ /, '  ');
    edits.push('whitespace');
  }
  if (r.chance(0.3) && /[.。]$/.test(t)) {
    t = t.slice(0, -1);
    edits.push('final stop dropped');
  }
  return { text: t, edits };
}

// ---------------------------------------------------------------- contracts

const SUBMITTED_AT = '2026-12-01T02:00:00.000Z';

function dateAfter(days: number): string {
  return new Date(Date.parse(SUBMITTED_AT) + days * 86_400_000).toISOString().slice(0, 10);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function baseLines(r: Random): ContractLine[] {
  const products = r.shuffle(DEMO_PRODUCTS).slice(0, r.int(1, 3));
  return products.map((p) => {
    const quantity = p.sku === 'GL-HW-SRV' ? r.int(1, 4) : p.sku === 'GL-SUP-PRM' ? r.int(1, 3) : r.int(2, 40);
    // At or above the floor, at most 8% below list: pricing review stays automatic.
    const unitPrice = round2(p.listPrice * (1 - r.int(0, 8) / 100));
    return { sku: p.sku, quantity, unitPrice, taxRatePercent: p.taxRatePercent };
  });
}

function titleFor(business: [string, string], lang: DocumentLang, r: Random): string {
  const year = r.pick([2027, 2028]);
  return lang === 'zh-CN' ? `${business[1]}软件与服务采购${year}` : `${business[0]} software and services ${year}`;
}

function baseClauses(lang: DocumentLang, personalData: boolean, r: Random): ContractClause[] {
  const keys = LIBRARY.clauses.filter((c) => c.mandatory || (c.key === 'data_protection' && personalData) || (c.key === 'ip' && r.chance(0.5))).map((c) => c.key);
  return keys.map((key) => ({ key, text: standardText(key, lang) }));
}

function variantName(name: string, zhName: string, lang: DocumentLang, r: Random): { name: string; how: string } {
  const variants: { name: string; how: string }[] = [
    { name: name.replace(/Co\., Ltd\.$/, 'Company Limited'), how: 'suffix spelt out' },
    { name: name.replace(/Co\., Ltd\.$/, 'Co Ltd'), how: 'suffix without punctuation' },
    { name: name.replace(/\./g, '').replace(/,/g, ''), how: 'punctuation dropped' },
    { name: name.toUpperCase(), how: 'upper case' },
    { name: name.replace(/[A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)), how: 'full-width letters' },
    { name: zhName, how: 'Chinese legal name' },
    { name: zhName.replace(/有限公司$/, '有限责任公司'), how: 'Chinese suffix variant' },
    { name: name, how: 'same English name' },
  ];
  // In a Chinese document the Chinese name forms are the usual ones; in English the English ones.
  const pool = lang === 'zh-CN' ? [variants[5], variants[6], variants[0], variants[3]] : variants.slice(0, 5).concat(variants[5]);
  return r.pick(pool);
}

function buildRegistry(r: Random): CorpusRegistryCustomer[] {
  const out: CorpusRegistryCustomer[] = [];
  REGISTRY_BUSINESSES.forEach((biz, i) => {
    for (const offset of [0, 5]) {
      const [cityEn, cityZh] = REGISTRY_CITIES[(i + offset) % REGISTRY_CITIES.length];
      out.push({
        registrationNumber: usccFor(r, DIVISIONS[(i + offset) % DIVISIONS.length]),
        name: `${cityEn} ${biz[0]} Co., Ltd.`,
        aliases: [`${cityZh}${biz[1]}有限公司`],
        country: 'CN',
      });
    }
  });
  return out;
}

export function generateCorpus(options: CorpusOptions): Corpus {
  const r = seededRandom(subSeed(options.seed, 'corpus'));
  const registry = buildRegistry(seededRandom(subSeed(options.seed, 'registry')));
  const deniedParties: CorpusDeniedParty[] = DENIED.map((d, i) => ({ entryKey: `bench-denied-${i + 1}`, name: d.en, aliases: [d.zh, d.short], country: 'CN' }));
  const cleanShare = options.cleanShare ?? 0.4;
  const documents: CorpusDocument[] = [];
  const usedCodes = new Set(registry.map((c) => c.registrationNumber));
  const newCode = (): string => {
    for (;;) {
      const code = usccFor(r, r.pick(DIVISIONS));
      if (!usedCodes.has(code)) {
        usedCodes.add(code);
        return code;
      }
    }
  };

  for (let i = 0; i < options.contracts; i++) {
    const cleanCount = Math.round(options.contracts * cleanShare);
    // Clean contracts first in the plan, then the kinds in turn; the order is shuffled by the layout seed only.
    const defect: DefectKind | null = i < cleanCount ? null : DEFECT_KINDS[(i - cleanCount) % DEFECT_KINDS.length];
    const lang: DocumentLang = r.chance(0.5) ? 'zh-CN' : 'en';
    const format: DocumentFormat = i % 2 === 0 ? 'docx' : 'pdf';
    const layoutSeed = r.int(1, 2 ** 31 - 1);
    const zh = lang === 'zh-CN';

    // The customer: a known one (by its code) or a new one, unless the defect is about the customer.
    let customer: ContractSubmission['customer'];
    let business: [string, string];
    const known = r.pick(registry);
    const newBiz = r.pick(NEW_BUSINESSES);
    const newCity = r.pick(NEW_CITIES);
    const newCustomer = () => ({ name: zh ? `${newCity[1]}${newBiz[1]}有限公司` : `${newCity[0]} ${newBiz[0]} Co., Ltd.`, registrationNumber: newCode(), country: 'CN' });
    if (r.chance(0.6)) {
      customer = { name: zh ? known.aliases[0] : known.name, registrationNumber: known.registrationNumber, country: 'CN' };
      business = [known.name, known.aliases[0]];
    } else {
      customer = newCustomer();
      business = newBiz;
    }
    const personalData = r.chance(0.3);
    const lines = baseLines(r);
    const draft: ContractSubmission = {
      title: titleFor([business[0].replace(/ Co\., Ltd\.$/, ''), business[1].replace(/有限公司$/, '')], lang, r),
      customer,
      currency: 'CNY',
      amount: round2(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0)),
      paymentTermsDays: r.pick([30, 30, 45, 60]),
      requestedDeliveryDate: dateAfter(r.int(30, 120)),
      personalData,
      lines,
      clauses: baseClauses(lang, personalData, r),
    };

    let detail = '';
    switch (defect) {
      case null: {
        const edits: string[] = [];
        draft.clauses = draft.clauses.map((c) => {
          if (!r.chance(0.5)) return c;
          const e = cosmeticEdit(c.text, lang, r);
          if (e.edits.length) edits.push(`${c.key}: ${e.edits.join(', ')}`);
          return { ...c, text: e.text };
        });
        detail = edits.length ? `cosmetic: ${edits.join('; ')}` : 'layout variation only';
        break;
      }
      case 'wrong_total': {
        const total = draft.amount;
        const how = r.pick(['+10%', '-5%', '+1000', 'digits swapped'] as const);
        let wrong = how === '+10%' ? round2(total * 1.1) : how === '-5%' ? round2(total * 0.95) : how === '+1000' ? total + 1000 : swapDigits(total);
        if (Math.abs(wrong - total) < 1) wrong = total + 1000;
        draft.amount = wrong;
        detail = `amount ${wrong} ≠ lines ${total} (${how})`;
        break;
      }
      case 'missing_mandatory_clause': {
        const mandatory = draft.clauses.filter((c) => LIBRARY.clauses.find((x) => x.key === c.key)?.mandatory);
        const gone = r.pick(mandatory).key;
        draft.clauses = draft.clauses.filter((c) => c.key !== gone);
        detail = `${gone} clause left out`;
        break;
      }
      case 'material_clause_change': {
        const key = r.pick(['liability', 'payment'] as const);
        const [from, to, what] = r.pick(MATERIAL_EDITS[key][lang]);
        draft.clauses = draft.clauses.map((c) => (c.key === key ? { ...c, text: c.text.replace(from, to) } : c));
        detail = `${key}: ${what}`;
        break;
      }
      case 'forbidden_term': {
        const add = r.pick(FORBIDDEN_ADDITIONS[lang]);
        draft.clauses = draft.clauses.map((c) => (c.key === add.key ? { ...c, text: c.text + add.sentence } : c));
        detail = `${add.key}: "${add.term}" added`;
        break;
      }
      case 'wrong_tax_rate': {
        const i2 = r.int(0, draft.lines.length - 1);
        const right = draft.lines[i2].taxRatePercent;
        const wrong = r.pick([0, 3, 9, 13, 6].filter((t) => t !== right));
        draft.lines = draft.lines.map((l, j) => (j === i2 ? { ...l, taxRatePercent: wrong } : l));
        detail = `${draft.lines[i2].sku} taxed ${wrong}% (catalogue ${right}%)`;
        break;
      }
      case 'invalid_registration_code': {
        const c = newCustomer();
        const valid = c.registrationNumber;
        const wrongCheck = r.pick([...USCC_CHARSET].filter((x) => x !== valid[17]));
        draft.customer = { ...c, registrationNumber: valid.slice(0, 17) + wrongCheck };
        detail = `check character ${valid[17]} -> ${wrongCheck}`;
        break;
      }
      case 'duplicate_customer': {
        const target = r.pick(registry);
        const v = variantName(target.name, target.aliases[0], lang, r);
        draft.customer = { name: v.name, registrationNumber: newCode(), country: 'CN' };
        detail = `"${v.name}" is ${target.name} (${target.registrationNumber}) under a new code: ${v.how}`;
        break;
      }
      case 'denied_party_alias': {
        const entry = r.pick(deniedParties);
        const listed = zh ? entry.aliases[0] : r.pick(entry.aliases);
        const form = deniedNameForm(listed, zh, r);
        draft.customer = { name: form.name, registrationNumber: newCode(), country: 'CN' };
        detail = `"${form.name}" (${form.how}) for alias "${listed}" of denied ${entry.name}, under a new code`;
        break;
      }
    }
    documents.push({ id: `c${String(i + 1).padStart(4, '0')}`, lang, format, layoutSeed, draft, defect, detail });
  }
  // Interleave kinds, so a run cut short (or a per-format split) still sees every kind.
  const shuffled = seededRandom(subSeed(options.seed, 'order')).shuffle(documents);
  return { seed: options.seed, submittedAt: SUBMITTED_AT, registry, deniedParties, documents: shuffled };
}

/**
 * How a denied party's alias appears on its contract: as listed, in another written form (which
 * equal-key screening already catches), or, for a Latin-script alias, misspelt by one doubled
 * letter (which only similarity screening catches).
 */
function deniedNameForm(alias: string, zh: boolean, r: Random): { name: string; how: string } {
  const forms: { name: string; how: string }[] = [{ name: alias, how: 'as listed' }];
  if (zh || !/^[\x20-\x7e]+$/.test(alias)) forms.push({ name: alias.replace(/有限公司$/, '有限责任公司'), how: 'suffix variant' });
  else {
    forms.push({ name: alias.toUpperCase(), how: 'upper case' });
    const words = alias.split(' ');
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    const at = Math.max(1, Math.floor(longest.length / 2));
    forms.push({ name: words.map((w) => (w === longest ? w.slice(0, at) + w[at] + w.slice(at) : w)).join(' '), how: 'misspelt' });
  }
  return r.pick(forms);
}

function swapDigits(n: number): number {
  const s = Math.round(n).toString();
  const i = s.search(/(\d)(?!\1)\d/);
  if (i < 0 || s.length < 2) return n + 1000;
  const swapped = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  return Number(swapped) === Math.round(n) ? n + 1000 : Number(swapped);
}

export function writeCorpusDocument(doc: CorpusDocument): Promise<Buffer> {
  const options = { lang: doc.lang, layoutSeed: doc.layoutSeed };
  return doc.format === 'docx' ? writeContractDocx(doc.draft, options) : writeContractPdf(doc.draft, options);
}
