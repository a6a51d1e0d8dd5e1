// From the intake endpoint's answer (POST /api/contracts/intake) to the contract form: the draft
// as the form's state (fields the document did not state stay empty, so the rep fills them rather
// than submitting a guess), and a note per form field whose confidence is under 0.8, carrying the
// reader's warning, so the rep checks exactly those before submitting.
import type { components } from '../../api/schema';
import type { FormState } from './contract-form-state';

export type IntakeResult = components['schemas']['IntakeResultView'];

/** Below this confidence a field is marked for the rep to check. */
export const CHECK_BELOW = 0.8;

export function draftToState(draft: IntakeResult['draft']): FormState {
  const str = (v: number | string | undefined) => (v === undefined ? '' : String(v));
  return {
    title: draft.title ?? '',
    customer: { name: draft.customer.name ?? '', registrationNumber: draft.customer.registrationNumber ?? '', country: draft.customer.country ?? '' },
    currency: draft.currency ?? '',
    paymentTermsDays: str(draft.paymentTermsDays),
    requestedDeliveryDate: draft.requestedDeliveryDate ?? '',
    personalData: draft.personalData,
    lines: draft.lines.map((l) => ({ sku: l.sku, quantity: String(l.quantity), unitPrice: String(l.unitPrice), taxRatePercent: String(l.taxRatePercent) })),
    clauses: draft.clauses.map((c) => ({ key: c.key, text: c.text })),
  };
}

type Warning = IntakeResult['warnings'][number];

/**
 * Field path → what to check, for every field under CHECK_BELOW: its warnings, each put in the
 * rep's language by `describe` (the API's message is English detail), or `fallback` when the
 * reader doubted it without saying why. Paths are the draft's (title, customer.name, amount,
 * lines, clauses, clauses.<key>, …).
 */
export function checkNotes(result: IntakeResult, fallback: string, describe: (w: Warning) => string = (w) => w.message): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const [field, confidence] of Object.entries(result.confidence)) {
    if (confidence >= CHECK_BELOW) continue;
    const messages = result.warnings.filter((w) => w.field === field).map(describe);
    notes[field] = messages.length ? messages.join(' ') : fallback;
  }
  return notes;
}
