import { BUNDLED_FONTS } from '../assets/fonts.ts';
import { subsetTrueType } from '../assets/font-subset.ts';

/** Source Sans 3 cut down to the characters a sheet draws, by HarfBuzz: the build's font source for imposeSheets. */
export async function sheetFontFile(weight: 400 | 700, text: string): Promise<Uint8Array> {
  const face = BUNDLED_FONTS.find((f) => f.family === 'Source Sans 3' && f.weight === weight && f.style === 'normal')!;
  return subsetTrueType(face.file, text);
}
