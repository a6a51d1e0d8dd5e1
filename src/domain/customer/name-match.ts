// How alike two company names are, as a score from 0 to 1, for customer capture (is this the
// customer we already know, under a variant name?) and denied-party screening (is this a listed
// party under another spelling?). Pure. The score only measures; the threshold that makes a score
// a match is policy (credit_check's duplicateNameThreshold, compliance_screening's
// nameMatchThreshold in src/domain/chain/slim.policy.ts).
//
// Built on partyNameKey's normalisation (src/domain/rules/party-name.ts: case, punctuation,
// full-width forms, legal forms), then:
// - equal keys score 1 ("Shanghai Harbour Logistics Co Ltd" = "SHANGHAI HARBOUR LOGISTICS");
// - names of several words on both sides are compared word by word (fastest-levenshtein per word):
//   each word's best counterpart on the other side counts, weighted by the word's length, only if
//   it is at least 75% alike, so a typo ("Harbor", "Logistic") costs little, word order does not
//   matter, and a different word ("Grid" vs "Grain", "Engineering" vs "Logistics") costs the whole
//   word: two firms sharing a city and a trade word stay apart;
// - otherwise (one side a single word: CJK names are written without spaces) the keys are
//   compared character by character (1 − edit distance / longer length);
// - a name with Chinese characters is also compared in pinyin (pinyin-pro, tones dropped), so
//   "Shanghai Gangwan Wuliu Co Ltd" finds 上海港湾物流有限公司. A translation ("Shanghai Harbour
//   Logistics") cannot be derived: it comes from the registry's or the list's known aliases;
// - numbers are never typos: names whose digits differ ("Newco 1 Trading", "Newco 2 Trading";
//   第一/第二 are words, not digits) score half, whatever their letters.
import { distance } from 'fastest-levenshtein';
import { pinyin } from 'pinyin-pro';
import { partyNameWords } from '../rules/party-name';

/** Below this a word has no counterpart in the other name (75%: one typo in a four-letter word is too many). */
const WORD_MATCH = 0.75;

/**
 * The lowest score registries and screening report at all: candidates under it are noise. The
 * policy's thresholds (0.88 in slim-2026.12.1) sit above it, so a report between the two is
 * visible in a rule's inputs without sending anything to a person.
 */
export const NAME_MATCH_REPORT_FLOOR = 0.75;

/** A name reduced to what the comparison reads; compute once per name when comparing one against many. */
export interface ComparableName {
  name: string;
  key: string;
  words: string[];
  /** The key in pinyin, when the name has Chinese characters. */
  pinyinKey?: string;
}

const HAN = /\p{Script=Han}/u;

export function comparableName(name: string): ComparableName {
  const words = partyNameWords(name);
  const key = words.join('');
  const out: ComparableName = { name, key, words };
  if (HAN.test(key)) out.pinyinKey = pinyin(key, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').replace(/\s+/gu, '').toLowerCase();
  return out;
}

/** 1 − edit distance / longer length; 1 for equal strings, 0 when either is empty. */
export function characterSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return 1 - distance(a, b) / Math.max(a.length, b.length);
}

/** Word-by-word similarity: each word's best counterpart (≥ 75% alike, else 0), weighted by length, both ways. */
export function wordSimilarity(a: readonly string[], b: readonly string[]): number {
  const total = [...a, ...b].reduce((n, w) => n + w.length, 0);
  if (total === 0) return 0;
  const side = (xs: readonly string[], ys: readonly string[]) =>
    xs.reduce((acc, x) => {
      const best = Math.max(0, ...ys.map((y) => characterSimilarity(x, y)));
      return acc + x.length * (best >= WORD_MATCH ? best : 0);
    }, 0);
  return (side(a, b) + side(b, a)) / total;
}

function keySimilarity(a: { key: string; words: readonly string[] }, b: { key: string; words: readonly string[] }): number {
  if (!a.key || !b.key) return 0;
  if (a.key === b.key) return 1;
  if (a.words.length > 1 && b.words.length > 1) return wordSimilarity(a.words, b.words);
  return characterSimilarity(a.key, b.key);
}

/** How alike two names are, 0 to 1 (see the module comment). Symmetric. */
export function nameSimilarity(a: string | ComparableName, b: string | ComparableName): number {
  const x = typeof a === 'string' ? comparableName(a) : a;
  const y = typeof b === 'string' ? comparableName(b) : b;
  let score = keySimilarity(x, y);
  // Pinyin against the other side's Latin spelling (not pinyin against pinyin: homophones are different names).
  if (x.pinyinKey && !y.pinyinKey) score = Math.max(score, characterSimilarity(x.pinyinKey, y.key));
  if (y.pinyinKey && !x.pinyinKey) score = Math.max(score, characterSimilarity(y.pinyinKey, x.key));
  if (digitsOf(x.key) !== digitsOf(y.key)) score /= 2;
  return round3(score);
}

export interface BestNameMatch {
  score: number;
  /** Which of the given names matched. */
  name: string;
  /** Which of the candidate's names (name or alias) it matched. */
  matchedName: string;
}

/** The best-scoring pair between some names (a customer's) and a candidate's names (a record's name and aliases); null when either list is empty. */
export function bestNameMatch(names: readonly (string | ComparableName)[], candidateNames: readonly (string | ComparableName)[]): BestNameMatch | null {
  let best: BestNameMatch | null = null;
  const xs = names.map((n) => (typeof n === 'string' ? comparableName(n) : n));
  const ys = candidateNames.map((n) => (typeof n === 'string' ? comparableName(n) : n));
  for (const x of xs) {
    for (const y of ys) {
      const score = nameSimilarity(x, y);
      if (!best || score > best.score) best = { score, name: x.name, matchedName: y.name };
    }
  }
  return best;
}

function digitsOf(key: string): string {
  return (key.match(/\d+/gu) ?? []).join(' ');
}

/** Scores are kept to three decimals so a reason reads "0.917", and a replayed decision compares the same number. */
function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

