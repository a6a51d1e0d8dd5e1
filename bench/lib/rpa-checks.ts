// The checks bench:rpa runs on each document intake read, twice: with what Greenlight does now
// (policy slim-2026.12.1: clauses compared by meaning, the USCC check, capture's name matching
// against the registry and name screening against the denied-party list) and with the baseline,
// the same drafts under the old exact rules (policy slim-2026.11.1: exact clause text, registry
// lookup by registration number only, screening by registry flag and equal name keys, no code
// check). Both go through the chain's own rules, walked by the routing preview
// (src/preview/routing-preview.ts), so the bench measures what the workflow would decide; the
// registry and the denied-party list are the real adapters on a scratch PostgreSQL.
import type { ChainPolicy } from '../../src/domain/chain/policy.types';
import { SLIM_POLICY, SLIM_POLICY_2026_11_1 } from '../../src/domain/chain/slim.policy';
import type { ClauseLibrary, ContractSubmission, CustomerRecord, Product } from '../../src/domain/contract/contract.types';
import { NAME_MATCH_REPORT_FLOOR } from '../../src/domain/customer/name-match';
import { usccProblem } from '../../src/domain/customer/uscc';
import { previewRouting, type PreviewStep } from '../../src/preview/routing-preview';
import type { ReferenceRepository } from '../../src/reference/reference.repository';
import { captureCustomer } from '../../src/rpa/customer-registry/capture-customer';
import type { CustomerRegistry, NewCustomerRecord, RegisteredCustomer } from '../../src/rpa/customer-registry/customer-registry.port';
import type { IntakeResult } from '../../src/rpa/intake/read-contract-document';
import type { DefectKind } from '../../tools/documents/corpus';

/** What a check raised about one contract; each defect kind is caught by one of them. */
export const SIGNALS = ['totals', 'clauses', 'tax', 'registration_code', 'duplicate_customer', 'denied_party'] as const;
export type Signal = (typeof SIGNALS)[number];

export const SIGNAL_OF: Record<DefectKind, Signal> = {
  wrong_total: 'totals',
  missing_mandatory_clause: 'clauses',
  material_clause_change: 'clauses',
  forbidden_term: 'clauses',
  wrong_tax_rate: 'tax',
  invalid_registration_code: 'registration_code',
  duplicate_customer: 'duplicate_customer',
  denied_party_alias: 'denied_party',
};

export interface CheckResult {
  signals: Set<Signal>;
  /** One line per raised signal, for a reader of the misses and false positives. */
  why: string[];
}

/**
 * The registry as capture sees it, without writing: a new customer is described as the database
 * adapter would create it, so one document's new customer never becomes another's duplicate.
 */
class ReadOnlyRegistry implements CustomerRegistry {
  constructor(private readonly inner: CustomerRegistry) {}
  findByRegistrationNumber(code: string) {
    return this.inner.findByRegistrationNumber(code);
  }
  findByName(names: readonly string[], minScore: number) {
    return this.inner.findByName(names, minScore);
  }
  async create(r: NewCustomerRecord): Promise<RegisteredCustomer> {
    return {
      id: r.id,
      registrationNumber: r.customer.registrationNumber,
      name: r.customer.name,
      aliases: [],
      country: r.customer.country,
      creditLimit: 0,
      outstandingBalance: 0,
      maxOverdueDays: 0,
      deniedParty: false,
      createdByContractId: r.createdByContractId,
    };
  }
}

/** The extracted draft as a submission: what a rep who accepted it unchanged would send. */
export function submissionOf(read: IntakeResult): ContractSubmission {
  const d = read.draft;
  return {
    title: d.title ?? '',
    customer: { name: d.customer.name ?? '', registrationNumber: d.customer.registrationNumber ?? '', country: d.customer.country ?? 'CN' },
    currency: d.currency ?? 'CNY',
    amount: d.amount ?? 0,
    paymentTermsDays: d.paymentTermsDays ?? 30,
    requestedDeliveryDate: d.requestedDeliveryDate ?? '',
    personalData: d.personalData,
    lines: d.lines,
    clauses: d.clauses,
  };
}

