import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { cachedText } from '../shared/disk-cache.ts';

/** The code points of each font file met in this process, by file, size and time of change. */
const coverage = new Map<string, Promise<ReadonlySet<number>>>();

/** The code points a font file has glyphs for; a file changed since (a deck's own font in dev) is read again. */
export async function codePointsOf(file: string): Promise<ReadonlySet<number>> {
  const { size, mtimeMs } = await stat(file);
  const key = `${path.resolve(file)}\0${size}\0${mtimeMs}`;
  let known = coverage.get(key);
  if (!known) {
    // Kept between runs too: loading fontkit and parsing every font cost `check` more than all its other work together.
    known = cachedText('font-coverage', [key], async () => JSON.stringify(toRanges(await parsedCodePoints(file))), fromRanges);
    coverage.set(key, known);
    known.catch(() => coverage.delete(key));
  }
  return known;
}

async function parsedCodePoints(file: string): Promise<ReadonlySet<number>> {
  const { default: fontkit } = await import('@pdf-lib/fontkit');
  return new Set(fontkit.create(await readFile(file)).characterSet);
}

/** Code points as [first, last] runs: a font's few thousand characters in a few hundred pairs. */
function toRanges(codePoints: ReadonlySet<number>): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const code of [...codePoints].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && code === last[1] + 1) last[1] = code;
    else ranges.push([code, code]);
  }
  return ranges;
}

function fromRanges(text: string): ReadonlySet<number> | undefined {
  const ranges: unknown = JSON.parse(text);
  if (!Array.isArray(ranges)) return undefined;
  const codePoints = new Set<number>();
  for (const [first, last] of ranges as Array<[number, number]>) for (let code = first; code <= last; code++) codePoints.add(code);
  return codePoints;
}

/**
 * Characters that need no glyph of their own: white space, controls and the invisible format
 * characters (joiners, bidi marks, soft hyphen, variation selectors) that shaping consumes.
 */
export function needsGlyph(character: string): boolean {
  return !/^[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]$/u.test(character);
}
