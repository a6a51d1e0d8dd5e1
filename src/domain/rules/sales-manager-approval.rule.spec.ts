import { getStep } from '../chain/policy';
import { SLIM_POLICY_2026_11_1 } from '../chain/slim.policy';
import { DEMO_CLAUSE_LIBRARY } from './clause-library.data';
import { validateClauses } from './clause-validation.rule';
import type { ClauseDeviation } from '../contract/contract.types';
import { buildContext, slimStep, STANDARD_CLAUSES, standardClause } from './evaluation-context.fixture';
import { salesManagerApprovalRule } from './sales-manager-approval.rule';

const step = slimStep('sales_manager_approval');
const deviation: ClauseDeviation = { clauseKey: 'payment', kind: 'text_changed', detail: 'Payment clause differs from the standard text' };

describe('sales_manager_approval.within_authority', () => {
  it('approves a small, modestly discounted deal on standard clauses', () => {
    const result = salesManagerApprovalRule(step, buildContext());
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('Amount 142,500.00 below 1,000,000.00, discount 5.00% within 10.00%, standard clauses');
  });

  it('approves 999,999.99', () => {
    expect(salesManagerApprovalRule(step, buildContext({ contract: { amount: 999_999.99 } })).outcome).toBe('approve');
  });

  it('routes 1,000,000.00 to the manager', () => {
    const result = salesManagerApprovalRule(step, buildContext({ contract: { amount: 1_000_000 } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Amount 1,000,000.00 is at or above 1,000,000.00']);
  });

  it('approves a discount of exactly 10% and routes 10.01%', () => {
    expect(salesManagerApprovalRule(step, buildContext({ derived: { discountPercent: 10 } })).outcome).toBe('approve');
    const result = salesManagerApprovalRule(step, buildContext({ derived: { discountPercent: 10.01 } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Discount 10.01% exceeds 10.00%']);
  });

  it('routes a contract with a clause deviation to the manager', () => {
    const result = salesManagerApprovalRule(step, buildContext({ clauseDeviations: [deviation] }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['1 clause deviation from the standard library']);
  });

  it('asks the manager when clause validation has not run', () => {
    expect(salesManagerApprovalRule(step, buildContext({ clauseDeviations: undefined })).outcome).toBe('human');
  });

  it('reads its limits from the step params', () => {
    const bigger = slimStep('sales_manager_approval', { maxAmount: 2_000_000 });
    expect(salesManagerApprovalRule(bigger, buildContext({ contract: { amount: 1_500_000 } })).outcome).toBe('approve');
  });

  it('counts only material deviations under clause comparison by meaning (slim-2026.12.1), every one under slim-2026.11.1', () => {
    const liability = standardClause('liability').text;
    const clauses = [...STANDARD_CLAUSES.filter((c) => c.key !== 'liability'), { key: 'liability', text: liability.replace('this Agreement', 'this contract') }];
    const recorded = validateClauses(clauses, DEMO_CLAUSE_LIBRARY);
    expect(recorded.map((d) => d.kind)).toEqual(['text_changed']);
    expect(salesManagerApprovalRule(step, buildContext({ clauseDeviations: recorded })).outcome).toBe('approve');
    const old = getStep(SLIM_POLICY_2026_11_1, 'sales_manager_approval');
    expect(salesManagerApprovalRule(old, buildContext({ clauseDeviations: recorded })).problems).toEqual(['1 clause deviation from the standard library']);
    const material = validateClauses([...clauses.filter((c) => c.key !== 'liability'), { key: 'liability', text: liability.replace('twelve', 'twenty-four') }], DEMO_CLAUSE_LIBRARY);
    expect(salesManagerApprovalRule(step, buildContext({ clauseDeviations: material })).problems).toEqual(['1 clause deviation from the standard library']);
  });
});
