import { usccProblem } from '../../domain/customer/uscc';
import { DEMO_CUSTOMERS } from './demo-organisation';

describe('demo customers', () => {
  it('carry valid USCCs where the country requires one (CN), so the demo and the test factories pass intake', () => {
    const cn = DEMO_CUSTOMERS.filter((c) => c.country === 'CN');
    expect(cn.length).toBeGreaterThan(0);
    for (const c of cn) expect([c.registrationNumber, usccProblem(c.registrationNumber)]).toEqual([c.registrationNumber, null]);
  });
});
