import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFRawStream, type PDFDocument } from 'pdf-lib';
import { keptResults } from '../shared/kept-results.ts';
import { contentTag } from '../shared/subset-tag.ts';
import { streamBytes } from './stream-bytes.ts';

/** The tag a subset font's name begins with: six capital letters and a plus. */
export const SUBSET_TAG = /^[A-Z]{6}\+/;

/**
 * Renames every subset font (`ABCDEF+Name`) after its own program: the six letters come from a
 * hash of the embedded font file. Chromium numbers its subsets AAAAAA, BAAAAA, ... in every file,
 * so two jobs held different subsets under one name, and a RIP that caches fonts by name could
 * print one job's glyphs with the other's font. Only dictionaries change, never a content stream.
 */
export function tagSubsetFontsByContent(doc: PDFDocument): void {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.lookupMaybe(PDFName.of('Type'), PDFName)?.asString() !== '/Font') continue;
    const base = object.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText();
    if (!base || !SUBSET_TAG.test(base)) continue;
    const descendant = object.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict);
    const descriptor = (descendant ?? object).lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const file = ['FontFile2', 'FontFile3', 'FontFile']
      .map((key) => descriptor?.lookup(PDFName.of(key)))
      .find((stream) => stream instanceof PDFRawStream);
    if (!descriptor || !(file instanceof PDFRawStream)) continue;
    const name = `${programTag(file)}+${base.replace(SUBSET_TAG, '')}`;
    object.set(PDFName.of('BaseFont'), PDFName.of(name));
    descendant?.set(PDFName.of('BaseFont'), PDFName.of(name));
    descriptor.set(PDFName.of('FontName'), PDFName.of(name));
  }
}

/**
 * The tag of a font file, worked out once per build for every file it is copied into: a set's
 * sheets carry its cards' fonts, byte for byte. Known by a native hash of the stream as stored,
 * where the tag itself hashes the inflated program in JavaScript.
 */
function programTag(file: PDFRawStream): string {
  const stored = createHash('sha256')
    .update(String(file.dict.get(PDFName.of('Filter'))))
    .update(String(file.dict.get(PDFName.of('DecodeParms'))))
    .update(file.contents)
    .digest('base64');
  return programTags(stored, () => contentTag(streamBytes(file)));
}
const programTags = keptResults<string>(1024);
