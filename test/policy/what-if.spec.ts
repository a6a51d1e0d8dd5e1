// The what-if evaluator (src/domain/chain/what-if.ts) and its tally: table-driven over the slim
// policy and a 12% pricing draft. Each row is a contract's recorded inputs and the verdicts
// expected for the steps that matter; every other reached rule step is automatic or skipped.
import type { ChainPolicy } from '../../src/domain/chain/policy.types';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { beforeVerdicts, evaluatePolicy, humanRolesReached, type RecordedInputs, type RecordedStep, recordedVerdict, type StepVerdict } from '../../src/domain/chain/what-if';
import { WhatIfTally } from '../../src/domain/chain/what-if-tally';
import { DEMO_PRODUCTS, productsBySku } from '../../src/domain/contract/catalogue.data';
import { DEMO_CLAUSE_LIBRARY } from '../../src/domain/rules/clause-library.data';
import { goodContract, goodCustomer, SUBMITTED_AT } from '../../src/domain/rules/evaluation-context.fixture';

/** The slim policy with the pricing and sales-manager discount limits raised from 10% to 12%. */
function withDiscountLimit(policy: ChainPolicy, pct: number): ChainPolicy {
  return {
    ...policy,
    version: 'draft',
    steps: policy.steps.map((s) => (s.key === 'pricing_review' || s.key === 'sales_manager_approval' ? { ...s, params: { ...s.params, maxDiscountPercent: pct } } : s)),
  };
}
const DRAFT_12 = withDiscountLimit(SLIM_POLICY, 12);

/** `n` licences at `unitPrice` (list 10,000, floor 8,500). */
const licences = (n: number, unitPrice: number) => ({ lines: [{ sku: 'GL-LIC-STD', quantity: n, unitPrice, taxRatePercent: 6 }], amount: n * unitPrice });

function inputs(contract: Parameters<typeof goodContract>[0] = {}, extra: Partial<RecordedInputs> = {}): RecordedInputs {
  return {
    contract: goodContract(contract),
    revision: 1,
    submittedAt: SUBMITTED_AT,
    submitterId: 'user-rep-1',
    products: productsBySku(DEMO_PRODUCTS),
    clauseLibrary: DEMO_CLAUSE_LIBRARY,
    customer: goodCustomer(),
    ...extra,
  };
}

const byKey = (verdicts: StepVerdict[]) => Object.fromEntries(verdicts.map((v) => [v.stepKey, v]));
const shape = (v: StepVerdict) => (v.kind === 'human' ? `human:${v.role}` : v.kind === 'automatic' ? `automatic:${v.outcome}` : v.kind);

