// The final contract document as PDF, stored next to its HTML in the same row (one row per
// approved revision, so the two never describe different revisions). Nullable: documents
// generated before PDFs existed have none until their generation runs again.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContractDocumentPdf1764633600002 implements MigrationInterface {
  name = 'ContractDocumentPdf1764633600002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contract_documents ADD COLUMN pdf bytea, ADD COLUMN pdf_sha256 text`);
    await q.query(`ALTER TABLE contract_documents ADD CONSTRAINT contract_documents_pdf_sha256_check CHECK ((pdf IS NULL) = (pdf_sha256 IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contract_documents DROP COLUMN pdf, DROP COLUMN pdf_sha256`);
  }
}