export interface CheckDeps {
  registry: CustomerRegistry;
  reference: ReferenceRepository;
  products: Record<string, Product>;
  clauseLibrary: ClauseLibrary;
  submittedAt: string;
  submitterId: string;
}

const raised = (s: PreviewStep | undefined): boolean => !!s && (s.mode === 'person' || s.mode === 'returned');

function signalsOfPreview(policy: ChainPolicy, deps: CheckDeps, submission: ContractSubmission, customer: CustomerRecord, out: CheckResult): void {
  const preview = previewRouting({ policy, submission, products: deps.products, clauseLibrary: deps.clauseLibrary, customer, submittedAt: deps.submittedAt, submitterId: deps.submitterId });
  const step = (key: string) => preview.steps.find((s) => s.key === key);
  const add = (signal: Signal, s: PreviewStep | undefined) => {
    out.signals.add(signal);
    out.why.push(`${signal}: ${s?.key} ${s?.mode}: ${s?.problems.join(' | ') || s?.reason}`);
  };
  if (raised(step('intake_check'))) add('totals', step('intake_check'));
  for (const key of ['clause_validation', 'legal_review']) if (raised(step(key))) add('clauses', step(key));
  if (raised(step('tax_review'))) add('tax', step('tax_review'));
  const credit = step('credit_check');
  if (credit?.problems.some((p) => /duplicate/i.test(p))) add('duplicate_customer', credit);
  if (raised(step('compliance_screening'))) add('denied_party', step('compliance_screening'));
}

/** Greenlight now: capture with name matching, name screening, the USCC check, clauses by meaning. */
export async function checkNow(deps: CheckDeps, contractId: string, read: IntakeResult): Promise<CheckResult> {
  const out: CheckResult = { signals: new Set(), why: [] };
  const submission = submissionOf(read);
  const code = submission.customer.registrationNumber;
  const codeProblem = submission.customer.country === 'CN' ? usccProblem(code) : null;
  if (codeProblem || read.warnings.some((w) => w.field === 'customer.registrationNumber' && w.rule === 'invalid')) {
    out.signals.add('registration_code');
    out.why.push(`registration_code: ${code}: ${codeProblem ?? 'intake marked it invalid'}`);
  }
  const { record, aliases } = await captureCustomer(new ReadOnlyRegistry(deps.registry), { contractId, customer: submission.customer, newCustomerId: contractId });
  const names = [...new Set([submission.customer.name, record.name, ...aliases])];
  const [deniedPartyMatches, deniedPartyNameMatches] = await Promise.all([
    deps.reference.deniedPartyMatches(names),
    deps.reference.deniedPartyNameMatches(names, NAME_MATCH_REPORT_FLOOR),
  ]);
  signalsOfPreview(SLIM_POLICY, deps, submission, { ...record, deniedPartyMatches, deniedPartyNameMatches }, out);
  return out;
}

/** The baseline: registry lookup by registration number, screening by flag and equal name keys, exact clause text; no code check. */
export async function checkBaseline(deps: CheckDeps, contractId: string, read: IntakeResult): Promise<CheckResult> {
  const out: CheckResult = { signals: new Set(), why: [] };
  const submission = submissionOf(read);
  const known = await deps.registry.findByRegistrationNumber(submission.customer.registrationNumber);
  const record: CustomerRecord = known
    ? { ...known, created: false }
    : { id: contractId, name: submission.customer.name, registrationNumber: submission.customer.registrationNumber, country: submission.customer.country, creditLimit: 0, outstandingBalance: 0, maxOverdueDays: 0, deniedParty: false, created: true };
  const deniedPartyMatches = await deps.reference.deniedPartyMatches([...new Set([submission.customer.name, record.name])]);
  signalsOfPreview(SLIM_POLICY_2026_11_1, deps, submission, { id: record.id, name: record.name, registrationNumber: record.registrationNumber, country: record.country, creditLimit: record.creditLimit, outstandingBalance: record.outstandingBalance, maxOverdueDays: record.maxOverdueDays, deniedParty: record.deniedParty, created: record.created, deniedPartyMatches }, out);
  return out;
}
