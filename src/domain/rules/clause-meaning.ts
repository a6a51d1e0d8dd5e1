// Clause comparison by meaning (policy param clauseComparison: 'meaning', slim-2026.12.1 on):
// each difference between a clause and its standard text is classified as cosmetic (punctuation,
// whitespace, numbering, case, full-width forms, quotes, articles, the library's synonyms) or
// material (numbers, amounts, percentages, durations, dates, parties, obligations, negations,
// caps, any other added or removed word). The diff itself is jsdiff's (diffArrays, Myers); this
// file says what a token is (a Latin word or number, a single Han character, a punctuation mark,
// or a synonym phrase of the library) and classifies the changed tokens; the classifier is
// hand-written because what counts as material is this organisation's legal judgement.
//
// Pure and deterministic: the rules run inside the Temporal workflow sandbox.
import { diffArrays } from 'diff';
import type { StepDefinition } from '../chain/policy.types';
import type { ClauseChange, ClauseDeviation, ClauseLanguage, ClauseLibrary, StandardClause } from '../contract/contract.types';
import { normalizeClauseText } from './clause-validation.rule';

export type ClauseComparison = 'exact' | 'meaning';

/** The step's clause comparison: 'exact' (text after folding) unless the policy says 'meaning'. */
export function clauseComparisonOf(step: StepDefinition): ClauseComparison {
  const value = step.params.clauseComparison;
  if (value === undefined || value === 'exact') return 'exact';
  if (value === 'meaning') return 'meaning';
  throw new Error(`Step ${step.key}: param 'clauseComparison' must be 'exact' or 'meaning', got ${JSON.stringify(value)}`);
}

const HAN = /\p{Script=Han}/gu;
const LATIN = /\p{Script=Latin}/gu;

/** Chinese when Han characters carry the text (a Han character is a word's worth of Latin letters). */
export function detectClauseLanguage(text: string): ClauseLanguage {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  return han > 0 && han * 4 >= latin ? 'zh' : 'en';
}

/** The standard text a clause in `language` is compared with: the Chinese one when the library has it. */
export function standardTextFor(clause: StandardClause, language: ClauseLanguage): string {
  return language === 'zh' && clause.standardTextZh ? clause.standardTextZh : clause.standardText;
}

// ---- folding and tokens ---------------------------------------------------------------------

/** NFKC (full-width → half-width), lower case, straight quotes: one original character at a time. */
function foldChar(ch: string): string {
  return ch
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"');
}

interface Folded {
  text: string;
  /** For each index of `text`, the index in the original of the character it came from. */
  origin: number[];
}

function fold(original: string): Folded {
  let text = '';
  const origin: number[] = [];
  let at = 0;
  for (const ch of original) {
    const f = foldChar(ch);
    text += f;
    for (let k = 0; k < f.length; k++) origin.push(at);
    at += ch.length;
  }
  origin.push(at);
  return { text, origin };
}

/** Compact form for term search: folded, letters and digits only (spacing and punctuation ignored). */
export function compactText(text: string): string {
  return fold(text).text.replace(/[^\p{L}\p{N}]+/gu, '');
}

