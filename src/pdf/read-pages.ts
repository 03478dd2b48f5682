import { PDFArray, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import type { Rect } from '../deck/rect.ts';
import { sha256 } from '../shared/hash.ts';
import { apply, IDENTITY, multiply, smallestScale, type Matrix } from './matrix.ts';
import { loadPdfjs } from './pdfjs.ts';
import { keptReading, pdfReader } from './pdf-reader.ts';

/**
 * What each page of a finished PDF draws, as a viewer sees it: pdf.js interprets every content
 * stream (pages, forms, graphics states, text state) and this module follows the current
 * transformation matrix through it, so sizes are the sizes that land on paper.
 */


export interface PageReading {
  /** 1-based page number. */
  page: number;
  /** /Rotate in degrees (0, 90, 180, 270). */
  rotate: number;
  /** Effective width (pt) of every stroke, in its thinnest direction; 0 is a device hairline. */
  strokes: number[];
  /** Effective size (pt) of every run of text shown: font size times the text and page transforms. */
  textSizes: number[];
  /** Every raster image drawn: its pixels and the resolution it prints at (the lower of the two axes). */
  images: Array<{ width: number; height: number; ppi: number }>;
  /** Where each form XObject's bounding box lands on the page (faces on an imposed sheet). */
  forms: Rect[];
  /** Rectangular clips set outside any form: how Ghostscript writes a face once it has dissolved its form. */
  rectangleClips: Rect[];
  /** Where each stroke drawn outside any form and outside any clip lands: marks and cut lines on a sheet. */
  looseStrokes: Rect[];
  /** What on the page needs transparency: soft masks, constant alpha below 1, blend modes, transparency groups. */
  transparency: string[];
}


/**
 * Reads every page of a PDF with pdf.js, once per build (see keptReading). A page that draws the
 * same content streams with the same resources as an earlier one (the back repeated behind every
 * card of a category) is read once.
 */
export function readPages(data: Uint8Array): Promise<PageReading[]> {
  return keptReading(sha256(data), () => pdfReader()?.read(data) ?? readAllPages(data));
}

/** Starts reading a document in a reader thread, where there is one, for whoever asks for it next. */
export function readAhead(data: Uint8Array): void {
  if (pdfReader()) readPages(data).catch(() => undefined);
}

/** For each page, the index of the first page that draws exactly what it draws (itself when none). */
async function samePages(data: Uint8Array): Promise<number[]> {
  const doc = await PDFDocument.load(data, { updateMetadata: false }).catch(() => undefined);
  if (!doc) return [];
  const first = new Map<string, number>();
  return doc.getPages().map((page, index) => {
    const contents = page.node.get(PDFName.of('Contents'));
    // Only content held by reference can be shared; a direct stream is its page's own.
    const byReference = contents instanceof PDFRef || (contents instanceof PDFArray && contents.asArray().every((item) => item instanceof PDFRef));
    if (!byReference) return index;
    const drawing = [contents, page.node.Resources(), page.node.get(PDFName.of('Annots')), page.node.get(PDFName.of('Rotate'))].map(String).join('|');
    if (!first.has(drawing)) first.set(drawing, index);
    return first.get(drawing)!;
  });
}

/** Reads every page in this thread: what the worker thread runs, and where no worker is compiled. */
export async function readAllPages(data: Uint8Array): Promise<PageReading[]> {
  const { getDocument, OPS } = await loadPdfjs();
  const same = await samePages(data);
  const doc = await getDocument({ data: new Uint8Array(data), verbosity: 0, disableFontFace: true, useSystemFonts: false, isEvalSupported: false }).promise;
  const strokeOps = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const showOps = new Set([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText]);
  const clipOps = new Set([OPS.clip, OPS.eoClip]);
  const readings: PageReading[] = [];
  try {
    for (let number = 1; number <= doc.numPages; number++) {
      const earlier = same[number - 1];
      if (earlier !== undefined && earlier < number - 1) {
        readings.push({ ...readings[earlier]!, page: number });
        continue;
      }
      const page = await doc.getPage(number);
      const { fnArray, argsArray } = await page.getOperatorList({ intent: 'print' });
      const reading: PageReading = { page: number, rotate: page.rotate, strokes: [], textSizes: [], images: [], forms: [], rectangleClips: [], looseStrokes: [], transparency: [] };
      const state = { ctm: IDENTITY, lineWidth: 1, fontSize: 0, textMatrix: IDENTITY, clipped: false };
      const stack: Array<typeof state> = [];
      let formDepth = 0;
      let pendingClip = false;
      for (let index = 0; index < fnArray.length; index++) {
        const fn = fnArray[index]!;
        const args = argsArray[index] as unknown[] | null;
        if (fn === OPS.save) stack.push({ ...state });
        else if (fn === OPS.restore) Object.assign(state, stack.pop() ?? state);
        else if (fn === OPS.transform) state.ctm = multiply(args as Matrix, state.ctm);
        else if (fn === OPS.paintFormXObjectBegin) {
          stack.push({ ...state });
          formDepth++;
          const [matrix, bbox] = args as [Matrix | null, number[] | null];
          if (matrix) state.ctm = multiply(matrix, state.ctm);
          if (bbox) reading.forms.push(transformRect(state.ctm, bbox));
        } else if (fn === OPS.paintFormXObjectEnd) {
          formDepth--;
          Object.assign(state, stack.pop() ?? state);
        } else if (fn === OPS.setLineWidth) state.lineWidth = Number(args![0]);
        else if (fn === OPS.setGState) {
          for (const [key, value] of args![0] as Array<[string, unknown]>) {
            if (key === 'LW') state.lineWidth = Number(value);
            if ((key === 'ca' || key === 'CA') && Number(value) < 1) reading.transparency.push(`${key} ${value}`);
            if (key === 'BM' && value !== 'source-over') reading.transparency.push(`blend mode ${String(value)}`);
            if (key === 'SMask' && value) reading.transparency.push('soft mask');
          }
        } else if (fn === OPS.beginGroup) {
          const group = (args?.[0] ?? {}) as { smask?: unknown };
          reading.transparency.push(group.smask ? 'soft-masked group' : 'transparency group');
        } else if (clipOps.has(fn)) pendingClip = true;
        else if (fn === OPS.constructPath) {
          const [paint, paths, minMax] = args as [number, unknown, number[] | null];
          if (strokeOps.has(paint)) {
            reading.strokes.push(state.lineWidth * smallestScale(state.ctm));
            if (formDepth === 0 && !state.clipped) reading.looseStrokes.push(...subpathBoxes(paths).map((box) => transformRect(state.ctm, box)));
          }
          if (pendingClip && formDepth === 0 && minMax && isRectangle(paths)) reading.rectangleClips.push(transformRect(state.ctm, minMax));
          if (pendingClip) state.clipped = true;
          pendingClip = false;
        } else if (fn === OPS.setFont) state.fontSize = Math.abs(Number(args![1]));
        else if (fn === OPS.setTextMatrix) state.textMatrix = Array.from((typeof args![0] === 'number' ? args : args![0]) as ArrayLike<number>) as Matrix;
        else if (fn === OPS.beginText) state.textMatrix = IDENTITY;
        else if (showOps.has(fn) && showsInk(args)) {
          const text = multiply(state.textMatrix, state.ctm);
          reading.textSizes.push(state.fontSize * Math.hypot(text[2], text[3]));
        } else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject) {
          const image = fn === OPS.paintImageXObject ? { width: Number(args![1]), height: Number(args![2]) } : (args![0] as { width: number; height: number });
          const across = Math.hypot(state.ctm[0], state.ctm[1]);
          const down = Math.hypot(state.ctm[2], state.ctm[3]);
          reading.images.push({ ...image, ppi: Math.min(image.width / (across / 72), image.height / (down / 72)) });
        }
      }
      readings.push(reading);
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return readings;
}

/** Whether a text-showing operation draws a visible glyph: a run of spaces alone has no size to read. */
function showsInk(args: unknown[] | null): boolean {
  const glyphs = args?.find((arg) => Array.isArray(arg)) as unknown[] | undefined;
  return (glyphs ?? []).some((glyph) => {
    if (!glyph || typeof glyph !== 'object') return false;
    const { isSpace, unicode } = glyph as { isSpace?: boolean; unicode?: string };
    return !isSpace && (unicode ?? '').trim() !== '';
  });
}

/** pdf.js path data: 0 = moveTo x y, 1 = lineTo x y, 2 = curveTo (3 points), 3 = quadraticCurveTo (2 points), 4 = closePath. */
const PATH_OPERANDS: Record<number, number> = { 0: 2, 1: 2, 2: 6, 3: 4, 4: 0 };

function pathValues(paths: unknown): number[] | undefined {
  const data = Array.isArray(paths) ? paths[0] : undefined;
  if (!data || typeof (data as ArrayLike<number>).length !== 'number') return undefined;
  return Array.from(data as ArrayLike<number>);
}

/** The bounding box [x1, y1, x2, y2] of each subpath: one path may hold many separate marks. */
function subpathBoxes(paths: unknown): number[][] {
  const values = pathValues(paths) ?? [];
  const boxes: number[][] = [];
  let box: number[] | undefined;
  for (let i = 0; i < values.length; ) {
    const op = values[i]!;
    const count = PATH_OPERANDS[op];
    if (count === undefined) break;
    if (op === 0) {
      box = [Infinity, Infinity, -Infinity, -Infinity];
      boxes.push(box);
    }
    for (let k = 0; box && k < count; k += 2) {
      const [x, y] = [values[i + 1 + k]!, values[i + 2 + k]!];
      box[0] = Math.min(box[0]!, x);
      box[1] = Math.min(box[1]!, y);
      box[2] = Math.max(box[2]!, x);
      box[3] = Math.max(box[3]!, y);
    }
    i += 1 + count;
  }
  return boxes.filter((b) => Number.isFinite(b[0]));
}

/** Four straight segments closing on themselves, axis-parallel: what a rectangle clip looks like once pdf.js has read it. */
function isRectangle(paths: unknown): boolean {
  const values = pathValues(paths);
  if (!values) return false;
  const points: Array<[number, number]> = [];
  for (let i = 0; i < values.length; ) {
    const op = values[i]!;
    if (op === 0 || op === 1) {
      points.push([values[i + 1]!, values[i + 2]!]);
      i += 3;
    } else if (op === 4) i += 1;
    else return false;
  }
  if (points.length < 4 || points.length > 5) return false;
  const xs = new Set(points.map(([x]) => x.toFixed(2)));
  const ys = new Set(points.map(([, y]) => y.toFixed(2)));
  return xs.size === 2 && ys.size === 2;
}

function transformRect(m: Matrix, [x1, y1, x2, y2]: number[]): Rect {
  const corners = [apply(m, x1!, y1!), apply(m, x2!, y1!), apply(m, x2!, y2!), apply(m, x1!, y2!)];
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}
