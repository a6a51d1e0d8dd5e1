// The realistic contract mix, shared by the simulator and `npm run demo:load`: mostly small
// standard deals that the slim chain approves without anyone; some discounted, large, or with a
// changed clause; a few with intake errors the rep has to fix. Pure and seeded: contract n of
// seed s is always the same contract, whichever chain runs it and in whatever order it is asked.
import type { ContractClause, ContractSubmission } from '../../src/domain/contract/contract.types';
import { DEMO_PRODUCTS } from '../../src/domain/contract/catalogue.data';
import { STANDARD_CLAUSES, standardClause } from '../../src/domain/rules/clause-library.data';
import { DEMO_CUSTOMERS } from '../../src/database/seed/demo-organisation';
import { Random } from './random';
import { buildUscc, USCC_CHARSET } from '../../src/domain/customer/uscc';

export type MixKind =
  | 'standard'
  | 'discounted'
  | 'deep_discount'
  | 'large'
  | 'very_large'
  | 'strategic'
  | 'changed_clause'
  | 'new_customer'
  | 'long_terms'
  | 'personal_data'
  | 'early_delivery'
  | 'intake_error'
  | 'denied_party';

/** Share of each kind in the mix (weights; they need not add up to 1). */
export const MIX_WEIGHTS: Readonly<Record<MixKind, number>> = {
  standard: 0.55,
  discounted: 0.12,
  deep_discount: 0.02,
  large: 0.07,
  very_large: 0.02,
  strategic: 0.005,
  changed_clause: 0.08,
  new_customer: 0.03,
  long_terms: 0.03,
  personal_data: 0.015,
  early_delivery: 0.015,
  intake_error: 0.04,
  denied_party: 0.005,
};

/** What one kind of contract is, for the printed assumptions. */
export const MIX_DESCRIPTIONS: Readonly<Record<MixKind, string>> = {
  standard: 'small standard deal (≤5% discount, standard clauses, known customer)',
  discounted: '11–14% discount (pricing review, sales manager)',
  deep_discount: '21–24% discount (pricing, sales manager, regional director)',
  large: '1.0–1.9M (sales manager)',
  very_large: '2.0–4.5M (sales manager, finance, regional director)',
  strategic: '5M or more (adds executive approval)',
  changed_clause: 'rep changed a standard clause (legal, sales manager); legal sends 1 in 4 back',
  new_customer: 'customer not in the registry yet (credit check)',
  long_terms: 'payment terms over 60 days (finance)',
  personal_data: 'personal data without a data-protection clause (compliance)',
  early_delivery: 'hardware wanted before its lead time (delivery review)',
  intake_error: 'stated amount does not match the lines (back to the rep)',
  denied_party: 'customer on the denied-party list (compliance rejects)',
};

/** How the simulated people treat a contract beyond approving it. */
export interface ReviewerBehaviour {
  /** Steps at which the reviewer of the first revision does not approve. */
  stepKeys: string[];
  decision: 'request_changes' | 'reject';
  comment: string;
}

export interface MixContract {
  index: number;
  kind: MixKind;
  /** Username of the submitting rep. */
  rep: string;
  submission: ContractSubmission;
  /** What the rep changes when the contract comes back. */
  fix?: { changes: Partial<ContractSubmission>; comment: string };
  reviewer?: ReviewerBehaviour;
}

const REPS = ['alice', 'bob'];
const [GOOD, LARGE, FOREIGN, , DENIED] = DEMO_CUSTOMERS;
const product = (sku: string) => DEMO_PRODUCTS.find((p) => p.sku === sku)!;
const LICENCE = product('GL-LIC-STD');
const SUPPORT = product('GL-SUP-PRM');
const SERVER = product('GL-HW-SRV');
const IMPLEMENTATION = product('GL-SVC-IMP');

const DATA_PROTECTION = standardClause('data_protection');

const CHANGED_CLAUSES: ContractClause[] = [
  { key: 'liability', text: 'Each party accepts unlimited liability for any damages arising under this Agreement.' },
  { key: 'payment', text: 'The Customer shall pay each invoice within the payment term; no interest is charged on overdue amounts.' },
  { key: 'termination', text: 'The Customer may terminate this Agreement at any time for convenience, with a full refund of fees paid.' },
];

const customerRef = (c: (typeof DEMO_CUSTOMERS)[number]) => ({ name: c.name, registrationNumber: c.registrationNumber, country: c.country });

