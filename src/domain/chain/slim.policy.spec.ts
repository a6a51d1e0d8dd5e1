import { AUTOMATIC_RULE_IDS, RULES } from '../rules';
import { checkPolicy, getStep, stepKeysInOrder } from './policy';
import { INPUT_KEYS, STEP_KEYS, type ChainPolicy } from './policy.types';
import { userId } from '../../database/seed/demo-organisation';
import { LEGAL_COUNSEL_LEE, LEGAL_COUNSEL_LENA, SLIM_POLICY, SLIM_POLICY_2026_11_1, SLIM_POLICY_2026_12_1, SLIM_POLICY_VERSIONS, TIMEOUT_AUTO_APPROVED } from './slim.policy';

describe('SLIM_POLICY', () => {
  it('passes the consistency check', () => {
    expect(checkPolicy(SLIM_POLICY, Object.keys(RULES), AUTOMATIC_RULE_IDS)).toEqual([]);
  });

  it('identifies itself and its contract-level settings', () => {
    expect(SLIM_POLICY).toMatchObject({
      chainId: 'slim',
      version: 'slim-2026.12.2',
      contractTargetHours: 72,
      escalationLevels: 2,
      reminderFractions: [0.5, 0.9],
    });
  });

  it('keeps slim-2026.11.1 frozen as it shipped; 2026.12.1 differs only by the params that switch on clause comparison by meaning', () => {
    expect(SLIM_POLICY_VERSIONS.map((p) => p.version)).toEqual(['slim-2026.12.2', 'slim-2026.12.1', 'slim-2026.11.1']);
    expect(Object.isFrozen(SLIM_POLICY_2026_12_1)).toBe(true);
    expect(Object.isFrozen(SLIM_POLICY_2026_11_1)).toBe(true);
    expect(Object.isFrozen(SLIM_POLICY_2026_11_1.steps[7].params)).toBe(true);
    expect(checkPolicy(SLIM_POLICY_2026_11_1, Object.keys(RULES), AUTOMATIC_RULE_IDS)).toEqual([]);
    expect(SLIM_POLICY_2026_11_1.steps.some((s) => 'clauseComparison' in s.params)).toBe(false);
    // Same steps, stages and settings; every 2026.11.1 param kept with its value, new ones added.
    const withoutParams = (policy: ChainPolicy) => ({ ...policy, version: 'x', steps: policy.steps.map((s) => ({ ...s, params: {} })) });
    expect(withoutParams(SLIM_POLICY_2026_12_1)).toEqual(withoutParams(SLIM_POLICY_2026_11_1));
    SLIM_POLICY_2026_11_1.steps.forEach((old, i) => expect(SLIM_POLICY_2026_12_1.steps[i].params).toMatchObject(old.params));
    expect(SLIM_POLICY.steps.filter((s) => s.params.clauseComparison === 'meaning').map((s) => s.key)).toEqual([
      'clause_validation',
      'sales_manager_approval',
      'legal_review',
    ]);
  });

  it('defines the 15 steps in order, numbered 1..15', () => {
    expect(SLIM_POLICY.steps.map((s) => s.key)).toEqual([...STEP_KEYS]);
    expect(SLIM_POLICY.steps.map((s) => s.number)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it('puts every step in exactly one stage position, in chain order', () => {
    expect(stepKeysInOrder(SLIM_POLICY)).toEqual([...STEP_KEYS]);
  });

  it('runs six reviews in five parallel tracks, pricing before the sales manager', () => {
    expect(SLIM_POLICY.stages).toHaveLength(10);
    expect(SLIM_POLICY.stages[5].tracks).toEqual([
      ['pricing_review', 'sales_manager_approval'],
      ['legal_review'],
      ['finance_review'],
      ['tax_review'],
      ['delivery_review'],
    ]);
    for (const [i, stage] of SLIM_POLICY.stages.entries()) if (i !== 5) expect(stage.tracks).toHaveLength(1);
  });

  it('names an existing rule for every rule step', () => {
    for (const step of SLIM_POLICY.steps.filter((s) => s.mode === 'rule')) expect(RULES[step.ruleId ?? '']).toBeDefined();
  });

  it('makes customer capture, contract generation and order creation bots without assignee', () => {
    const bots = SLIM_POLICY.steps.filter((s) => s.mode === 'bot_activity');
    expect(bots.map((s) => s.key)).toEqual(['customer_capture', 'contract_generation', 'order_creation']);
    for (const bot of bots) expect(bot.assignee).toBeUndefined();
  });

  it('gives every step that can need a person its assignee and SLA (16 h for executives, else 8 h)', () => {
    const human = SLIM_POLICY.steps.filter((s) => s.mode === 'rule' && !AUTOMATIC_RULE_IDS.includes(s.ruleId ?? ''));
    expect(Object.fromEntries(human.map((s) => [s.key, [s.assignee, s.slaBusinessHours]]))).toEqual({
      credit_check: [{ kind: 'role', role: 'credit_controller' }, 8],
      compliance_screening: [{ kind: 'role', role: 'compliance_officer' }, 8],
      pricing_review: [{ kind: 'role', role: 'deal_desk' }, 8],
      sales_manager_approval: [{ kind: 'submitter_manager' }, 8],
      legal_review: [{ kind: 'role', role: 'legal_counsel' }, 8],
      finance_review: [{ kind: 'role', role: 'finance_controller' }, 8],
      tax_review: [{ kind: 'role', role: 'tax_specialist' }, 8],
      delivery_review: [{ kind: 'role', role: 'operations_planner' }, 8],
      regional_director_approval: [{ kind: 'role', role: 'regional_director' }, 8],
      executive_approval: [{ kind: 'role', role: 'executive' }, 16],
    });
  });

  it('never auto-approves on timeout by default', () => {
    expect(SLIM_POLICY.steps.filter((s) => s.autoApproveOnTimeout)).toEqual([]);
    expect(TIMEOUT_AUTO_APPROVED).toBe('timeout_auto_approved');
  });

  it('keeps every threshold in the params (as slim-2026.11.1 shipped them; later versions keep them, see above)', () => {
    expect(getStep(SLIM_POLICY_2026_11_1, 'intake_check').params).toEqual({
      amountTolerance: 0.01,
      allowedCurrencies: ['CNY', 'USD', 'EUR', 'HKD', 'SGD'],
      timeZone: 'Asia/Shanghai',
    });
    expect(getStep(SLIM_POLICY_2026_11_1, 'credit_check').params).toEqual({ maxOverdueDays: 30 });
    expect(getStep(SLIM_POLICY_2026_11_1, 'pricing_review').params).toEqual({ maxDiscountPercent: 10 });
    expect(getStep(SLIM_POLICY_2026_11_1, 'sales_manager_approval').params).toEqual({ maxAmount: 1_000_000, maxDiscountPercent: 10 });
    expect(getStep(SLIM_POLICY_2026_11_1, 'finance_review').params).toEqual({ maxPaymentTermsDays: 60, maxAmount: 2_000_000 });
    expect(getStep(SLIM_POLICY_2026_11_1, 'delivery_review').params).toEqual({ timeZone: 'Asia/Shanghai' });
    expect(getStep(SLIM_POLICY_2026_11_1, 'regional_director_approval').params).toEqual({ minAmount: 2_000_000, minDiscountPercent: 20 });
    expect(getStep(SLIM_POLICY_2026_11_1, 'executive_approval').params).toEqual({ minAmount: 5_000_000, minDiscountPercent: 30 });
  });

  it('declares only known inputs, and the inputs each rule reads', () => {
    for (const step of SLIM_POLICY.steps) for (const input of step.inputs) expect(INPUT_KEYS).toContain(input);
    const inputs = (key: string) => [...getStep(SLIM_POLICY, key).inputs].sort();
    expect(inputs('credit_check')).toEqual(['amount', 'customerRecord']);
    expect(inputs('legal_review')).toEqual(['clauseDeviations']);
    expect(inputs('pricing_review')).toEqual(['derived', 'lines', 'products']);
    expect(inputs('tax_review')).toEqual(['lines', 'products']);
    expect(inputs('finance_review')).toEqual(['amount', 'paymentTermsDays']);
    expect(inputs('contract_generation')).toContain('approvals');
    expect(inputs('order_creation')).toContain('approvals');
  });
});

describe('getStep', () => {
  it('throws for a key the policy lacks', () => {
    expect(() => getStep(SLIM_POLICY, 'nope')).toThrow(`Policy ${SLIM_POLICY.version} has no step 'nope'`);
  });
});

describe('checkPolicy', () => {
  const ruleIds = Object.keys(RULES);

  it('reports duplicate, unstaged and undefined steps', () => {
    const broken: ChainPolicy = {
      ...SLIM_POLICY,
      steps: [...SLIM_POLICY.steps, { ...SLIM_POLICY.steps[0], number: 16 }, { ...SLIM_POLICY.steps[2], key: 'orphan', number: 17 }],
      stages: [...SLIM_POLICY.stages, { tracks: [['ghost'], ['credit_check']] }],
    };
    expect(checkPolicy(broken, ruleIds, AUTOMATIC_RULE_IDS)).toEqual([
      "Step 'intake_check' is defined 2 times",
      "Step 'credit_check' appears 2 times in the stages",
      "Stage refers to undefined step 'ghost'",
      "Step 'orphan' is in no stage",
    ]);
  });

  it('reports wrong numbering, unknown rules and human steps without assignee', () => {
    const steps = SLIM_POLICY.steps.map((s) =>
      s.key === 'credit_check' ? { ...s, number: 9 } : s.key === 'legal_review' ? { ...s, assignee: undefined } : s.key === 'tax_review' ? { ...s, ruleId: 'tax.nope' } : s,
    );
    expect(checkPolicy({ ...SLIM_POLICY, steps }, ruleIds, AUTOMATIC_RULE_IDS)).toEqual([
      "Step 'credit_check' has number 9, expected 3",
      "Step 'legal_review' can need a person but has no assignee",
      "Step 'tax_review' names unknown rule 'tax.nope'",
    ]);
  });
});

describe('slim-2026.12.2: legal review countersigned on more than one material deviation', () => {
  it('lists lee and lena, the demo organisation legal counsels, and only on legal review', () => {
    expect(getStep(SLIM_POLICY, 'legal_review').approvers).toEqual({ mode: 'all', from: { users: [LEGAL_COUNSEL_LEE, LEGAL_COUNSEL_LENA] }, when: { materialDeviationsMoreThan: 1 } });
    expect([LEGAL_COUNSEL_LEE, LEGAL_COUNSEL_LENA]).toEqual([userId('lee'), userId('lena')]);
    expect(SLIM_POLICY.steps.filter((s) => s.approvers).map((s) => s.key)).toEqual(['legal_review']);
    // Older versions (in running contracts' workflow input) have no approvers: one counsel, as before.
    expect(SLIM_POLICY_2026_12_1.steps.some((s) => 'approvers' in s)).toBe(false);
  });
});
