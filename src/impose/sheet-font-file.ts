import { codePointsOf, needsGlyph } from '../assets/font-coverage.ts';
import { BUNDLED_FONTS, type FontFace } from '../assets/fonts.ts';
import { subsetTrueType } from '../assets/font-subset.ts';
import type { SheetFontFiles, SheetWeight } from './sheet-text.ts';

/**
 * The build's fonts for a sheet's words: Source Sans 3, then the bundled Noto Sans Arabic, then the
 * deck's own fonts (nearest weight, upright), each cut down to the words by HarfBuzz (layout tables
 * kept, so ligatures and joining forms survive). A font joins only where it has a letter of the
 * words that no font before it has: a Dutch sheet carries Source Sans alone.
 */
export function sheetFontFiles(deckFonts: FontFace[] = []): SheetFontFiles {
  return async (weight: SheetWeight, text: string) => {
    const bundled = (family: string) => BUNDLED_FONTS.find((f) => f.family === family && f.weight === weight && f.style === 'normal')!;
    const stack = [
      bundled('Source Sans 3'),
      bundled('Noto Sans Arabic'),
      ...nearestWeights(
        deckFonts.filter((font) => font.style === 'normal'),
        weight,
      ),
    ];
    let missing = new Set([...text].filter(needsGlyph).map((character) => character.codePointAt(0)!));
    const chosen: FontFace[] = [];
    for (const [index, font] of stack.entries()) {
      const covered = await codePointsOf(font.file);
      const adds = [...missing].filter((codePoint) => covered.has(codePoint));
      if (index > 0 && adds.length === 0) continue;
      chosen.push(font);
      missing = new Set([...missing].filter((codePoint) => !covered.has(codePoint)));
    }
    return Promise.all(chosen.map((font) => subsetTrueType(font.file, `${SHARED_CHARACTERS}${text}`)));
  };
}

/**
 * Characters every subset keeps, used or not: the sheet files of a set differ in their slugs'
 * profile names (lower-case letters, digits, hyphens) and sheet counts, and with these they share
 * one subset (the same array), so each line is shaped once for all of them (sheet-text.ts), at the
 * cost of a few unused glyphs a file.
 */
const SHARED_CHARACTERS = ' -/0123456789abcdefghijklmnopqrstuvwxyz\u00b7\u2212';

/** Of each family, the file whose weight is nearest the one asked for. */
function nearestWeights(fonts: FontFace[], weight: number): FontFace[] {
  const families = [...new Set(fonts.map((font) => font.family))];
  return families.map((family) =>
    fonts.filter((font) => font.family === family).reduce((a, b) => (Math.abs(b.weight - weight) < Math.abs(a.weight - weight) ? b : a)),
  );
}
