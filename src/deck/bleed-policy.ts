import { mmToPt, ptToMm } from './units.ts';

/**
 * The least bleed a card file carries beyond its trim: what print shops ask (3 mm in Europe;
 * the US 0.125 in is a little more). `check` holds every deck to it and preflight every PDF, so a
 * deck that passes the one cannot fail the other on bleed.
 */
export const MIN_BLEED_PT = mmToPt(3);

/** Why a deck's bleed is not enough, or undefined. */
export function bleedProblem(bleedPt: number): string | undefined {
  if (bleedPt >= MIN_BLEED_PT - 0.01) return undefined;
  return `bleed ${ptToMm(bleedPt).toFixed(2)} mm is less than the ${ptToMm(MIN_BLEED_PT).toFixed(0)} mm print shops need (preflight holds every card file to it); write 3mm, or 0.125in in the US`;
}
