import { cmyk, type PDFPage } from 'pdf-lib';
import { mmToPt } from '../deck/units.ts';
import { backPoint, type BackSide } from './duplex.ts';
import { BLACK, strokeSegments, wrapText, type SheetFonts } from './pdf-drawing.ts';
import type { Segment } from '../deck/rect.ts';

/** The words of the cover page, in the deck's language. */
export interface CoverText {
  title: string;
  subtitle: string;
  heading: string;
  steps: string[];
  calibration: string;
}

const GREY = cmyk(0, 0, 0, 0.6);

/** Where the calibration crosses sit: near the four corners and in the middle of the lower half. */
export function calibrationPoints(sheet: { width: number; height: number }): Array<{ x: number; y: number }> {
  const inset = mmToPt(22);
  return [
    { x: inset, y: inset },
    { x: sheet.width - inset, y: inset },
    { x: inset, y: sheet.height - inset },
    { x: sheet.width - inset, y: sheet.height - inset },
    { x: sheet.width / 2, y: sheet.height * 0.3 },
  ];
}

/** Page 1 of a school file: how to print and cut, and (for duplex) the fine front crosses of the calibration sheet. */
export function drawCover(page: PDFPage, fonts: SheetFonts, text: CoverText, options: { calibration: boolean }): void {
  const { width, height } = page.getSize();
  const left = mmToPt(32);
  const measure = width - 2 * left;
  let y = height - mmToPt(45);
  const write = (line: string, size: number, font = fonts.regular, gap = 1.3) => {
    for (const wrapped of wrapText(line, font, size, measure)) {
      page.drawText(wrapped, { x: left, y, size, font, color: BLACK });
      y -= size * gap;
    }
  };
  write(text.title, 22, fonts.bold, 1.15);
  write(text.subtitle, 11);
  y -= mmToPt(6);
  write(text.heading, 13, fonts.bold);
  y -= 2;
  text.steps.forEach((step, index) => {
    const number = `${index + 1}.`;
    page.drawText(number, { x: left, y, size: 11, font: fonts.bold, color: BLACK });
    for (const wrapped of wrapText(step, fonts.regular, 11, measure - 16)) {
      page.drawText(wrapped, { x: left + 16, y, size: 11, font: fonts.regular, color: BLACK });
      y -= 14.5;
    }
    y -= 4;
  });
  if (!options.calibration) return;
  y -= mmToPt(4);
  for (const wrapped of wrapText(text.calibration, fonts.regular, 9, measure)) {
    page.drawText(wrapped, { x: left, y, size: 9, font: fonts.regular, color: GREY });
    y -= 12;
  }
  for (const point of calibrationPoints({ width, height })) drawReticle(page, point, fonts);
}

/** Page 2: bold crosses exactly behind the reticles (after the printer's correction). */
export function drawCalibrationBack(page: PDFPage, side: BackSide): void {
  const arm = mmToPt(6);
  const segments: Segment[] = calibrationPoints(side.sheet).flatMap((point) => {
    const { x, y } = backPoint(point, side);
    return [
      { x1: x - arm, y1: y, x2: x + arm, y2: y },
      { x1: x, y1: y - arm, x2: x, y2: y + arm },
    ];
  });
  strokeSegments(page, segments, 1, 'black');
}

/** A fine cross with a millimetre scale on both arms: read the back cross against it through the paper. */
function drawReticle(page: PDFPage, centre: { x: number; y: number }, fonts: SheetFonts): void {
  const arm = mmToPt(8);
  const segments: Segment[] = [
    { x1: centre.x - arm, y1: centre.y, x2: centre.x + arm, y2: centre.y },
    { x1: centre.x, y1: centre.y - arm, x2: centre.x, y2: centre.y + arm },
  ];
  for (let tenth = -70; tenth <= 70; tenth += 5) {
    if (tenth === 0) continue;
    const offset = mmToPt(tenth / 10);
    const tick = mmToPt(tenth % 10 === 0 ? 1.2 : 0.6);
    segments.push({ x1: centre.x + offset, y1: centre.y - tick, x2: centre.x + offset, y2: centre.y + tick });
    segments.push({ x1: centre.x - tick, y1: centre.y + offset, x2: centre.x + tick, y2: centre.y + offset });
  }
  strokeSegments(page, segments, 0.25, 'black');
  for (const label of reticleLabels(centre, (text) => fonts.regular.widthOfTextAtSize(text, RETICLE_LABEL_SIZE))) {
    page.drawText(label.text, { x: label.x, y: label.y, size: RETICLE_LABEL_SIZE, font: fonts.regular, color: GREY });
  }
}

const RETICLE_LABEL_SIZE = 5;

/**
 * The scale's numbers, set like a pinwheel so no two meet near the centre: on the horizontal arm
 * right of the centre above it and left of it below; on the vertical arm above the centre to its
 * left and below it to its right. Signed as the offset is typed: right and up are +.
 */
export function reticleLabels(centre: { x: number; y: number }, widthOf: (text: string) => number): Array<{ text: string; x: number; y: number }> {
  const gap = mmToPt(1.5);
  const capHeight = RETICLE_LABEL_SIZE * 0.66;
  return [-6, -4, -2, 2, 4, 6].flatMap((mm) => {
    const text = mm > 0 ? `+${mm}` : `\u2212${-mm}`;
    const width = widthOf(text);
    const offset = mmToPt(mm);
    return [
      { text, x: centre.x + offset - width / 2, y: mm > 0 ? centre.y + gap : centre.y - gap - capHeight },
      { text, x: mm > 0 ? centre.x - gap - width : centre.x + gap, y: centre.y + offset - capHeight / 2 },
    ];
  });
}
