// Writes a customer's contract as a Word (DOCX) or PDF file from a contract draft (the body of
// POST /api/contracts), in English or Chinese, laid out by a seed (see document-layout.ts). Used
// for intake fixtures and the RPA defect corpus: intake reads what this writes, so the files are
// real ones: DOCX with real headings, paragraphs and tables; PDF with real text in Noto Sans SC.
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import PDFDocument from 'pdfkit';
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import { pdfBytes, usePdfFonts } from '../../src/contracts/contract-document-pdf-fonts';
import { chooseLayout, type DocumentLang, type DocumentLayout } from './document-layout';
import { type Block, documentBlocks } from './document-model';

export type { DocumentLang, DocumentLayout };

export interface WriteOptions {
  lang: DocumentLang;
  /** Picks the label variants, formats, column order and heading numbering; same seed, same layout. */
  layoutSeed: number;
}

/** The layout a document written with these options uses (for corpus labels and tests). */
export function layoutOf(options: WriteOptions): DocumentLayout {
  return chooseLayout(options.lang, options.layoutSeed);
}

// ---------------------------------------------------------------- DOCX

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const CELL_BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };

function docxCell(text: string, bold = false): TableCell {
  return new TableCell({ borders: CELL_BORDERS, children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
}

function docxTable(header: string[] | null, rows: string[][]): Table {
  const all = header ? [header.map((h) => docxCell(h, true)), ...rows.map((r) => r.map((c) => docxCell(c)))] : rows.map((r) => r.map((c) => docxCell(c)));
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: all.map((cells) => new TableRow({ children: cells })) });
}

function docxBlocks(blocks: Block[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        out.push(new Paragraph({ text: b.text, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }));
        break;
      case 'heading':
        out.push(new Paragraph({ text: b.text, heading: HeadingLevel.HEADING_1 }));
        break;
      case 'paragraph':
        out.push(new Paragraph({ text: b.text }));
        break;
      case 'fields':
        if (b.asTable) out.push(docxTable(null, b.rows.map(([label, value]) => [label, value])));
        else for (const [label, value] of b.rows) out.push(new Paragraph({ children: [new TextRun({ text: `${label}${b.colon}`, bold: true }), new TextRun({ text: ` ${value}` })] }));
        break;
      case 'table':
        out.push(docxTable(b.header, b.rows));
        break;
      case 'clause':
        out.push(new Paragraph({ text: b.heading, heading: HeadingLevel.HEADING_2 }));
        out.push(new Paragraph({ text: b.text }));
        break;
    }
  }
  return out;
}

export async function writeContractDocx(draft: ContractSubmission, options: WriteOptions): Promise<Buffer> {
  const layout = layoutOf(options);
  const doc = new Document({
    creator: 'Greenlight RPA corpus',
    title: draft.title,
    styles: { default: { document: { run: { font: options.lang === 'zh-CN' ? 'SimSun' : 'Calibri' } } } },
    sections: [{ children: docxBlocks(documentBlocks(draft, layout)) }],
  });
  return Packer.toBuffer(doc);
}

// ---------------------------------------------------------------- PDF

const MARGIN = 56;

/** Draws a row of cells at one baseline (the PDF has no table: a reader sees text at x positions). */
function pdfRow(doc: PDFKit.PDFDocument, cells: string[], widths: number[], bold: boolean): void {
  const y = doc.y;
  let x = MARGIN;
  let bottom = y;
  doc.font(bold ? 'bold' : 'regular');
  cells.forEach((cell, i) => {
    doc.text(cell, x, y, { width: widths[i] - 8 });
    bottom = Math.max(bottom, doc.y);
    x += widths[i];
  });
  doc.x = MARGIN;
  doc.y = bottom + 3;
}

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function pdfBlocks(doc: PDFKit.PDFDocument, blocks: Block[]): void {
  const width = doc.page.width - 2 * MARGIN;
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        doc.font('bold').fontSize(18).text(b.text, { align: 'center' }).moveDown(0.8);
        break;
      case 'heading':
        ensureRoom(doc, 60);
        doc.moveDown(0.6).font('bold').fontSize(13).text(b.text).moveDown(0.3);
        break;
      case 'paragraph':
        doc.font('regular').fontSize(10.5).text(b.text).moveDown(0.5);
        break;
      case 'fields':
        doc.fontSize(10.5);
        for (const [label, value] of b.rows) {
          ensureRoom(doc, 20);
          if (b.asTable) pdfRow(doc, [label, value], [160, width - 160], false);
          else doc.font('regular').text(`${label}${b.colon} ${value}`);
        }
        doc.moveDown(0.5);
        break;
      case 'table': {
        doc.fontSize(9.5);
        const widths = b.header.map((h) => (h === 'Description' || h === '描述' ? 150 : (width - 150) / (b.header.length - 1)));
        ensureRoom(doc, 40);
        pdfRow(doc, b.header, widths, true);
        for (const row of b.rows) {
          ensureRoom(doc, 20);
          pdfRow(doc, row, widths, false);
        }
        doc.moveDown(0.5);
        break;
      }
      case 'clause':
        ensureRoom(doc, 60);
        doc.moveDown(0.3).font('bold').fontSize(11).text(b.heading).font('regular').fontSize(10.5).text(b.text).moveDown(0.3);
        break;
    }
  }
}

export async function writeContractPdf(draft: ContractSubmission, options: WriteOptions): Promise<Buffer> {
  const layout = layoutOf(options);
  // A fixed creation date: the same draft and options give the same bytes.
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: draft.title, Creator: 'Greenlight RPA corpus', CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
  usePdfFonts(doc);
  pdfBlocks(doc, documentBlocks(draft, layout));
  return pdfBytes(doc);
}
