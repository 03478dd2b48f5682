import type { Grid } from './layout.ts';
import type { Segment } from '../deck/rect.ts';

export interface MarkSpec {
  kind: 'crop' | 'cut';
  length: number;
  /** Distance from the trim; never less than the bleed, so no mark enters a card. */
  offset: number;
}

/** Unprinted edge kept free even by cut lines: office printers cannot print there. */
export const PAPER_EDGE = 5 * (72 / 25.4);

/**
 * Marks on the extension of every trim line, outside the grid: short crop marks for a guillotine,
 * or cut lines running to the paper edge for scissors and office cutters. Never between cards,
 * where they would land in a neighbour's bleed.
 */
export function markSegments(grid: Grid, sheet: { width: number; height: number }, spec: MarkSpec): Segment[] {
  const { x, y, width, height } = grid.trimExtent;
  const top = y + height;
  const right = x + width;
  const xs = unique(grid.slots.flatMap((slot) => [slot.trim.x, slot.trim.x + slot.trim.width]));
  const ys = unique(grid.slots.flatMap((slot) => [slot.trim.y, slot.trim.y + slot.trim.height]));
  const reach = (room: number) => (spec.kind === 'crop' ? spec.length : Math.max(spec.length, room - spec.offset - PAPER_EDGE));
  const up = reach(sheet.height - top);
  const down = reach(y);
  const leftward = reach(x);
  const rightward = reach(sheet.width - right);
  return [
    ...xs.flatMap((mx) => [
      { x1: mx, y1: top + spec.offset, x2: mx, y2: top + spec.offset + up },
      { x1: mx, y1: y - spec.offset, x2: mx, y2: y - spec.offset - down },
    ]),
    ...ys.flatMap((my) => [
      { x1: x - spec.offset, y1: my, x2: x - spec.offset - leftward, y2: my },
      { x1: right + spec.offset, y1: my, x2: right + spec.offset + rightward, y2: my },
    ]),
  ];
}

function unique(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.filter((value, index) => index === 0 || Math.abs(value - sorted[index - 1]!) > 0.01);
}
