import type { ClauseLibrary, ContractClause } from '../contract/contract.types';
import { DEMO_CLAUSE_LIBRARY } from './clause-library.data';
import { detectClauseLanguage, forbiddenTermsIn } from './clause-meaning';
import { clauseValidationRule, normalizeClauseText, validateClauses } from './clause-validation.rule';
import { getStep } from '../chain/policy';
import { SLIM_POLICY_2026_11_1 } from '../chain/slim.policy';
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
      "Governing law clause names none of the approved laws (People's Republic of China; Hong Kong SAR; Singapore; 中华人民共和国; 香港特别行政区; 新加坡)",
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
        detail: "Clause 'exclusivity' is not in clause library clauses-2026.2",
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

describe('clause_validation.against_library (slim-2026.11.1: exact comparison)', () => {
  const step = getStep(SLIM_POLICY_2026_11_1, 'clause_validation');

  it('always approves and records no deviations for standard clauses', () => {
    const result = clauseValidationRule(step, buildContext());
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('0 deviations recorded against clause library clauses-2026.2');
    expect(result.clauseDeviations).toEqual([]);
  });

  it('approves even with deviations, and returns them for later steps', () => {
    const clauses = withClause('liability', 'Unlimited liability applies.').filter((c) => c.key !== 'termination');
    const result = clauseValidationRule(step, buildContext({ contract: { clauses } }));
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('3 deviations recorded against clause library clauses-2026.2');
    expect(result.clauseDeviations?.map((d) => `${d.clauseKey}:${d.kind}`)).toEqual([
      'termination:mandatory_missing',
      'liability:text_changed',
      'liability:forbidden_term',
    ]);
  });
});

describe('clause_validation.against_library (slim-2026.12.1: by meaning)', () => {
  const step = slimStep('clause_validation');

  it('records cosmetic changes as non-material deviations with the changed words', () => {
    const liability = standardClause('liability').text.replace('this Agreement', 'this contract').replace(/\.$/, ';');
    const clauses = withClause('liability', liability).filter((c) => c.key !== 'termination');
    const result = clauseValidationRule(step, buildContext({ contract: { clauses } }));
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('1 material deviation and 1 cosmetic change recorded against clause library clauses-2026.2');
    expect(result.clauseDeviations).toEqual([
      expect.objectContaining({ clauseKey: 'termination', kind: 'mandatory_missing', material: true }),
      expect.objectContaining({
        clauseKey: 'liability',
        kind: 'text_changed',
        material: false,
        language: 'en',
        changes: [
          { kind: 'removed', text: 'Agreement', start: 71, end: 80, material: false, why: 'synonym' },
          { kind: 'added', text: 'contract', start: 71, end: 79, material: false, why: 'synonym' },
          expect.objectContaining({ kind: 'removed', text: '.', material: false, why: 'punctuation' }),
          expect.objectContaining({ kind: 'added', text: ';', material: false, why: 'punctuation' }),
        ],
      }),
    ]);
  });

  it('compares a Chinese clause with the Chinese standard text: the standard wording is no deviation', () => {
    const clauses = library.clauses.filter((c) => c.mandatory).map((c) => ({ key: c.key, text: c.standardTextZh! }));
    expect(validateClauses(clauses, library, 'meaning')).toEqual([]);
    // Exact comparison knows only the English texts.
    expect(validateClauses(clauses, library).map((d) => d.kind)).toEqual(Array(5).fill('text_changed'));
  });
});

describe('DEMO_CLAUSE_LIBRARY', () => {
  it('has the demo version and marks exactly the five core clauses mandatory', () => {
    expect(library.version).toBe('clauses-2026.2');
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
      expect(forbiddenTermsIn(clause.standardText, library)).toEqual([]);
      expect(forbiddenTermsIn(clause.standardTextZh!, library)).toEqual([]);
    }
  });

  it('carries a Chinese standard text for every clause', () => {
    for (const clause of library.clauses) expect(detectClauseLanguage(clause.standardTextZh ?? '')).toBe('zh');
    for (const clause of library.clauses) expect(detectClauseLanguage(clause.standardText)).toBe('en');
  });
});
