// The API's draft problems ({ field, rule, message }, src/domain/chain/policy-validation.ts) in
// the reader's language. The API writes its messages in English, which English readers see as
// they are; for Chinese the rule picks a sentence from the catalogue, with a range's bounds read
// from the message, and a rule the catalogue does not know keeps the API's message.
import type { TFunction } from 'i18next';

export interface Problem {
  field: string;
  rule: string;
  message: string;
}

const RANGE = /(at least|above) (-?[\d.e+]+) and at most (-?[\d.e+]+)/;

export function problemText(t: TFunction, language: string, problem: Problem): string {
  if (!language.startsWith('zh')) return problem.message;
  if (problem.rule === 'range') {
    const m = RANGE.exec(problem.message);
    if (m) return t(m[1] === 'above' ? 'policy:problems.rangeAbove' : 'policy:problems.rangeAtLeast', { min: m[2], max: m[3] });
  }
  return t(`policy:problems.${problem.rule}`, { message: problem.message, defaultValue: problem.message });
}
