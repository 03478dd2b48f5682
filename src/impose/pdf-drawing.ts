import {
  cmyk,
  degrees,
  lineTo,
  moveTo,
  PDFDict,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  popGraphicsState,
  pushGraphicsState,
  setLineWidth,
  stroke,
  type PDFEmbeddedPage,
  type PDFPage,
} from 'pdf-lib';
import type { Rect, Segment } from '../deck/rect.ts';

export const BLACK = cmyk(0, 0, 0, 1);

/**
 * Draws an embedded face into `rect` (its size on the sheet), turned by `rotation` degrees
 * counter-clockwise. pdf-lib turns about the drawing origin, so the origin moves with the turn.
 */
export function drawFace(page: PDFPage, face: PDFEmbeddedPage, rect: Rect, rotation: number): void {
  const turn = ((rotation % 360) + 360) % 360;
  const origin =
    turn === 90
      ? { x: rect.x + rect.width, y: rect.y }
      : turn === 180
        ? { x: rect.x + rect.width, y: rect.y + rect.height }
        : turn === 270
          ? { x: rect.x, y: rect.y + rect.height }
          : { x: rect.x, y: rect.y };
  page.drawPage(face, { ...origin, width: face.width, height: face.height, rotate: degrees(turn) });
}

/** Strokes line segments in 100 % K, or in the Registration colour that prints on every separation. */
export function strokeSegments(page: PDFPage, segments: Segment[], weight: number, colour: 'registration' | 'black'): void {
  if (colour === 'black') {
    for (const s of segments) page.drawLine({ start: { x: s.x1, y: s.y1 }, end: { x: s.x2, y: s.y2 }, thickness: weight, color: BLACK });
    return;
  }
  const name = registrationColourSpace(page);
  page.pushOperators(
    pushGraphicsState(),
    PDFOperator.of(PDFOperatorNames.StrokingColorspace, [PDFName.of(name)]),
    PDFOperator.of(PDFOperatorNames.StrokingColorN, [page.doc.context.obj(1)]),
    setLineWidth(weight),
    ...segments.flatMap((s) => [moveTo(s.x1, s.y1), lineTo(s.x2, s.y2)]),
    stroke(),
    popGraphicsState(),
  );
}

/** A Separation colour space named All: a mark in it appears on every printing plate. */
function registrationColourSpace(page: PDFPage): string {
  return separationColourSpace(page, 'CSRegistration', 'All', [1, 1, 1, 1]);
}

/**
 * Adds a Separation colour space (a spot colour: its own plate, or a line a cutter follows) to the
 * page's resources under `resourceName`, and returns that name. `alternate` is the CMYK a viewer
 * shows at full tint.
 */
export function separationColourSpace(
  page: PDFPage,
  resourceName: string,
  colorant: string,
  alternate: [number, number, number, number],
): string {
  const context = page.doc.context;
  const resources = page.node.normalizedEntries().Resources;
  let spaces = resources.lookupMaybe(PDFName.of('ColorSpace'), PDFDict);
  if (!spaces) {
    spaces = context.obj({});
    resources.set(PDFName.of('ColorSpace'), spaces);
  }
  if (!spaces.has(PDFName.of(resourceName))) {
    const tint = context.obj({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: alternate, N: 1 });
    spaces.set(PDFName.of(resourceName), context.obj([PDFName.of('Separation'), PDFName.of(colorant), PDFName.of('DeviceCMYK'), tint]));
  }
  return resourceName;
}
