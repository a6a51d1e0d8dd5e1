import { creditCheckRule } from './credit-check.rule';
import { buildContext, goodCustomer, slimStep } from './evaluation-context.fixture';

const step = slimStep('credit_check');
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
