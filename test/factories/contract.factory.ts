// Test submissions: a routine contract every rule approves, with overrides for each path.
// Customers are the seeded demo ones (see src/database/seed/demo-organisation.ts).
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import { STANDARD_CLAUSES, standardClause } from '../../src/domain/rules/clause-library.data';
import { DEMO_CUSTOMERS } from '../../src/database/seed/demo-organisation';

export const CUSTOMERS = {
  good: DEMO_CUSTOMERS[0], // credit limit 3,000,000, outstanding 200,000
  large: DEMO_CUSTOMERS[1], // credit limit 10,000,000
  foreign: DEMO_CUSTOMERS[2],
  overdue: DEMO_CUSTOMERS[3], // invoices 45 days overdue
  denied: DEMO_CUSTOMERS[4], // on the denied-party list
};

export { STANDARD_CLAUSES, standardClause };

/** YYYY-MM-DD `days` after `from` (UTC date). */
export function dateAfter(days: number, from = new Date()): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** 20 licences at 9,500 (list 10,000): 190,000 CNY, 5% discount, standard clauses, good customer. */
export function aContract(overrides: Partial<ContractSubmission> = {}, now = new Date()): ContractSubmission {
  const c = CUSTOMERS.good;
  return {
    title: 'Harbour licences',
    customer: { name: c.name, registrationNumber: c.registrationNumber, country: c.country },
    currency: 'CNY',
    amount: 190_000,
    paymentTermsDays: 30,
    requestedDeliveryDate: dateAfter(60, now),
    personalData: false,
    lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 6 }],
    clauses: [...STANDARD_CLAUSES],
    ...overrides,
  };
}

/** A contract of `amount` made of licences at list price minus `discountPercent`. */
export function licences(quantity: number, unitPrice: number): Pick<ContractSubmission, 'amount' | 'lines'> {
  return { amount: Math.round(quantity * unitPrice * 100) / 100, lines: [{ sku: 'GL-LIC-STD', quantity, unitPrice, taxRatePercent: 6 }] };
}

/** How each step of aContract() ends: every rule approves, the large-deal steps are skipped, the bots run. */
export const AUTOMATIC_STEP_STATUSES: Record<string, string> = {
  intake_check: 'auto_approved',
  customer_capture: 'auto_approved',
  credit_check: 'auto_approved',
  compliance_screening: 'auto_approved',
  clause_validation: 'auto_approved',
  pricing_review: 'auto_approved',
  sales_manager_approval: 'auto_approved',
  legal_review: 'auto_approved',
  finance_review: 'auto_approved',
  tax_review: 'auto_approved',
  delivery_review: 'auto_approved',
  regional_director_approval: 'skipped',
  executive_approval: 'skipped',
  contract_generation: 'auto_approved',
  order_creation: 'auto_approved',
};
