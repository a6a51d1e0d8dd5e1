// The draft PATCH's fields for issue 17's return to a chosen step (returnTo) and repeated
// approver (repeatedApprover): set, cleared with null, and validated with the draft.
import { validatePolicyDraft } from '../domain/chain/policy-validation';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { SLIM_POLICY } from '../domain/chain/slim.policy';
import { applyDraftChanges, parseDraftChanges } from './draft-changes';

const base = (): ChainPolicy => structuredClone(SLIM_POLICY) as ChainPolicy;
const applied = (changes: unknown): ChainPolicy => {
  const parsed = parseDraftChanges(changes);
  if (!('changes' in parsed)) throw new Error(JSON.stringify(parsed));
  const out = applyDraftChanges(base(), parsed.changes);
  if (!('policy' in out)) throw new Error(JSON.stringify(out));
  return out.policy;
};

describe('draft changes for the approval moves', () => {
  it('sets and clears a step’s returnTo; a bad entry is named by validation', () => {
    const set = applied({ steps: { legal_review: { returnTo: ['pricing_review'] } } });
    expect(set.steps.find((s) => s.key === 'legal_review')!.returnTo).toEqual(['pricing_review']);
    expect(validatePolicyDraft(set)).toEqual([]);
    expect(applied({ steps: { legal_review: { returnTo: null } } }).steps.find((s) => s.key === 'legal_review')).not.toHaveProperty('returnTo');
    const bad = applied({ steps: { pricing_review: { returnTo: ['executive_approval'] } } });
    const i = bad.steps.findIndex((s) => s.key === 'pricing_review');
    expect(validatePolicyDraft(bad)).toEqual([expect.objectContaining({ field: `steps[${i}].returnTo[0]`, rule: 'earlier_step' })]);
    expect(parseDraftChanges({ steps: { legal_review: { returnTo: 'pricing_review' } } })).toEqual({ errors: [expect.objectContaining({ field: 'steps.legal_review.returnTo' })] });
  });

  it('sets and clears repeatedApprover; an unknown setting is named by validation', () => {
    expect(applied({ repeatedApprover: 'auto_approve' }).repeatedApprover).toBe('auto_approve');
    expect(applied({ repeatedApprover: null })).not.toHaveProperty('repeatedApprover');
    expect(validatePolicyDraft(applied({ repeatedApprover: 'never' }))).toEqual([expect.objectContaining({ field: 'repeatedApprover', rule: 'enum' })]);
  });
});
