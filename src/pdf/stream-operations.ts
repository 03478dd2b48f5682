import { createHash } from 'node:crypto';
import { PDFName, PDFRawStream, PDFRef, type PDFContext, type PDFPage } from 'pdf-lib';
import { pageContent } from './content-ops.ts';
import { parseContent, type Operation } from './content-syntax.ts';
import { streamBytes } from './stream-bytes.ts';

/**
 * The operations of a page: a page of one content stream is read as a form is, so a face read on
 * its page of cards.pdf is not parsed again where the sheets place it (the same stream, byte for
 * byte), nor where cards.pdf repeats a back.
 */
export function pageOperations(page: PDFPage, context: PDFContext): Operation[] {
  const contents = page.node.get(PDFName.of('Contents'));
  const stream = contents instanceof PDFRef ? context.lookup(contents) : contents;
  return stream instanceof PDFRawStream ? streamOperations(stream) : parseContent(pageContent(page, context));
}

/**
 * The operations of a stream, parsed once for every file it is placed in: each sheet file of a set
 * places the same faces, each face once or more. Kept by the stream as stored (its filters and
 * bytes), up to a number of operations that keeps a 1000-card deck's memory bounded.
 */
const parsedStreams = new Map<string, Operation[]>();
const MAX_KEPT_OPERATIONS = 200_000;
let keptOperations = 0;

export function streamOperations(stream: PDFRawStream): Operation[] {
  const key = createHash('sha256')
    .update(String(stream.dict.get(PDFName.of('Filter'))))
    .update(String(stream.dict.get(PDFName.of('DecodeParms'))))
    .update(stream.contents)
    .digest('base64');
  const kept = parsedStreams.get(key);
  if (kept) {
    // Used again: kept longest.
    parsedStreams.delete(key);
    parsedStreams.set(key, kept);
    return kept;
  }
  const operations = parseContent(streamBytes(stream));
  parsedStreams.set(key, operations);
  keptOperations += operations.length;
  for (const [oldest, dropped] of parsedStreams) {
    if (keptOperations <= MAX_KEPT_OPERATIONS) break;
    parsedStreams.delete(oldest);
    keptOperations -= dropped.length;
  }
  return operations;
}
