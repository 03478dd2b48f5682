import { intersects, type Rect, type Segment } from '../deck/rect.ts';
import type { Edge } from './layout.ts';
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

/** A press prints to within about 3 mm of every edge but its gripper's. */
const PRESS_EDGE = 3 * (72 / 25.4);

/** Where the slug of a crop-marked sheet goes: its baseline origin and its turn (90: reading upward). */
export interface EdgeSlug {
  x: number;
  y: number;
  size: number;
  rotate: 0 | 90;
}

/**
 * The slug of a sheet with crop marks: along the first edge (bottom, top, left, right) whose margin
 * has room for it between the paper's edge (3 mm) and the far ends of the marks, never along
 * the gripper edge nor inside its band. A press sheet's margins are unequal once the grid has moved
 * off the gripper, so the slug may run up a side.
 */
export function placeEdgeSlug(widthAt: (size: number) => number, sheet: { width: number; height: number }, trimExtent: Rect, reach: number, gripped?: { edge: Edge; band: Rect }): EdgeSlug {
  const gripper = gripped?.band;
  const { width, height } = sheet;
  const [left, bottom, right, top] = [trimExtent.x, trimExtent.y, trimExtent.x + trimExtent.width, trimExtent.y + trimExtent.height];
  // Each edge's margin strip beyond the marks, and the stretch along it that no gripper band covers.
  const clear = (strip: Rect, from: number, to: number, axis: 'x' | 'y') => {
    if (!gripper || !intersects(gripper, strip)) return [from, to] as const;
    const [low, high] = axis === 'x' ? [gripper.x, gripper.x + gripper.width] : [gripper.y, gripper.y + gripper.height];
    if (high <= from || low >= to) return [from, to] as const;
    return high - from < to - low ? ([Math.max(from, high + CLEARANCE), to] as const) : ([from, Math.min(to, low - CLEARANCE)] as const);
  };
  const strips = {
    bottom: { x: 0, y: 0, width, height: Math.max(0, bottom - reach) },
    top: { x: 0, y: top + reach, width, height: Math.max(0, height - top - reach) },
    left: { x: 0, y: 0, width: Math.max(0, left - reach), height },
    right: { x: right + reach, y: 0, width: Math.max(0, width - right - reach), height },
  };
  const edges = [
    { edge: 'bottom', free: strips.bottom.height - PRESS_EDGE, along: clear(strips.bottom, PRESS_EDGE, width - PRESS_EDGE, 'x'), rotate: 0 as const, place: (size: number, start: number) => ({ x: start, y: PRESS_EDGE + DESCENT * size }) },
    { edge: 'top', free: strips.top.height - PRESS_EDGE, along: clear(strips.top, PRESS_EDGE, width - PRESS_EDGE, 'x'), rotate: 0 as const, place: (size: number, start: number) => ({ x: start, y: height - PRESS_EDGE - ASCENT * size }) },
    { edge: 'left', free: strips.left.width - PRESS_EDGE, along: clear(strips.left, PRESS_EDGE, height - PRESS_EDGE, 'y'), rotate: 90 as const, place: (size: number, start: number) => ({ x: PRESS_EDGE + ASCENT * size, y: start }) },
    { edge: 'right', free: strips.right.width - PRESS_EDGE, along: clear(strips.right, PRESS_EDGE, height - PRESS_EDGE, 'y'), rotate: 90 as const, place: (size: number, start: number) => ({ x: width - PRESS_EDGE - DESCENT * size, y: start }) },
  ].filter((edge) => edge.edge !== gripped?.edge);
  for (let size = LARGEST; size >= SMALLEST; size -= 0.5) {
    for (const edge of edges) {
      const [from, to] = edge.along;
      if (edge.free < (DESCENT + ASCENT) * size + CLEARANCE || to - from < widthAt(size)) continue;
      // Start where the cards start, so the slug reads as a caption of the grid.
      const start = Math.min(Math.max(from, edge.rotate ? bottom : left), to - widthAt(size));
      return { ...edge.place(size, start), size, rotate: edge.rotate };
    }
  }
  throw new RangeError(`no margin of this sheet has room for its slug beside the crop marks and outside the gripper: widen the margins or set slug: false`);
}
