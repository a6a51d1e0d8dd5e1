// The Unified Social Credit Code (统一社会信用代码, GB 32100-2015): the 18-character registration
// number every organisation in mainland China carries. Pure; used at intake (a CN customer's
// registration number must be one), by the customer registry (codes are compared normalised) and
// by generators (test factories, the RPA benchmark) that need valid codes.
//
// Hand-written: no maintained npm package covers the standard with explanations of which rule
// failed; the rules are short and the table test pins them.
//
// Layout (1-based positions):
//   1      registration authority (登记管理部门码)
//   2      organisation category (机构类别码), the allowed values depend on the authority
//   3-8    administrative division (行政区划码, GB/T 2260), six digits
//   9-17   organisation code (组织机构代码, GB 11714): eight characters and its own check character
//   18     check character over positions 1-17, weights 3^(i-1) mod 31, modulus 31
//
// Lower case is accepted and upper-cased: normaliseUscc (trim, NFKC full-width → half-width,
// upper case) runs before every check, so "91350100m000100y43" and the full-width
// "９１３５０１００Ｍ０００１００Ｙ４３" are the same valid code; the stored form is the normalised one.

/** The 31 characters of the code, in value order (I, O, Z, S and V are excluded). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// 3^(i-1) mod 31 (the brief's list diverged after the tenth weight; these are the standard's).
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714 organisation code: weights for its eight body characters, modulus 11. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Registration authorities and the organisation categories each may issue (GB 32100-2015 annex A,
 * with the later additions for the military (A) and rural collectives (N)).
 */
const CATEGORIES_BY_AUTHORITY: Readonly<Record<string, string>> = {
  '1': '1239', // institutional establishment: organs, public institutions, mass organisations, other
  '2': '19', // foreign affairs: resident foreign news agencies, other
  '3': '123459', // judicial administration: law firms, notaries, legal services, forensics, arbitration, other
  '4': '19', // culture: foreign cultural centres, other
  '5': '1239', // civil affairs: social organisations, private non-enterprise units, foundations, other
  '6': '129', // tourism: foreign and HK/Macao/Taiwan tourism offices, other
  '7': '129', // religion: places of worship, religious schools, other
  '8': '19', // trade unions: grass-roots unions, other
  '9': '123', // market regulation (industry and commerce): enterprises, individual businesses, farmers' cooperatives
  A: '19', // Central Military Commission: military public institutions, other
  N: '1239', // agriculture: group, village and township collective economic organisations, other
  Y: '1', // other authorities
};

/** First two digits of a GB/T 2260 administrative division; 10 is the code of central-level registrations. */
const PROVINCES = new Set([
  '10', '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

/** Trim, full-width → half-width (NFKC), upper case; spaces inside are kept (and then fail the charset rule). */
export function normaliseUscc(code: string): string {
  return code.normalize('NFKC').trim().toUpperCase();
}

/** The check character (position 18) for the first 17 characters, which must already be in the charset. */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new Error(`usccCheckCharacter needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]);
    if (value < 0) throw new Error(`usccCheckCharacter: '${first17[i]}' at position ${i + 1} is not a USCC character`);
    sum += value * USCC_WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** The GB 11714 check character of an organisation code's eight body characters (digits or A-Z). */
export function organisationCodeCheckCharacter(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new Error(`organisationCodeCheckCharacter needs 8 digits or capitals, got '${body8}'`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A complete code from its first 17 characters for generators: the organisation code's check
 * character (position 17) is NOT fixed here, so give first17 with a correct one, or use
 * {@link buildUscc} which computes both.
 */
export function withCheckCharacter(first17: string): string {
  const n = normaliseUscc(first17);
  return n + usccCheckCharacter(n);
}

/**
 * A valid code from its parts: authority + category (e.g. "91" for an enterprise), a six-digit
 * division (e.g. "310000" Shanghai) and the organisation code's eight body characters; both check
 * characters are computed. For generators (factories, benchmark corpus).
 */
export function buildUscc(parts: { authorityAndCategory: string; division: string; organisationBody: string }): string {
  const body = parts.organisationBody.toUpperCase();
  return withCheckCharacter(`${parts.authorityAndCategory}${parts.division}${body}${organisationCodeCheckCharacter(body)}`);
}

/**
 * Null when the (normalised) code is a valid USCC, else which rule failed, in a sentence that can
 * go to the person who typed it.
 */
export function usccProblem(code: string): string | null {
  const c = normaliseUscc(code);
  if (c.length !== 18) return `must be 18 characters (a Unified Social Credit Code), got ${c.length}`;
  for (let i = 0; i < 18; i++) {
    if (!USCC_CHARSET.includes(c[i])) {
      return `character '${c[i]}' at position ${i + 1} is not allowed: a Unified Social Credit Code uses digits and capital letters except I, O, Z, S and V`;
    }
  }
  const categories = CATEGORIES_BY_AUTHORITY[c[0]];
  if (!categories) return `position 1 '${c[0]}' is not a registration authority code (1-9, A, N or Y)`;
  if (!categories.includes(c[1])) return `position 2 '${c[1]}' is not an organisation category of authority '${c[0]}' (allowed: ${categories.split('').join(', ')})`;
  const division = c.slice(2, 8);
  if (!/^\d{6}$/.test(division)) return `positions 3-8 '${division}' must be a six-digit administrative division code`;
  if (!PROVINCES.has(division.slice(0, 2))) return `positions 3-8 '${division}' do not start with a province code`;
  const orgBody = c.slice(8, 16);
  const orgCheck = organisationCodeCheckCharacter(orgBody);
  if (c[16] !== orgCheck) return `position 17 '${c[16]}' is not the organisation code's check character (expected '${orgCheck}' for ${orgBody})`;
  const check = usccCheckCharacter(c.slice(0, 17));
  if (c[17] !== check) return `position 18 '${c[17]}' is not the check character (expected '${check}')`;
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}
