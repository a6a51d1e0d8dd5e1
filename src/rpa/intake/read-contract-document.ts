// The entry point of document intake, used by POST /api/contracts/intake and by the RPA benchmark
// (bench:rpa calls it directly): a DOCX or PDF file in, the draft with confidence and warnings out.
// Keep this signature stable: the benchmark depends on it.
import type { ClauseLibrary } from '../../domain/contract/contract.types';
import { usccProblem } from '../../domain/customer/uscc';
import { readDocumentContent } from './document-text';
import { extractDraft } from './extract-draft';
import type { IntakeResult } from './intake.types';

export interface ReadContractDocumentOptions {
  /** For messages only: the type is decided by the file's content, never by its name or declared type. */
  filename?: string;
  mimeType?: string;
  /** Clauses are matched to this library's keys and standard texts; the demo library by default. */
  clauseLibrary?: ClauseLibrary;
  /** Null when an 18-character registration number passes its check, else the rule it fails; the USCC check (GB 32100-2015) by default. */
  registrationNumberProblem?: (code: string) => string | null;
}

/** Throws IntakeDocumentError ('unsupported_type' | 'unreadable') when the file is not a readable DOCX or PDF. */
export async function readContractDocument(buffer: Buffer, options: ReadContractDocumentOptions = {}): Promise<IntakeResult> {
  const content = await readDocumentContent(buffer);
  return extractDraft(content, { clauseLibrary: options.clauseLibrary, registrationNumberProblem: options.registrationNumberProblem ?? usccProblem });
}

export { IntakeDocumentError } from './document-text';
export type { IntakeDraft, IntakeResult, IntakeWarning } from './intake.types';
