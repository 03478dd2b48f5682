import { PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument } from 'pdf-lib';
import { cmapBlocks, MAX_BLOCK_ENTRIES } from './to-unicode.ts';
import { streamBytes } from './stream-bytes.ts';

/*
 * Ghostscript (10.0) rewrites every ToUnicode map when it converts a file to CMYK, and gets some
 * entries wrong: a ligature that stands for two letters comes out with its UTF-16 bytes swapped
 * ("ft" as U+6600 U+7400, so "heeft" reads "hee昀琀"). It keeps each font's codes, so the map
 * of the file it converted says what each code meant: that is put back.
 */

/** A font's ToUnicode map: character code (hex, lower case) to the UTF-16BE text it stands for (hex). */
export type UnicodeMap = Map<string, string>;

/** How many of a converted font's codes must mean what they meant before, for its codes to be taken as kept. */
const AGREEMENT = 0.9;

const hex = (text: string) => text.replace(/\s+/g, '').toLowerCase();

/** The entries of a CMap's bfchar and bfrange blocks, ranges written out. */
export function parseUnicodeMap(cmap: string): UnicodeMap {
  const map: UnicodeMap = new Map();
  for (const { kind, entries } of cmapBlocks(cmap)) {
    for (const entry of entries) {
      const [first, second, ...rest] = [...entry.matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((match) => hex(match[1]!));
      const list = entry.includes('[');
      if (kind === 'bfchar') {
        if (!list) map.set(first!, second!);
        continue;
      }
      const from = parseInt(first!, 16);
      const to = parseInt(second!, 16);
      if (!(to >= from) || to - from > 0xffff) continue;
      const start = list ? '' : (rest[0] ?? '');
      for (let code = from; code <= to; code++) {
        const text = list
          ? rest[code - from]
          : start && `${start.slice(0, -4)}${(parseInt(start.slice(-4), 16) + code - from).toString(16).padStart(4, '0')}`;
        if (text) map.set(code.toString(16).padStart(first!.length, '0'), text);
      }
    }
  }
  return map;
}

/** UTF-16 text with the two bytes of each unit swapped: what Ghostscript writes for a text of more than one unit. */
function swapped(text: string): string {
  return text.replace(/(..)(..)/g, '$2$1');
}

/**
 * The converted map, each code given back the text it had in `before` where Ghostscript changed
 * it by swapping bytes, when the codes are the same (most of them agree); undefined when nothing
 * changes.
 */
export function repairedMap(after: UnicodeMap, before: UnicodeMap): UnicodeMap | undefined {
  const shared = [...after.keys()].filter((code) => before.has(code));
  if (shared.length === 0 || shared.filter((code) => after.get(code) === before.get(code)).length < AGREEMENT * shared.length)
    return undefined;
  const repaired = new Map(after);
  let changed = false;
  for (const code of shared) {
    const now = after.get(code)!;
    const was = before.get(code)!;
    if (now === was) continue;
    if (now.length > 4 && swapped(now) === was) {
      repaired.set(code, was);
      changed = true;
    }
  }
  return changed ? repaired : undefined;
}

/** A CMap with the header and trailer of `cmap` and `map` as bfchar blocks of at most 100 entries. */
export function writeUnicodeMap(cmap: string, map: UnicodeMap): string {
  const start = cmap.search(/\d+\s+beginbf(?:char|range)/);
  const end = cmap.lastIndexOf('endcmap');
  const entries = [...map].sort(([a], [b]) => a.length - b.length || a.localeCompare(b)).map(([code, text]) => `<${code}> <${text}>`);
  const blocks: string[] = [];
  for (let index = 0; index < entries.length; index += MAX_BLOCK_ENTRIES) {
    const chunk = entries.slice(index, index + MAX_BLOCK_ENTRIES);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return `${cmap.slice(0, start)}${blocks.join('\n')}\n${cmap.slice(end)}`;
}

/** Each font's base name without its subset tag, with the ToUnicode maps of the fonts of that name. */
function mapsByFontName(doc: PDFDocument): Map<string, Array<{ ref: PDFRef; cmap: string; map: UnicodeMap }>> {
  const found = new Map<string, Array<{ ref: PDFRef; cmap: string; map: UnicodeMap }>>();
  const seen = new Set<string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.lookupMaybe(PDFName.of('Type'), PDFName)?.asString() !== '/Font') continue;
    const ref = object.get(PDFName.of('ToUnicode'));
    const name = object
      .lookupMaybe(PDFName.of('BaseFont'), PDFName)
      ?.decodeText()
      .replace(/^[A-Z]{6}\+/, '');
    if (!(ref instanceof PDFRef) || !name || seen.has(ref.toString())) continue;
    seen.add(ref.toString());
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const cmap = Buffer.from(streamBytes(stream)).toString('latin1');
    found.set(name, [...(found.get(name) ?? []), { ref, cmap, map: parseUnicodeMap(cmap) }]);
  }
  return found;
}

/**
 * Gives each font of `converted` (Ghostscript's output) back the text its codes had in `source`
 * (the file it converted), matched by font name. Returns how many maps were repaired.
 */
export function repairConvertedUnicode(converted: PDFDocument, source: PDFDocument): number {
  const before = mapsByFontName(source);
  let repaired = 0;
  for (const [name, fonts] of mapsByFontName(converted)) {
    for (const font of fonts) {
      const fixed = (before.get(name) ?? []).map((original) => repairedMap(font.map, original.map)).find((map) => map !== undefined);
      if (!fixed) continue;
      converted.context.assign(font.ref, converted.context.flateStream(writeUnicodeMap(font.cmap, fixed)));
      repaired++;
    }
  }
  return repaired;
}
