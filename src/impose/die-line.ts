import {
  appendBezierCurve,
  closePath,
  lineTo,
  moveTo,
  PDFDocument,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  setGraphicsState,
  setLineWidth,
  stroke,
} from 'pdf-lib';
import type { Rect, Segment } from '../deck/rect.ts';
import { CUT_CONTOUR, CUT_CONTOUR_WIDTH } from '../pdf/spot-colours.ts';
import type { Grid } from './layout.ts';
import { separationColourSpace, strokeSegments } from './pdf-drawing.ts';
import { loadPdfDocument } from '../shared/pdf-document.ts';

/** The Keywords entry of a print-and-cut file: its fronts carry the cut contour (CutContour) a cutter follows. */
export const PRINT_AND_CUT_KEYWORD = 'Finishing=PrintAndCut';

/** Bézier handle length for a quarter circle, as a fraction of its radius. */
const KAPPA = 0.5522847498;

export interface DieLineInput {
  sheet: { width: number; height: number };
  /** The imposed sheet's grid: its extents are the die page's boxes. */
  grid: Grid;
  /** Per sheet, the trim of every card it holds: what the die cuts on that sheet's page. */
  cuts: Rect[][];
  /** Corner radius of the cut card (0: square corners). */
  radius: number;
  /** The sheet's crop marks as drawn on its fronts, in the same Registration colour, so die and print register. */
  marks: Segment[];
  markWeight: number;
}

/**
 * The die file of an imposed sheet file: a page per sheet, the size of the sheet, with the cut
 * contour of every card that sheet holds (its trim, corners rounded by the deck's radius) stroked
 * 0.25 pt in the spot colour CutContour, overprinting so it never knocks a hole in the artwork when
 * laid over it, and the sheet's crop marks. A slot the last sheet leaves empty is not cut: a cutter
 * would spend its time, and a die its rule, on blank paper. A separate file rather than a fifth
 * colour in the press file: the press file's plates stay the ones that print, and --cmyk and PDF/X
 * leave the die alone. Each page matches its sheet's fronts page point for point.
 */
export async function dieLinePdf(input: DieLineInput): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { trimExtent: trim, bleedExtent: bleed } = input.grid;
  for (const cuts of input.cuts) {
    const page = doc.addPage([input.sheet.width, input.sheet.height]);
    page.setBleedBox(bleed.x, bleed.y, bleed.width, bleed.height);
    page.setTrimBox(trim.x, trim.y, trim.width, trim.height);
    strokeSegments(page, input.marks, input.markWeight, 'registration');
    drawCutContour(page, cuts, input.radius);
  }
  return doc;
}

/**
 * The press sheet a print-and-cut line runs: a copy of the sheet file with each sheet's cut contour
 * drawn over its fronts page (`cuts[i]` over `frontPages[i]`), at the very coordinates the die file uses (both share the sheet's
 * page size and boxes, so nothing shifts or clips: marks, slug and bleed stay as printed). Each
 * page's own content is wrapped in q/Q first, so no graphics state it leaves behind moves the line.
 * The backs pages stay as they are.
 */
export async function printAndCutPdf(sheetFile: Uint8Array, frontPages: number[], cuts: Rect[][], radius: number): Promise<PDFDocument> {
  const doc = await loadPdfDocument(sheetFile);
  const pages = doc.getPages();
  for (const [sheet, index] of frontPages.entries()) {
    const page = pages[index]!;
    page.node.normalize();
    const save = doc.context.register(doc.context.contentStream([pushGraphicsState()]));
    const restore = doc.context.register(doc.context.contentStream([popGraphicsState()]));
    page.node.wrapContentStreams(save, restore);
    drawCutContour(page, cuts[sheet]!, radius);
  }
  return doc;
}

/** Strokes the cut contour of every card (its trim, corners rounded by `radius`) 0.25 pt in CutContour, overprinting. */
function drawCutContour(page: PDFPage, cuts: Rect[], radius: number): void {
  const context = page.doc.context;
  const space = separationColourSpace(page, 'CSCutContour', CUT_CONTOUR, [0, 1, 0, 0]);
  const overprint = page.node.newExtGState('GSOverprint', context.obj({ Type: 'ExtGState', OP: true, op: true, OPM: 1 }));
  page.pushOperators(
    pushGraphicsState(),
    setGraphicsState(overprint),
    PDFOperator.of(PDFOperatorNames.StrokingColorspace, [PDFName.of(space)]),
    PDFOperator.of(PDFOperatorNames.StrokingColorN, [context.obj(1)]),
    setLineWidth(CUT_CONTOUR_WIDTH),
    ...cuts.flatMap((trim) => roundedRectangle(trim, radius)),
    stroke(),
    popGraphicsState(),
  );
}

/** A closed rectangle path with its four corners rounded by `radius` (no more than half the shorter side). */
export function roundedRectangle(rect: Rect, radius: number): PDFOperator[] {
  const r = Math.max(0, Math.min(radius, rect.width / 2, rect.height / 2));
  const [left, bottom, right, top] = [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height];
  if (r === 0) return [moveTo(left, bottom), lineTo(right, bottom), lineTo(right, top), lineTo(left, top), closePath()];
  const k = r * KAPPA;
  return [
    moveTo(left + r, bottom),
    lineTo(right - r, bottom),
    appendBezierCurve(right - r + k, bottom, right, bottom + r - k, right, bottom + r),
    lineTo(right, top - r),
    appendBezierCurve(right, top - r + k, right - r + k, top, right - r, top),
    lineTo(left + r, top),
    appendBezierCurve(left + r - k, top, left, top - r + k, left, top - r),
    lineTo(left, bottom + r),
    appendBezierCurve(left, bottom + r - k, left + r - k, bottom, left + r, bottom),
    closePath(),
  ];
}
