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
export function placeSlug(
  widthAt: (size: number) => number,
  marks: Segment[],
  sheet: { width: number; height: number },
  bleedExtent: Rect,
): SlugSpot {
  const top = (size: number) => PAPER_EDGE + (DESCENT + ASCENT) * size + CLEARANCE;
  const crossing = (size: number) =>
    marks.filter((m) => Math.abs(m.x1 - m.x2) < 0.01 && Math.min(m.y1, m.y2) < top(size) && Math.max(m.y1, m.y2) < bleedExtent.y + 0.01);
  for (let size = LARGEST; size >= SMALLEST; size -= 0.5) {
    const stops = [
      PAPER_EDGE - CLEARANCE,
      ...crossing(size)
        .map((m) => m.x1)
        .sort((a, b) => a - b),
      sheet.width - PAPER_EDGE + CLEARANCE,
    ];
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
  return {
    x: PAPER_EDGE,
    y: PAPER_EDGE + DESCENT * SMALLEST,
    size: SMALLEST,
    marks: shortened.filter((m) => Math.abs(m.y1 - m.y2) > 0.01 || Math.abs(m.x1 - m.x2) > 0.01),
  };
}

/** A press prints to within about 3 mm of every edge but its gripper's: the least a profile's margin may keep. */
const PRESS_EDGE = 3 * (72 / 25.4);

/** Where the slug of a crop-marked sheet goes: its baseline origin and its turn (90: reading upward). */
export interface EdgeSlug {
  x: number;
  y: number;
  size: number;
  rotate: 0 | 90;
}

type Interval = readonly [number, number];

/**
 * The slug of a sheet with crop marks: along the first edge (bottom, top, left, right) with room
 * for it, never along the gripper edge nor inside its band. Room is first sought beyond the far
 * ends of the marks, then, where the margin is too shallow for that, between two marks (a crop mark
 * stands only where a trim line meets the margin). A press sheet's margins are unequal once the grid
 * has moved off the gripper, so the slug may run up a side. The slug keeps the profile's margin
 * (`unprintable`: what the profile calls its unprintable edge) from every paper edge where any
 * margin has room for that; a grid that leaves none (the margin is all marks) gets it 3 mm from
 * the edge, as far as a press prints.
 */
export function placeEdgeSlug(
  widthAt: (size: number) => number,
  sheet: { width: number; height: number },
  trimExtent: Rect,
  marks: { lines: Segment[]; start: number; reach: number },
  unprintable: number,
  gripped?: { edge: Edge; band: Rect },
): EdgeSlug {
  const outside = edgeSlugFrom(Math.max(PRESS_EDGE, unprintable), widthAt, sheet, trimExtent, marks, gripped);
  const spot = outside ?? edgeSlugFrom(PRESS_EDGE, widthAt, sheet, trimExtent, marks, gripped);
  if (spot) return spot;
  throw new RangeError(
    'no margin of this sheet has room for its slug beside the crop marks and outside the gripper: widen the margins or set slug: false',
  );
}

/** The slug's spot `paper` from the paper edges, or undefined where no margin has room for it. */
function edgeSlugFrom(
  paper: number,
  widthAt: (size: number) => number,
  sheet: { width: number; height: number },
  trimExtent: Rect,
  marks: { lines: Segment[]; start: number; reach: number },
  gripped?: { edge: Edge; band: Rect },
): EdgeSlug | undefined {
  const { width, height } = sheet;
  const [left, bottom, right, top] = [trimExtent.x, trimExtent.y, trimExtent.x + trimExtent.width, trimExtent.y + trimExtent.height];
  const band = gripped?.band;
  // For each edge: the depth of margin from the paper edge to the trim, where along the edge a line
  // may run (clear of the gripper band), where the marks cross that margin, and the baseline origin.
  const edges = [
    {
      edge: 'bottom',
      margin: bottom,
      along: [paper, width - paper],
      horizontal: true,
      place: (size: number, at: number) => ({ x: at, y: paper + DESCENT * size }),
    },
    {
      edge: 'top',
      margin: height - top,
      along: [paper, width - paper],
      horizontal: true,
      place: (size: number, at: number) => ({ x: at, y: height - paper - ASCENT * size }),
    },
    {
      edge: 'left',
      margin: left,
      along: [paper, height - paper],
      horizontal: false,
      place: (size: number, at: number) => ({ x: paper + ASCENT * size, y: at }),
    },
    {
      edge: 'right',
      margin: width - right,
      along: [paper, height - paper],
      horizontal: false,
      place: (size: number, at: number) => ({ x: width - paper - DESCENT * size, y: at }),
    },
  ] as const;
  const strip = (edge: (typeof edges)[number], depth: number): Rect => {
    if (edge.edge === 'bottom') return { x: 0, y: 0, width, height: depth };
    if (edge.edge === 'top') return { x: 0, y: height - depth, width, height: depth };
    if (edge.edge === 'left') return { x: 0, y: 0, width: depth, height };
    return { x: width - depth, y: 0, width: depth, height };
  };
  // The stretch along the edge no gripper band covers.
  const clear = (edge: (typeof edges)[number], depth: number): Interval => {
    const [from, to] = edge.along;
    if (!band || !intersects(band, strip(edge, depth))) return [from, to];
    const [low, high] = edge.horizontal ? [band.x, band.x + band.width] : [band.y, band.y + band.height];
    if (high <= from || low >= to) return [from, to];
    return high - from < to - low ? [Math.max(from, high + CLEARANCE), to] : [from, Math.min(to, low - CLEARANCE)];
  };
  // The gaps between the marks that cross a strip, inside an interval.
  const gaps = (edge: (typeof edges)[number], depth: number, [from, to]: Interval): Interval[] => {
    const area = strip(edge, depth);
    const crossing = marks.lines
      .filter((m) =>
        intersects(area, {
          x: Math.min(m.x1, m.x2) - 0.1,
          y: Math.min(m.y1, m.y2) - 0.1,
          width: Math.abs(m.x2 - m.x1) + 0.2,
          height: Math.abs(m.y2 - m.y1) + 0.2,
        }),
      )
      .map((m) => (edge.horizontal ? m.x1 : m.y1))
      .sort((a, b) => a - b);
    const stops = [from - CLEARANCE, ...crossing.filter((at) => at > from && at < to), to + CLEARANCE];
    return stops.slice(1).map((stop, i) => [stops[i]! + CLEARANCE, stop - CLEARANCE] as const);
  };
  const usable = edges.filter((edge) => edge.edge !== gripped?.edge);
  for (let size = LARGEST; size >= SMALLEST; size -= 0.5) {
    const depth = paper + (DESCENT + ASCENT) * size + CLEARANCE;
    const length = widthAt(size);
    for (const edge of usable) {
      // Beyond the marks' far ends the whole stretch is free; short of them, only between two marks.
      const spans =
        edge.margin - marks.reach >= depth
          ? [clear(edge, depth)]
          : edge.margin - marks.start >= depth
            ? gaps(edge, depth, clear(edge, depth))
            : [];
      const span = spans.find(([from, to]) => to - from >= length);
      if (!span) continue;
      // Start where the cards start, so the slug reads as a caption of the grid.
      const at = Math.min(Math.max(span[0], edge.horizontal ? left : bottom), span[1] - length);
      return { ...edge.place(size, at), size, rotate: edge.horizontal ? 0 : 90 };
    }
  }
  return undefined;
}
