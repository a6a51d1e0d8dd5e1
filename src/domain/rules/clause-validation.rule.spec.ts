import type { ClauseLibrary, ContractClause } from '../contract/contract.types';
import { DEMO_CLAUSE_LIBRARY } from './clause-library.data';
import { clauseValidationRule, normalizeClauseText, validateClauses } from './clause-validation.rule';
import { buildContext, STANDARD_CLAUSES, slimStep, standardClause } from './evaluation-context.fixture';

const library = DEMO_CLAUSE_LIBRARY;

function withClause(key: string, text: string): ContractClause[] {
  return [...STANDARD_CLAUSES.filter((c) => c.key !== key), { key, text }];
}

describe('validateClauses', () => {
  it('finds no deviation in the standard mandatory clauses', () => {
    expect(validateClauses(STANDARD_CLAUSES, library)).toEqual([]);
  });

  it('finds no deviation in every standard clause, optional ones included', () => {
    expect(validateClauses(library.clauses.map((c) => standardClause(c.key)), library)).toEqual([]);
  });

  it('ignores whitespace, case and typographic apostrophes', () => {
    const text = "  THIS agreement is governed by\n the   laws of the People\u2019s Republic of China.  ";
    expect(validateClauses(withClause('governing_law', text), library)).toEqual([]);
  });

  it('reports a missing mandatory clause, and not a missing optional one', () => {
    const clauses = STANDARD_CLAUSES.filter((c) => c.key !== 'termination');
    expect(validateClauses(clauses, library)).toEqual([
      {
        clauseKey: 'termination',
        kind: 'mandatory_missing',
        detail: "Mandatory clause 'Termination' (termination) is missing",
        standardText: standardClause('termination').text,
      },
    ]);
  });

  it('reports changed text with both texts', () => {
    const text = 'The Customer shall pay each invoice within 120 days.';
    expect(validateClauses(withClause('payment', text), library)).toEqual([
      {
        clauseKey: 'payment',
        kind: 'text_changed',
        detail: 'Payment clause differs from the standard text',
        standardText: standardClause('payment').text,
        actualText: text,
      },
    ]);
  });

  it('reports a forbidden term, whatever its case', () => {
    const text = 'The Supplier accepts Unlimited Liability for all losses.';
    const deviations = validateClauses(withClause('liability', text), library);
    expect(deviations.map((d) => d.kind)).toEqual(['text_changed', 'forbidden_term']);
    expect(deviations[1]).toMatchObject({
      clauseKey: 'liability',
      detail: "Limitation of liability clause contains 'unlimited liability' (liability must be capped)",
      actualText: text,
    });
  });

  it.each(['automatically renew', 'auto-renew', 'automatic renewal'])('reports the auto-renewal phrase "%s"', (phrase) => {
    const text = `This Agreement will ${phrase} for successive one-year terms.`;
    const deviations = validateClauses([...STANDARD_CLAUSES, { key: 'renewal', text }], library);
    expect(deviations.filter((d) => d.kind === 'forbidden_term')).toEqual([
      expect.objectContaining({ clauseKey: 'renewal', detail: `Renewal clause contains '${phrase}' (renewals need a new signed order)` }),
    ]);
  });

  it('reports a governing law outside the approved list', () => {
    const text = 'This Agreement is governed by the laws of England and Wales.';
    const deviations = validateClauses(withClause('governing_law', text), library);
    expect(deviations.map((d) => d.kind)).toEqual(['text_changed', 'governing_law_not_approved']);
    expect(deviations[1].detail).toBe(
      "Governing law clause names none of the approved laws (People's Republic of China; Hong Kong SAR; Singapore)",
    );
  });

  it('accepts another approved governing law as a text change only', () => {
    const text = 'This Agreement is governed by the laws of Singapore.';
    expect(validateClauses(withClause('governing_law', text), library).map((d) => d.kind)).toEqual(['text_changed']);
  });

  it('reports a clause the library does not know', () => {
    const text = 'The Customer buys exclusively from the Supplier.';
    expect(validateClauses([...STANDARD_CLAUSES, { key: 'exclusivity', text }], library)).toEqual([
      {
        clauseKey: 'exclusivity',
        kind: 'unknown_clause',
        detail: "Clause 'exclusivity' is not in clause library clauses-2026.1",
        actualText: text,
      },
    ]);
  });

  it('checks forbidden terms in unknown clauses too', () => {
    const deviations = validateClauses([...STANDARD_CLAUSES, { key: 'side_letter', text: 'We accept unlimited liability.' }], library);
    expect(deviations.map((d) => d.kind)).toEqual(['unknown_clause', 'forbidden_term']);
  });

  it('works with any library passed in', () => {
    const tiny: ClauseLibrary = {
      version: 't',
      clauses: [{ key: 'a', title: 'A', standardText: 'Alpha.', mandatory: true }],
      approvedGoverningLaws: [],
      forbiddenTerms: [],
    };
    expect(validateClauses([], tiny).map((d) => d.kind)).toEqual(['mandatory_missing']);
    expect(validateClauses([{ key: 'a', text: 'alpha.' }], tiny)).toEqual([]);
  });
});

describe('normalizeClauseText', () => {
  it('collapses whitespace, trims and lower-cases', () => {
    expect(normalizeClauseText('  Foo \t\n  BAR  ')).toBe('foo bar');
  });
});

describe('clause_validation.against_library', () => {
  const step = slimStep('clause_validation');

  it('always approves and records no deviations for standard clauses', () => {
    const result = clauseValidationRule(step, buildContext());
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('0 deviations recorded against clause library clauses-2026.1');
    expect(result.clauseDeviations).toEqual([]);
  });

  it('approves even with deviations, and returns them for later steps', () => {
    const clauses = withClause('liability', 'Unlimited liability applies.').filter((c) => c.key !== 'termination');
    const result = clauseValidationRule(step, buildContext({ contract: { clauses } }));
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('3 deviations recorded against clause library clauses-2026.1');
    expect(result.clauseDeviations?.map((d) => `${d.clauseKey}:${d.kind}`)).toEqual([
      'termination:mandatory_missing',
      'liability:text_changed',
      'liability:forbidden_term',
    ]);
  });
});

describe('DEMO_CLAUSE_LIBRARY', () => {
  it('has the demo version and marks exactly the five core clauses mandatory', () => {
    expect(library.version).toBe('clauses-2026.1');
    expect(library.clauses.filter((c) => c.mandatory).map((c) => c.key)).toEqual([
      'liability',
      'payment',
      'termination',
      'governing_law',
      'confidentiality',
    ]);
    expect(library.clauses.filter((c) => !c.mandatory).map((c) => c.key)).toEqual(['data_protection', 'ip', 'renewal']);
  });

  it('has a governing law clause that names China', () => {
    expect(standardClause('governing_law').text).toBe("This Agreement is governed by the laws of the People's Republic of China.");
  });

  it('has standard texts free of forbidden terms (the renewal clause does not auto-renew)', () => {
    const phrases = library.forbiddenTerms.flatMap((t) => t.phrases);
    for (const clause of library.clauses) {
      for (const phrase of phrases) expect(clause.standardText.toLowerCase()).not.toContain(phrase);
    }
  });
});
