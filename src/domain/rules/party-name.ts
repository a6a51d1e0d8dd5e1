// Normalised party names for denied-party screening: two spellings of the same company give the
// same key, so a listed company is found under a new registration number, in full-width
// characters, with another legal form or punctuation. Pure; used by customer capture to look the
// list up and by the list's maintenance to key its entries.
//
// Hand-written (no maintained library covers this mix): JavaScript's own NFKC folds full-width
// and half-width forms; the rest is a short list of legal forms. It errs towards matching: a
// match sends the contract to a compliance officer, it does not refuse it.

/** Bumped whenever the key changes, so stored keys of list entries are recomputed. */
export const PARTY_NAME_KEY_VERSION = 1;

/** Legal forms dropped from the end of a Latin-script name, one word at a time ("co ltd" → ""). */
const LATIN_LEGAL_FORMS = new Set([
  'ltd', 'limited', 'co', 'company', 'corp', 'corporation', 'inc', 'incorporated', 'llc', 'llp', 'lp', 'plc',
  'gmbh', 'mbh', 'ag', 'kg', 'ohg', 'ug', 'se', 'sa', 'sas', 'sarl', 'srl', 'spa', 'sl', 'bv', 'nv', 'oy', 'ab',
  'pte', 'pty', 'pvt', 'private', 'kk', 'jsc', 'pjsc', 'ojsc', 'ooo', 'zao', 'oao', 'bhd', 'sdn', 'tbk',
]);

/** CJK legal forms, longest first, dropped from the end (and, for the Japanese and Korean ones, the start). */
const CJK_SUFFIXES = ['股份有限公司', '有限责任公司', '有限責任公司', '集团有限公司', '集團有限公司', '有限公司', '株式会社', '有限会社', '合同会社', '주식회사', '유한회사', '公司'];
const CJK_PREFIXES = ['株式会社', '有限会社', '合同会社', '주식회사', '유한회사'];

/**
 * The comparison key of a party name: NFKC (full-width → half-width, compatibility forms), lower
 * case, Latin accents dropped, "&" read as "and", punctuation and symbols as spaces, legal forms
 * removed from the end (CJK ones also from the start where they are written there), then all
 * spaces removed. Empty when the name is nothing but a legal form ("Co., Ltd.").
 */
export function partyNameKey(name: string): string {
  return partyNameWords(name).join('');
}

/**
 * The words of a party name as {@link partyNameKey} sees them before it joins them: the same
 * normalisation and legal forms dropped, spaces kept ("Shanghai Harbour Logistics Co., Ltd." →
 * ["shanghai", "harbour", "logistics"]; a CJK name is one word). Empty when the name is nothing
 * but a legal form. For similarity by word (src/domain/customer/name-match.ts).
 */
export function partyNameWords(name: string): string[] {
  const text = name
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/&/g, ' and ')
    .replace(/[\p{P}\p{S}]+/gu, ' ');
  const tokens = stripLatinForms(text.split(/\s+/u).filter(Boolean));
  // CJK is written without spaces: its legal forms end (or start) the last (or first) word.
  let joined = tokens.join(' ');
  if (CJK_SUFFIXES.includes(joined)) return [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of CJK_SUFFIXES) {
      if (joined.length > suffix.length && joined.endsWith(suffix)) {
        joined = joined.slice(0, -suffix.length).trimEnd();
        changed = true;
        break;
      }
    }
  }
  for (const prefix of CJK_PREFIXES) {
    if (joined.length > prefix.length && joined.startsWith(prefix)) joined = joined.slice(prefix.length).trimStart();
  }
  const rest = stripLatinForms(joined.split(' ').filter(Boolean));
  if (rest.length === 1 && (LATIN_LEGAL_FORMS.has(rest[0]) || CJK_SUFFIXES.includes(rest[0]))) return [];
  return rest;
}

/** Drops Latin legal forms from the end, word by word, keeping at least one word. */
function stripLatinForms(tokens: string[]): string[] {
  const out = [...tokens];
  while (out.length > 1 && LATIN_LEGAL_FORMS.has(out[out.length - 1])) out.pop();
  return out;
}

/** The distinct non-empty keys of several names (a customer's submitted and registry names, or a list entry's name and aliases). */
export function partyNameKeys(names: readonly string[]): string[] {
  return [...new Set(names.map(partyNameKey).filter((k) => k.length > 0))];
}