interface Token {
  /** What the diff compares: the folded token, or its synonym group's first member. */
  key: string;
  /** The folded token. */
  norm: string;
  /** Original offsets. */
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
// A number (with its decimals and a percent sign), one Han character, a Latin word (with an
// apostrophe suffix: party's), or any other single non-space character.
const TOKEN = /(\d+(?:[.,]\d+)*%?)|(\p{Script=Han})|([\p{L}\p{M}\p{N}]+(?:'[\p{L}]+)*)|(\S)/uy;
// Leading clause numbering: 1. / 1.2 / 1) / (a) / iv. / 第三条 / 一、
const NUMBERING =
  /^\s*(?:第\s*[0-9一二三四五六七八九十百]+\s*条|\((?:\d{1,3}|[a-z]|[ivx]{1,4}|[一二三四五六七八九十]{1,3})\)|(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivx]{1,4}|[一二三四五六七八九十]{1,3})[.)、](?!\d)|\d{1,3}(?:\.\d{1,3})+(?=\s))\s*/u;

interface SynonymPhrase {
  pattern: RegExp;
  key: string;
  latinEnd: boolean;
}

function synonymPhrases(library: ClauseLibrary, language: ClauseLanguage): SynonymPhrase[] {
  const groups = library.synonyms?.[language] ?? [];
  const phrases: SynonymPhrase[] = [];
  for (const group of groups) {
    const members = group.map((p) => fold(p).text.trim()).filter(Boolean);
    if (!members.length) continue;
    for (const member of members) {
      const escaped = member
        .split(/\s+/)
        .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('\\s+');
      phrases.push({ pattern: new RegExp(escaped, 'uy'), key: members[0], latinEnd: WORD_CHAR.test(member.slice(-1)) && !/\p{Script=Han}/u.test(member) });
    }
  }
  // Longest first, so 'in accordance with' wins over a one-word synonym inside it.
  return phrases.sort((a, b) => b.pattern.source.length - a.pattern.source.length);
}

function tokenize(original: string, from: number, phrases: SynonymPhrase[]): Token[] {
  const { text, origin } = fold(original);
  const tokens: Token[] = [];
  let pos = from;
  const startOf = (i: number) => origin[i];
  while (pos < text.length) {
    if (/\s/u.test(text[pos])) {
      pos += 1;
      continue;
    }
    const atWordStart = pos === 0 || !WORD_CHAR.test(text[pos - 1]);
    let matched = false;
    for (const phrase of phrases) {
      if (phrase.latinEnd && !atWordStart) continue;
      phrase.pattern.lastIndex = pos;
      const m = phrase.pattern.exec(text);
      if (!m) continue;
      const end = pos + m[0].length;
      if (phrase.latinEnd && end < text.length && WORD_CHAR.test(text[end])) continue;
      tokens.push({ key: `~${phrase.key}`, norm: m[0].replace(/\s+/g, ' '), start: startOf(pos), end: startOf(end) });
      pos = end;
      matched = true;
      break;
    }
    if (matched) continue;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text)!;
    const end = pos + m[0].length;
    tokens.push({ key: m[0], norm: m[0], start: startOf(pos), end: startOf(end) });
    pos = end;
  }
  return tokens;
}

// ---- what a changed token touches ------------------------------------------------------------

