import { PDFArray, PDFBool, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { pageContent } from './content-ops.ts';
import { ContentSyntaxError, parseContent } from './content-syntax.ts';
import type { Rect } from '../deck/rect.ts';
import { apply, IDENTITY, multiply, smallestScale, type Matrix } from './matrix.ts';
import { streamBytes } from './stream-bytes.ts';

/*
 * Spot colours as a RIP separates them. pdf.js turns every colour into RGB before a reader sees
 * it and ignores overprint, so this module reads the colour spaces and graphics states itself,
 * with the complete content-stream parser (content-syntax.ts).
 */

/** The spot colour name digital cutters (Roland, Summa, Mimaki, Zünd) and die-makers take for a cut. */
export const CUT_CONTOUR = 'CutContour';
/** A die line's width: the thinnest a press holds, inside a cutter's tolerance. */
export const CUT_CONTOUR_WIDTH = 0.25;

/** One stroke painted in a spot colour: which colorants, how wide as printed, and whether it overprints. */
export interface SpotStroke {
  page: number;
  colorants: string[];
  width: number;
  overprint: boolean;
  /** Where each subpath of the stroke lands on the page (the box of its points, control points included). */
  subpaths: Rect[];
}

export interface SpotReading {
  /** Every colorant named by a Separation or DeviceN colour space anywhere in the file, sorted. */
  colorants: string[];
  /** The strokes painted in spot colours, read when the file has a CutContour to measure (else none). */
  strokes: SpotStroke[];
  /** Content the parser refused (inline images): its spot strokes are not known. */
  unread: string[];
}

const PAINT_STROKE = new Set(['S', 's', 'B', 'B*', 'b', 'b*']);
const PAINT_ANY = new Set([...PAINT_STROKE, 'f', 'F', 'f*', 'n']);

export function readSpotColours(doc: PDFDocument): SpotReading {
  const colorants = new Set<string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) collectColorants(doc, object, colorants, 0);
  const strokes: SpotStroke[] = [];
  const unread: string[] = [];
  // Only a die line's strokes are measured; without one no page's content needs parsing (the
  // registration colour of crop marks alone would cost every imposed file a full parse).
  if (!colorants.has(CUT_CONTOUR)) return { colorants: [...colorants].sort(), strokes, unread };
  doc.getPages().forEach((page, index) => {
    const joined = pageContent(page, doc.context);
    try {
      walk(
        doc,
        joined,
        page.node.Resources(),
        { ctm: IDENTITY, lineWidth: 1, strokeColorants: [], overprint: false },
        index + 1,
        strokes,
        0,
      );
    } catch (error) {
      if (!(error instanceof ContentSyntaxError)) throw error;
      unread.push(`page ${index + 1}: ${error.message}`);
    }
  });
  return { colorants: [...colorants].sort(), strokes, unread };
}

interface State {
  ctm: Matrix;
  lineWidth: number;
  strokeColorants: string[];
  overprint: boolean;
}

