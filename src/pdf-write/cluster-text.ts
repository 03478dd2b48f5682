import { PDFName, type PDFDocument } from 'pdf-lib';
import { contentStreams } from '../pdf/content-ops.ts';
import { ContentSyntaxError, parseContent, type Operation, type Operand } from '../pdf/content-syntax.ts';

/*
 * Chromium (Skia) writes the text of a glyph cluster whose glyphs do not stand one for one for its
 * letters as a marked-content span with /ActualText around all of them. Noto Sans Arabic draws ش
 * as a dotless base and a three-dot mark, أ as alef and a hamza: the mark comes first, above the
 * line and in the middle of its letter. A reader places the span's text in the box from its first
 * glyph to its last, so the letter sits off the baseline and away from its neighbours, and
 * pdftotext splits the word ("ش رح" for شرح, "أسئ لة" for أسئلة). Each such span is written again
 * as one span per glyph: the base, on the baseline, carries the cluster's text; each mark an empty
 * /ActualText. The drawing is the same to the byte of every glyph; the text is the same, in the
 * same order, each letter where it is drawn.
 */

const MARKER = new TextEncoder().encode('/ActualText');
const EMPTY_TEXT = '<feff>';
/** How far off the baseline (in text space units) a glyph is drawn before it counts as a mark. */
const ON_BASELINE = 1e-3;

/** Rewrites the content streams of a printed document whose clusters put a mark before their base. */
export function placeClusterText(doc: PDFDocument): void {
  for (const { ref, stream, bytes } of contentStreams(doc)) {
    if (!includes(bytes, MARKER)) continue;
    let operations: Operation[];
    try {
      operations = parseContent(bytes);
    } catch (error) {
      // Not Chromium's: left as it is, its text as it was written, rather than rewritten by a guess.
      if (error instanceof ContentSyntaxError) continue;
      throw error;
    }
    const rewritten = splitClusterSpans(bytes, operations);
    if (!rewritten) continue;
    const dict = stream.dict.clone(doc.context);
    for (const key of ['Filter', 'DecodeParms', 'Length']) dict.delete(PDFName.of(key));
    doc.context.assign(
      ref,
      doc.context.flateStream(rewritten, Object.fromEntries(dict.entries().map(([k, v]) => [k.asString().slice(1), v]))),
    );
  }
}

/**
 * The stream with each cluster span of one base glyph and marks split into a span per glyph, or
 * undefined when it has none. A span that holds anything but moves (Td), font and matrix settings
 * and single glyphs (Tj) is left as it is.
 */
export function splitClusterSpans(bytes: Uint8Array, operations: Operation[] = parseContent(bytes)): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  let from = 0;
  let rise = 0;
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index]!;
    if (operation.operator === 'BT' || operation.operator === 'Tm') rise = 0;
    if (operation.operator === 'Td') rise += operation.operands[1] as number;
    const text = actualText(operation);
    if (!text) continue;
    const end = operations.findIndex((next, at) => at > index && next.operator === 'EMC');
    if (end < 0) break;
    const inside = operations.slice(index + 1, end);
    const glyphs: Array<{ operation: Operation; mark: boolean }> = [];
    let at = rise;
    let understood = true;
    for (const step of inside) {
      if (step.operator === 'Td') at += step.operands[1] as number;
      else if (step.operator === 'Tm') at = 0;
      else if (step.operator === 'Tj') glyphs.push({ operation: step, mark: Math.abs(at) > ON_BASELINE });
      else if (step.operator !== 'Tf') understood = false;
    }
    const bases = glyphs.filter((glyph) => !glyph.mark);
    if (understood && bases.length === 1 && glyphs.length > 1) {
      const source = (step: Operation) => latin1(bytes.subarray(step.start, step.end));
      const written = inside.map((step) => {
        const glyph = glyphs.find((each) => each.operation === step);
        return glyph ? `/Span <</ActualText ${glyph.mark ? EMPTY_TEXT : text}>> BDC ${source(step)} EMC` : source(step);
      });
      parts.push(bytes.subarray(from, operation.start), fromLatin1(written.join('\n')));
      from = operations[end]!.end;
    }
    rise = at;
    index = end;
  }
  if (parts.length === 0) return undefined;
  parts.push(bytes.subarray(from));
  return concat(parts);
}

/** The /ActualText of a `/Span <<…>> BDC`, as hex, or undefined. */
function actualText(operation: Operation): string | undefined {
  if (operation.operator !== 'BDC') return undefined;
  const [tag, properties] = operation.operands as [Operand, Operand];
  if (!(tag && typeof tag === 'object' && 'name' in tag && tag.name === 'Span') || !(properties instanceof Map)) return undefined;
  const text = properties.get('ActualText');
  if (!(text && typeof text === 'object' && 'string' in text)) return undefined;
  return `<${Buffer.from(text.string).toString('hex')}>`;
}

function includes(bytes: Uint8Array, part: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(part));
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

function fromLatin1(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}
