// A word-level diff of a clause's standard text and the contract's text, so a reviewer sees at a
// glance what changed. The diff itself is jsdiff's (Myers); this file only says what a word is and
// when two words are the same. Pure.
//
// jsdiff's diffArrays over our own word split, not diffWords: diffWords reports a common run with
// the contract's spelling only (the standard column would show the contract's casing and spacing)
// and cannot treat typographic and straight quotes as the same word, which clause texts pasted
// from word processors need.
import { diffArrays } from 'diff';

export interface DiffSegment {
  text: string;
  /** True when this word is not in the other text (removed from the standard, or added by the contract). */
  changed: boolean;
}

/** Beyond this many edits the texts have little in common: they are shown unmarked. */
const MAX_EDITS = 1_000;

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);
const norm = (word: string): string => word.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');

export function wordDiff(standard: string, actual: string): { standard: DiffSegment[]; actual: DiffSegment[] } {
  const a = words(standard);
  const b = words(actual);
  const changes = diffArrays(a, b, { comparator: (x, y) => norm(x) === norm(y), maxEditLength: MAX_EDITS });
  if (!changes) {
    return { standard: a.map((text) => ({ text, changed: false })), actual: b.map((text) => ({ text, changed: false })) };
  }
  // Each side's segments come from its own words, by count: a common run keeps each text's spelling.
  const left: DiffSegment[] = [];
  const right: DiffSegment[] = [];
  let i = 0;
  let j = 0;
  for (const change of changes) {
    for (let k = 0; k < change.count; k++) {
      if (!change.added) left.push({ text: a[i++], changed: change.removed });
      if (!change.removed) right.push({ text: b[j++], changed: change.added });
    }
  }
  return { standard: left, actual: right };
}
