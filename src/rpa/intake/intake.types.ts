// What document intake answers: a draft in the shape of POST /api/contracts (fields it could not
// read are left out, never guessed silently), a 0–1 confidence per field and the warnings that say
// what could not be read and why. Pure types, shared by the reader, the endpoint and the bench.

export interface IntakeDraftLine {
  sku: string;
  quantity: number;
  unitPrice: number;
  taxRatePercent: number;
}

export interface IntakeDraftClause {
  key: string;
  text: string;
}

export interface IntakeDraft {
  title?: string;
  customer: { name?: string; registrationNumber?: string; country?: string };
  currency?: string;
  amount?: number;
  paymentTermsDays?: number;
  /** YYYY-MM-DD */
  requestedDeliveryDate?: string;
  personalData: boolean;
  lines: IntakeDraftLine[];
  clauses: IntakeDraftClause[];
}

/**
 * One thing the reader could not read, or read but doubts. `field` is a path into the draft
 * (`customer.registrationNumber`, `lines`, `clauses.liability`); `rule` a stable code:
 * not_found (no label for it), unreadable (label found, value not parseable), defaulted (absent,
 * a default was used), inconsistent (read, but disagrees with another figure), unmatched (a clause
 * heading that matches no clause of the library), invalid (read, but fails a check such as the
 * USCC check character).
 */
export interface IntakeWarning {
  field: string;
  rule: 'not_found' | 'unreadable' | 'defaulted' | 'inconsistent' | 'unmatched' | 'invalid';
  message: string;
}

/** Field paths of {@link IntakeResult.confidence}: the draft's scalar fields, `lines`, `clauses` and `clauses.<key>`. */
export type IntakeConfidence = Record<string, number>;

export interface IntakeResult {
  draft: IntakeDraft;
  confidence: IntakeConfidence;
  warnings: IntakeWarning[];
}

/** A document as text with its structure: paragraphs (PDF: one per line) and tables (DOCX only). */
export type DocumentBlock = { type: 'paragraph'; text: string } | { type: 'table'; rows: string[][] };

export interface DocumentContent {
  format: 'docx' | 'pdf';
  blocks: DocumentBlock[];
}
