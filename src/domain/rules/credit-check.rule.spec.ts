import { creditCheckRule } from './credit-check.rule';
import { buildContext, goodCustomer, slimStep } from './evaluation-context.fixture';

// The 2026.11.1 params (no duplicate check): the inputs below are exactly what older contracts record.
const step = { ...slimStep('credit_check'), params: { maxOverdueDays: 30 } };
// Available credit 800,000.00: limit 3,000,000 − outstanding 2,200,000.
const tightCustomer = goodCustomer({ creditLimit: 3_000_000, outstandingBalance: 2_200_000 });

function check(amount: number, customer = tightCustomer) {
  return creditCheckRule(step, buildContext({ contract: { amount }, customer }));
}

describe('credit_check.within_limit', () => {
  it('approves an amount within the available credit', () => {
    const result = check(142_500);
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe(
      'Amount 142,500.00 within available credit 800,000.00 (limit 3,000,000.00 − outstanding 2,200,000.00); oldest overdue invoice 0 days (max 30)',
    );
    expect(result.inputs).toEqual({
      amount: 142_500,
      creditLimit: 3_000_000,
      outstandingBalance: 2_200_000,
      availableCredit: 800_000,
      maxOverdueDays: 0,
      maxOverdueDaysAllowed: 30,
    });
  });

  it('approves an amount exactly equal to the available credit', () => {
    expect(check(800_000).outcome).toBe('approve');
  });

  it('routes to the credit controller one cent beyond the available credit', () => {
    const result = check(800_000.01);
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual([
      'Amount 800,000.01 exceeds available credit 800,000.00 (limit 3,000,000.00 − outstanding 2,200,000.00)',
    ]);
  });

  it('explains a large excess in one line', () => {
    expect(check(1_200_000).reason).toBe(
      'Amount 1,200,000.00 exceeds available credit 800,000.00 (limit 3,000,000.00 − outstanding 2,200,000.00)',
    );
  });

  it('approves an oldest overdue invoice of exactly the limit (30 days)', () => {
    expect(check(1_000, goodCustomer({ maxOverdueDays: 30 })).outcome).toBe('approve');
  });

  it('routes to the credit controller at 31 days overdue', () => {
    const result = check(1_000, goodCustomer({ maxOverdueDays: 31 }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Oldest unpaid invoice is 31 days overdue (max 30)']);
  });

  it('reads the overdue limit from the step params', () => {
    const lenient = slimStep('credit_check', { maxOverdueDays: 45 });
    expect(creditCheckRule(lenient, buildContext({ customer: goodCustomer({ maxOverdueDays: 45 }) })).outcome).toBe('approve');
  });

  it('routes a newly created customer (credit limit 0) to the credit controller', () => {
    const result = check(142_500, goodCustomer({ creditLimit: 0, outstandingBalance: 0, created: true }));
    expect(result.outcome).toBe('human');
    expect(result.reason).toBe('Amount 142,500.00 exceeds available credit 0.00 (limit 0.00 − outstanding 0.00)');
  });

  it('reports both problems when both conditions fail', () => {
    expect(check(900_000, goodCustomer({ ...tightCustomer, maxOverdueDays: 90 })).problems).toHaveLength(2);
  });

  it('asks a person when no customer record exists yet', () => {
    const result = creditCheckRule(step, buildContext({ customer: undefined }));
    expect(result.outcome).toBe('human');
    expect(result.reason).toBe('No customer record: customer capture has not run');
  });
});

describe('credit_check probable duplicates (slim-2026.12.1: duplicateNameThreshold)', () => {
  const newStep = slimStep('credit_check', { duplicateNameThreshold: 0.88 });
  const duplicate = {
    customerId: 'cus-0',
    name: 'Shanghai Harbour Logistics Co., Ltd.',
    registrationNumber: '91310000MA1FL0007C',
    matchedName: 'Shanghai Harbour Logistics Co., Ltd.',
    customerName: 'Shanghai Harbor Logistic Co',
    score: 0.918,
  };
  const newCustomer = (score: number) =>
    goodCustomer({ name: 'Shanghai Harbor Logistic Co', registrationNumber: '91310000MA1FL00157', created: true, creditLimit: 5_000_000, outstandingBalance: 0, probableDuplicate: { ...duplicate, score } });

  it('sends a new registration number whose name resembles an existing customer to the credit controller, naming both and the score', () => {
    const result = creditCheckRule(newStep, buildContext({ customer: newCustomer(0.918) }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual([
      'Probable duplicate customer: registration number 91310000MA1FL00157 is new, but "Shanghai Harbor Logistic Co" resembles existing customer "Shanghai Harbour Logistics Co., Ltd." (91310000MA1FL0007C; matched "Shanghai Harbour Logistics Co., Ltd.", name score 0.918 ≥ 0.88): confirm it is another company, or use the existing record',
    ]);
    expect(result.inputs).toMatchObject({ duplicateNameThreshold: 0.88, probableDuplicate: { ...duplicate, score: 0.918 } });
  });

  it('lets a resemblance under the threshold through, recording it', () => {
    const result = creditCheckRule(newStep, buildContext({ customer: newCustomer(0.8) }));
    expect(result.outcome).toBe('approve');
    expect(result.inputs).toMatchObject({ duplicateNameThreshold: 0.88, probableDuplicate: { score: 0.8 } });
  });

  it('records that no duplicate was found', () => {
    expect(creditCheckRule(newStep, buildContext()).inputs).toMatchObject({ duplicateNameThreshold: 0.88, probableDuplicate: null });
  });

  it('under the older policy ignores the flag and records the same inputs as before', () => {
    const result = creditCheckRule(step, buildContext({ customer: newCustomer(1) }));
    expect(result.outcome).toBe('approve');
    expect(Object.keys(result.inputs)).not.toContain('probableDuplicate');
  });
});
