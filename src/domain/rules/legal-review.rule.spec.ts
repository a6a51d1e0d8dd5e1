import type { ClauseDeviation } from '../contract/contract.types';
import { buildContext, slimStep } from './evaluation-context.fixture';
import { legalReviewRule } from './legal-review.rule';

const step = slimStep('legal_review');

describe('legal_review.no_deviations', () => {
  it('approves a contract without clause deviations', () => {
    const result = legalReviewRule(step, buildContext({ clauseDeviations: [] }));
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('All clauses match the standard library');
  });

  it('routes any deviation to legal counsel, listing each one', () => {
    const deviations: ClauseDeviation[] = [
      { clauseKey: 'termination', kind: 'mandatory_missing', detail: "Mandatory clause 'Termination' (termination) is missing" },
      { clauseKey: 'liability', kind: 'forbidden_term', detail: "Limitation of liability clause contains 'unlimited liability'" },
    ];
    const result = legalReviewRule(step, buildContext({ clauseDeviations: deviations }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(deviations.map((d) => d.detail));
    expect(result.reason).toMatch(/^2 clause deviations: Mandatory clause 'Termination'/);
    expect(result.inputs.deviations).toEqual([
      { clauseKey: 'termination', kind: 'mandatory_missing' },
      { clauseKey: 'liability', kind: 'forbidden_term' },
    ]);
  });

  it('asks legal counsel when clause validation has not run', () => {
    expect(legalReviewRule(step, buildContext({ clauseDeviations: undefined })).outcome).toBe('human');
  });
});
