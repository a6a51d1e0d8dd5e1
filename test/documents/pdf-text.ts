// Text of a PDF as pdf-parse extracts it, for tests (loads pdf.js's worker for jest first).
import { PDFParse } from 'pdf-parse';
import { installPdfjsWorkerForJest } from './pdfjs-worker';

export async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  installPdfjsWorkerForJest();
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}
