/** Points per unit: the PDF user unit is 1/72 in. */
const POINTS_PER_UNIT = {
  pt: 1,
  in: 72,
  mm: 72 / 25.4,
  cm: 72 / 2.54,
} as const;

export type LengthUnit = keyof typeof POINTS_PER_UNIT;
export const LENGTH_UNITS = Object.keys(POINTS_PER_UNIT) as LengthUnit[];

const LENGTH_PATTERN = /^\s*(-?\d+(?:\.\d+)?)\s*(pt|in|mm|cm)\s*$/;

/** Parses `63mm`, `0.125in`, `12pt` or `1.5cm` into points; undefined when it is no length. */
export function parseLength(text: string): number | undefined {
  const match = LENGTH_PATTERN.exec(text);
  if (!match) return undefined;
  const [, value, unit] = match;
  return Number(value) * POINTS_PER_UNIT[unit as LengthUnit];
}

export function mmToPt(mm: number): number {
  return mm * POINTS_PER_UNIT.mm;
}

export function ptToMm(pt: number): number {
  return pt / POINTS_PER_UNIT.mm;
}

/** Rounds to 1/100 pt: finer than any press can register, coarse enough to hide float noise. */
export function roundPt(pt: number): number {
  return Math.round(pt * 100) / 100;
}
