import { PDFDict, type PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFPage } from 'pdf-lib';
import { DrawingKeys } from './drawing-key.ts';
import type { Rect } from '../deck/rect.ts';
import { contentHash } from '../shared/content-hash.ts';
import { apply, IDENTITY, multiply, smallestScale, type Matrix } from './matrix.ts';
import { loadPdfjs } from './pdfjs.ts';
import { keptReading, pdfReader } from './pdf-reader.ts';
import { loadPdfDocument, savePdfDocument } from '../shared/pdf-document.ts';

/**
 * What each page of a finished PDF draws, as a viewer sees it: pdf.js interprets every content
 * stream (pages, forms, graphics states, text state) and this module follows the current
 * transformation matrix through it, so sizes are the sizes that land on paper.
 */

/** Where something lands on its page, in PDF points (user space of the page). */
export interface PagePoint {
  x: number;
  y: number;
}

export interface PageReading {
  /** 1-based page number. */
  page: number;
  /** /Rotate in degrees (0, 90, 180, 270). */
  rotate: number;
  /** Effective width (pt) of every stroke, in its thinnest direction (0 is a device hairline), and its path's box on the page. */
  strokes: Array<{ width: number; box: Rect }>;
  /** Effective size (pt) of every run of text shown (font size times the text and page transforms), and where its baseline starts. */
  textSizes: PackedRuns;
  /**
   * Those of them drawn inside a face placed on a sheet: in a form XObject, or under a rectangular
   * clip set outside any form (a face whose form Ghostscript dissolved).
   */
  faceTextSizes: PackedRuns;
  /** Every raster image drawn: its pixels, the resolution it prints at (the lower of the two axes) and its box on the page. */
  images: Array<{ width: number; height: number; ppi: number; box: Rect }>;
  /** Where each form XObject's bounding box lands on the page (faces on an imposed sheet). */
  forms: Rect[];
  /** Rectangular clips set outside any form: how Ghostscript writes a face once it has dissolved its form. */
  rectangleClips: Rect[];
  /** Where each stroke drawn outside any form and outside any clip lands: marks and cut lines on a sheet. */
  looseStrokes: Rect[];
  /**
   * What on the page needs transparency (soft masks, constant alpha below 1, blend modes,
   * transparency groups) and where: a group's box, a graphics state's at the first thing painted
   * under it.
   */
  transparency: Array<{ what: string; box: Rect }>;
}

/**
 * Runs of text packed three numbers a run: its size as printed, then x and y of where its line
 * starts. A 1000-card deck's faces show 350 000 runs: as objects, they filled the heap and its
 * collector, and the copy between threads.
 */
export type PackedRuns = Float64Array;

/** Each run of a packed list, as an object: for the few a caller names, not for all of a deck. */
export function unpackRuns(runs: PackedRuns): Array<{ size: number; at: PagePoint }> {
  const list: Array<{ size: number; at: PagePoint }> = [];
  for (let at = 0; at + 2 < runs.length; at += 3) list.push({ size: runs[at]!, at: { x: runs[at + 1]!, y: runs[at + 2]! } });
  return list;
}

/** A page's reading while it is read: its runs of text still growing. */
type ReadingUnderWay = Omit<PageReading, 'textSizes' | 'faceTextSizes'> & { textSizes: number[]; faceTextSizes: number[] };

/**
 * Reads every page of a PDF with pdf.js, once per build (see keptReading). A page that draws what
 * an earlier page drew (the back repeated behind every card of a category, a face of cards.pdf
 * placed on a sheet) is not interpreted again. `lane`: the set the document belongs to, whose
 * documents are read in one thread, in order.
 */
export function readPages(data: Uint8Array, lane?: string): Promise<PageReading[]> {
  return keptReading(contentHash(data), () => pdfReader(lane)?.read(data) ?? readAllPages(data));
}

/** Starts reading a document in a reader thread, where there is one, for whoever asks for it next. */
export function readAhead(data: Uint8Array, lane?: string): void {
  if (pdfReader(lane)) readPages(data, lane).catch(() => undefined);
}

/**
 * What earlier documents' pages were read as, by what they draw (DrawingKeys): a sheet that embeds
 * the faces of cards.pdf as forms finds each face here and pdf.js does not interpret it again.
 * Bounded; a key names content, so a reading kept is never stale.
 */
const drawingsRead = new Map<string, PageReading>();
const DRAWINGS_KEPT = 4096;

