// The PDF of the final contract document: stored in the document's row (contract_documents.pdf),
// once per revision (GET /api/contracts/:id/document.pdf reads it through ContractsRepository).
import { DataSource } from 'typeorm';

/** Used by the generateDocument activity, on the worker's DataSource. */
export class ContractDocumentPdfRepository {
  constructor(private readonly db: DataSource) {}

  /** True when the revision's document row already carries its PDF. */
  async hasPdf(contractId: string, revision: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM contract_documents WHERE contract_id = $1 AND revision = $2 AND pdf IS NOT NULL`, [contractId, revision]);
    return rows.length > 0;
  }

  /** When the revision was submitted (the PDF's date, so a re-render gives the same bytes). */
  async revisionSubmittedAt(contractId: string, revision: number): Promise<Date> {
    const [row]: { created_at: Date }[] = await this.db.query(`SELECT created_at FROM contract_revisions WHERE contract_id = $1 AND revision = $2`, [contractId, revision]);
    if (!row) throw new Error(`Contract ${contractId} has no revision ${revision}`);
    return new Date(row.created_at);
  }

  /** Adds the PDF to the revision's document row unless it has one (the first one stays). */
  async storePdf(d: { contractId: string; revision: number; pdf: Buffer; sha256: string }): Promise<void> {
    await this.db.query(`UPDATE contract_documents SET pdf = $3, pdf_sha256 = $4 WHERE contract_id = $1 AND revision = $2 AND pdf IS NULL`, [
      d.contractId,
      d.revision,
      d.pdf,
      d.sha256,
    ]);
  }
}