describe('evaluatePolicy', () => {
  const rows: { name: string; policy: ChainPolicy; in: RecordedInputs; expect: Record<string, string> }[] = [
    {
      name: 'a routine contract: rules and bots decide everything, the large-deal steps are skipped',
      policy: SLIM_POLICY,
      in: inputs(),
      expect: {
        intake_check: 'automatic:approve',
        customer_capture: 'automatic:approve',
        credit_check: 'automatic:approve',
        pricing_review: 'automatic:approve',
        sales_manager_approval: 'automatic:approve',
        legal_review: 'automatic:approve',
        regional_director_approval: 'skipped',
        executive_approval: 'skipped',
        contract_generation: 'automatic:approve',
        order_creation: 'automatic:approve',
      },
    },
    {
      name: 'an 11% discount under the 10% limits goes to the deal desk and the rep\'s manager',
      policy: SLIM_POLICY,
      in: inputs(licences(20, 8_900)),
      expect: { pricing_review: 'human:deal_desk', sales_manager_approval: 'human:sales_manager', order_creation: 'automatic:approve' },
    },
    {
      name: 'the same 11% discount under the 12% draft is decided by the rules',
      policy: DRAFT_12,
      in: inputs(licences(20, 8_900)),
      expect: { pricing_review: 'automatic:approve', sales_manager_approval: 'automatic:approve' },
    },
    {
      name: 'a 13% discount needs people under the 12% draft too',
      policy: DRAFT_12,
      in: inputs(licences(20, 8_700)),
      expect: { pricing_review: 'human:deal_desk', sales_manager_approval: 'human:sales_manager' },
    },
    {
      name: 'the recorded customer record is what credit check reads: 45 days overdue needs the credit controller',
      policy: SLIM_POLICY,
      in: inputs({}, { customer: goodCustomer({ maxOverdueDays: 45 }) }),
      expect: { credit_check: 'human:credit_controller', pricing_review: 'automatic:approve' },
    },
    {
      name: 'a deal over 2,000,000 goes to finance, the regional director and (over 1,000,000) the rep\'s manager',
      policy: SLIM_POLICY,
      in: inputs(licences(250, 9_500)),
      expect: { finance_review: 'human:finance_controller', regional_director_approval: 'human:regional_director', sales_manager_approval: 'human:sales_manager', executive_approval: 'skipped' },
    },
    {
      name: 'a material clause change (the clause validation deviations) goes to legal counsel and the rep\'s manager',
      policy: SLIM_POLICY,
      in: inputs({ clauses: goodContract().clauses.map((c) => (c.key === 'liability' ? { ...c, text: `${c.text} The supplier accepts unlimited liability.` } : c)) }),
      expect: { clause_validation: 'automatic:approve', legal_review: 'human:legal_counsel', sales_manager_approval: 'human:sales_manager' },
    },
    {
      name: 'an intake problem returns the contract to the rep; nothing after it is reached',
      policy: SLIM_POLICY,
      in: inputs({ currency: 'XYZ' }),
      expect: { intake_check: 'automatic:return_to_rep', customer_capture: 'not_reached', pricing_review: 'not_reached', order_creation: 'not_reached' },
    },
    {
      name: "without customer capture's recorded result the bot is not run again: it and the steps after are not reached",
      policy: SLIM_POLICY,
      in: inputs({}, { customer: undefined }),
      expect: { intake_check: 'automatic:approve', customer_capture: 'not_reached', credit_check: 'not_reached', order_creation: 'not_reached' },
    },
  ];

  test.each(rows)('$name', ({ policy, in: recorded, expect: expected }) => {
    const verdicts = evaluatePolicy(policy, recorded);
    expect(verdicts.map((v) => v.stepKey)).toEqual(policy.steps.map((s) => s.key));
    const got = byKey(verdicts);
    for (const [key, want] of Object.entries(expected)) expect(`${key} ${shape(got[key])}`).toBe(`${key} ${want}`);
    // Every step not named is decided without a person (unless the row stops the chain).
    const stops = Object.values(expected).includes('not_reached');
    for (const v of verdicts) if (!(v.stepKey in expected) && !stops) expect(`${v.stepKey} ${v.kind === 'human' ? 'human' : 'no person'}`).toBe(`${v.stepKey} no person`);
  });

  test("the rule's reason and id come with each decision", () => {
    const pricing = byKey(evaluatePolicy(DRAFT_12, inputs(licences(20, 8_900)))).pricing_review;
    expect(pricing).toMatchObject({ ruleId: 'pricing_review.within_discount_and_floor', reason: expect.stringContaining('within 12.00%') });
  });

  test('humanRolesReached: each role once, none for a routine contract', () => {
    expect(humanRolesReached(SLIM_POLICY, inputs())).toEqual([]);
    expect(humanRolesReached(SLIM_POLICY, inputs(licences(20, 8_900)))).toEqual(['deal_desk', 'sales_manager']);
    expect(humanRolesReached(DRAFT_12, inputs(licences(20, 8_900)))).toEqual([]);
  });
});

describe('recordedVerdict: what the workflow decided', () => {
  const def = SLIM_POLICY.steps.find((s) => s.key === 'pricing_review')!;
  const step = (over: Partial<RecordedStep>): RecordedStep => ({ key: 'pricing_review', status: 'auto_approved', decidedByKind: 'rule', decidedById: 'pricing_review.within_discount_and_floor', taskId: null, reason: 'r', ...over });
  test.each<[string, Partial<RecordedStep>, string]>([
    ['approved by its rule', {}, 'automatic:approve'],
    ['skipped by its rule', { status: 'skipped' }, 'skipped'],
    ['returned to the rep by a rule', { status: 'changes_requested' }, 'automatic:return_to_rep'],
    ['waiting for a person', { status: 'waiting', decidedByKind: null, decidedById: null, taskId: 't-1' }, 'human:deal_desk'],
    ['approved by a person', { status: 'approved', decidedByKind: 'user', decidedById: 'u-1', taskId: 't-1' }, 'human:deal_desk'],
    ['rejected by a person', { status: 'rejected', decidedByKind: 'user', decidedById: 'u-1', taskId: 't-1' }, 'human:deal_desk'],
    ['changes requested by a person', { status: 'changes_requested', decidedByKind: 'user', decidedById: 'u-1', taskId: 't-1' }, 'human:deal_desk'],
    ['a task approved on timeout (a person was asked)', { decidedById: 'timeout_auto_approved', taskId: 't-1' }, 'human:deal_desk'],
    ['not reached', { status: 'pending', decidedByKind: null, decidedById: null }, 'not_reached'],
  ])('%s', (_name, over, want) => {
    expect(shape(recordedVerdict(step(over), def, 'pricing_review'))).toBe(want);
  });

  test('a step the contract does not record is not reached', () => {
    expect(recordedVerdict(undefined, def, 'pricing_review').kind).toBe('not_reached');
  });
});