/** YYYY-MM-DD, `days` after the instant, in UTC+8 (the organisation's calendar). */
function dateAfter(at: Date, days: number): string {
  return new Date(at.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

const money = (n: number) => Math.round(n * 100) / 100;

interface Line {
  sku: string;
  quantity: number;
  unitPrice: number;
  taxRatePercent: number;
}

function licences(quantity: number, discountPercent: number): Line {
  return { sku: LICENCE.sku, quantity, unitPrice: money(LICENCE.listPrice * (1 - discountPercent / 100)), taxRatePercent: LICENCE.taxRatePercent };
}

const total = (lines: Line[]) => money(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0));

/** Contract `index` of the mix for this seed, submitted at `submittedAt`. */
export function mixContract(seed: string | number, index: number, submittedAt: Date): MixContract {
  const r = new Random('mix', seed, index);
  const kind = r.weighted(MIX_WEIGHTS);
  const rep = r.pick(REPS);
  const discount = r.int(0, 5);
  const lines: Line[] = [licences(r.int(5, 40), discount)];
  if (r.chance(0.3)) lines.push({ sku: SUPPORT.sku, quantity: 1, unitPrice: SUPPORT.listPrice, taxRatePercent: SUPPORT.taxRatePercent });
  if (r.chance(0.2)) lines.push({ sku: IMPLEMENTATION.sku, quantity: r.int(2, 10), unitPrice: IMPLEMENTATION.listPrice, taxRatePercent: IMPLEMENTATION.taxRatePercent });
  let customer = customerRef(r.chance(0.85) ? GOOD : FOREIGN);
  let clauses = [...STANDARD_CLAUSES];
  let paymentTermsDays = r.pick([30, 30, 30, 45, 60]);
  let personalData = false;
  let requestedDeliveryDate = dateAfter(submittedAt, r.int(30, 90));
  let statedAmount: number | undefined;
  let fix: MixContract['fix'];
  let reviewer: ReviewerBehaviour | undefined;

  switch (kind) {
    case 'standard':
      // Some standard deals involve personal data, under the standard data-protection clause.
      if (r.chance(0.1)) {
        personalData = true;
        clauses.push(DATA_PROTECTION);
      }
      break;
    case 'discounted':
      lines[0] = licences(lines[0].quantity, r.int(11, 14));
      break;
    case 'deep_discount':
      lines[0] = licences(lines[0].quantity, r.int(21, 24));
      break;
    case 'large':
      customer = customerRef(LARGE);
      lines[0] = licences(r.int(110, 195), discount);
      break;
    case 'very_large':
      customer = customerRef(LARGE);
      lines[0] = licences(r.int(215, 450), discount);
      break;
    case 'strategic':
      customer = customerRef(LARGE);
      lines[0] = licences(r.int(530, 800), discount);
      break;
    case 'changed_clause': {
      const changed = r.pick(CHANGED_CLAUSES);
      clauses = clauses.map((c) => (c.key === changed.key ? changed : c));
      if (r.chance(0.25)) {
        reviewer = { stepKeys: ['legal_review'], decision: 'request_changes', comment: `Please restore the standard ${changed.key} clause` };
        fix = { changes: { clauses: [...STANDARD_CLAUSES] }, comment: `Restored the standard ${changed.key} clause` };
      }
      break;
    }
    case 'new_customer':
      // A valid USCC (CN intake checks it), the same for the same seed and index.
      customer = { name: `Newco ${index} Trading Co., Ltd.`, registrationNumber: simulatedUscc(seed, index), country: 'CN' };
      break;
    case 'long_terms':
      paymentTermsDays = r.pick([75, 90, 120]);
      break;
    case 'personal_data':
      personalData = true;
      break;
    case 'early_delivery':
      lines.push({ sku: SERVER.sku, quantity: 1, unitPrice: SERVER.listPrice, taxRatePercent: SERVER.taxRatePercent });
      requestedDeliveryDate = dateAfter(submittedAt, r.int(7, 14));
      break;
    case 'intake_error':
      // A line changed after the amount was typed: the stated amount no longer adds up.
      statedAmount = money(total(lines) - LICENCE.listPrice);
      fix = { changes: { amount: total(lines) }, comment: 'Amount corrected to the total of the lines' };
      // The legacy chain has no intake rule: its intake reviewer sends it back by hand.
      reviewer = { stepKeys: ['intake_review'], decision: 'request_changes', comment: 'Stated amount does not match the lines' };
      break;
    case 'denied_party':
      customer = customerRef(DENIED);
      reviewer = { stepKeys: ['compliance_screening'], decision: 'reject', comment: 'Customer is on the denied-party list' };
      break;
  }

  const submission: ContractSubmission = {
    title: `${customer.name.split(' ')[0]} ${kind.replace('_', ' ')} #${index + 1}`,
    customer,
    currency: 'CNY',
    amount: statedAmount ?? total(lines),
    paymentTermsDays,
    requestedDeliveryDate,
    personalData,
    lines,
    clauses,
  };
  return { index, kind, rep, submission, fix, reviewer };
}

/** The submission after the rep's fix, and the fields that changed (as the API computes them). */
export function revisedSubmission(contract: MixContract, current: ContractSubmission): { submission: ContractSubmission; changedFields: string[]; comment: string } {
  const changes = contract.fix?.changes ?? {};
  const submission = { ...current, ...changes };
  const changedFields = Object.keys(changes).filter((k) => JSON.stringify(current[k as keyof ContractSubmission]) !== JSON.stringify(submission[k as keyof ContractSubmission]));
  return { submission, changedFields, comment: contract.fix?.comment ?? 'Updated as requested' };
}

/** A valid Unified Social Credit Code for a simulated new customer: its organisation body spells seed and index in base 31. */
function simulatedUscc(seed: string | number, index: number): string {
  let hash = 2166136261; // FNV-1a of the seed, folded under 31^8 with the index
  for (const ch of String(seed)) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  let n = (hash % 800_000) * 1_000_000 + (index % 1_000_000);
  let body = '';
  for (let i = 0; i < 8; i++) {
    body = USCC_CHARSET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  return buildUscc({ authorityAndCategory: '91', division: '310000', organisationBody: body });
}
