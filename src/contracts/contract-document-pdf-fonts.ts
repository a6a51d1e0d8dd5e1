// The CJK font every PDF we write uses (the final contract document and the generated customer
// contracts of the RPA benchmark): Noto Sans SC from a package, so Chinese names and clause texts
// are real glyphs and real text that a PDF reader extracts, with no system font involved.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const FONT_PACKAGE_DIR = join(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'), '..');

export const PDF_FONTS = {
  regular: join(FONT_PACKAGE_DIR, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: join(FONT_PACKAGE_DIR, '700Bold', 'NotoSansSC_700Bold.ttf'),
} as const;

/** A font as pdfkit's own fontkit parsed it: pdfkit embeds such an object as it is (PDFFontFactory.open). */
interface ParsedFont {
  layout(text: string): unknown;
}

// Each font file is 10 MB. Registered as bytes, every document parsed it again (fontkit.create,
// then the tables and glyphs it reads): measured in steady state, a contract document took about
// 35 ms of CPU that way and about 18 ms with the fonts parsed once per process and shared by every
// document (a parsed font is read-only; each document still embeds its own subset of it). The parser is
// the fontkit pdfkit itself requires, so the object is the kind pdfkit accepts.
let parsedFonts: { regular: ParsedFont; bold: ParsedFont } | undefined;

function parseFonts(): { regular: ParsedFont; bold: ParsedFont } {
  const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(buffer: Uint8Array): ParsedFont };
  return { regular: fontkit.create(readFileSync(PDF_FONTS.regular)), bold: fontkit.create(readFileSync(PDF_FONTS.bold)) };
}

/** Registers the fonts as 'regular' and 'bold' on a pdfkit document and selects 'regular'. */
export function usePdfFonts(doc: PDFKit.PDFDocument): void {
  parsedFonts ??= parseFonts();
  // @types/pdfkit lists file sources only; pdfkit also takes a parsed font (anything with layout()).
  doc.registerFont('regular', parsedFonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont('bold', parsedFonts.bold as unknown as PDFKit.Mixins.PDFFontSource);
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
