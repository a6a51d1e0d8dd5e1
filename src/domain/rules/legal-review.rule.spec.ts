import { getStep } from '../chain/policy';
import { SLIM_POLICY_2026_11_1 } from '../chain/slim.policy';
import type { ClauseDeviation, ContractClause } from '../contract/contract.types';
import { DEMO_CLAUSE_LIBRARY } from './clause-library.data';
import { validateClauses } from './clause-validation.rule';
import { buildContext, slimStep, STANDARD_CLAUSES, standardClause } from './evaluation-context.fixture';
import { legalReviewRule } from './legal-review.rule';

const oldStep = getStep(SLIM_POLICY_2026_11_1, 'legal_review');
const step = slimStep('legal_review');

/** What the workflow hands legal review: the deviations exact comparison records. */
const recorded = (clauses: ContractClause[]) => validateClauses(clauses, DEMO_CLAUSE_LIBRARY);
const withClause = (key: string, text: string) => [...STANDARD_CLAUSES.filter((c) => c.key !== key), { key, text }];
const cosmeticLiability = standardClause('liability').text.replace('this Agreement', 'this contract').replace('twelve months', 'twelve  months,');

describe.each([
  ['slim-2026.11.1', oldStep],
  ['slim-2026.12.1', step],
])('legal_review.no_deviations under %s', (_version, s) => {
  it('approves a contract without clause deviations', () => {
    const result = legalReviewRule(s, buildContext({ clauseDeviations: [] }));
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('All clauses match the standard library');
  });

  it('routes any deviation to legal counsel, listing each one', () => {
    const deviations: ClauseDeviation[] = [
      { clauseKey: 'termination', kind: 'mandatory_missing', detail: "Mandatory clause 'Termination' (termination) is missing" },
      { clauseKey: 'liability', kind: 'forbidden_term', detail: "Limitation of liability clause contains 'unlimited liability'" },
    ];
    const result = legalReviewRule(s, buildContext({ clauseDeviations: deviations }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(deviations.map((d) => d.detail));
    expect(result.reason).toMatch(/^2 clause deviations: Mandatory clause 'Termination'/);
    expect(result.inputs.deviations).toEqual(
      s === oldStep
        ? [
            { clauseKey: 'termination', kind: 'mandatory_missing' },
            { clauseKey: 'liability', kind: 'forbidden_term' },
          ]
        : [
            { clauseKey: 'termination', kind: 'mandatory_missing', material: true },
            { clauseKey: 'liability', kind: 'forbidden_term', material: true },
          ],
    );
  });

  it('asks legal counsel when clause validation has not run', () => {
    expect(legalReviewRule(s, buildContext({ clauseDeviations: undefined })).outcome).toBe('human');
  });
});

describe('legal_review: slim-2026.11.1 keeps exact comparison', () => {
  it('sends a cosmetically edited clause to legal counsel, as it always did', () => {
    const result = legalReviewRule(oldStep, buildContext({ clauseDeviations: recorded(withClause('liability', cosmeticLiability)) }));
    expect(result.outcome).toBe('human');
    expect(result.reason).toBe('1 clause deviation: Limitation of liability clause differs from the standard text');
  });

  it('sends a clause in Chinese, even in the standard Chinese wording, to legal counsel', () => {
    const zh = DEMO_CLAUSE_LIBRARY.clauses.find((c) => c.key === 'liability')!.standardTextZh!;
    expect(legalReviewRule(oldStep, buildContext({ clauseDeviations: recorded(withClause('liability', zh)) })).outcome).toBe('human');
  });
});

describe('legal_review: slim-2026.12.1 compares clauses by meaning', () => {
  it('approves cosmetic-only changes and names them', () => {
    const result = legalReviewRule(step, buildContext({ clauseDeviations: recorded(withClause('liability', cosmeticLiability)) }));
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('Only cosmetic changes to standard clauses: Limitation of liability (synonym, punctuation)');
    expect(result.inputs.deviations).toEqual([{ clauseKey: 'liability', kind: 'text_changed', material: false }]);
  });

  it('approves a full-width-only edit, naming it', () => {
    const text = standardClause('liability').text.replace('Each', 'Ｅａｃｈ');
    const result = legalReviewRule(step, buildContext({ clauseDeviations: recorded(withClause('liability', text)) }));
    expect(result).toMatchObject({ outcome: 'approve', reason: 'Only cosmetic changes to standard clauses: Limitation of liability (full-width/half-width)' });
  });

  it('approves the Chinese standard wording and cosmetic edits to it', () => {
    const zh = DEMO_CLAUSE_LIBRARY.clauses.find((c) => c.key === 'liability')!.standardTextZh!;
    expect(legalReviewRule(step, buildContext({ clauseDeviations: recorded(withClause('liability', zh)) }))).toMatchObject({
      outcome: 'approve',
      reason: 'All clauses match the standard library',
    });
    const edited = `1. ${zh.replace('本协议', '本合同').replace('，', ',')}`;
    expect(legalReviewRule(step, buildContext({ clauseDeviations: recorded(withClause('liability', edited)) }))).toMatchObject({
      outcome: 'approve',
      reason: 'Only cosmetic changes to standard clauses: Limitation of liability (numbering, synonym, full-width/half-width)',
    });
  });

  it('sends a material change to legal counsel, naming the changed words', () => {
    const text = standardClause('liability').text.replace('twelve months', 'six months');
    const result = legalReviewRule(step, buildContext({ clauseDeviations: recorded(withClause('liability', text)) }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(["Limitation of liability clause changes the standard text materially: removed 'twelve' (number), added 'six' (number)"]);
  });

  it('sends a cosmetic change next to a material deviation to legal counsel for the material one only', () => {
    const clauses = withClause('liability', cosmeticLiability).filter((c) => c.key !== 'termination');
    const result = legalReviewRule(step, buildContext({ clauseDeviations: recorded(clauses) }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(["Mandatory clause 'Termination' (termination) is missing"]);
  });

  it('finds a forbidden term exact comparison misses: full-width, spaced, in Chinese', () => {
    const zh = DEMO_CLAUSE_LIBRARY.clauses.find((c) => c.key === 'liability')!.standardTextZh!;
    const clauses = withClause('liability', `${zh}供应商承担无限 连带 责任。`);
    expect(recorded(clauses).map((d) => d.kind)).toEqual(['text_changed']);
    const result = legalReviewRule(step, buildContext({ clauseDeviations: recorded(clauses) }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual([
      expect.stringMatching(/^Limitation of liability clause changes the standard text materially: added '供应商承担无限 连带 责任/),
      "Limitation of liability clause contains '无限连带责任' (liability must be capped)",
    ]);
  });

  it('keeps unknown clause keys and missing mandatory clauses material', () => {
    const clauses = [...STANDARD_CLAUSES.filter((c) => c.key !== 'payment'), { key: 'exclusivity', text: 'The Customer buys only from the Supplier.' }];
    const result = legalReviewRule(step, buildContext({ clauseDeviations: recorded(clauses) }));
    expect(result.outcome).toBe('human');
    expect(result.inputs.deviations).toEqual([
      { clauseKey: 'payment', kind: 'mandatory_missing', material: true },
      { clauseKey: 'exclusivity', kind: 'unknown_clause', material: true },
    ]);
  });
});
