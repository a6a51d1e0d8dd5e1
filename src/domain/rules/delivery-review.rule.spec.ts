import { deliveryReviewRule } from './delivery-review.rule';
import { buildContext, slimStep } from './evaluation-context.fixture';

const step = slimStep('delivery_review');
// A server appliance has 21 days lead time; submitted Thursday 2026-11-19 10:00 Shanghai.
const serverLines = [{ sku: 'GL-HW-SRV', quantity: 1, unitPrice: 120_000, taxRatePercent: 13 }];

function check(requestedDeliveryDate: string, submittedAt?: string) {
  const ctx = buildContext({ contract: { lines: serverLines, amount: 120_000, requestedDeliveryDate }, ...(submittedAt ? { submittedAt } : {}) });
  return deliveryReviewRule(step, ctx);
}

describe('delivery_review.lead_time_feasible', () => {
  it('approves delivery exactly on submission date + lead time', () => {
    const result = check('2026-12-10');
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('Requested delivery 2026-12-10 is on or after 2026-12-10 (submitted 2026-11-19 + 21 days lead time)');
  });

  it('routes delivery one day earlier to the operations planner', () => {
    const result = check('2026-12-09');
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual([
      'Requested delivery 2026-12-09 is before the earliest feasible date 2026-12-10 (submitted 2026-11-19 + 21 days lead time)',
    ]);
  });

  it("counts from the submission date in the organisation's time zone, not UTC", () => {
    // 16:30 UTC on the 18th is already the 19th in Shanghai, so the 9th of December is too early.
    const result = check('2026-12-09', '2026-11-18T16:30:00.000Z');
    expect(result.outcome).toBe('human');
    expect(result.inputs.submissionDate).toBe('2026-11-19');
  });

  it('reads the time zone from the step params', () => {
    const utc = slimStep('delivery_review', { timeZone: 'UTC' });
    const ctx = buildContext({
      contract: { lines: serverLines, amount: 120_000, requestedDeliveryDate: '2026-12-09' },
      submittedAt: '2026-11-18T16:30:00.000Z',
    });
    expect(deliveryReviewRule(utc, ctx).outcome).toBe('approve');
  });

  it('approves same-day delivery for products without lead time', () => {
    expect(deliveryReviewRule(step, buildContext({ contract: { requestedDeliveryDate: '2026-11-19' } })).outcome).toBe('approve');
  });

  it('routes an invalid date to a person', () => {
    expect(check('2026-02-30').outcome).toBe('human');
  });
});