/** Reads every page in this thread: what the worker thread runs, and where no worker is compiled. */
export async function readAllPages(data: Uint8Array): Promise<PageReading[]> {
  const doc = await loadPdfDocument(data).catch(() => undefined);
  // Nothing known stands in, so every page is read as it is.
  if (!doc) return (await interpret(data, [], new Map()))!;
  const keys = new DrawingKeys(doc.context);
  const pages = doc.getPages();
  const pageKeys = pages.map((page) => keys.ofPage(page.node));
  const same = samePages(pages, pageKeys);
  const read = pages.map((page, index) => {
    const reading = drawingsRead.get(pageKeys[index] ?? '');
    return reading && { ...reading, page: index + 1, rotate: rotationOf(page) };
  });
  if (read.every(Boolean)) return read as PageReading[];
  const known = standInForKnownForms(doc, keys);
  let readings =
    known.size > 0
      ? await interpret(await savePdfDocument(doc, { addDefaultPage: false, updateFieldAppearances: false }), same, known, read)
      : undefined;
  // A known form drawn where its reading cannot simply be moved (an inherited line width, a skewing matrix): read as it is.
  readings ??= (await interpret(data, same, new Map(), read))!;
  pageKeys.forEach((key, index) => {
    if (key) drawingsRead.set(key, readings[index]!);
  });
  for (const old of [...drawingsRead.keys()].slice(0, Math.max(0, drawingsRead.size - DRAWINGS_KEPT))) drawingsRead.delete(old);
  return readings;
}

/** A page's /Rotate as pdf.js takes it: a right angle from 0 to 270, anything else 0. */
function rotationOf(page: PDFPage): number {
  const angle = page.getRotation().angle;
  return angle % 90 === 0 ? ((angle % 360) + 360) % 360 : 0;
}

/** For each page, the index of the first page that draws exactly what it draws, turned alike (itself when none). */
function samePages(pages: PDFPage[], keys: Array<string | undefined>): number[] {
  const first = new Map<string, number>();
  return pages.map((page, index) => {
    const key = keys[index];
    if (!key) return index;
    const drawing = `${key} ${String(page.node.get(PDFName.of('Rotate')))}`;
    if (!first.has(drawing)) first.set(drawing, index);
    return first.get(drawing)!;
  });
}

/**
 * Replaces every form XObject that draws what a page read before drew with an empty form that
 * only names it, in marked content, so the reading of that page stands in where pdf.js meets it.
 * Only the copy handed to pdf.js changes. Returns each stand-in's tag and the reading it stands for.
 */
function standInForKnownForms(doc: PDFDocument, keys: DrawingKeys): Map<string, PageReading> {
  const known = new Map<string, PageReading>();
  const { context } = doc;
  for (const page of doc.getPages()) {
    const xObjects = page.node.Resources()?.lookup(PDFName.of('XObject'));
    if (!(xObjects instanceof PDFDict)) continue;
    for (const ref of xObjects.values()) {
      if (!(ref instanceof PDFRef) || known.has(tagOf(ref))) continue;
      const form = context.lookup(ref);
      const key = keys.ofForm(form);
      const reading = key ? drawingsRead.get(key) : undefined;
      if (!reading || !(form instanceof PDFRawStream)) continue;
      const dict = form.dict.clone(context);
      for (const name of ['Resources', 'Filter', 'DecodeParms', 'Length']) dict.delete(PDFName.of(name));
      context.assign(
        ref,
        context.stream(
          `/${tagOf(ref)} BMC EMC`,
          Object.fromEntries(dict.entries().map(([name, value]) => [name.asString().slice(1), value])),
        ),
      );
      known.set(tagOf(ref), reading);
    }
  }
  return known;
}

function tagOf(ref: PDFRef): string {
  return `KaartensetReadBefore${ref.objectNumber}x${ref.generationNumber}`;
}

/**
 * pdf.js's reading of every page: each page once per distinct drawing, unless `read` already holds
 * it, each form in `known` by its reading moved to where the form lands. Undefined when a known
 * form lands where that would not be exact: skewed or stretched, or in a graphics state its
 * reading did not start from.
 */
