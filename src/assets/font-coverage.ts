import fontkit from '@pdf-lib/fontkit';
import { readFile } from 'node:fs/promises';

/** The code points a font file has glyphs for, read once per file and process. */
const coverage = new Map<string, Promise<ReadonlySet<number>>>();

export async function codePointsOf(file: string): Promise<ReadonlySet<number>> {
  let known = coverage.get(file);
  if (!known) {
    known = readFile(file).then((bytes) => new Set(fontkit.create(bytes).characterSet));
    coverage.set(file, known);
    known.catch(() => coverage.delete(file));
  }
  return known;
}

/**
 * Characters that need no glyph of their own: white space, controls and the invisible format
 * characters (joiners, bidi marks, soft hyphen, variation selectors) that shaping consumes.
 */
export function needsGlyph(character: string): boolean {
  return !/^[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]$/u.test(character);
}
