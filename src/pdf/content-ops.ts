import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFContext,
  type PDFDocument,
  type PDFPage,
} from 'pdf-lib';
import type { Rect, Segment } from '../deck/rect.ts';
import { parseContent } from './content-syntax.ts';
import { apply, IDENTITY, multiply, type Matrix } from './matrix.ts';
import { streamBytes } from './stream-bytes.ts';

export interface Placement {
  /** The resource name of the form XObject and its object number (one number = one embedded face). */
  name: string;
  object: number;
  /** Where the XObject's BBox lands on the page. */
  rect: Rect;
  /** Turn in degrees, counter-clockwise. */
  rotation: number;
}

export interface PageDrawing {
  placements: Placement[];
  segments: Segment[];
  lineWidths: number[];
}

/**
 * Reads what a page draws directly (not inside its XObjects): form placements, stroked line
 * segments and line widths, from the fully parsed content (content-syntax.ts).
 */
export function readPageDrawing(page: PDFPage): PageDrawing {
  const context = page.doc.context;
  const resources = page.node.Resources();
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const drawing: PageDrawing = { placements: [], segments: [], lineWidths: [] };
  let ctm = IDENTITY;
  const stack: Matrix[] = [];
  let current: { x: number; y: number } | undefined;
  for (const { operator, operands: raw } of parseContent(pageContent(page, context))) {
    const operands = raw.map((operand) => (typeof operand === 'object' && operand && 'name' in operand ? `/${operand.name}` : operand));
    switch (operator) {
      case 'q':
        stack.push(ctm);
        break;
      case 'Q':
        ctm = stack.pop() ?? IDENTITY;
        break;
      case 'cm':
        ctm = multiply(operands.map(Number) as Matrix, ctm);
        break;
      case 'w':
        drawing.lineWidths.push(Number(operands[0]) * Math.hypot(ctm[0], ctm[1]));
        break;
      case 'm':
        current = apply(ctm, Number(operands[0]), Number(operands[1]));
        break;
      case 'l': {
        const next = apply(ctm, Number(operands[0]), Number(operands[1]));
        if (current) drawing.segments.push({ x1: current.x, y1: current.y, x2: next.x, y2: next.y });
        current = next;
        break;
      }
      case 'Do': {
        const name = String(operands[0]).replace(/^\//, '');
        const ref = xobjects?.get(PDFName.of(name));
        const stream = ref instanceof PDFRef ? context.lookup(ref) : undefined;
        if (!(ref instanceof PDFRef) || !(stream instanceof PDFStream)) break;
        const bbox = numbers(stream.dict.lookup(PDFName.of('BBox'), PDFArray));
        const matrix = (
          stream.dict.has(PDFName.of('Matrix')) ? numbers(stream.dict.lookup(PDFName.of('Matrix'), PDFArray)) : IDENTITY
        ) as Matrix;
        const full = multiply(matrix, ctm);
        const corners = [
          apply(full, bbox[0]!, bbox[1]!),
          apply(full, bbox[2]!, bbox[1]!),
          apply(full, bbox[2]!, bbox[3]!),
          apply(full, bbox[0]!, bbox[3]!),
        ];
        const xs = corners.map((c) => c.x);
        const ys = corners.map((c) => c.y);
        const rotation = Math.round((Math.atan2(full[1], full[0]) * 180) / Math.PI + 360) % 360;
        drawing.placements.push({
          name,
          object: ref.objectNumber,
          rect: {
            x: Math.min(...xs),
            y: Math.min(...ys),
            width: Math.max(...xs) - Math.min(...xs),
            height: Math.max(...ys) - Math.min(...ys),
          },
          rotation,
        });
        break;
      }
    }
  }
  return drawing;
}

/** Every stream that draws: the pages' content streams and every form XObject, decoded. */
export function contentStreams(doc: PDFDocument): Array<{ ref: PDFRef; stream: PDFRawStream; bytes: Uint8Array }> {
  const pageContents = new Set(
    doc.getPages().flatMap((page) => {
      const contents = page.node.get(PDFName.of('Contents'));
      return (contents instanceof PDFArray ? contents.asArray() : [contents]).filter((ref): ref is PDFRef => ref instanceof PDFRef);
    }),
  );
  const streams: Array<{ ref: PDFRef; stream: PDFRawStream; bytes: Uint8Array }> = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const subtype = object.dict.get(PDFName.of('Subtype'));
    const isForm = subtype instanceof PDFName && subtype.asString() === '/Form';
    if (isForm || pageContents.has(ref)) streams.push({ ref, stream: object, bytes: streamBytes(object) });
  }
  return streams;
}

/** The page's content streams, decoded and joined: one stream of operations (they may split anywhere between tokens). */
export function pageContent(page: PDFPage, context: PDFContext): Uint8Array {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const parts = refs.map((ref) => {
    const stream = ref instanceof PDFRef ? context.lookup(ref) : ref;
    return stream instanceof PDFRawStream ? streamBytes(stream) : new Uint8Array();
  });
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length + 1, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    joined[at + part.length] = 0x0a;
    at += part.length + 1;
  }
  return joined;
}

function numbers(array: PDFArray | undefined): number[] {
  return (array?.asArray() ?? []).map((item) => (item instanceof PDFNumber ? item.asNumber() : 0));
}
