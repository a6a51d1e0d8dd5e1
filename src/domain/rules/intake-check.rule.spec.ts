import type { ContractSubmission } from '../contract/contract.types';
import { buildContext, slimStep } from './evaluation-context.fixture';
import { intakeCheckRule } from './intake-check.rule';

const step = slimStep('intake_check');

function check(contract: Partial<ContractSubmission>, submittedAt?: string) {
  return intakeCheckRule(step, buildContext({ contract, ...(submittedAt ? { submittedAt } : {}) }));
}

describe('intake_check.complete_and_consistent', () => {
  it('approves a complete, consistent submission', () => {
    const result = check({});
    expect(result.outcome).toBe('approve');
    expect(result.ruleId).toBe('intake_check.complete_and_consistent');
    expect(result.reason).toBe('Submission complete and consistent: 2 lines totalling 142,500.00 CNY');
    expect(result.problems).toBeUndefined();
  });

  describe('stated amount against the lines', () => {
    it('approves a difference of exactly the tolerance (0.01)', () => {
      expect(check({ amount: 142_500.01 }).outcome).toBe('approve');
      expect(check({ amount: 142_499.99 }).outcome).toBe('approve');
    });

    it('returns to the rep just beyond the tolerance', () => {
      const result = check({ amount: 142_500.02 });
      expect(result.outcome).toBe('return_to_rep');
      expect(result.problems).toEqual([
        "Stated amount 142,500.02 does not equal the lines' total 142,500.00 (tolerance 0.01)",
      ]);
    });

    it('reads the tolerance from the step params', () => {
      const lenient = slimStep('intake_check', { amountTolerance: 1 });
      expect(intakeCheckRule(lenient, buildContext({ contract: { amount: 142_501 } })).outcome).toBe('approve');
    });
  });

  describe('currency', () => {
    it.each(['CNY', 'USD', 'EUR', 'HKD', 'SGD'])('accepts %s', (currency) => {
      expect(check({ currency }).outcome).toBe('approve');
    });

    it('returns a currency outside the allowed list', () => {
      expect(check({ currency: 'GBP' }).problems).toEqual(['Currency GBP is not one of CNY, USD, EUR, HKD, SGD']);
    });

    it('reads the allowed list from the step params', () => {
      const gbp = slimStep('intake_check', { allowedCurrencies: ['GBP'] });
      expect(intakeCheckRule(gbp, buildContext({ contract: { currency: 'GBP' } })).outcome).toBe('approve');
    });
  });

  describe('requested delivery date', () => {
    it('approves delivery on the submission date itself', () => {
      expect(check({ requestedDeliveryDate: '2026-11-19' }).outcome).toBe('approve');
    });

    it('returns a date before the submission date', () => {
      expect(check({ requestedDeliveryDate: '2026-11-18' }).problems).toEqual([
        'Requested delivery date 2026-11-18 is before the submission date 2026-11-19',
      ]);
    });

    it("takes the submission date in the organisation's time zone", () => {
      // 16:30 UTC on the 18th is 00:30 on the 19th in Shanghai.
      const result = check({ requestedDeliveryDate: '2026-11-18' }, '2026-11-18T16:30:00.000Z');
      expect(result.outcome).toBe('return_to_rep');
      expect(result.inputs.submissionDate).toBe('2026-11-19');
    });

    it.each(['2026-02-30', '2026/12/31', '31-12-2026', '2026-13-01'])('returns the invalid date %s', (date) => {
      expect(check({ requestedDeliveryDate: date }).problems).toEqual([
        `Requested delivery date '${date}' is not a valid YYYY-MM-DD date`,
      ]);
    });
  });

  describe('lines', () => {
    it('returns an unknown SKU', () => {
      const result = check({
        amount: 142_500 + 100,
        lines: [...buildContext().contract.lines, { sku: 'GL-NOPE', quantity: 1, unitPrice: 100, taxRatePercent: 6 }],
      });
      expect(result.outcome).toBe('return_to_rep');
      expect(result.problems).toEqual(['Line 3 (GL-NOPE): SKU is not in the catalogue']);
      expect(result.inputs.unknownSkus).toEqual(['GL-NOPE']);
    });

    it('requires at least one line', () => {
      expect(check({ lines: [], amount: 0 }).problems).toEqual(['At least one line is required']);
    });

    it('accepts a unit price of 0 and tax rates of 0 and 100', () => {
      const lines = [
        { sku: 'GL-LIC-STD', quantity: 1, unitPrice: 0, taxRatePercent: 0 },
        { sku: 'GL-SVC-IMP', quantity: 1, unitPrice: 8_000, taxRatePercent: 100 },
      ];
      expect(check({ lines, amount: 8_000 }).outcome).toBe('approve');
    });

    it.each([
      [{ quantity: 0 }, 'Line 1 (GL-LIC-STD): quantity must be greater than 0'],
      [{ quantity: -1 }, 'Line 1 (GL-LIC-STD): quantity must be greater than 0'],
      [{ unitPrice: -0.01 }, 'Line 1 (GL-LIC-STD): unit price must be 0 or more'],
      [{ taxRatePercent: -0.1 }, 'Line 1 (GL-LIC-STD): tax rate must be between 0 and 100 percent'],
      [{ taxRatePercent: 100.1 }, 'Line 1 (GL-LIC-STD): tax rate must be between 0 and 100 percent'],
    ])('returns a line with %p', (change, problem) => {
      const line = { sku: 'GL-LIC-STD', quantity: 1, unitPrice: 9_500, taxRatePercent: 6, ...change };
      const amount = line.quantity * line.unitPrice;
      const result = check({ lines: [line], amount });
      expect(result.outcome).toBe('return_to_rep');
      expect(result.problems).toContain(problem);
    });
  });

  describe('required fields', () => {
    it.each<[string, Partial<ContractSubmission>, string]>([
      ['title', { title: '  ' }, 'Title is missing'],
      ['customer name', { customer: { name: '', registrationNumber: 'R1', country: 'CN' } }, 'Customer name is missing'],
      ['registration number', { customer: { name: 'Acme', registrationNumber: '', country: 'CN' } }, 'Customer registration number is missing'],
      ['country code', { customer: { name: 'Acme', registrationNumber: 'R1', country: 'China' } }, 'Customer country "China" is not a two-letter ISO country code'],
      ['currency', { currency: '' }, 'Currency is missing'],
      ['payment terms', { paymentTermsDays: -1 }, 'Payment terms -1 must be a whole number of days, 0 or more'],
      ['delivery date', { requestedDeliveryDate: '' }, 'Requested delivery date is missing'],
    ])('returns a missing or malformed %s', (_label, contract, problem) => {
      const result = check(contract);
      expect(result.outcome).toBe('return_to_rep');
      expect(result.problems).toEqual([problem]);
    });

    it('survives a body with fields of the wrong type', () => {
      const malformed = { amount: 'lots', personalData: 'no', customer: null, clauses: null } as unknown as Partial<ContractSubmission>;
      const result = check(malformed);
      expect(result.outcome).toBe('return_to_rep');
      expect(result.problems).toEqual([
        'Customer is missing',
        'Amount is missing or not a number',
        'Whether the contract involves personal data is not stated',
        'Clauses are missing',
      ]);
    });

    it('returns a clause key used twice', () => {
      const clauses = buildContext().contract.clauses;
      expect(check({ clauses: [...clauses, clauses[0]] }).problems).toEqual([`Clause '${clauses[0].key}' appears more than once`]);
    });
  });

  it('lists every problem, one line each, and counts them in the reason', () => {
    const result = check({ title: '', currency: 'GBP', amount: 1 });
    expect(result.outcome).toBe('return_to_rep');
    expect(result.problems).toHaveLength(3);
    expect(result.reason).toMatch(/^3 problems to fix: Title is missing; Currency GBP/);
  });

  it('fails loudly when the policy forgets a threshold', () => {
    const { amountTolerance: _omitted, ...params } = slimStep('intake_check').params;
    expect(() => intakeCheckRule({ ...step, params }, buildContext())).toThrow("Step intake_check: param 'amountTolerance' must be a number");
  });
});
