import { inflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFName, type PDFRawStream } from 'pdf-lib';

const FLATE = PDFName.of('FlateDecode');

/**
 * A stream's decoded bytes. Flate alone (what Chromium, pdf-lib and Ghostscript write) is inflated
 * by Node's zlib, several times faster than pdf-lib's inflate, which is JavaScript; any other
 * filter, a predictor, and data zlib refuses (cut short or damaged) go through pdf-lib, which
 * decodes or refuses them as it always has.
 */
export function streamBytes(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const flateOnly = filter === FLATE || (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === FLATE);
  if (flateOnly && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      return inflateSync(stream.contents);
    } catch {
      // Told below, in pdf-lib's words.
    }
  }
  return decodePDFRawStream(stream).decode();
}
