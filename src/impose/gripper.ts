import type { Rect, Segment } from '../deck/rect.ts';
import type { Edge } from './layout.ts';

/** The strip along the gripper edge of a page where the press holds the sheet and prints nothing. */
export function gripperBand(sheet: { width: number; height: number }, gripper: { edge: Edge; depth: number }): Rect {
  const { width, height } = sheet;
  const depth = gripper.depth;
  if (gripper.edge === 'bottom') return { x: 0, y: 0, width, height: depth };
  if (gripper.edge === 'top') return { x: 0, y: height - depth, width, height: depth };
  if (gripper.edge === 'left') return { x: 0, y: 0, width: depth, height };
  return { x: width - depth, y: 0, width: depth, height };
}

/**
 * The marks with every part inside the band cut away: the layout keeps crop marks clear of the
 * gripper already, so this shortens only cut lines that run to the paper's edge.
 */
export function outsideBand(marks: Segment[], band: Rect | undefined): Segment[] {
  if (!band) return marks;
  const [left, bottom, right, top] = [band.x, band.y, band.x + band.width, band.y + band.height];
  return marks.flatMap((m) => {
    const vertical = Math.abs(m.x1 - m.x2) < 0.01;
    const [along, across] = vertical ? [[m.y1, m.y2], m.x1] : [[m.x1, m.x2], m.y1];
    const [low, high] = vertical ? [bottom, top] : [left, right];
    const crosses = vertical ? across >= left && across <= right : across >= bottom && across <= top;
    if (!crosses) return [m];
    const [from, to] = [Math.min(...along), Math.max(...along)];
    const pieces = [
      [from, Math.min(to, low)],
      [Math.max(from, high), to],
    ].filter(([a, b]) => b! - a! > 0.01);
    return pieces.map(([a, b]) => (vertical ? { x1: m.x1, y1: a!, x2: m.x2, y2: b! } : { x1: a!, y1: m.y1, x2: b!, y2: m.y2 }));
  });
}

/** The edge a back page is gripped by: the same edge of the paper, seen from its other side. */
export function backEdge(edge: Edge, axis: 'vertical' | 'horizontal'): Edge {
  if (axis === 'vertical') return edge === 'left' ? 'right' : edge === 'right' ? 'left' : edge;
  return edge === 'top' ? 'bottom' : edge === 'bottom' ? 'top' : edge;
}
