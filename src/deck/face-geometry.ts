import type { Deck } from './schema.ts';

/** The sizes of one face, in points: trim, bleed and safe zone from deck.yaml. */
export interface FaceGeometry {
  trimWidth: number;
  trimHeight: number;
  bleed: number;
  safe: number;
  /** Trim plus bleed on both sides: the face's MediaBox and BleedBox. */
  width: number;
  height: number;
}

export function faceGeometry(deck: Deck): FaceGeometry {
  const { width: trimWidth, height: trimHeight } = deck.cardSize;
  return {
    trimWidth,
    trimHeight,
    bleed: deck.bleed,
    safe: deck.safeZone,
    width: trimWidth + 2 * deck.bleed,
    height: trimHeight + 2 * deck.bleed,
  };
}
