import { cmyk, type PDFPage } from 'pdf-lib';
import { mmToPt } from '../deck/units.ts';
import { backPoint, type BackSide } from './duplex.ts';
import { BLACK, strokeSegments } from './pdf-drawing.ts';
import type { SheetText, SheetWeight } from './sheet-text.ts';
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

/**
 * Page 1 of a school file: how to print and cut, and (for duplex) the fine front crosses of the
 * calibration sheet. Right-to-left text hangs from the right margin, its step numbers on the right.
 */
export function drawCover(page: PDFPage, text: SheetText, cover: CoverText, options: { calibration: boolean }): void {
  const { width, height } = page.getSize();
  const margin = mmToPt(32);
  const measure = width - 2 * margin;
  const rtl = text.direction === 'rtl';
  const at = (indent: number) =>
    rtl ? { x: width - margin - indent, align: 'end' as const } : { x: margin + indent, align: 'start' as const };
  let y = height - mmToPt(45);
  const write = (line: string, size: number, weight: SheetWeight = 400, gap = 1.3) => {
    for (const wrapped of text.lines(line, size, measure, weight)) {
      text.draw(page, wrapped, { ...at(0), y, size, weight, color: BLACK });
      y -= size * gap;
    }
  };
  write(cover.title, 22, 700, 1.15);
  write(cover.subtitle, 11);
  y -= mmToPt(6);
  write(cover.heading, 13, 700);
  y -= 2;
  cover.steps.forEach((step, index) => {
    text.draw(page, `${index + 1}.`, { ...at(0), y, size: 11, weight: 700, color: BLACK });
    for (const wrapped of text.lines(step, 11, measure - 16)) {
      text.draw(page, wrapped, { ...at(16), y, size: 11, color: BLACK });
      y -= 14.5;
    }
    y -= 4;
  });
  if (!options.calibration) return;
  y -= mmToPt(4);
  for (const wrapped of text.lines(cover.calibration, 9, measure)) {
    text.draw(page, wrapped, { ...at(0), y, size: 9, color: GREY });
    y -= 12;
  }
  for (const point of calibrationPoints({ width, height })) drawReticle(page, point, text);
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
function drawReticle(page: PDFPage, centre: { x: number; y: number }, text: SheetText): void {
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
  for (const label of reticleLabels(centre, (words) => text.width(words, RETICLE_LABEL_SIZE, 400, 'ltr'))) {
    text.draw(page, label.text, { x: label.x, y: label.y, size: RETICLE_LABEL_SIZE, color: GREY, direction: 'ltr' });
  }
}

const RETICLE_LABEL_SIZE = 5;

/**
 * The scale's numbers, set like a pinwheel so no two meet near the centre: on the horizontal arm
 * right of the centre above it and left of it below; on the vertical arm above the centre to its
 * left and below it to its right. Signed as the offset is typed: right and up are +.
 */
export function reticleLabels(
  centre: { x: number; y: number },
  widthOf: (text: string) => number,
): Array<{ text: string; x: number; y: number }> {
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
