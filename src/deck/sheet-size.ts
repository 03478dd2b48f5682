import { parseLength } from './units.ts';

/** Paper sizes by name; a profile may also give width and height. */
export const SHEET_SIZES = {
  A4: { width: '210mm', height: '297mm' },
  Letter: { width: '215.9mm', height: '279.4mm' },
  A3: { width: '297mm', height: '420mm' },
  SRA3: { width: '320mm', height: '450mm' },
  '13x19in': { width: '330.2mm', height: '482.6mm' },
} as const;

/**
 * A sheet's size in points, from its paper name or its own width and height. Apart from the
 * profile schema, so the print page's bundle, which only lays sheets out, carries no validator.
 */
export function sheetSize(profile: { sheet: keyof typeof SHEET_SIZES | { width: number; height: number } }): {
  width: number;
  height: number;
} {
  if (typeof profile.sheet !== 'string') return profile.sheet;
  const named = SHEET_SIZES[profile.sheet];
  return { width: parseLength(named.width)!, height: parseLength(named.height)! };
}
