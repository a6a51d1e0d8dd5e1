import { MIX_WEIGHTS, type MixKind, mixContract, revisedSubmission } from '../../tools/simulation/contract-mix';
import { STANDARD_CLAUSES } from '../../src/domain/rules/clause-library.data';
import { approverDecision, approverDelayMs, DEFAULT_BEHAVIOUR, stepClass } from '../../tools/simulation/approver-model';

const at = new Date('2030-03-04T02:00:00Z');
const sum = (lines: { quantity: number; unitPrice: number }[]) => Math.round(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) * 100) / 100;

describe('the contract mix', () => {
  test('contract n of a seed is always the same contract, whoever asks and in what order', () => {
    const a = Array.from({ length: 50 }, (_, i) => mixContract(42, i, at));
    const b = Array.from({ length: 50 }, (_, i) => mixContract(42, 49 - i, at)).reverse();
    expect(b).toEqual(a);
    expect(mixContract(43, 0, at)).not.toEqual(mixContract(42, 0, at));
  });

  test('the kinds come in the stated proportions, mostly standard', () => {
    const counts: Partial<Record<MixKind, number>> = {};
    for (let i = 0; i < 20_000; i++) {
      const k = mixContract('p', i, at).kind;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const total = Object.values(MIX_WEIGHTS).reduce((s, w) => s + w, 0);
    for (const [kind, w] of Object.entries(MIX_WEIGHTS) as [MixKind, number][]) {
      expect(Math.abs((counts[kind] ?? 0) / 20_000 - w / total)).toBeLessThan(0.01);
    }
    expect((counts.standard ?? 0) / 20_000).toBeGreaterThan(0.5);
  });

  test('amounts add up, except for intake errors, which the rep fixes', () => {
    for (let i = 0; i < 500; i++) {
      const c = mixContract('amounts', i, at);
      if (c.kind === 'intake_error') {
        expect(c.submission.amount).not.toBe(sum(c.submission.lines));
        const fixed = revisedSubmission(c, c.submission);
        expect(fixed.submission.amount).toBe(sum(c.submission.lines));
        expect(fixed.changedFields).toEqual(['amount']);
      } else {
        expect(c.submission.amount).toBe(sum(c.submission.lines));
      }
      expect(c.submission.requestedDeliveryDate > '2030-03-04').toBe(true);
    }
  });

  test('a changed clause that legal sends back comes back with the standard clauses', () => {
    const c = Array.from({ length: 2000 }, (_, i) => mixContract('clauses', i, at)).find((x) => x.kind === 'changed_clause' && x.reviewer)!;
    expect(c.submission.clauses).not.toEqual(STANDARD_CLAUSES);
    expect(approverDecision(c, 'legal_review', 1)).toMatchObject({ decision: 'request_changes' });
    expect(approverDecision(c, 'legal_review', 2)).toEqual({ decision: 'approve' });
    expect(revisedSubmission(c, c.submission).submission.clauses).toEqual(STANDARD_CLAUSES);
  });
});

describe('the simulated people', () => {
  test('delays are keyed draws: the same task always waits as long; legacy re-checks are quick', () => {
    const d = approverDelayMs(DEFAULT_BEHAVIOUR, 42, 'slim', 7, 'legal_review', 1);
    expect(approverDelayMs(DEFAULT_BEHAVIOUR, 42, 'slim', 7, 'legal_review', 1)).toBe(d);
    expect(approverDelayMs(DEFAULT_BEHAVIOUR, 42, 'slim', 7, 'legal_review', 2)).not.toBe(d);
    const draws = Array.from({ length: 4001 }, (_, i) => approverDelayMs(DEFAULT_BEHAVIOUR, 1, 'slim', i, 'legal_review', 1)).sort((a, b) => a - b);
    expect(draws[2000] / 3_600_000).toBeGreaterThan(2.7);
    expect(draws[2000] / 3_600_000).toBeLessThan(3.3);
    expect(stepClass('legacy', 'tax_double_check')).toBe('quick');
    expect(stepClass('legacy', 'tax_review')).toBe('review');
    expect(stepClass('slim', 'tax_review')).toBe('review');
  });
});
