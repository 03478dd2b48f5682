import type { Rect, Segment } from '../deck/rect.ts';
import { PAPER_EDGE } from './marks.ts';

export interface SlugSpot {
  x: number;
  /** The baseline. */
  y: number;
  size: number;
  /** The marks, some cut shorter when the slug found no room between them. */
  marks: Segment[];
}

const LARGEST = 7;
const SMALLEST = 5;
/** Source Sans 3's font box (hhea): 0.384 em below the baseline, 1.024 em above it; with a little to spare. */
const DESCENT = 0.4;
const ASCENT = 1.05;
const CLEARANCE = 1 * (72 / 25.4);

/**
 * Where the slug of a sheet with cut lines goes: in the bottom margin, above the band office
 * printers cannot print, between two cut lines (the leftmost gap it fits at the largest size
 * possible). When no gap is wide enough, the cut lines stop short above the slug instead.
 */
export function placeSlug(widthAt: (size: number) => number, marks: Segment[], sheet: { width: number; height: number }, bleedExtent: Rect): SlugSpot {
  const top = (size: number) => PAPER_EDGE + (DESCENT + ASCENT) * size + CLEARANCE;
  const crossing = (size: number) => marks.filter((m) => Math.abs(m.x1 - m.x2) < 0.01 && Math.min(m.y1, m.y2) < top(size) && Math.max(m.y1, m.y2) < bleedExtent.y + 0.01);
  for (let size = LARGEST; size >= SMALLEST; size -= 0.5) {
    const stops = [PAPER_EDGE - CLEARANCE, ...crossing(size).map((m) => m.x1).sort((a, b) => a - b), sheet.width - PAPER_EDGE + CLEARANCE];
    for (let i = 1; i < stops.length; i++) {
      const [left, right] = [stops[i - 1]! + CLEARANCE, stops[i]! - CLEARANCE];
      if (right - left >= widthAt(size)) return { x: left, y: PAPER_EDGE + DESCENT * size, size, marks };
    }
  }
  const shortened = marks.map((m) => {
    if (!crossing(SMALLEST).includes(m)) return m;
    const end = top(SMALLEST);
    return m.y1 < m.y2 ? { ...m, y1: Math.max(m.y1, end) } : { ...m, y2: Math.max(m.y2, end) };
  });
  return { x: PAPER_EDGE, y: PAPER_EDGE + DESCENT * SMALLEST, size: SMALLEST, marks: shortened.filter((m) => Math.abs(m.y1 - m.y2) > 0.01 || Math.abs(m.x1 - m.x2) > 0.01) };
}
