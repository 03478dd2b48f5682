import { mmToPt } from './units.ts';

/**
 * What a press holds, as preflight checks it: a sheet profile that asks for less is refused by
 * `check`, so a deck that passes the one cannot fail the other on it.
 */

/** The thinnest line a press holds; thinner marks and rules break up or vanish. */
export const MIN_LINE_WIDTH_PT = 0.25;

/** The most a printer's back offset (read from the calibration sheet) moves the backs: more is a misprint, not a correction. */
export const MAX_BACK_OFFSET_PT = mmToPt(3);
