// What no request may carry, whatever its DTO says: characters PostgreSQL cannot store (or that
// silently corrupt what it stores) and structures deep enough to overflow a recursive walker.
// Checked once, at the edge, on every parsed body, query string, path parameter and the headers
// we read (see input-safety.interceptor.ts), so no DTO can forget it.
//
// The characters refused, and why:
// - U+0000: PostgreSQL refuses it in text and jsonb. Accepted, it fails the persisting activity on
//   every retry and jams the contract's workflow for good (issue #11, defect 1).
// - Unpaired UTF-16 surrogates (U+D800–U+DFFF without their partner): they have no UTF-8 form;
//   JSON.stringify writes them as "\ud800", which jsonb refuses, and a text column would get a
//   silent U+FFFD instead of what was sent.
// - The other C0 controls except TAB, LF and CR (U+0001–U+0008, U+000B, U+000C, U+000E–U+001F):
//   PostgreSQL would store them, but no text a person types contains them, they are invisible in
//   the UI and in mail, and XML 1.0 (so XHTML and most document formats) cannot carry them. TAB,
//   LF and CR stay allowed: comments and clause texts have lines and indentation.
//   DEL (U+007F) and the C1 range are left alone: valid in every format we write.
//
// Hand-written rather than a library: the check is two regular expressions and a bounded walk;
// the libraries found either sanitise silently (we want a 400 naming the field) or parse JSON
// themselves (body-parser already did).
import type { FieldError } from './app-error';

/** Deepest nesting a request may have. Valid bodies need 3 (contract → lines → line); the rest is margin. */
export const MAX_INPUT_DEPTH = 32;
/** At most this many findings are reported; one bad body could otherwise echo itself back many times. */
export const MAX_REPORTED_FINDINGS = 20;

export const INPUT_RULES = {
  noControlCharacters: 'no_control_characters',
  noUnpairedSurrogates: 'no_unpaired_surrogates',
  maxDepth: 'max_depth',
} as const;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The pattern the OpenAPI document states for free text, so generated clients and fuzzers produce
 * what this module accepts. (JSON Schema patterns cannot express surrogate pairing; the check
 * above still applies.)
 */
export const TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$';

/** The rule a string breaks, or null when it is safe to store. */
export function unsafeStringRule(value: string): string | null {
  if (FORBIDDEN_CONTROL.test(value)) return INPUT_RULES.noControlCharacters;
  if (UNPAIRED_SURROGATE.test(value)) return INPUT_RULES.noUnpairedSurrogates;
  return null;
}

const MESSAGES: Record<string, string> = {
  [INPUT_RULES.noControlCharacters]: 'must not contain control characters (U+0000–U+001F other than tab, line feed and carriage return)',
  [INPUT_RULES.noUnpairedSurrogates]: 'must be well-formed Unicode (no unpaired UTF-16 surrogates)',
  [INPUT_RULES.maxDepth]: `is nested more than ${MAX_INPUT_DEPTH} levels deep`,
};

/** Field paths echo client input: keep each segment short and printable. */
function segment(key: string): string {
  const printable = key.replace(/[\u0000-\u001F\uD800-\uDFFF]/g, '?'); // eslint-disable-line no-control-regex
  return printable.length > 64 ? `${printable.slice(0, 63)}…` : printable;
}

function join(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const s = segment(key);
  return parent ? `${parent}.${s}` : s;
}

/**
 * Walks a parsed value (JSON body, form, query, params) and returns one finding per unsafe string
 * or object key, and one if the structure is nested deeper than MAX_INPUT_DEPTH. Recursion stops
 * at that depth, so a 5,000-level body costs 33 frames. `root` prefixes every field path.
 */
export function findUnsafeInput(value: unknown, root = ''): FieldError[] {
  const found: FieldError[] = [];
  const report = (field: string, rule: string) => {
    if (found.length < MAX_REPORTED_FINDINGS) found.push({ field: field || 'body', rule, message: `${field || 'body'} ${MESSAGES[rule]}` });
  };
  const visit = (v: unknown, path: string, depth: number): void => {
    if (found.length >= MAX_REPORTED_FINDINGS) return;
    if (typeof v === 'string') {
      const rule = unsafeStringRule(v);
      if (rule) report(path, rule);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (depth >= MAX_INPUT_DEPTH) {
      report(path, INPUT_RULES.maxDepth);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, join(path, i), depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(v)) {
      const keyRule = unsafeStringRule(key);
      if (keyRule) report(join(path, key), keyRule);
      visit(item, join(path, key), depth + 1);
    }
  };
  visit(value, root, 0);
  return found;
}
