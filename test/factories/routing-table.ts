// The engine's routing table: one contract per reason a step of the slim chain goes to a person,
// with who decides it. Shared by the workflow's routing test (test/workflows/approval-chain) and
// the routing preview's agreement test (test/preview).
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import { aContract, CUSTOMERS, dateAfter, licences, STANDARD_CLAUSES } from './contract.factory';
import { aNewUscc } from './uscc.factory';

export interface RoutingCase {
  row: string;
  why: string;
  submission: () => ContractSubmission;
  /** Steps a person decides, by key: the username, or the usernames any of whom may get it. */
  humans: Record<string, string | string[]>;
}

const customer = (c: (typeof CUSTOMERS)[keyof typeof CUSTOMERS]) => ({ name: c.name, registrationNumber: c.registrationNumber, country: c.country });
export const changedLiability = { key: 'liability', text: 'Each party accepts unlimited liability for any damages arising under this Agreement.' };
export const withClause = (clause: { key: string; text: string }) => [...STANDARD_CLAUSES.filter((c) => c.key !== clause.key), clause];

export const ROUTING: RoutingCase[] = [
  { row: 'credit_check', why: 'invoices are overdue more than 30 days', submission: () => aContract({ customer: customer(CUSTOMERS.overdue) }), humans: { credit_check: 'carl' } },
  { row: 'credit_check', why: 'a new customer has no credit limit yet', submission: () => aContract({ customer: { name: 'Newco Robotics', registrationNumber: aNewUscc(), country: 'CN' } }), humans: { credit_check: 'carl' } },
  { row: 'compliance_screening', why: 'the customer is a denied party', submission: () => aContract({ customer: customer(CUSTOMERS.denied) }), humans: { compliance_screening: 'cora' } },
  { row: 'compliance_screening', why: 'personal data without a data_protection clause', submission: () => aContract({ personalData: true }), humans: { compliance_screening: 'cora' } },
  { row: 'pricing_review', why: 'a line is below its floor price', submission: () => aContract({ amount: 244_000, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 10_000, taxRatePercent: 6 }, { sku: 'GL-SUP-PRM', quantity: 1, unitPrice: 44_000, taxRatePercent: 6 }] }), humans: { pricing_review: 'dana' } },
  { row: 'sales_manager_approval', why: 'the discount is over 10% (pricing first, then the manager)', submission: () => aContract(licences(20, 8_800)), humans: { pricing_review: 'dana', sales_manager_approval: 'sam' } },
  { row: 'sales_manager_approval', why: 'the amount is 1,000,000 or more', submission: () => aContract({ customer: customer(CUSTOMERS.large), ...licences(110, 9_500) }), humans: { sales_manager_approval: 'sam' } },
  { row: 'legal_review', why: 'a clause deviates from the library', submission: () => aContract({ clauses: withClause(changedLiability) }), humans: { legal_review: ['lee', 'lena'], sales_manager_approval: 'sam' } },
  { row: 'finance_review', why: 'payment terms exceed 60 days', submission: () => aContract({ paymentTermsDays: 90 }), humans: { finance_review: 'fiona' } },
  { row: 'tax_review', why: "a line's tax rate differs from the product's", submission: () => aContract({ lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 13 }] }), humans: { tax_review: 'tom' } },
  {
    row: 'delivery_review',
    why: 'delivery is sooner than the longest lead time',
    submission: () => aContract({ amount: 300_000, requestedDeliveryDate: dateAfter(10), lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 6 }, { sku: 'GL-HW-SRV', quantity: 1, unitPrice: 110_000, taxRatePercent: 13 }] }),
    humans: { delivery_review: 'olga' },
  },
  { row: 'regional_director_approval', why: 'the amount is 2,000,000 or more', submission: () => aContract({ customer: customer(CUSTOMERS.large), ...licences(221, 9_500) }), humans: { sales_manager_approval: 'sam', finance_review: 'fiona', regional_director_approval: 'rita' } },
  { row: 'regional_director_approval', why: 'the discount is over 20%', submission: () => aContract({ ...licences(20, 7_900) }), humans: { pricing_review: 'dana', sales_manager_approval: 'sam', regional_director_approval: 'rita' } },
  {
    row: 'executive_approval',
    why: 'the amount is 5,000,000 or more',
    submission: () => aContract({ customer: customer(CUSTOMERS.large), ...licences(579, 9_500) }),
    humans: { sales_manager_approval: 'sam', finance_review: 'fiona', regional_director_approval: 'rita', executive_approval: ['ed', 'frank'] },
  },
];
