// HTML for server-rendered pages, documents and mail: one tagged template, html`...`, that escapes
// every interpolation unless it is itself html`...` (or an array of them) or marked with raw().
// Forgetting to escape therefore takes a deliberate raw(); forgetting nothing double-escapes.
//
// Hand-written on top of escape-html (the escaping Express uses) rather than a template-tag
// package: those either return plain strings, so a nested template is escaped again unless every
// call site remembers a special `$${}` (html-template-tag), are ESM-only (escape-goat), or also
// escape `/`, `=` and backticks and print `undefined`/`false` for absent values
// (escape-html-template-tag), which would change every page and mail this renders.
import escapeHtml from 'escape-html';

/** Markup that is safe to emit as is: built by html`...`, or a trusted fragment marked by raw(). */
export class SafeHtml {
  constructor(private readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/**
 * What may be interpolated: text and numbers (escaped), SafeHtml (kept), arrays of these (joined),
 * and null, undefined or false (nothing, so `${cond && html`...`}` works). Objects are refused by
 * the type, so an interpolated record cannot print "[object Object]".
 */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Marks markup as trusted: only for constants of this codebase, never for data. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/** Escapes one value; for attribute values built outside a template. */
export function esc(value: unknown): string {
  return escapeHtml(String(value ?? ''));
}