/** Follows one content stream's graphics state, and every form it paints, recording spot strokes. */
function walk(
  doc: PDFDocument,
  content: Uint8Array,
  resources: PDFDict | undefined,
  start: State,
  page: number,
  strokes: SpotStroke[],
  depth: number,
): void {
  if (depth > 16) return;
  let state = { ...start };
  const stack: State[] = [];
  /** The current path's subpaths, each as the page points it passes through. */
  let path: Array<Array<{ x: number; y: number }>> = [];
  const points = (numbers: number[]) => {
    for (let index = 0; index + 1 < numbers.length; index += 2) path.at(-1)?.push(apply(state.ctm, numbers[index]!, numbers[index + 1]!));
  };
  const resource = (kind: string, name: unknown) => {
    const key = typeof name === 'object' && name && 'name' in name ? (name as { name: string }).name : undefined;
    const dict = resources?.lookupMaybe(PDFName.of(kind), PDFDict);
    return key && dict ? dict.get(PDFName.of(key)) : undefined;
  };
  for (const { operator, operands } of parseContent(content)) {
    if (operator === 'q') stack.push({ ...state });
    else if (operator === 'Q') state = stack.pop() ?? state;
    else if (operator === 'cm') state.ctm = multiply(operands.map(Number) as Matrix, state.ctm);
    else if (operator === 'w') state.lineWidth = Number(operands[0]);
    else if (operator === 'CS') {
      const name = (operands[0] as { name: string }).name;
      state.strokeColorants = spaceColorants(doc, resource('ColorSpace', operands[0]) ?? PDFName.of(name));
    } else if (operator === 'K' || operator === 'G' || operator === 'RG') state.strokeColorants = [];
    else if (operator === 'gs') {
      const found = resolve(doc, resource('ExtGState', operands[0]));
      const gstate = found instanceof PDFDict ? found : undefined;
      const lw = gstate?.lookupMaybe(PDFName.of('LW'), PDFNumber);
      if (lw) state.lineWidth = lw.asNumber();
      const op = gstate?.lookupMaybe(PDFName.of('OP'), PDFBool);
      if (op) state.overprint = op.asBoolean();
    } else if (operator === 'm') {
      path.push([]);
      points(operands.map(Number));
    } else if (operator === 'l' || operator === 'c' || operator === 'v' || operator === 'y') points(operands.map(Number));
    else if (operator === 're') {
      const [x, y, width, height] = operands.map(Number) as [number, number, number, number];
      path.push([]);
      points([x, y, x + width, y, x + width, y + height, x, y + height]);
    } else if (PAINT_ANY.has(operator)) {
      if (PAINT_STROKE.has(operator) && state.strokeColorants.length)
        strokes.push({
          page,
          colorants: state.strokeColorants,
          width: state.lineWidth * smallestScale(state.ctm),
          overprint: state.overprint,
          subpaths: path.filter((subpath) => subpath.length > 0).map(boxOf),
        });
      path = [];
    } else if (operator === 'Do') {
      const form = resolve(doc, resource('XObject', operands[0]));
      if (!(form instanceof PDFRawStream) || form.dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString() !== '/Form') continue;
      const matrix = form.dict
        .lookupMaybe(PDFName.of('Matrix'), PDFArray)
        ?.asArray()
        .map((n) => (n instanceof PDFNumber ? n.asNumber() : 0)) as Matrix | undefined;
      const own = form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources;
      walk(doc, streamBytes(form), own, { ...state, ctm: multiply(matrix ?? IDENTITY, state.ctm) }, page, strokes, depth + 1);
    }
  }
}

function boxOf(points: Array<{ x: number; y: number }>): Rect {
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  const [x, y] = [Math.min(...xs), Math.min(...ys)];
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** The colorants a colour space paints with: a Separation's name, a DeviceN's names; none for process spaces. */
function spaceColorants(doc: PDFDocument, space: PDFObject | undefined): string[] {
  const array = resolve(doc, space);
  if (!(array instanceof PDFArray)) return [];
  const family = resolve(doc, array.get(0));
  const names = resolve(doc, array.get(1));
  if (!(family instanceof PDFName)) return [];
  if (family.decodeText() === 'Separation' && names instanceof PDFName) return [names.decodeText()];
  if (family.decodeText() === 'DeviceN' && names instanceof PDFArray)
    return names.asArray().flatMap((name) => (name instanceof PDFName ? [name.decodeText()] : []));
  return [];
}

function resolve(doc: PDFDocument, object: PDFObject | undefined): PDFObject | undefined {
  return object instanceof PDFRef ? doc.context.lookup(object) : object;
}

/** Every Separation and DeviceN colorant inside an object (colour spaces sit in resources, shadings and images, often as direct arrays). */
function collectColorants(doc: PDFDocument, object: PDFObject, into: Set<string>, depth: number): void {
  if (depth > 12 || object instanceof PDFRef) return;
  if (object instanceof PDFArray) {
    for (const name of spaceColorants(doc, object)) into.add(name);
    for (const item of object.asArray()) collectColorants(doc, item, into, depth + 1);
  } else if (object instanceof PDFDict) {
    for (const [, value] of object.entries()) collectColorants(doc, value, into, depth + 1);
  } else if (object instanceof PDFRawStream) collectColorants(doc, object.dict, into, depth + 1);
}
