// The clause classification table (issue 15 item 4): which differences from the standard
// text are cosmetic and which are material, in English and in Chinese, plus forbidden terms.
import type { ClauseLanguage } from '../contract/contract.types';
import { DEMO_CLAUSE_LIBRARY } from './clause-library.data';
import { clauseComparisonOf, compareClauseMeaning, deviationsByMeaning, detectClauseLanguage, forbiddenTermsIn, standardTextFor } from './clause-meaning';
import { validateClauses } from './clause-validation.rule';
import { slimStep } from './evaluation-context.fixture';

const library = DEMO_CLAUSE_LIBRARY;
const standard = (key: string, language: ClauseLanguage) => standardTextFor(library.clauses.find((c) => c.key === key)!, language);

type Expected = 'same' | 'cosmetic' | 'material';
const rows: [string, string, ClauseLanguage, (text: string) => string, Expected, string][] = [
  // English, cosmetic
  ['whitespace and line breaks', 'liability', 'en', (t) => t.replace(/ /g, '  ').replace('Neither', '\nNeither'), 'same', ''],
  ['punctuation: a full stop becomes a semicolon', 'liability', 'en', (t) => t.replace(/\.$/, ';'), 'cosmetic', 'punctuation'],
  ['punctuation: a comma added', 'liability', 'en', (t) => t.replace('twelve months', 'twelve months,'), 'cosmetic', 'punctuation'],
  ['numbering: 1.', 'liability', 'en', (t) => `1. ${t}`, 'cosmetic', 'numbering'],
  ['numbering: (a)', 'payment', 'en', (t) => `(a) ${t}`, 'cosmetic', 'numbering'],
  ['numbering: 4.2', 'termination', 'en', (t) => `4.2 ${t}`, 'cosmetic', 'numbering'],
  ['full-width letters', 'liability', 'en', (t) => t.replace('Each', 'Ｅａｃｈ'), 'cosmetic', 'full-width/half-width'],
  ['typographic quotes', 'liability', 'en', (t) => t.replace("party's", 'party\u2019s'), 'cosmetic', 'quotes'],
  ['case', 'liability', 'en', (t) => t.replace('Neither party', 'NEITHER PARTY'), 'cosmetic', 'case'],
  ['synonym listed by the library: Agreement / contract', 'liability', 'en', (t) => t.replace('this Agreement', 'this contract'), 'cosmetic', 'synonym'],
  ['synonym listed by the library: shall / will', 'payment', 'en', (t) => t.replace('shall', 'will'), 'cosmetic', 'synonym'],
  ['an article dropped', 'liability', 'en', (t) => t.replace('before the claim', 'before claim'), 'cosmetic', 'article'],
  // English, material
  ['number: twelve → six', 'liability', 'en', (t) => t.replace('twelve', 'six'), 'material', 'number'],
  ['percentage: 0.05% → 0.5%', 'payment', 'en', (t) => t.replace('0.05%', '0.5%'), 'material', 'percentage'],
  ['amount added: $100', 'payment', 'en', (t) => t.replace('per day', 'per day plus $100'), 'material', 'amount'],
  ['duration: months → years', 'liability', 'en', (t) => t.replace('months', 'years'), 'material', 'duration'],
  ['date: before → after the claim', 'liability', 'en', (t) => t.replace('before the claim', 'after the claim'), 'material', 'date'],
  ['party: each party → the Customer', 'confidentiality', 'en', (t) => t.replace('Each party shall', 'The Customer shall'), 'material', 'party'],
  ['obligation: shall → may', 'payment', 'en', (t) => t.replace('shall', 'may'), 'material', 'obligation'],
  ['negation added: shall not', 'confidentiality', 'en', (t) => t.replace('shall keep', 'shall not keep'), 'material', 'negation'],
  ['negation removed: Neither → Either', 'liability', 'en', (t) => t.replace('Neither', 'Either'), 'material', 'negation'],
  ['cap: limited → unlimited', 'liability', 'en', (t) => t.replace('is limited', 'is unlimited'), 'material', 'cap'],
  ['content word added: punitive', 'liability', 'en', (t) => t.replace('consequential loss', 'consequential or punitive loss'), 'material', 'wording'],
  ['mixed: a synonym and a changed number', 'liability', 'en', (t) => t.replace('this Agreement', 'this contract').replace('twelve', 'three'), 'material', 'number'],
  // Chinese, cosmetic
  ['zh whitespace between characters', 'liability', 'zh', (t) => t.replace('全部责任', '全部 责任 '), 'same', ''],
  ['zh full-width comma → half-width', 'liability', 'zh', (t) => t.replace('，', ','), 'cosmetic', 'full-width/half-width'],
  ['zh punctuation: 。 → ；', 'liability', 'zh', (t) => t.replace(/。$/, '；'), 'cosmetic', 'punctuation'],
  ['zh numbering: 第一条', 'liability', 'zh', (t) => `第一条 ${t}`, 'cosmetic', 'numbering'],
  ['zh numbering: 一、', 'payment', 'zh', (t) => `一、${t}`, 'cosmetic', 'numbering'],
  ['zh synonym listed by the library: 协议 / 合同', 'liability', 'zh', (t) => t.replace('本协议', '本合同'), 'cosmetic', 'synonym'],
  ['zh synonym listed by the library: 应 / 应当', 'payment', 'zh', (t) => t.replace('客户应在', '客户应当在'), 'cosmetic', 'synonym'],
  ['zh particle 的 dropped', 'termination', 'zh', (t) => t.replace('服务的费用', '服务费用'), 'cosmetic', 'particle'],
  // Chinese, material
  ['zh number: 十二 → 六', 'liability', 'zh', (t) => t.replace('十二', '六'), 'material', 'number'],
  ['zh percentage: 0.05% → 0.5%', 'payment', 'zh', (t) => t.replace('0.05%', '0.5%'), 'material', 'percentage'],
  ['zh duration: 个月 → 年', 'liability', 'zh', (t) => t.replace('十二个月', '十二年'), 'material', 'duration'],
  ['zh party: 各方 → 甲方', 'liability', 'zh', (t) => t.replace('各方', '甲方'), 'material', 'party'],
  ['zh obligation: 应 → 可', 'payment', 'zh', (t) => t.replace('客户应在', '客户可在'), 'material', 'obligation'],
  ['zh negation removed: 不', 'liability', 'zh', (t) => t.replace('均不对', '均对'), 'material', 'negation'],
  ['zh negation added: 不得', 'confidentiality', 'zh', (t) => t.replace('并仅为', '并不得仅为'), 'material', 'negation'],
  ['zh cap: 为限 removed', 'liability', 'zh', (t) => t.replace('的费用为限', '的费用'), 'material', 'cap'],
  ['zh content added', 'ip', 'zh', (t) => t.replace('非独占', '非独占、可分许可'), 'material', 'wording'],
];

