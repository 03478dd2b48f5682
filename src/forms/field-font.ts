import fontkit from '@pdf-lib/fontkit';
import { readFile } from 'node:fs/promises';
import { BUNDLED_FONTS, type FontFace } from '../assets/fonts.ts';
import { subsetTrueType } from '../assets/font-subset.ts';
import { BuildError } from '../shared/errors.ts';
import { contentTag } from '../shared/subset-tag.ts';

/**
 * What people type into a worksheet, whatever its language: every Latin letter (Extended-A and -B,
 * Vietnamese), Greek, Cyrillic, combining accents, punctuation, currency and common symbols. A
 * viewer can only draw what the embedded font holds, so the field font keeps all of these that
 * the chosen font has, and not the whole font (Source Sans 3 whole would triple the file).
 */
const TYPED_RANGES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2b0, 0x36f],
  [0x370, 0x3ff],
  [0x400, 0x52f],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
  [0x2100, 0x215f],
  [0x2190, 0x2199],
  [0x2212, 0x2264],
];

/** Letters of a script the deck's language needs beyond the ones above keep their whole blocks (Arabic with its presentation forms). */
const SCRIPT_BLOCKS: Array<[number, number]> = [
  [0x600, 0x6ff],
  [0x750, 0x77f],
  [0x8a0, 0x8ff],
  [0xfb50, 0xfdff],
  [0xfe70, 0xfeff],
];

export interface FieldFont {
  /** The TrueType bytes to embed whole: already cut to what people may type. */
  bytes: Uint8Array;
  /** BaseFont with a subset tag derived from the bytes, so equal subsets share a tag and different ones do not. */
  baseFont: string;
  family: string;
}

const codePoints = (ranges: Array<[number, number]>) =>
  ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));

/**
 * The font the worksheet's fields draw typed text with: the first bundled regular face that has
 * every letter of the worksheet's own labels (so an Arabic worksheet gets Noto Sans Arabic, every
 * other one Source Sans 3), cut to what people type plus the blocks of the scripts it covers.
 */
export async function fieldFontFor(labels: string, fonts: FontFace[] = BUNDLED_FONTS): Promise<FieldFont> {
  const candidates = await Promise.all(
    fonts
      .filter((face) => face.weight === 400 && face.style === 'normal')
      .map(async (face) => ({ face, font: fontkit.create(await readFile(face.file)) })),
  );
  const letters = [...new Set(labels.replace(/\s/g, ''))].map((char) => char.codePointAt(0)!);
  const chosen = candidates.find(({ font }) => letters.every((code) => font.hasGlyphForCodePoint(code)));
  if (!chosen) {
    const missing = letters.filter((code) => candidates.every(({ font }) => !font.hasGlyphForCodePoint(code)));
    throw new BuildError(
      `no bundled font has every letter of the worksheet labels; ${missing.length > 0 ? `none has ${missing.map((code) => String.fromCodePoint(code)).join(' ')}` : 'each lacks some'} (bundled: ${candidates.map(({ face }) => face.family).join(', ')})`,
    );
  }
  const { face, font } = chosen;
  const wanted = oneCodePointPerGlyph(
    font,
    [...codePoints(TYPED_RANGES), ...codePoints(SCRIPT_BLOCKS), ...letters].filter((code) => font.hasGlyphForCodePoint(code)),
  );
  const bytes = await subsetTrueType(face.file, String.fromCodePoint(...wanted));
  return { bytes, baseFont: `${contentTag(bytes)}+${font.postscriptName}`, family: face.family };
}

/**
 * A viewer finds the code for a typed letter through the font's ToUnicode map, which gives each
 * glyph one text: where a font draws two characters with one glyph (Greek mu and the micro sign,
 * space and no-break space), only the proper letter is kept, the one that NFKC leaves as it is
 * (else the lower code point), so mu and Omega encode and the compatibility twin does not.
 */
function oneCodePointPerGlyph(font: { glyphForCodePoint(code: number): { id: number } }, codes: number[]): number[] {
  const byGlyph = new Map<number, number>();
  const rank = (code: number) => (String.fromCodePoint(code).normalize('NFKC') === String.fromCodePoint(code) ? 0 : 1);
  for (const code of [...new Set(codes)].sort((a, b) => rank(a) - rank(b) || a - b)) {
    const glyph = font.glyphForCodePoint(code).id;
    if (!byGlyph.has(glyph)) byGlyph.set(glyph, code);
  }
  return [...byGlyph.values()];
}
