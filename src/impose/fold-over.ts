import type { Segment } from '../deck/rect.ts';
import { mirrorRect } from './duplex.ts';
import { computeGrid, type Grid, type GridInput } from './layout.ts';

export type FoldAxis = 'vertical' | 'horizontal';

export interface FoldOverLayout {
  /** The fronts' grid, in the first half (left of a vertical fold, above a horizontal one). */
  grid: Grid;
  /** The fold line: the sheet turns about it, so backs mirror across it like a duplex flip. */
  axis: FoldAxis;
  foldLine: Segment;
}

/**
 * A fold-over sheet for printers without duplex: the fronts' grid fills one half of the sheet,
 * kept `gap` clear of the fold line and `margin` clear of the edges; the backs mirror it across the
 * fold. `auto` takes the fold that holds more cards (vertical on a tie).
 */
export function foldOverLayout(input: GridInput & { fold: 'auto' | FoldAxis; gap: number }): FoldOverLayout {
  const axes: FoldAxis[] = input.fold === 'auto' ? ['vertical', 'horizontal'] : [input.fold];
  const layouts = axes.flatMap((axis) => {
    try {
      return [halfLayout(input, axis)];
    } catch (error) {
      if (error instanceof RangeError && axes.length > 1) return [];
      throw error;
    }
  });
  if (layouts.length === 0) throw new RangeError('a card does not fit on half the sheet for a fold-over layout');
  return layouts.reduce((a, b) => (b.grid.slots.length > a.grid.slots.length ? b : a));
}

function halfLayout(input: GridInput & { gap: number }, axis: FoldAxis): FoldOverLayout {
  const { sheet, margin, gap } = input;
  // computeGrid keeps `margin` free on every side of the sheet it is given: a half sheet shortened
  // by gap - margin keeps margin at the edge and gap at the fold.
  if (axis === 'vertical') {
    const grid = computeGrid({ ...input, sheet: { width: sheet.width / 2 - gap + margin, height: sheet.height } });
    return { grid, axis, foldLine: { x1: sheet.width / 2, y1: 0, x2: sheet.width / 2, y2: sheet.height } };
  }
  const half = computeGrid({ ...input, sheet: { width: sheet.width, height: sheet.height / 2 - gap + margin } });
  const shift = sheet.height / 2 + gap - margin;
  const move = <T extends { y: number }>(rect: T): T => ({ ...rect, y: rect.y + shift });
  const grid: Grid = {
    ...half,
    slots: half.slots.map((slot) => ({ ...slot, trim: move(slot.trim), bleed: move(slot.bleed) })),
    trimExtent: move(half.trimExtent),
    bleedExtent: move(half.bleedExtent),
  };
  return { grid, axis, foldLine: { x1: 0, y1: sheet.height / 2, x2: sheet.width, y2: sheet.height / 2 } };
}

/**
 * The cut marks of the fronts' grid that do not run towards the fold, where they would cross the
 * backs. The marks of the grid's edge beside the fold stay: they run along the fold, not over it,
 * and that edge has no other mark (in low ink no printed edge either).
 */
export function outsideTheFold(marks: Segment[], layout: FoldOverLayout): Segment[] {
  const extent = layout.grid.trimExtent;
  const tolerance = 0.01;
  return marks.filter((m) =>
    layout.axis === 'vertical' ? Math.min(m.x1, m.x2) <= extent.x + extent.width + tolerance : Math.max(m.y1, m.y2) >= extent.y - tolerance,
  );
}

/** A segment's mirror image across the fold: where the back half draws it. */
export function mirrorSegment(segment: Segment, sheet: { width: number; height: number }, axis: FoldAxis): Segment {
  const [start, end] = [
    mirrorRect({ x: segment.x1, y: segment.y1, width: 0, height: 0 }, sheet, axis),
    mirrorRect({ x: segment.x2, y: segment.y2, width: 0, height: 0 }, sheet, axis),
  ];
  return { x1: start.x, y1: start.y, x2: end.x, y2: end.y };
}