describe('clause classification by meaning', () => {
  it('has at least 25 rows, in both languages', () => {
    expect(rows.length).toBeGreaterThanOrEqual(25);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['en', 'zh']));
  });

  it.each(rows)('%s (%s, %s)', (_name, key, language, mutate, expected, why) => {
    const std = standard(key, language);
    const text = mutate(std);
    expect(text).not.toBe(std);
    expect(detectClauseLanguage(text)).toBe(language);
    const meaning = compareClauseMeaning(std, text, library);
    expect(meaning.language).toBe(language);
    if (expected === 'same') {
      expect(meaning.changes).toEqual([]);
      return;
    }
    expect(meaning.material).toBe(expected === 'material');
    expect(meaning.changes.length).toBeGreaterThan(0);
    // The reason is on a change of the verdict's kind, and each change's text is where it says it is.
    expect(meaning.changes.filter((c) => c.material === (expected === 'material')).flatMap((c) => c.why.split(', '))).toContain(why);
    for (const c of meaning.changes) expect((c.kind === 'removed' ? std : text).slice(c.start, c.end)).toBe(c.text);
  });
});

describe('forbidden terms in both languages', () => {
  it.each([
    ['The Supplier accepts unlimited liability.', 'unlimited_liability'],
    ['The Supplier accepts UNLIMITED   LIABILITY.', 'unlimited_liability'],
    ['The Supplier accepts ｕｎｌｉｍｉｔｅｄ ｌｉａｂｉｌｉｔｙ.', 'unlimited_liability'],
    ['供应商承担无限责任。', 'unlimited_liability'],
    ['供应商承担无限连带责任。', 'unlimited_liability'],
    ['供应商承担无 限 责 任。', 'unlimited_liability'],
    ['This Agreement renews automatically each year.', 'auto_renewal'],
    ['This Agreement will auto renew.', 'auto_renewal'],
    ['This Agreement will auto-renew.', 'auto_renewal'],
    ['Automatic renewal applies.', 'auto_renewal'],
    ['本协议期满自动续约。', 'auto_renewal'],
    ['本协议期满自动续期一年。', 'auto_renewal'],
    ['本协议期满自动 续期。', 'auto_renewal'],
  ])('%s → %s', (text, id) => {
    expect(forbiddenTermsIn(text, library).map((t) => t.id)).toEqual([id]);
  });

  it('finds none in ordinary wording', () => {
    expect(forbiddenTermsIn('Liability is limited; renewal needs a new order.', library)).toEqual([]);
    expect(forbiddenTermsIn('任何续约均须由双方签署新的订单。', library)).toEqual([]);
  });
});

describe('deviationsByMeaning', () => {
  it('leaves exact deviations of other kinds material and is idempotent', () => {
    const exact = validateClauses([{ key: 'side_letter', text: 'We accept unlimited liability.' }], library);
    const judged = deviationsByMeaning(exact, library);
    expect(judged.every((d) => d.material === true)).toBe(true);
    expect(deviationsByMeaning(judged, library)).toEqual(judged);
  });

  it('treats a completely different text as rewritten, material', () => {
    const meaning = compareClauseMeaning(standard('liability', 'en'), 'Something else entirely.', library);
    expect(meaning.material).toBe(true);
  });
});

describe('clauseComparisonOf', () => {
  it("reads the step's param: exact by default, meaning in slim-2026.12.1, anything else a configuration error", () => {
    expect(clauseComparisonOf(slimStep('legal_review'))).toBe('meaning');
    expect(clauseComparisonOf({ ...slimStep('legal_review'), params: {} })).toBe('exact');
    expect(() => clauseComparisonOf(slimStep('legal_review', { clauseComparison: 'fuzzy' }))).toThrow("param 'clauseComparison' must be 'exact' or 'meaning'");
  });
});