describe('beforeVerdicts: a running contract counts its unreached steps as its own policy will decide them', () => {
  const recorded = new Map<string, StepVerdict>([
    ['pricing_review', { stepKey: 'pricing_review', kind: 'human', role: 'deal_desk' }],
    ['sales_manager_approval', { stepKey: 'sales_manager_approval', kind: 'not_reached' }],
  ]);
  const own = () => evaluatePolicy(SLIM_POLICY, inputs(licences(20, 8_900)));
  test('running: the recorded decisions stay, the unreached ones are expected from the own policy', () => {
    const before = beforeVerdicts(recorded, true, own);
    expect(before.get('pricing_review')).toEqual({ stepKey: 'pricing_review', kind: 'human', role: 'deal_desk' });
    expect(before.get('sales_manager_approval')).toMatchObject({ kind: 'human', role: 'sales_manager', expected: true });
    expect(before.get('order_creation')).toMatchObject({ kind: 'automatic', expected: true });
  });
  test('closed: nothing is expected; an unreached step stays unreached', () => {
    let asked = false;
    const before = beforeVerdicts(recorded, false, () => ((asked = true), own()));
    expect(asked).toBe(false);
    expect(before.get('sales_manager_approval')!.kind).toBe('not_reached');
    expect(before.has('order_creation')).toBe(false);
  });
});

describe('WhatIfTally', () => {
  test('counts changes both ways over steps decided on both sides, roles and shares', () => {
    const tally = new WhatIfTally(SLIM_POLICY, 1);
    const rec = (kind: StepVerdict['kind'], role?: string): StepVerdict => ({ stepKey: 'pricing_review', kind, role, outcome: kind === 'automatic' ? 'approve' : undefined });
    const at = (key: string, v: StepVerdict) => ({ ...v, stepKey: key });
    // A: pricing human -> automatic. B: pricing automatic -> human. C: a person rejected at credit: pricing not reached before, so not compared.
    tally.add({ id: 'A', title: 'a' }, new Map([['pricing_review', { ...rec('human', 'deal_desk'), expected: true }]]), [rec('automatic')]);
    tally.add({ id: 'B', title: 'b' }, new Map([['pricing_review', rec('automatic')]]), [rec('human', 'deal_desk')]);
    tally.add({ id: 'C', title: 'c' }, new Map([['pricing_review', rec('not_reached')], ['credit_check', at('credit_check', rec('human', 'credit_controller'))]]), [rec('human', 'deal_desk'), at('credit_check', rec('human', 'credit_controller'))]);
    const s = tally.summary();
    const pricing = s.steps.find((x) => x.stepKey === 'pricing_review')!;
    expect(pricing).toMatchObject({ decisions: 2, automaticBefore: 1, automaticAfter: 1, automaticToHuman: 1, humanToAutomatic: 1 });
    expect(s).toMatchObject({ contracts: 3, contractsChanged: 2, comparedDecisions: 3, expectedDecisions: 1, changesTruncated: true });
    expect(s.changes).toEqual([expect.objectContaining({ contractId: 'A', stepKey: 'pricing_review', before: expect.objectContaining({ kind: 'human' }), after: expect.objectContaining({ kind: 'automatic' }) })]);
    expect(s.humanTasksByRole).toEqual([
      { role: 'credit_controller', before: 1, after: 1 },
      { role: 'deal_desk', before: 1, after: 1 },
    ]);
    expect(s.automaticShare).toEqual({ before: 0.3333, after: 0.3333 });
  });
});

describe('countersign in what-if (slim-2026.12.2 legal review by lee and lena)', () => {
  const liability = { key: 'liability', text: 'Each party accepts unlimited liability for any damages arising under this Agreement.' };
  const withDeviations = (n: 1 | 2) =>
    inputs({ clauses: [...goodContract().clauses.filter((c) => c.key !== 'liability' && (n === 1 || c.key !== 'termination')), liability] });

  test('a contract with two material deviations is 2 legal tasks; with one, 1 task as before', () => {
    expect(byKey(evaluatePolicy(SLIM_POLICY, withDeviations(2))).legal_review).toMatchObject({ kind: 'human', role: 'legal_counsel', tasks: 2 });
    expect(byKey(evaluatePolicy(SLIM_POLICY, withDeviations(1))).legal_review).toEqual(expect.objectContaining({ kind: 'human', role: 'legal_counsel' }));
    expect(byKey(evaluatePolicy(SLIM_POLICY, withDeviations(1))).legal_review.tasks).toBeUndefined();
  });

  test('expected human tasks per role count each approver: recorded countersign 2 before, one counsel after', () => {
    const tally = new WhatIfTally(SLIM_POLICY, 10);
    const approvers = { mode: 'all' as const, required: 2, role: 'legal_counsel' as const, approvers: [{ userId: 'lee', taskId: 't1', status: 'approved' as const }, { userId: 'lena', taskId: 't2', status: 'approved' as const }] };
    const recordedLegal = recordedVerdict({ key: 'legal_review', status: 'approved', decidedByKind: 'user', decidedById: 'lena', taskId: 't1', reason: null, approvers }, SLIM_POLICY.steps.find((s) => s.key === 'legal_review'), 'legal_review');
    expect(recordedLegal).toMatchObject({ kind: 'human', role: 'legal_counsel', tasks: 2 });
    tally.add({ id: 'A', title: 'a' }, new Map([['legal_review', recordedLegal]]), [{ stepKey: 'legal_review', kind: 'human', role: 'legal_counsel' }]);
    expect(tally.summary().humanTasksByRole).toEqual([{ role: 'legal_counsel', before: 2, after: 1 }]);
  });
});