async function interpret(
  data: Uint8Array,
  same: number[],
  known: Map<string, PageReading>,
  read: Array<PageReading | undefined> = [],
): Promise<PageReading[] | undefined> {
  const { getDocument, OPS } = await loadPdfjs();
  const doc = await getDocument({
    data: new Uint8Array(data),
    verbosity: 0,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const strokeOps = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const showOps = new Set([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText]);
  const clipOps = new Set([OPS.clip, OPS.eoClip]);
  const readings: PageReading[] = [];
  try {
    for (let number = 1; number <= doc.numPages; number++) {
      const earlier = same[number - 1];
      const before =
        read[number - 1] ?? (earlier !== undefined && earlier < number - 1 ? { ...readings[earlier]!, page: number } : undefined);
      if (before) {
        readings.push(before);
        continue;
      }
      const page = await doc.getPage(number);
      const { fnArray, argsArray } = await page.getOperatorList({ intent: 'print' });
      const reading: ReadingUnderWay = {
        page: number,
        rotate: page.rotate,
        strokes: [],
        textSizes: [],
        faceTextSizes: [],
        images: [],
        forms: [],
        rectangleClips: [],
        looseStrokes: [],
        transparency: [],
      };
      const state = { ctm: IDENTITY, lineWidth: 1, fontSize: 0, textMatrix: IDENTITY, leading: 0, clipped: false, inFace: false };
      // Where a line of text starts (Td, TD, T*): glyph advances along a line are not followed, so a run is placed at its line's start.
      const nextLine = (x: number, y: number) => {
        state.textMatrix = multiply([1, 0, 0, 1, x, y], state.textMatrix);
      };
      const stack: Array<typeof state> = [];
      let formDepth = 0;
      let pendingClip = false;
      // A graphics state's transparency has no place of its own: it is where the next thing is painted.
      let unplaced: string[] = [];
      const painted = (box: Rect) => {
        for (const what of unplaced) reading.transparency.push({ what, box });
        unplaced = [];
      };
      const origin = (): Rect => ({ ...apply(state.ctm, 0, 0), width: 0, height: 0 });
      /** Text drawn outside any face, where it starts: over a face all the same, it is the face's text. */
      const loose: number[] = [];
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
          // A graphics state set in a form ends with it: what nothing painted under it is placed at the form's origin.
          painted(origin());
          formDepth--;
          Object.assign(state, stack.pop() ?? state);
        } else if (fn === OPS.beginAnnotation) {
          // An annotation's appearance is drawn from its box into its rectangle, as pdf.js does it.
          stack.push({ ...state });
          const [, , transform, matrix] = args as [unknown, unknown, Matrix, Matrix];
          state.ctm = multiply(matrix, multiply(transform, state.ctm));
        } else if (fn === OPS.endAnnotation) {
          Object.assign(state, stack.pop() ?? state);
        } else if (fn === OPS.beginMarkedContent && formDepth > 0 && known.size > 0) {
          const standing = known.get(markedContentTag(args));
          if (standing) {
            // Its reading started from a page's graphics state, with nothing set.
            if (state.lineWidth !== 1 || state.fontSize !== 0 || !isRightAngled(state.ctm)) return undefined;
            painted(reading.forms.at(-1) ?? origin());
            addMoved(reading, standing, state.ctm);
          }
        } else if (fn === OPS.setLineWidth) state.lineWidth = Number(args![0]);
        else if (fn === OPS.setGState) {
          for (const [key, value] of args![0] as Array<[string, unknown]>) {
            if (key === 'LW') state.lineWidth = Number(value);
            if ((key === 'ca' || key === 'CA') && Number(value) < 1) unplaced.push(`${key} ${value}`);
            if (key === 'BM' && value !== 'source-over') unplaced.push(`blend mode ${String(value)}`);
            if (key === 'SMask' && value) unplaced.push('soft mask');
          }
        } else if (fn === OPS.beginGroup) {
          const group = (args?.[0] ?? {}) as { smask?: unknown; bbox?: number[]; matrix?: Matrix };
          reading.transparency.push({
            what: group.smask ? 'soft-masked group' : 'transparency group',
            box: group.bbox ? transformRect(group.matrix ? multiply(group.matrix, state.ctm) : state.ctm, group.bbox) : origin(),
          });
        } else if (clipOps.has(fn)) pendingClip = true;
        else if (fn === OPS.constructPath) {
          const [paint, paths, minMax] = args as [number, unknown, number[] | null];
          const box = minMax ? transformRect(state.ctm, minMax) : origin();
          if (paint !== OPS.endPath) painted(box);
          if (strokeOps.has(paint)) {
            reading.strokes.push({ width: state.lineWidth * smallestScale(state.ctm), box });
            if (formDepth === 0 && !state.clipped)
              reading.looseStrokes.push(...subpathBoxes(paths).map((box) => transformRect(state.ctm, box)));
          }
          if (pendingClip && formDepth === 0 && minMax && isRectangle(paths)) {
            reading.rectangleClips.push(transformRect(state.ctm, minMax));
            state.inFace = true;
          }
          if (pendingClip) state.clipped = true;
          pendingClip = false;
        } else if (fn === OPS.setFont) state.fontSize = Math.abs(Number(args![1]));
        else if (fn === OPS.setTextMatrix)
          state.textMatrix = Array.from((typeof args![0] === 'number' ? args : args![0]) as ArrayLike<number>) as Matrix;
        else if (fn === OPS.beginText) state.textMatrix = IDENTITY;
        else if (fn === OPS.moveText) nextLine(Number(args![0]), Number(args![1]));
        else if (fn === OPS.setLeadingMoveText) {
          state.leading = -Number(args![1]);
          nextLine(Number(args![0]), Number(args![1]));
        } else if (fn === OPS.setLeading) state.leading = Number(args![0]);
        else if (fn === OPS.nextLine) nextLine(0, -state.leading);
        // pdf.js hands on ' and " as nextLine followed by showText.
        else if (showOps.has(fn) && showsInk(args)) {
          const text = multiply(state.textMatrix, state.ctm);
          const size = state.fontSize * Math.hypot(text[2], text[3]);
          painted({ x: text[4], y: text[5], width: 0, height: 0 });
          reading.textSizes.push(size, text[4], text[5]);
          if (formDepth > 0 || state.inFace) reading.faceTextSizes.push(size, text[4], text[5]);
          else loose.push(size, text[4], text[5]);
        } else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject) {
          const image =
            fn === OPS.paintImageXObject
              ? { width: Number(args![1]), height: Number(args![2]) }
              : (args![0] as { width: number; height: number });
          const across = Math.hypot(state.ctm[0], state.ctm[1]);
          const down = Math.hypot(state.ctm[2], state.ctm[3]);
          const box = transformRect(state.ctm, [0, 0, 1, 1]);
          painted(box);
          reading.images.push({
            width: image.width,
            height: image.height,
            ppi: Math.min(image.width / (across / 72), image.height / (down / 72)),
            box,
          });
        }
      }
      painted(origin());
      for (let at = 0; at < loose.length; at += 3) {
        const [size, x, y] = [loose[at]!, loose[at + 1]!, loose[at + 2]!];
        if (reading.forms.some((form) => x > form.x && x < form.x + form.width && y > form.y && y < form.y + form.height))
          reading.faceTextSizes.push(size, x, y);
      }
      readings.push({
        ...reading,
        textSizes: Float64Array.from(reading.textSizes),
        faceTextSizes: Float64Array.from(reading.faceTextSizes),
      });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return readings;
}

/** The tag of a BMC operator: a name, which pdf.js passes on as an object holding it. */
function markedContentTag(args: unknown[] | null): string {
  const tag = args?.[0];
  return typeof tag === 'string' ? tag : String((tag as { name?: unknown } | undefined)?.name);
}

/** A matrix that only scales evenly, turns by right angles and mirrors: sizes scale by one factor, boxes stay boxes. */
function isRightAngled([a, b, c, d]: Matrix): boolean {
  const tolerance = 1e-9 * Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
  const near = (x: number, y: number) => Math.abs(x - y) <= tolerance;
  return (near(b, 0) && near(c, 0) && near(Math.abs(a), Math.abs(d))) || (near(a, 0) && near(d, 0) && near(Math.abs(b), Math.abs(c)));
}

/**
 * Adds a page's reading as drawn through `m`, as a form: its strokes, text and images scaled, its
 * nested forms moved. What it drew outside any form on its page (clips, loose strokes) is inside a
 * form here, where those are not collected.
 */
function addMoved(into: ReadingUnderWay, page: PageReading, m: Matrix): void {
  const scale = Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
  const moved = ({ x, y }: PagePoint) => apply(m, x, y);
  const movedBox = (box: Rect) => transformRect(m, [box.x, box.y, box.x + box.width, box.y + box.height]);
  for (const stroke of page.strokes) into.strokes.push({ width: stroke.width * scale, box: movedBox(stroke.box) });
  for (let at = 0; at + 2 < page.textSizes.length; at += 3) {
    const { x, y } = moved({ x: page.textSizes[at + 1]!, y: page.textSizes[at + 2]! });
    const size = page.textSizes[at]! * scale;
    into.textSizes.push(size, x, y);
    into.faceTextSizes.push(size, x, y);
  }
  for (const image of page.images) into.images.push({ ...image, ppi: image.ppi / scale, box: movedBox(image.box) });
  for (const form of page.forms) into.forms.push(transformRect(m, [form.x, form.y, form.x + form.width, form.y + form.height]));
  for (const found of page.transparency) into.transparency.push({ what: found.what, box: movedBox(found.box) });
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
