import type { Rect } from '../deck/rect.ts';

export type Flip = 'long-edge' | 'short-edge';

/** The axis of the sheet the paper turns about between its two sides. */
export function flipAxis(flip: Flip, sheet: { width: number; height: number }): 'vertical' | 'horizontal' {
  const portrait = sheet.height >= sheet.width;
  return (flip === 'long-edge') === portrait ? 'vertical' : 'horizontal';
}

/** Where on the back side the back of a card at `front` must be drawn so it lands behind it. */
export function mirrorRect(front: Rect, sheet: { width: number; height: number }, axis: 'vertical' | 'horizontal'): Rect {
  return axis === 'vertical'
    ? { ...front, x: sheet.width - front.x - front.width }
    : { ...front, y: sheet.height - front.y - front.height };
}

/** The grid position of the back of the card at (row, column). */
export function backPosition(row: number, column: number, grid: { rows: number; columns: number }, axis: 'vertical' | 'horizontal') {
  return axis === 'vertical' ? { row, column: grid.columns - 1 - column } : { row: grid.rows - 1 - row, column };
}

/**
 * Extra turn of the back artwork. Turning the sheet about the card's own vertical axis keeps the
 * card's top up; turning it about the card's horizontal axis puts it upside down, so the back is
 * drawn turned 180 degrees to come out upright.
 */
export function backRotation(axis: 'vertical' | 'horizontal', cardRotated: boolean): 0 | 180 {
  const cardVerticalAxis = cardRotated ? 'horizontal' : 'vertical';
  return axis === cardVerticalAxis ? 0 : 180;
}

/**
 * The shift to apply on the back side, in back-side coordinates, to cancel a misregistration
 * measured from the front (back cross seen `measured` right/up of the front cross).
 */
export function backCorrection(measured: { x: number; y: number }, axis: 'vertical' | 'horizontal'): { x: number; y: number } {
  return axis === 'vertical' ? { x: measured.x, y: -measured.y } : { x: -measured.x, y: measured.y };
}

/** How the back side relates to the front: the turn of the paper and the printer's correction. */
export interface BackSide {
  sheet: { width: number; height: number };
  axis: 'vertical' | 'horizontal';
  /** From backCorrection: the shift in back-side coordinates. */
  correction: { x: number; y: number };
}

/** Where on the back side a point lands that sits at `point` on the front. */
export function backPoint(point: { x: number; y: number }, side: BackSide): { x: number; y: number } {
  const mirrored = mirrorRect({ ...point, width: 0, height: 0 }, side.sheet, side.axis);
  return { x: mirrored.x + side.correction.x, y: mirrored.y + side.correction.y };
}

/** Where on the back side an area must be drawn to land behind `rect` on the front. */
export function backRect(rect: Rect, side: BackSide): Rect {
  const mirrored = mirrorRect(rect, side.sheet, side.axis);
  return { ...mirrored, x: mirrored.x + side.correction.x, y: mirrored.y + side.correction.y };
}
