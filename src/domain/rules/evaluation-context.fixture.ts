// Test data for rule and fingerprint specs: a routine contract that every rule approves (or
// skips), and a builder that applies overrides and re-derives the figures like the workflow.
import { getStep } from '../chain/policy';
import type { StepDefinition } from '../chain/policy.types';
import { SLIM_POLICY } from '../chain/slim.policy';
import { DEMO_PRODUCTS, productsBySku } from '../contract/catalogue.data';
import type { ContractSubmission, CustomerRecord, DerivedFigures } from '../contract/contract.types';
import { deriveFigures } from '../contract/derive';
import { DEMO_CLAUSE_LIBRARY, STANDARD_CLAUSES, standardClause } from './clause-library.data';
import type { EvaluationContext } from './rule.types';

export { STANDARD_CLAUSES, standardClause };

/** 10 licences at 9,500 and one support year at 47,500: 142,500 CNY, 5% discount. */
export function goodContract(overrides: Partial<ContractSubmission> = {}): ContractSubmission {
  return {
    title: 'Greenlight rollout for Acme Shanghai',
    customer: { name: 'Acme Shanghai Ltd', registrationNumber: '91310000MA1FL0001X', country: 'CN' },
    currency: 'CNY',
    amount: 142_500,
    paymentTermsDays: 30,
    requestedDeliveryDate: '2026-12-31',
    personalData: false,
    lines: [
      { sku: 'GL-LIC-STD', quantity: 10, unitPrice: 9_500, taxRatePercent: 6 },
      { sku: 'GL-SUP-PRM', quantity: 1, unitPrice: 47_500, taxRatePercent: 6 },
    ],
    clauses: [...STANDARD_CLAUSES],
    ...overrides,
  };
}

export function goodCustomer(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    id: 'cus-1',
    name: 'Acme Shanghai Ltd',
    registrationNumber: '91310000MA1FL0001X',
    country: 'CN',
    creditLimit: 3_000_000,
    outstandingBalance: 200_000,
    maxOverdueDays: 0,
    deniedParty: false,
    created: false,
    ...overrides,
  };
}

/** Thursday 2026-11-19 10:00 in Shanghai. */
export const SUBMITTED_AT = '2026-11-19T02:00:00.000Z';

export interface ContextOverrides extends Partial<Omit<EvaluationContext, 'contract' | 'derived'>> {
  contract?: Partial<ContractSubmission>;
  derived?: Partial<DerivedFigures>;
}

export function buildContext(overrides: ContextOverrides = {}): EvaluationContext {
  const { contract: contractOverrides, derived: derivedOverrides, ...rest } = overrides;
  const contract = goodContract(contractOverrides);
  const products = rest.products ?? productsBySku(DEMO_PRODUCTS);
  return {
    policy: SLIM_POLICY,
    revision: 1,
    submittedAt: SUBMITTED_AT,
    submitterId: 'user-rep-1',
    products,
    clauseLibrary: DEMO_CLAUSE_LIBRARY,
    customer: goodCustomer(),
    clauseDeviations: [],
    ...rest,
    contract,
    derived: { ...deriveFigures(contract, products), ...derivedOverrides },
  };
}

export function slimStep(key: string, params: StepDefinition['params'] = {}): StepDefinition {
  const step = getStep(SLIM_POLICY, key);
  return { ...step, params: { ...step.params, ...params } };
}
