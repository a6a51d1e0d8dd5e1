import type { StepState } from './engine.types';
import { keepOrRedecide } from './revision-keeping';

const decided = (over: Partial<StepState> = {}): StepState => ({
  key: 'credit_check',
  number: 3,
  name: 'Credit check',
  status: 'auto_approved',
  revision: 1,
  decidedBy: { kind: 'rule', id: 'credit_check.within_limit' },
  policyVersion: 'v1',
  reason: 'Within the credit limit',
  inputs: { amount: 10 },
  fingerprint: 'fp-1',
  ...over,
});

describe('keepOrRedecide', () => {
  it('keeps an approval whose inputs did not change, saying from which revision', () => {
    const out = keepOrRedecide(decided(), 'fp-1');
    expect(out).toMatchObject({ kind: 'keep', keptFromRevision: 1 });
    expect(out.kind === 'keep' && out.fields).toMatchObject({
      status: 'auto_approved',
      fingerprint: 'fp-1',
      keptFromRevision: 1,
      reason: 'Kept from revision 1: inputs unchanged. Within the credit limit',
    });
  });

  it('keeps a kept decision again with the same revision and the same text', () => {
    const first = keepOrRedecide(decided(), 'fp-1');
    if (first.kind !== 'keep') throw new Error('expected keep');
    const again = keepOrRedecide({ ...decided(), ...first.fields, revision: 2 }, 'fp-1');
    expect(again).toMatchObject({ kind: 'keep', keptFromRevision: 1, fields: { reason: 'Kept from revision 1: inputs unchanged. Within the credit limit' } });
  });

  it('decides again when the inputs changed, and says since which revision', () => {
    expect(keepOrRedecide(decided({ revision: 2 }), 'fp-2')).toEqual({ kind: 'decide', note: 'Inputs changed since revision 2; decided again. ' });
    expect(keepOrRedecide(undefined, 'fp-1')).toEqual({ kind: 'decide', note: '' });
    expect(keepOrRedecide(decided({ fingerprint: undefined, status: 'pending' }), 'fp-1')).toEqual({ kind: 'decide', note: '' });
  });

  it('never keeps a rejection or a request for changes', () => {
    for (const status of ['rejected', 'changes_requested', 'pending', 'waiting'] as const) {
      expect(keepOrRedecide(decided({ status }), 'fp-1').kind).toBe('decide');
    }
  });
});
