// Field-level extraction accuracy for bench:rpa: what intake read from a document against what
// the document says (the corpus's ground truth). A field is correct when it is equal after the
// differences a reader may legitimately normalise: surrounding and inner whitespace (PDF text
// wraps), Unicode compatibility forms (NFKC: full-width letters and digits) and case in codes.
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import { normaliseUscc } from '../../src/domain/customer/uscc';
import type { IntakeDraft } from '../../src/rpa/intake/read-contract-document';

export const EXTRACTED_FIELDS = [
  'title',
  'customer.name',
  'customer.registrationNumber',
  'customer.country',
  'currency',
  'amount',
  'paymentTermsDays',
  'requestedDeliveryDate',
  'personalData',
  'lines',
  'clauses',
] as const;
export type ExtractedField = (typeof EXTRACTED_FIELDS)[number];

const text = (s: string | undefined): string => (s ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
/** Clause texts: every space dropped, since PDF lines break anywhere (inside Chinese text too). */
const compact = (s: string | undefined): string => (s ?? '').replace(/\s+/g, '');
const money = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) < 0.005;

/** Which fields intake read correctly (true) or not (false). */
export function fieldResults(truth: ContractSubmission, read: IntakeDraft): Record<ExtractedField, boolean> {
  return {
    title: text(read.title) === text(truth.title),
    'customer.name': text(read.customer.name) === text(truth.customer.name),
    'customer.registrationNumber': normaliseUscc(read.customer.registrationNumber ?? '') === normaliseUscc(truth.customer.registrationNumber),
    'customer.country': (read.customer.country ?? '') === truth.customer.country,
    currency: read.currency === truth.currency,
    amount: money(read.amount, truth.amount),
    paymentTermsDays: read.paymentTermsDays === truth.paymentTermsDays,
    requestedDeliveryDate: read.requestedDeliveryDate === truth.requestedDeliveryDate,
    personalData: read.personalData === truth.personalData,
    lines:
      read.lines.length === truth.lines.length &&
      truth.lines.every((l, i) => {
        const r = read.lines[i];
        return r.sku === l.sku && r.quantity === l.quantity && money(r.unitPrice, l.unitPrice) && r.taxRatePercent === l.taxRatePercent;
      }),
    clauses:
      read.clauses.length === truth.clauses.length &&
      truth.clauses.every((c) => read.clauses.some((r) => r.key === c.key && compact(r.text) === compact(c.text))),
  };
}

/** Every field wrong: a document intake could not read at all. */
export function allWrong(): Record<ExtractedField, boolean> {
  return Object.fromEntries(EXTRACTED_FIELDS.map((f) => [f, false])) as Record<ExtractedField, boolean>;
}
