// The clauses of a customer's contract: split the clause section into numbered headings and their
// text, then give each a clause key of the library, by heading (synonyms in both languages) and,
// when the heading is unknown, by how close its text is to a standard text (English or Chinese).
import { distance } from 'fastest-levenshtein';
import type { ClauseLibrary, StandardClause } from '../../domain/contract/contract.types';
import { CLAUSE_HEADINGS } from './labels';
import { fold } from './values';

export interface SectionClause {
  heading: string;
  text: string;
}

// "1. Limitation of liability", "1.1 Liability", "Article 1 Liability", "Clause 2: Payment",
// "第一条 责任限制", "一、责任限制", "(1) Payment". A plain "30 days ..." is not a heading: the
// number must carry a dot, a bracket or a word (Article, 第…条) so wrapped text lines are not cut.
// Clause numbers start at 1 and a dot followed by a digit is a decimal, so a wrapped line that
// begins with a rate ("0.05%计收利息", "1.5 per cent …") is text, not a heading.
const HEADING_PATTERNS = [
  /^(?:article|clause|section)\s+\d+(?:\.\d+)*\s*[:.)]?\s*(.+)$/i,
  /^[1-9]\d*(?:\.\d+)+\.?\s+(\p{L}.*)$/u,
  /^[1-9]\d*[.)](?!\d)\s*(.+)$/,
  /^\(\d+\)\s*(.+)$/,
  /^第\s*[一二三四五六七八九十百零\d]+\s*条\s*[、:：.]?\s*(.*)$/,
  /^[一二三四五六七八九十]+\s*[、.]\s*(.+)$/,
];

/** The heading's title when the line is a clause heading (short, not a sentence), else null. */
export function clauseHeading(line: string): string | null {
  const t = fold(line);
  for (const p of HEADING_PATTERNS) {
    const m = p.exec(t);
    if (!m) continue;
    const title = m[1].trim();
    // A sentence, or a label with its value ("1. Payment terms: Net 30"), is not a heading.
    if (title.length > 60 || /[.;。；,，]$/.test(title) || /[:：]/.test(title)) return null;
    return title;
  }
  return null;
}

const CJK = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;

/** Joins wrapped lines: a space between Latin words, nothing where either side is Chinese. */
export function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (!out) out = line;
    else if (CJK.test(out[out.length - 1]) || CJK.test(line[0])) out += line;
    else out += ` ${line}`;
  }
  return out;
}

/** Splits the clause section's lines into clauses at each heading; text before the first heading is ignored. */
export function splitClauses(lines: readonly string[]): SectionClause[] {
  const clauses: Array<{ heading: string; body: string[] }> = [];
  for (const line of lines) {
    const heading = clauseHeading(line);
    if (heading !== null) clauses.push({ heading, body: [] });
    else if (clauses.length) clauses[clauses.length - 1].body.push(line);
  }
  return clauses.map((c) => ({ heading: c.heading, text: joinLines(c.body) }));
}

/** The clause key a heading names, by the synonyms in labels.ts and the library's own titles; null when none. */
export function keyByHeading(heading: string, library: ClauseLibrary): string | null {
  const h = fold(heading).toLowerCase();
  for (const [key, words] of CLAUSE_HEADINGS) if (words.some((w) => h.includes(w))) return key;
  const titled = library.clauses.find((c) => fold(c.title).toLowerCase() === h);
  return titled ? titled.key : null;
}

/** Text compared for meaning-free closeness: folded, lower case, without whitespace and punctuation. */
function comparable(text: string): string {
  return fold(text).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * The library's standard texts of a clause: `standardText` and any other string field of the
 * clause whose name contains "text" (the Chinese standard text, however the library names it).
 */
function standardTexts(clause: StandardClause): string[] {
  const extra = Object.entries(clause as unknown as Record<string, unknown>)
    .filter(([k, v]) => k !== 'standardText' && /text/i.test(k) && typeof v === 'string' && v.length > 0)
    .map(([, v]) => v as string);
  return [clause.standardText, ...extra];
}

/** 1 − edit distance / longer length over the comparable forms: 1 for the same text, near 0 for unrelated ones. */
export function textSimilarity(a: string, b: string): number {
  const x = comparable(a);
  const y = comparable(b);
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 0;
  return 1 - distance(x, y) / longer;
}

/** The library clause whose standard text (either language) is closest to the text, with the similarity. */
export function keyByContent(text: string, library: ClauseLibrary): { key: string; similarity: number } | null {
  let best: { key: string; similarity: number } | null = null;
  for (const clause of library.clauses) {
    for (const standard of standardTexts(clause)) {
      const similarity = textSimilarity(text, standard);
      if (!best || similarity > best.similarity) best = { key: clause.key, similarity };
    }
  }
  return best;
}

/** Below this similarity a clause with an unknown heading is not given a key (unrelated texts score about 0.2–0.35). */
export const CONTENT_MATCH_MIN = 0.5;

export interface MatchedClause {
  key: string | null;
  heading: string;
  text: string;
  /**
   * Heading synonym found: 0.95, 0.99 when the text is also closest to that key's standard text.
   * Heading unknown: the content similarity scaled into 0.5–0.9 (a clause recognised only by its
   * text is worth a look). No key: 0.
   */
  confidence: number;
  by: 'heading' | 'content' | null;
}

export function matchClause(clause: SectionClause, library: ClauseLibrary): MatchedClause {
  const byHeading = keyByHeading(clause.heading, library);
  const byContent = clause.text ? keyByContent(clause.text, library) : null;
  if (byHeading) {
    const agrees = byContent !== null && byContent.key === byHeading && byContent.similarity >= CONTENT_MATCH_MIN;
    return { key: byHeading, heading: clause.heading, text: clause.text, confidence: agrees ? 0.99 : 0.95, by: 'heading' };
  }
  if (byContent && byContent.similarity >= CONTENT_MATCH_MIN) {
    const confidence = Math.round((0.5 + (byContent.similarity - CONTENT_MATCH_MIN) * 0.8) * 100) / 100;
    return { key: byContent.key, heading: clause.heading, text: clause.text, confidence: Math.min(0.9, confidence), by: 'content' };
  }
  return { key: null, heading: clause.heading, text: clause.text, confidence: 0, by: null };
}
