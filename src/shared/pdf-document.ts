import { type LoadOptions, ParseSpeeds, PDFDocument, type SaveOptions } from 'pdf-lib';

/*
 * pdf-lib pauses on a timer every 100 objects it parses and every 50 it writes, so that a browser
 * page can paint meanwhile. Nothing here waits to paint: a build's stages already take turns at
 * every await, and a pause with nothing else to run leaves the thread idle for a millisecond,
 * dozens of times a file. Documents load and save in one go.
 */

/** A PDF parsed by pdf-lib, its metadata left as the file has it. */
export function loadPdfDocument(bytes: Uint8Array | ArrayBuffer, options: Omit<LoadOptions, 'parseSpeed'> = {}): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, ...options, parseSpeed: ParseSpeeds.Fastest });
}

/** A document's bytes, every object written out on its own (no object streams, which some readers refuse). */
export function savePdfDocument(doc: PDFDocument, options: Omit<SaveOptions, 'objectsPerTick'> = {}): Promise<Uint8Array> {
  return doc.save({ useObjectStreams: false, ...options, objectsPerTick: Number.POSITIVE_INFINITY });
}
