// The CJK font every PDF we write uses (the final contract document and the generated customer
// contracts of the RPA benchmark): Noto Sans SC from a package, so Chinese names and clause texts
// are real glyphs and real text that a PDF reader extracts, with no system font involved.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FONT_PACKAGE_DIR = join(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'), '..');

export const PDF_FONTS = {
  regular: join(FONT_PACKAGE_DIR, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: join(FONT_PACKAGE_DIR, '700Bold', 'NotoSansSC_700Bold.ttf'),
} as const;

// Each font file is 10 MB: read once per process, not once per document.
let fontBytes: { regular: Buffer; bold: Buffer } | undefined;

/** Registers the fonts as 'regular' and 'bold' on a pdfkit document and selects 'regular'. */
export function usePdfFonts(doc: PDFKit.PDFDocument): void {
  fontBytes ??= { regular: readFileSync(PDF_FONTS.regular), bold: readFileSync(PDF_FONTS.bold) };
  doc.registerFont('regular', fontBytes.regular);
  doc.registerFont('bold', fontBytes.bold);
  doc.font('regular');
}

/** Ends a pdfkit document and resolves with its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
