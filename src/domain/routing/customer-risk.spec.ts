import { seesCustomerRisk, withholdsCustomerRisk } from './customer-risk';

describe('customer risk data', () => {
  it('is seen by ops, credit, compliance and finance, not by reps or other approvers', () => {
    for (const role of ['ops', 'credit_controller', 'compliance_officer', 'finance_controller']) expect(seesCustomerRisk([role])).toBe(true);
    for (const role of ['rep', 'sales_manager', 'legal_counsel', 'tax_specialist']) expect(seesCustomerRisk([role])).toBe(false);
  });

  it('is withheld only on the steps that read it', () => {
    expect(withholdsCustomerRisk(['rep'], 'credit_check')).toBe(true);
    expect(withholdsCustomerRisk(['rep'], 'legal_review')).toBe(false);
    expect(withholdsCustomerRisk(['rep'], null)).toBe(false);
    expect(withholdsCustomerRisk(['rep', 'finance_controller'], 'customer_capture')).toBe(false);
  });
});
