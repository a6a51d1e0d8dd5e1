// A word-level diff of a clause's standard text and the contract's text, so a reviewer sees at a
// glance what changed. Longest common subsequence over words; pure.

export interface DiffSegment {
  text: string;
  /** True when this word is not in the other text (removed from the standard, or added by the contract). */
  changed: boolean;
}

/** Beyond this many words per side the quadratic table is not worth it: the texts are shown unmarked. */
const MAX_WORDS = 600;

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);
const norm = (word: string): string => word.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');

export function wordDiff(standard: string, actual: string): { standard: DiffSegment[]; actual: DiffSegment[] } {
  const a = words(standard);
  const b = words(actual);
  if (a.length > MAX_WORDS || b.length > MAX_WORDS) {
    return { standard: a.map((text) => ({ text, changed: false })), actual: b.map((text) => ({ text, changed: false })) };
  }
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = norm(a[i]) === norm(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const left: DiffSegment[] = [];
  const right: DiffSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (norm(a[i]) === norm(b[j])) {
      left.push({ text: a[i++], changed: false });
      right.push({ text: b[j++], changed: false });
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      left.push({ text: a[i++], changed: true });
    } else {
      right.push({ text: b[j++], changed: true });
    }
  }
  while (i < a.length) left.push({ text: a[i++], changed: true });
  while (j < b.length) right.push({ text: b[j++], changed: true });
  return { standard: left, actual: right };
}
