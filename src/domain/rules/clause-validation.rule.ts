// Step 5, clause_validation: compares the contract's clauses with the standard clause library
// and records every deviation. It never stops the chain itself — legal review and the sales
// manager read the deviations it records and decide whether they need a person.
import type { ClauseDeviation, ClauseLibrary, ContractClause } from '../contract/contract.types';
import { type ClauseComparison, clauseComparisonOf, deviationsByMeaning } from './clause-meaning';
import { plural } from './format';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

/** The clause whose text names the governing law; its meaning is fixed, not configurable. */
export const GOVERNING_LAW_CLAUSE_KEY = 'governing_law';

/**
 * Comparison form of clause text: whitespace collapsed, trimmed, lower-cased, and typographic
 * quotes straightened so that "People’s" typed in a word processor matches "People's".
 */
export function normalizeClauseText(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Deviations in a stable order: missing mandatory clauses (library order), then per contract
 * clause (contract order) unknown key or changed text, unapproved governing law, forbidden terms.
 * `comparison` 'meaning' (the policy's clauseComparison param) classifies them further:
 * deviationsByMeaning in clause-meaning.ts.
 */
export function validateClauses(clauses: readonly ContractClause[], library: ClauseLibrary, comparison: ClauseComparison = 'exact'): ClauseDeviation[] {
  const exact = validateClausesExactly(clauses, library);
  return comparison === 'meaning' ? deviationsByMeaning(exact, library) : exact;
}

function validateClausesExactly(clauses: readonly ContractClause[], library: ClauseLibrary): ClauseDeviation[] {
  const deviations: ClauseDeviation[] = [];
  const standardByKey = new Map(library.clauses.map((c) => [c.key, c]));
  const presentKeys = new Set(clauses.map((c) => c.key));

  for (const standard of library.clauses) {
    if (standard.mandatory && !presentKeys.has(standard.key)) {
      deviations.push({
        clauseKey: standard.key,
        kind: 'mandatory_missing',
        detail: `Mandatory clause '${standard.title}' (${standard.key}) is missing`,
        standardText: standard.standardText,
      });
    }
  }

  for (const clause of clauses) {
    const standard = standardByKey.get(clause.key);
    const actual = normalizeClauseText(clause.text);
    const title = standard?.title ?? clause.key;
    if (!standard) {
      deviations.push({
        clauseKey: clause.key,
        kind: 'unknown_clause',
        detail: `Clause '${clause.key}' is not in clause library ${library.version}`,
        actualText: clause.text,
      });
    } else if (actual !== normalizeClauseText(standard.standardText)) {
      deviations.push({
        clauseKey: clause.key,
        kind: 'text_changed',
        detail: `${title} clause differs from the standard text`,
        standardText: standard.standardText,
        actualText: clause.text,
      });
    }

    if (clause.key === GOVERNING_LAW_CLAUSE_KEY) {
      const approved = library.approvedGoverningLaws.some((law) => actual.includes(normalizeClauseText(law)));
      if (!approved) {
        deviations.push({
          clauseKey: clause.key,
          kind: 'governing_law_not_approved',
          detail: `${title} clause names none of the approved laws (${library.approvedGoverningLaws.join('; ')})`,
          standardText: standard?.standardText,
          actualText: clause.text,
        });
      }
    }

    for (const term of library.forbiddenTerms) {
      const phrase = term.phrases.find((p) => actual.includes(normalizeClauseText(p)));
      if (phrase !== undefined) {
        deviations.push({
          clauseKey: clause.key,
          kind: 'forbidden_term',
          detail: `${title} clause contains '${phrase}' (${term.description})`,
          standardText: standard?.standardText,
          actualText: clause.text,
        });
      }
    }
  }
  return deviations;
}

export const clauseValidationRule: Rule = (step, ctx) => {
  const comparison = clauseComparisonOf(step);
  const deviations = validateClauses(ctx.contract.clauses, ctx.clauseLibrary, comparison);
  const cosmetic = deviations.filter((d) => d.material === false).length;
  return {
    outcome: 'approve',
    ruleId: RULE_IDS.clauseValidation,
    reason:
      comparison === 'meaning'
        ? `${plural(deviations.length - cosmetic, 'material deviation')} and ${plural(cosmetic, 'cosmetic change')} recorded against clause library ${ctx.clauseLibrary.version}`
        : `${plural(deviations.length, 'deviation')} recorded against clause library ${ctx.clauseLibrary.version}`,
    inputs: {
      clauseKeys: ctx.contract.clauses.map((c) => c.key),
      libraryVersion: ctx.clauseLibrary.version,
      deviationKinds: deviations.map((d) => `${d.clauseKey}:${d.kind}`),
    },
    clauseDeviations: deviations,
  };
};

/**
 * The deviations clause_validation recorded, for the steps that read them. Missing means the
 * workflow ran a step out of order; those steps then ask a person instead of guessing.
 */
export const DEVIATIONS_NOT_AVAILABLE = 'Clause deviations are not available: clause validation has not run';
