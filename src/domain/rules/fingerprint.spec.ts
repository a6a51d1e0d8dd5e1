import { SLIM_POLICY } from '../chain/slim.policy';
import type { EvaluationContext } from './rule.types';
import { buildContext, goodCustomer, slimStep } from './evaluation-context.fixture';
import { canonicalJson, fingerprint, fnv1a64, stepInputs } from './fingerprint';

/** Reference FNV-1a 64 with BigInt over UTF-8, to check the limb arithmetic. */
function referenceFnv(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('matches the published test vector for %p', (input, expected) => {
    expect(fnv1a64(input)).toBe(expected);
  });

  it.each(['{"amount":142500}', 'Größe — 合同审批 — 🚀 emoji', 'x'.repeat(5000)])('agrees with a BigInt reference on %p', (input) => {
    expect(fnv1a64(input)).toBe(referenceFnv(input));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"z":1}]},"b":1}');
  });

  it('writes dates as ISO strings and non-finite numbers as null', () => {
    expect(canonicalJson([new Date('2026-11-19T02:00:00Z'), NaN, undefined])).toBe('["2026-11-19T02:00:00.000Z",null,null]');
  });
});

describe('fingerprint', () => {
  const value = { amount: 142_500, lines: [{ sku: 'GL-LIC-STD', quantity: 10 }], customer: { name: 'Acme', country: 'CN' } };

  it('is a 16-digit hex string and the same on every call', () => {
    expect(fingerprint(value)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(value)).toBe(fingerprint(structuredClone(value)));
  });

  it('does not depend on key order', () => {
    const reordered = { customer: { country: 'CN', name: 'Acme' }, lines: [{ quantity: 10, sku: 'GL-LIC-STD' }], amount: 142_500 };
    expect(fingerprint(reordered)).toBe(fingerprint(value));
  });

  it('treats an undefined property as absent', () => {
    expect(fingerprint({ ...value, note: undefined })).toBe(fingerprint(value));
  });

  it.each([
    ['a top-level number', { ...value, amount: 142_500.01 }],
    ['a nested value', { ...value, lines: [{ sku: 'GL-LIC-STD', quantity: 11 }] }],
    ['a string', { ...value, customer: { name: 'Acme.', country: 'CN' } }],
    ['array order', { ...value, lines: [...value.lines, { sku: 'B', quantity: 1 }] }],
    ['an added key', { ...value, extra: null }],
    ['a type (number vs string)', { ...value, amount: '142500' }],
  ])('changes when %s changes', (_label, changed) => {
    expect(fingerprint(changed)).not.toBe(fingerprint(value));
  });
});

describe('stepInputs', () => {
  function changedSteps(before: EvaluationContext, after: EvaluationContext): string[] {
    return SLIM_POLICY.steps
      .filter((s) => fingerprint(stepInputs(s, before, {})) !== fingerprint(stepInputs(s, after, {})))
      .map((s) => s.key);
  }

  it('picks the slices a step names', () => {
    const ctx = buildContext();
    expect(stepInputs(slimStep('credit_check'), ctx)).toEqual({
      amount: 142_500,
      customerRecord: {
        id: 'cus-1',
        name: 'Acme Shanghai Ltd',
        registrationNumber: '91310000MA1FL0001X',
        country: 'CN',
        creditLimit: 3_000_000,
        outstandingBalance: 200_000,
        maxOverdueDays: 0,
        deniedParty: false,
      },
    });
    expect(stepInputs(slimStep('legal_review'), ctx)).toEqual({ clauseDeviations: [] });
  });

  it('gives the catalogue entries of the SKUs on the lines only, null for unknown ones', () => {
    const ctx = buildContext({ contract: { lines: [{ sku: 'GL-LIC-STD', quantity: 1, unitPrice: 1, taxRatePercent: 6 }, { sku: 'X', quantity: 1, unitPrice: 1, taxRatePercent: 6 }] } });
    expect(stepInputs(slimStep('tax_review'), ctx).products).toEqual({ 'GL-LIC-STD': ctx.products['GL-LIC-STD'], X: null });
  });

  it('includes the approvals for the document and order steps', () => {
    const approvals = { credit_check: 'rule:credit_check.within_limit' };
    expect(stepInputs(slimStep('contract_generation'), buildContext(), approvals).approvals).toEqual(approvals);
    expect(stepInputs(slimStep('order_creation'), buildContext()).approvals).toEqual({});
  });

  it('ignores whether the customer record was created by this contract', () => {
    const step = slimStep('credit_check');
    const first = stepInputs(step, buildContext({ customer: goodCustomer({ created: true }) }));
    const revision = stepInputs(step, buildContext({ customer: goodCustomer({ created: false }) }));
    expect(fingerprint(first)).toBe(fingerprint(revision));
  });

  it('re-decides only finance (plus intake and the documents) when payment terms change', () => {
    expect(changedSteps(buildContext(), buildContext({ contract: { paymentTermsDays: 45 } }))).toEqual([
      'intake_check',
      'finance_review',
      'contract_generation',
      'order_creation',
    ]);
  });

  it('re-decides nothing but the documents when only approvals change', () => {
    const ctx = buildContext();
    const changed = SLIM_POLICY.steps
      .filter((s) => fingerprint(stepInputs(s, ctx, { a: 'x' })) !== fingerprint(stepInputs(s, ctx, { a: 'y' })))
      .map((s) => s.key);
    expect(changed).toEqual(['contract_generation', 'order_creation']);
  });

  it('re-decides pricing and tax, not finance, when a catalogue entry on the lines changes', () => {
    const base = buildContext();
    const products = { ...base.products, 'GL-LIC-STD': { ...base.products['GL-LIC-STD'], floorPrice: 9_600 } };
    const changed = changedSteps(base, { ...base, products });
    expect(changed).toEqual(['intake_check', 'pricing_review', 'tax_review', 'contract_generation', 'order_creation']);
  });

  it('re-decides legal and the sales manager when the clause deviations change', () => {
    const base = buildContext();
    const after = buildContext({ clauseDeviations: [{ clauseKey: 'payment', kind: 'text_changed', detail: 'd' }] });
    expect(changedSteps(base, after)).toEqual(['sales_manager_approval', 'legal_review']);
  });
});
