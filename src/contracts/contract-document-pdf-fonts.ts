// The CJK font every PDF we write uses (the final contract document and the generated customer
// contracts of the RPA benchmark): Noto Sans SC from a package, so Chinese names and clause texts
// are real glyphs and real text that a PDF reader extracts, with no system font involved.
import { join } from 'node:path';

const FONT_PACKAGE_DIR = join(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'), '..');

export const PDF_FONTS = {
  regular: join(FONT_PACKAGE_DIR, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: join(FONT_PACKAGE_DIR, '700Bold', 'NotoSansSC_700Bold.ttf'),
} as const;