// One token each (a Latin word); 'non-exclusive' is 'non', '-', 'exclusive'. A word in none of the
// lists is still material when added or removed ('wording'): only the cosmetic lists are excused.
const EN_WORDS: Record<string, readonly string[]> = {
  negation: ['not', 'no', 'never', 'neither', 'nor', 'none', 'without', 'non', "isn't", "doesn't", "don't", "won't", "can't", 'cannot', 'unless', 'except'],
  number: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'ninety', 'hundred', 'thousand', 'million', 'half', 'double', 'twice', 'percent'],
  duration: ['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'hour', 'hours', 'daily', 'monthly', 'annually', 'yearly', 'business'],
  date: ['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'before', 'after', 'within', 'until', 'by'],
  party: ['party', 'parties', "party's", "parties'", 'each', 'either', 'both', 'customer', "customer's", 'supplier', "supplier's", 'seller', 'buyer', 'licensor', 'licensee', 'we', 'us', 'you', 'other'],
  obligation: ['shall', 'will', 'must', 'may', 'can', 'should', 'required', 'requires', 'obliged', 'entitled', 'might', 'could', 'only'],
  cap: ['limited', 'limit', 'limits', 'unlimited', 'cap', 'capped', 'uncapped', 'maximum', 'minimum', 'exceed', 'exceeds', 'total', 'all', 'any', 'full', 'liable', 'liability'],
};
const EN_COSMETIC: Record<string, readonly string[]> = {
  article: ['a', 'an', 'the'],
};
const ZH_CHARS: Record<string, string> = {
  negation: '不无非未没否勿免',
  number: '零〇一二三四五六七八九十百千万亿两半倍',
  duration: '日天周月年时',
  party: '甲乙丙方双各客户供卖买',
  obligation: '应须必可得将',
  cap: '限最超全额',
};
const ZH_COSMETIC: Record<string, string> = {
  particle: '的之',
};
const CATEGORY_ORDER = ['negation', 'amount', 'percentage', 'number', 'duration', 'date', 'party', 'obligation', 'cap'];

interface Judgement {
  material: boolean;
  why: string;
}

function judgeToken(norm: string): Judgement {
  if (/\p{Sc}/u.test(norm)) return { material: true, why: 'amount' };
  if (/\d/.test(norm)) return { material: true, why: norm.endsWith('%') ? 'percentage' : 'number' };
  if (/^\p{Script=Han}+$/u.test(norm)) {
    for (const why of CATEGORY_ORDER) if (ZH_CHARS[why] && [...norm].some((c) => ZH_CHARS[why].includes(c))) return { material: true, why };
    for (const [why, chars] of Object.entries(ZH_COSMETIC)) if ([...norm].every((c) => chars.includes(c))) return { material: false, why };
    return { material: true, why: 'wording' };
  }
  if (!WORD_CHAR.test(norm)) return { material: false, why: 'punctuation' };
  for (const why of CATEGORY_ORDER) if (EN_WORDS[why]?.includes(norm)) return { material: true, why };
  for (const [why, words] of Object.entries(EN_COSMETIC)) if (words.includes(norm)) return { material: false, why };
  return { material: true, why: 'wording' };
}

function cosmeticWhy(std: string, act: string, stdToken: Token, actToken: Token): string {
  if (stdToken.norm !== actToken.norm) return 'synonym';
  if (std.toLowerCase() === act.toLowerCase()) return 'case';
  if (std.normalize('NFKC').toLowerCase() === act.normalize('NFKC').toLowerCase()) return 'full-width/half-width';
  return 'quotes';
}

// ---- comparing one clause -------------------------------------------------------------------

export interface ClauseMeaning {
  language: ClauseLanguage;
  /** True when any change is material. */
  material: boolean;
  changes: ClauseChange[];
}

/** Beyond this many token edits the texts have little in common: the clause is treated as rewritten. */
const MAX_EDITS = 2_000;

/**
 * The changes between a standard text and a clause, each run of changed tokens with its kind, its
 * text and offsets (in the standard text for removed runs, in the clause for added ones), and
 * whether it is material. Differences in whitespace alone produce no change.
 */
export function compareClauseMeaning(standard: string, actual: string, library: ClauseLibrary, language: ClauseLanguage = detectClauseLanguage(actual)): ClauseMeaning {
  const phrases = synonymPhrases(library, language);
  const numberingEnd = (text: string) => NUMBERING.exec(fold(text).text)?.[0].length ?? 0;
  const stdFrom = numberingEnd(standard);
  const actFrom = numberingEnd(actual);
  const changes: ClauseChange[] = [];
  const stdFolded = fold(standard);
  const actFolded = fold(actual);
  const stdNumbering = stdFolded.text.slice(0, stdFrom).trim();
  const actNumbering = actFolded.text.slice(0, actFrom).trim();
  if (stdNumbering !== actNumbering) {
    if (stdNumbering) changes.push(change('removed', standard, stdFolded.origin[0], stdFolded.origin[stdFrom], false, 'numbering'));
    if (actNumbering) changes.push(change('added', actual, actFolded.origin[0], actFolded.origin[actFrom], false, 'numbering'));
  }

  const a = tokenize(standard, stdFrom, phrases);
  const b = tokenize(actual, actFrom, phrases);
  const diff = diffArrays(a, b, { comparator: (x, y) => x.key === y.key, maxEditLength: MAX_EDITS });
  if (!diff) {
    if (a.length) changes.push(change('removed', standard, a[0].start, a[a.length - 1].end, true, 'rewritten'));
    if (b.length) changes.push(change('added', actual, b[0].start, b[b.length - 1].end, true, 'rewritten'));
    return { language, material: true, changes };
  }

  let i = 0;
  let j = 0;
  for (const part of diff) {
    if (part.removed || part.added) {
      // One run per diff part: a replacement is a removed part followed by an added one.
      const tokens = part.removed ? a.slice(i, (i += part.count)) : b.slice(j, (j += part.count));
      const judgements = tokens.map((t) => judgeToken(t.norm));
      const material = judgements.some((x) => x.material);
      const whys = [...new Set(judgements.filter((x) => x.material === material).map((x) => x.why))];
      const text = part.removed ? standard : actual;
      changes.push(change(part.removed ? 'removed' : 'added', text, tokens[0].start, tokens[tokens.length - 1].end, material, whys.join(', ')));
      continue;
    }
    for (let k = 0; k < part.count; k++) {
      // Common tokens: the same after folding and synonyms, perhaps spelt differently.
      const x = a[i++];
      const y = b[j++];
      const xs = standard.slice(x.start, x.end);
      const ys = actual.slice(y.start, y.end);
      if (xs === ys) continue;
      const why = cosmeticWhy(xs, ys, x, y);
      changes.push(change('removed', standard, x.start, x.end, false, why), change('added', actual, y.start, y.end, false, why));
    }
  }
  return { language, material: changes.some((c) => c.material), changes };
}

function change(kind: 'removed' | 'added', text: string, start: number, end: number, material: boolean, why: string): ClauseChange {
  return { kind, text: text.slice(start, end), start, end, material, why };
}

// ---- forbidden terms ----------------------------------------------------------------------------

/** The library's forbidden terms a text carries, width-, case-, spacing- and punctuation-insensitively. */
export function forbiddenTermsIn(text: string, library: ClauseLibrary): { id: string; phrase: string; description: string }[] {
  const compact = compactText(text);
  const found: { id: string; phrase: string; description: string }[] = [];
  for (const term of library.forbiddenTerms) {
    const phrase = term.phrases.find((p) => compactText(p) && compact.includes(compactText(p)));
    if (phrase !== undefined) found.push({ id: term.id, phrase, description: term.description });
  }
  return found;
}

// ---- deviations by meaning ----------------------------------------------------------------------

function summary(changes: readonly ClauseChange[], material: boolean): string {
  const shown = changes.filter((c) => c.material === material);
  const parts = shown.slice(0, 6).map((c) => `${c.kind} '${c.text}' (${c.why})`);
  if (shown.length > 6) parts.push(`${shown.length - 6} more`);
  return parts.join(', ');
}

/**
 * Deviations as clause comparison by meaning sees them, from the deviations exact comparison
 * recorded (what clause_validation stores, and what the workflow hands the later reviews):
 * - a changed text is compared with the standard text in the clause's language: identical to the
 *   Chinese standard but for spacing, it is no deviation; otherwise it carries its changes and is
 *   material or cosmetic;
 * - a forbidden term exact comparison missed (other width, spacing or punctuation) is added;
 * - every other deviation (missing mandatory clause, unknown key, forbidden term, governing law)
 *   is material.
 * Only texts that differ from the standard can carry a forbidden term, and exact comparison
 * records each such text, so the exact deviations are all this needs. Idempotent.
 */
export function deviationsByMeaning(deviations: readonly ClauseDeviation[], library: ClauseLibrary): ClauseDeviation[] {
  const standardByKey = new Map(library.clauses.map((c) => [c.key, c]));
  const out: ClauseDeviation[] = [];
  const scanned = new Set<string>();
  for (const d of deviations) {
    if (d.material !== undefined) {
      out.push(d);
      continue;
    }
    const standard = standardByKey.get(d.clauseKey);
    if (d.kind === 'text_changed' && standard && d.actualText !== undefined) {
      const language = detectClauseLanguage(d.actualText);
      const standardText = standardTextFor(standard, language);
      const meaning = compareClauseMeaning(standardText, d.actualText, library, language);
      // No change left (the Chinese standard wording, or spacing alone): no deviation.
      if (meaning.changes.length > 0) {
        const detail = meaning.material
          ? `${standard.title} clause changes the standard text materially: ${summary(meaning.changes, true)}`
          : `${standard.title} clause differs from the standard text only cosmetically: ${summary(meaning.changes, false)}`;
        out.push({ ...d, detail, standardText, material: meaning.material, language, changes: meaning.changes });
      }
    } else {
      out.push({ ...d, material: true });
    }
    if (d.actualText !== undefined && !scanned.has(`${d.clauseKey}\u0000${d.actualText}`)) {
      scanned.add(`${d.clauseKey}\u0000${d.actualText}`);
      const exact = normalizeClauseText(d.actualText);
      for (const term of forbiddenTermsIn(d.actualText, library)) {
        const libraryTerm = library.forbiddenTerms.find((t) => t.id === term.id)!;
        // Exact comparison already recorded this one.
        if (libraryTerm.phrases.some((p) => exact.includes(normalizeClauseText(p)))) continue;
        out.push({
          clauseKey: d.clauseKey,
          kind: 'forbidden_term',
          detail: `${standard?.title ?? d.clauseKey} clause contains '${term.phrase}' (${term.description})`,
          standardText: standard?.standardText,
          actualText: d.actualText,
          material: true,
          language: detectClauseLanguage(d.actualText),
        });
      }
    }
  }
  return out;
}

/** The cosmetic-only deviations, one line each for a reason: "Limitation of liability (punctuation, synonym)". */
export function describeCosmetic(deviations: readonly ClauseDeviation[], library: ClauseLibrary): string[] {
  const titles = new Map(library.clauses.map((c) => [c.key, c.title]));
  return deviations
    .filter((d) => d.material === false)
    .map((d) => {
      const whys = [...new Set((d.changes ?? []).map((c) => c.why))];
      return `${titles.get(d.clauseKey) ?? d.clauseKey} (${whys.join(', ')})`;
    });
}
