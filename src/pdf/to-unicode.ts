import { PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument } from 'pdf-lib';
import { streamBytes } from './stream-bytes.ts';

/** The most entries one bfchar or bfrange block may hold (PDF 32000-1, 9.10.3; Adobe CMap spec). */
export const MAX_BLOCK_ENTRIES = 100;

const BLOCK = /(\d+)\s+begin(bfchar|bfrange)\s([\s\S]*?)end\2/g;
const HEX_OR_ARRAY = String.raw`(?:<[0-9A-Fa-f\s]*>|\[[^\]]*\])`;
const ENTRY = {
  bfchar: new RegExp(String.raw`<[0-9A-Fa-f\s]*>\s*${HEX_OR_ARRAY}`, 'g'),
  bfrange: new RegExp(String.raw`<[0-9A-Fa-f\s]*>\s*<[0-9A-Fa-f\s]*>\s*${HEX_OR_ARRAY}`, 'g'),
};

/** Each bfchar and bfrange block of a CMap, with its entries as written ("<0041> <0041>"). */
export function cmapBlocks(cmap: string): Array<{ kind: 'bfchar' | 'bfrange'; entries: string[] }> {
  return [...cmap.matchAll(BLOCK)].map(([, , kind, body]) => ({
    kind: kind as 'bfchar' | 'bfrange',
    entries: entriesOf(kind as 'bfchar' | 'bfrange', body!),
  }));
}

function entriesOf(kind: 'bfchar' | 'bfrange', body: string): string[] {
  return body.match(ENTRY[kind]) ?? [];
}

/**
 * Rewrites a ToUnicode CMap so no bfchar or bfrange block holds more than 100 entries. pdf-lib
 * writes every glyph of an embedded font in one block; Ghostscript, like other strict CMap
 * readers, then drops the whole map, and text copied or extracted from the file (the worksheet's
 * typed answers) comes out as other characters. Returns undefined when the map is already within
 * the limit.
 */
export function splitCMapBlocks(cmap: string): string | undefined {
  let changed = false;
  const text = cmap.replace(BLOCK, (block, _count: string, kind: 'bfchar' | 'bfrange', body: string) => {
    const entries = entriesOf(kind, body);
    if (entries.length <= MAX_BLOCK_ENTRIES) return block;
    changed = true;
    const blocks: string[] = [];
    for (let start = 0; start < entries.length; start += MAX_BLOCK_ENTRIES) {
      const chunk = entries.slice(start, start + MAX_BLOCK_ENTRIES);
      blocks.push(`${chunk.length} begin${kind}\n${chunk.join('\n')}\nend${kind}`);
    }
    return blocks.join('\n');
  });
  return changed ? text : undefined;
}

/** Every font's ToUnicode map in the document brought within the block limit; other objects untouched. */
export function limitToUnicodeBlocks(doc: PDFDocument): void {
  const seen = new Set<string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.lookupMaybe(PDFName.of('Type'), PDFName)?.asString() !== '/Font') continue;
    const ref = object.get(PDFName.of('ToUnicode'));
    if (!(ref instanceof PDFRef) || seen.has(ref.toString())) continue;
    seen.add(ref.toString());
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const split = splitCMapBlocks(Buffer.from(streamBytes(stream)).toString('latin1'));
    if (split !== undefined) doc.context.assign(ref, doc.context.flateStream(split));
  }
}
