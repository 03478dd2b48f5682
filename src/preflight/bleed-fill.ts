import type { Rect } from '../deck/rect.ts';
import type { InkedRaster } from './ink-coverage.ts';

/** One face on a page: its trim and the bleed around it, in PDF points. */
export interface FaceBounds {
  trim: Rect;
  bleed: Rect;
}

/** Where a face's artwork reaches its trim and stops there: the bleed beyond it is paper. */
export interface UnfilledBleed {
  face: FaceBounds;
  edge: 'top' | 'bottom' | 'left' | 'right';
  /** How far along that edge the bleed is empty behind inked trim, in mm. */
  lengthMm: number;
  /** Where the empty stretch starts, in mm from the page's top left corner. */
  at: { x: number; y: number };
}

const MM = 72 / 25.4;
/** Inside the trim, where the artwork is read: past a pixel's rounding, short of any safe-zone content. */
const INSIDE = 0.6 * MM;
/** Short of the bleed edge, where the bleed is read: the face is clipped there. */
const SHORT_OF_EDGE = 0.75 * MM;
/** Empty bleed shorter than this is a feature ending at the trim (a line's cap), not artwork cut off. */
const LEAST_RUN = 2 * MM;

/**
 * Every edge of every face where ink reaches the trim but not the bleed edge: what a cutter's
 * tolerance turns into a white sliver. Read from the separated raster, one sample a pixel along
 * each edge, 0.6 mm inside the trim and 0.75 mm short of the bleed edge; a stretch counts from 2 mm.
 */
export function unfilledBleed(raster: InkedRaster, media: Rect, faces: FaceBounds[]): UnfilledBleed[] {
  const scale = raster.dpi / 72;
  const top = media.y + media.height;
  const inked = (x: number, y: number) => {
    const column = Math.floor((x - media.x) * scale);
    const row = Math.floor((top - y) * scale);
    if (column < 0 || row < 0 || column >= raster.width || row >= raster.height) return false;
    return raster.inked(column, row);
  };
  const found: UnfilledBleed[] = [];
  for (const face of faces) {
    const { trim, bleed } = face;
    const right = trim.x + trim.width;
    const upper = trim.y + trim.height;
    const edges = [
      { edge: 'left' as const, depth: trim.x - bleed.x, along: 'y' as const, at: trim.x, out: -1 },
      { edge: 'right' as const, depth: bleed.x + bleed.width - right, along: 'y' as const, at: right, out: 1 },
      { edge: 'bottom' as const, depth: trim.y - bleed.y, along: 'x' as const, at: trim.y, out: -1 },
      { edge: 'top' as const, depth: bleed.y + bleed.height - upper, along: 'x' as const, at: upper, out: 1 },
    ];
    for (const { edge, depth, along, at, out } of edges) {
      if (depth < SHORT_OF_EDGE + 0.5 * MM) continue;
      const [from, to] = along === 'y' ? [trim.y, upper] : [trim.x, right];
      const step = 1 / scale;
      let run = 0;
      let runStart = 0;
      let worst: { length: number; start: number } | undefined;
      for (let t = from + step / 2; t < to; t += step) {
        const inside = at - out * INSIDE;
        const outside = at + out * (depth - SHORT_OF_EDGE);
        const missing = along === 'y' ? inked(inside, t) && !inked(outside, t) : inked(t, inside) && !inked(t, outside);
        if (missing) {
          if (run === 0) runStart = t;
          run += step;
          if (run >= LEAST_RUN && (!worst || run > worst.length)) worst = { length: run, start: runStart };
        } else run = 0;
      }
      if (!worst) continue;
      const [x, y] = along === 'y' ? [at, worst.start + worst.length] : [worst.start, at];
      found.push({
        face,
        edge,
        lengthMm: worst.length / MM,
        at: { x: (x - media.x) / MM, y: (top - y) / MM },
      });
    }
  }
  return found;
}
