// The final contract document as PDF (contract_generation), next to the HTML of
// contract-document.template.ts and saying the same: parties, commercial terms, clauses, the
// approval record. Text is drawn in Noto Sans SC, so Chinese customer names and clause texts are
// real glyphs (and real, extractable text). The same props give the same bytes: pdfkit's creation
// date (which also seeds the file ID) is the revision's date, never the clock.
import PDFDocument from 'pdfkit';
import type { ContractDocumentProps } from './contract-document.template';
import { formatAmount } from '../domain/rules/format';
import { pdfBytes, usePdfFonts } from './contract-document-pdf-fonts';

export type ContractDocumentPdfProps = Omit<ContractDocumentProps, 'generatedAt'> & {
  /** When the approved revision was submitted: the document's date and the PDF's CreationDate. */
  issuedAt: Date;
};

const MARGIN = 50;
const BODY_SIZE = 10;

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

/** A table as rows of text in columns; a row that would cross the page bottom starts a new page. */
function table(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][]): void {
  const draw = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i].width - 6 })));
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: columns[i].width - 6, align: columns[i].align ?? 'left' });
      x += columns[i].width;
    });
    doc
      .moveTo(MARGIN, y + height + 2)
      .lineTo(x, y + height + 2)
      .lineWidth(0.5)
      .strokeColor('#bbbbbb')
      .stroke();
    doc.x = MARGIN;
    doc.y = y + height + 5;
  };
  draw(
    columns.map((c) => c.header),
    true,
  );
  for (const r of rows) draw(r, false);
  doc.moveDown(0.5);
}

export async function renderContractDocumentPdf(p: ContractDocumentPdfProps): Promise<Buffer> {
  const s = p.submission;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: p.title, Author: 'Greenlight Software Ltd.', Subject: `Contract ${p.contractId}, revision ${p.revision}`, CreationDate: p.issuedAt },
  });
  usePdfFonts(doc);
  const width = doc.page.width - 2 * MARGIN;
  const heading = (text: string) => {
    if (doc.y + 60 > doc.page.height - MARGIN) doc.addPage();
    doc.moveDown(0.6).font('bold').fontSize(13).text(text, MARGIN).moveDown(0.3);
  };
  const titles = new Map(p.clauseLibrary.clauses.map((c) => [c.key, c.title]));

  doc.font('bold').fontSize(18).text(p.title).moveDown(0.4);
  doc
    .font('regular')
    .fontSize(BODY_SIZE)
    .text(`Contract ${p.contractId}, revision ${p.revision}. Between Greenlight Software Ltd. and `, { continued: true })
    .font('bold')
    .text(s.customer.name, { continued: true })
    .font('regular')
    .text(` (registration ${s.customer.registrationNumber}, ${s.customer.country}).`);

  heading('Commercial terms');
  table(
    doc,
    [
      { header: '#', width: 24 },
      { header: 'SKU', width: 110 },
      { header: 'Qty', width: 50, align: 'right' },
      { header: 'Unit price', width: 110, align: 'right' },
      { header: 'Tax', width: 50, align: 'right' },
      { header: 'Line total', width: width - 344, align: 'right' },
    ],
    s.lines.map((l, i) => [String(i + 1), l.sku, String(l.quantity), formatAmount(l.unitPrice, s.currency), `${l.taxRatePercent}%`, formatAmount(l.quantity * l.unitPrice, s.currency)]),
  );
  doc
    .font('regular')
    .fontSize(BODY_SIZE)
    .text('Total: ', MARGIN, doc.y, { continued: true })
    .font('bold')
    .text(formatAmount(s.amount, s.currency), { continued: true })
    .font('regular')
    .text(
      `. Payment terms: ${s.paymentTermsDays} days. Requested delivery: ${s.requestedDeliveryDate}. Personal data processed: ${s.personalData ? 'yes' : 'no'}.`,
    );

  heading('Clauses');
  s.clauses.forEach((c, i) => {
    if (doc.y + 40 > doc.page.height - MARGIN) doc.addPage();
    doc.font('bold').fontSize(11).text(`${i + 1}. ${titles.get(c.key) ?? c.key}`, MARGIN).moveDown(0.15);
    doc.font('regular').fontSize(BODY_SIZE).text(c.text).moveDown(0.5);
  });

  heading('Approval record');
  table(
    doc,
    [
      { header: '#', width: 24 },
      { header: 'Step', width: 130 },
      { header: 'Outcome', width: 90 },
      { header: 'Reason', width: width - 244 },
    ],
    p.steps.map((st) => [String(st.number), st.name, st.status, st.reason]),
  );

  doc
    .moveDown(1)
    .font('regular')
    .fontSize(8)
    .fillColor('#666666')
    .text(`Prepared by ${p.submitterName}. Approved under policy ${p.policyVersion}. Revision submitted ${p.issuedAt.toISOString()}.`, MARGIN);
  return pdfBytes(doc);
}

