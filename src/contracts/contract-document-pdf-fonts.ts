// The CJK font every PDF we write uses (the final contract document and the generated customer
// contracts of the RPA benchmark): Noto Sans SC from a package, so Chinese names and clause texts
// are real glyphs and real text that a PDF reader extracts, with no system font involved.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LRUCache } from 'lru-cache';

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
  return { regular: sharedLayouts(fontkit.create(readFileSync(PDF_FONTS.regular))), bold: sharedLayouts(fontkit.create(readFileSync(PDF_FONTS.bold))) };
}

/** What fontkit's layout answers, as far as pdfkit reads it: the glyphs and their positions. */
interface GlyphRun {
  glyphs: unknown[];
  positions: Record<string, number>[];
  readonly advanceWidth: number;
}

/** Words laid out per font and process; the clause texts every document shares are most of them. */
const LAYOUTS_KEPT = 20_000;

/**
 * The font, with its layouts (OpenType shaping of a word into positioned glyphs) kept across
 * documents. pdfkit keeps them per document only, and shaping with this font's large substitution
 * and positioning tables was most of a document's CPU. pdfkit scales the positions it is given in
 * place, so each caller gets its own copies; the glyphs are the font's own read-only objects, as
 * they already were for every document sharing the parsed font.
 */
function sharedLayouts(font: ParsedFont): ParsedFont {
  const kept = new LRUCache<string, { glyphs: unknown[]; positions: Record<string, number>[] }>({ max: LAYOUTS_KEPT });
  const layout = (text: string, ...rest: unknown[]): GlyphRun => {
    const key = rest.length && rest.some((r) => r !== undefined) ? `${JSON.stringify(rest)}\u0000${text}` : text;
    let run = kept.get(key);
    if (!run) {
      const shaped = (font.layout as (text: string, ...rest: unknown[]) => GlyphRun)(text, ...rest);
      run = { glyphs: shaped.glyphs, positions: shaped.positions.map((p) => ({ ...p })) };
      kept.set(key, run);
    }
    const positions = run.positions.map((p) => ({ ...p }));
    return {
      glyphs: run.glyphs,
      positions,
      // As fontkit's GlyphRun: the sum of the advances, read after the caller scaled them.
      get advanceWidth() {
        return positions.reduce((width, p) => width + p.xAdvance, 0);
      },
    };
  };
  return new Proxy(font, { get: (target, name) => (name === 'layout' ? layout : Reflect.get(target, name, target)) });
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
