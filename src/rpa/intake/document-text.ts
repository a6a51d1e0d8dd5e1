// The two readers: DOCX through mammoth (its HTML, so tables stay tables) and PDF through pdf-parse
// (pdf.js 5; text only, nothing is rendered, so no canvas package is needed), both in a worker
// thread with a time and heap limit (document-worker.ts). Both give DocumentContent, the structure
// the pure extractor reads. The document type is decided by content (magic bytes), never by name.
import type { DocumentBlock, DocumentContent } from './intake.types';
import { DocumentWorkerError, readInWorker } from './document-worker';

export type DocumentFormat = 'docx' | 'pdf';

/** Why a document could not be read: a type intake does not take, or a file of that type that is damaged or has no text. */
export class IntakeDocumentError extends Error {
  override readonly name = 'IntakeDocumentError';
  constructor(
    readonly reason: 'unsupported_type' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * DOCX: a ZIP (PK\x03\x04) holding word/document.xml (ZIP headers store entry names uncompressed,
 * so the name is found in the bytes without unzipping); PDF: "%PDF-" at the start (after at most
 * a BOM or whitespace). Anything else, whatever its name or declared type, is null.
 */
export function detectFormat(buffer: Buffer): DocumentFormat | null {
  if (buffer.length >= 4 && buffer.subarray(0, 4).equals(ZIP_MAGIC)) return buffer.includes('word/document.xml', 0, 'latin1') ? 'docx' : null;
  const head = buffer.subarray(0, 1024).toString('latin1').replace(/^(\uFEFF|\u00EF\u00BB\u00BF)?\s*/, '');
  return head.startsWith('%PDF-') ? 'pdf' : null;
}

// mammoth's HTML writer escapes exactly these; its output has no other entities to decode.
function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

/**
 * mammoth's HTML (paragraphs, headings, list items and tables of paragraphs; it writes nothing
 * else that carries text) to blocks. Nested tables are flattened into their outer cell's text.
 */
export function blocksOfMammothHtml(html: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let text = '';
  let tableDepth = 0;
  let rows: string[][] = [];
  let row: string[] | null = null;
  let cell: string[] | null = null;
  const token = /<(\/?)([a-zA-Z0-9]+)[^>]*>|([^<]+)/g;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    const [, closing, rawTag, chars] = m;
    if (chars !== undefined) {
      text += decodeEntities(chars);
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (tag === 'br') text += '\n';
    else if (tag === 'table') {
      if (!closing) {
        tableDepth++;
        if (tableDepth === 1) rows = [];
      } else {
        tableDepth--;
        if (tableDepth === 0) blocks.push({ type: 'table', rows });
      }
    } else if (tableDepth === 1 && tag === 'tr') {
      if (!closing) row = [];
      else if (row) {
        rows.push(row);
        row = null;
      }
    } else if (tableDepth === 1 && (tag === 'td' || tag === 'th')) {
      if (!closing) {
        cell = [];
        text = '';
      } else if (cell && row) {
        if (text.trim()) cell.push(text.trim());
        row.push(cell.join(' '));
        cell = null;
        text = '';
      }
    } else if (BLOCK_TAGS.has(tag) && closing) {
      if (tableDepth > 0 && cell) {
        if (text.trim()) cell.push(text.trim());
      } else if (tableDepth === 0) {
        for (const line of text.split('\n')) if (line.trim()) blocks.push({ type: 'paragraph', text: line.trim() });
      }
      text = '';
    } else if (BLOCK_TAGS.has(tag) && !closing && tableDepth === 0) text = '';
  }
  return blocks;
}

async function readDocx(buffer: Buffer): Promise<DocumentContent> {
  let html: string;
  try {
    html = await readInWorker('docx', buffer);
  } catch (err) {
    throw new IntakeDocumentError('unreadable', `The DOCX file could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { format: 'docx', blocks: blocksOfMammothHtml(html) };
}

async function readPdf(buffer: Buffer): Promise<DocumentContent> {
  let text: string;
  try {
    text = await readInWorker('pdf', buffer);
  } catch (err) {
    const why = err instanceof DocumentWorkerError && err.kind === 'PasswordException' ? 'it is password-protected' : err instanceof Error ? err.message : String(err);
    throw new IntakeDocumentError('unreadable', `The PDF file could not be read: ${why}`);
  }
  const blocks: DocumentBlock[] = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => ({ type: 'paragraph', text: line }));
  return { format: 'pdf', blocks };
}

/** The document's text and structure; IntakeDocumentError when it is neither DOCX nor PDF by content, or is damaged or textless. */
export async function readDocumentContent(buffer: Buffer): Promise<DocumentContent> {
  const format = detectFormat(buffer);
  if (!format) throw new IntakeDocumentError('unsupported_type', 'The file is neither a Word document (.docx) nor a PDF by its content');
  const content = format === 'docx' ? await readDocx(buffer) : await readPdf(buffer);
  const hasText = content.blocks.some((b) => (b.type === 'paragraph' ? /\S/.test(b.text) : b.rows.some((r) => r.some((c) => /\S/.test(c)))));
  if (!hasText) throw new IntakeDocumentError('unreadable', `The ${format === 'pdf' ? 'PDF has no text layer (a scanned image cannot be read)' : 'Word document has no text'}`);
  return content;
}
