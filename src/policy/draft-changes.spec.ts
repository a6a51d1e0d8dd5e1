import { SLIM_POLICY } from '../domain/chain/slim.policy';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { applyDraftChanges, parseDraftChanges } from './draft-changes';
import { diffPolicies } from './policy-diff';

const base = (): ChainPolicy => structuredClone(SLIM_POLICY) as ChainPolicy;

describe('parseDraftChanges', () => {
  it('names the field of a shape error as a JSON path', () => {
    expect(parseDraftChanges({ steps: { legal_review: { sla: 4 } } })).toEqual({ errors: [expect.objectContaining({ field: 'steps.legal_review.sla', rule: 'unrecognized_keys' })] });
    expect(parseDraftChanges({ stages: [{ tracks: [['intake_check', 3]] }] })).toEqual({ errors: [expect.objectContaining({ field: 'stages[0].tracks[0][1]' })] });
    expect(parseDraftChanges({ steps: { legal_review: { slaBusinessHours: 'soon' } } })).toEqual({ errors: [expect.objectContaining({ field: 'steps.legal_review.slaBusinessHours' })] });
    expect(parseDraftChanges({ owner: 'me' })).toEqual({ errors: [expect.objectContaining({ field: 'owner' })] });
  });
});

describe('applyDraftChanges', () => {
  it('merges params (null removes one), sets SLA and assignee, replaces the timeout-approval list and the stages', () => {
    const before = base();
    const result = applyDraftChanges(before, {
      steps: {
        pricing_review: { params: { maxDiscountPercent: 12 } },
        credit_check: { params: { duplicateNameThreshold: null } },
        legal_review: { slaBusinessHours: 12, assignee: { kind: 'role', role: 'compliance_officer' } },
      },
      autoApproveOnTimeout: ['tax_review'],
      stages: before.stages.slice(0, 2),
    });
    if (!('policy' in result)) throw new Error(JSON.stringify(result));
    const step = (key: string) => result.policy.steps.find((s) => s.key === key)!;
    expect(step('pricing_review').params).toEqual({ maxDiscountPercent: 12 });
    expect(step('credit_check').params).toEqual({ maxOverdueDays: 30 });
    expect(step('legal_review')).toMatchObject({ slaBusinessHours: 12, assignee: { kind: 'role', role: 'compliance_officer' } });
    expect(result.policy.steps.filter((s) => s.autoApproveOnTimeout).map((s) => s.key)).toEqual(['tax_review']);
    expect(result.policy.stages).toHaveLength(2);
    expect(before.steps[5].params.maxDiscountPercent).toBe(10); // the input is not changed
  });

  it('sets the revision timeout, and null goes back to the defaults', () => {
    const set = applyDraftChanges(base(), { revisionTimeout: { remindAfterBusinessHours: 8, withdrawAfterBusinessHours: 40 } });
    if (!('policy' in set)) throw new Error(JSON.stringify(set));
    expect(set.policy.revisionTimeout).toEqual({ remindAfterBusinessHours: 8, withdrawAfterBusinessHours: 40 });
    const cleared = applyDraftChanges(set.policy, { revisionTimeout: null });
    if (!('policy' in cleared)) throw new Error(JSON.stringify(cleared));
    expect(cleared.policy).not.toHaveProperty('revisionTimeout');
    expect(parseDraftChanges({ revisionTimeout: { remindAfterBusinessHours: 8 } })).toEqual({ errors: [expect.objectContaining({ field: 'revisionTimeout.withdrawAfterBusinessHours' })] });
  });

  it('refuses steps the draft does not have', () => {
    expect(applyDraftChanges(base(), { steps: { vibe_check: { slaBusinessHours: 1 } }, autoApproveOnTimeout: ['tax_review', 'nope'] })).toEqual({
      errors: [expect.objectContaining({ field: 'steps.vibe_check', rule: 'known_step' }), expect.objectContaining({ field: 'autoApproveOnTimeout[1]', rule: 'known_step' })],
    });
  });
});

describe('diffPolicies', () => {
  it('matches steps by key, so a regrouped stage is one change and moved steps are not', () => {
    const from = base();
    const to = base();
    to.version = 'slim-p9';
    to.steps[5].params.maxDiscountPercent = 12;
    to.steps[9].assignee = { kind: 'role', role: 'finance_controller' };
    delete to.steps[2].params.duplicateNameThreshold;
    to.stages[5] = { tracks: [['pricing_review'], ['sales_manager_approval', 'legal_review'], ['finance_review', 'tax_review'], ['delivery_review']] };
    expect(diffPolicies(from, to)).toEqual([
      { path: 'stages', kind: 'changed', from: from.stages, to: to.stages },
      { path: 'steps.credit_check.params.duplicateNameThreshold', kind: 'removed', from: 0.88 },
      { path: 'steps.pricing_review.params.maxDiscountPercent', kind: 'changed', from: 10, to: 12 },
      { path: 'steps.tax_review.assignee.role', kind: 'changed', from: 'tax_specialist', to: 'finance_controller' },
    ]);
    expect(diffPolicies(from, base())).toEqual([]);
  });
});

describe('draft changes: a step several people decide together (approvers)', () => {
  const users = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c'];
  it('sets a step’s approvers and removes them with null', () => {
    const parsed = parseDraftChanges({ steps: { finance_review: { approvers: { mode: 'quorum', count: 2, from: { users } } } } });
    if (!('changes' in parsed)) throw new Error('refused');
    const set = applyDraftChanges(base(), parsed.changes);
    if (!('policy' in set)) throw new Error('refused');
    expect(set.policy.steps.find((s) => s.key === 'finance_review')!.approvers).toEqual({ mode: 'quorum', count: 2, from: { users } });
    const removed = parseDraftChanges({ steps: { legal_review: { approvers: null } } });
    if (!('changes' in removed)) throw new Error('refused');
    const out = applyDraftChanges(base(), removed.changes);
    expect('policy' in out && out.policy.steps.find((s) => s.key === 'legal_review')!.approvers).toBeUndefined();
  });

  it('names the field of a bad shape', () => {
    expect(parseDraftChanges({ steps: { legal_review: { approvers: { mode: 'most', from: { users } } } } })).toEqual({ errors: [expect.objectContaining({ field: 'steps.legal_review.approvers.mode' })] });
    expect(parseDraftChanges({ steps: { legal_review: { approvers: { mode: 'all', from: { team: 'legal' } } } } })).toEqual({
      errors: expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^steps\.legal_review\.approvers\.from/) })]),
    });
    expect(parseDraftChanges({ steps: { legal_review: { approvers: { mode: 'all', from: { role: 'legal_counsel' } } } } })).toHaveProperty('changes');
  });
});
