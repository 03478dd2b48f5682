import type { FaceGeometry } from '../deck/face-geometry.ts';
import type { Rect, Segment } from '../deck/rect.ts';
import type { SheetProfile } from '../deck/sheet-profile-schema.ts';
import { backRect } from '../impose/duplex.ts';
import { planSheet } from '../impose/sheet-plan.ts';

/** One face where the imposer puts it: its printed bleed box on the sheet, turned counter-clockwise. */
export interface PlacedFace {
  cardId: string;
  side: 'front' | 'back';
  rect: Rect;
  /** The card's trim on the sheet: where the die cuts it. */
  trim: Rect;
  rotation: number;
}

/** One printed side of one sheet: fronts, backs, or both halves of a fold-over sheet. */
export interface SheetSide {
  sheet: number;
  side: 'front' | 'back' | 'fold-over' | 'work-and-turn';
  faces: PlacedFace[];
  marks: Segment[];
  fold?: Segment;
}

export interface SheetViewLayout {
  size: { width: number; height: number };
  perSheet: number;
  sheets: number;
  rotated: boolean;
  /** The bleed printed around each card on this profile (less than the deck's when the gutter is narrow). */
  bleed: number;
  pages: SheetSide[];
}

/**
 * Where each card lands on each sheet of a profile, in points with the origin bottom-left as in
 * PDF: the imposer's own plan of a sheet (`planSheet`: grid, fold-over, work-and-turn, duplex mirroring, marks) without drawing a PDF,
 * so the dev view shows the live faces where the print puts them.
 */
export function sheetViewLayout(
  profile: SheetProfile,
  geometry: FaceGeometry,
  cards: Array<{ id: string; count: number }>,
): SheetViewLayout {
  const { sheet: size, bleed, grid, fold, workAndTurn, backSide, turn, backTurn, slots, marks, backMarks } = planSheet(profile, geometry);
  const instances = cards.flatMap((card) => Array.from({ length: profile.copies ? card.count : 1 }, () => card.id));
  const perSheet = slots.length;
  const sheets = Math.ceil(instances.length / perSheet);
  const pages: SheetSide[] = [];
  for (let index = 0; index < sheets; index++) {
    const onSheet = instances.slice(index * perSheet, (index + 1) * perSheet);
    const fronts = onSheet.map((cardId, position) => ({
      cardId,
      side: 'front' as const,
      rect: slots[position]!.bleed,
      trim: slots[position]!.trim,
      rotation: turn,
    }));
    const backs = fronts.map((front) => ({
      cardId: front.cardId,
      side: 'back' as const,
      rect: backRect(front.rect, backSide),
      trim: backRect(front.trim, backSide),
      rotation: backTurn,
    }));
    if (fold)
      pages.push({
        sheet: index + 1,
        side: 'fold-over',
        faces: [...fronts, ...backs],
        marks: [...marks, ...backMarks],
        fold: fold.foldLine,
      });
    else if (workAndTurn) pages.push({ sheet: index + 1, side: 'work-and-turn', faces: [...fronts, ...backs], marks });
    else
      pages.push(
        { sheet: index + 1, side: 'front', faces: fronts, marks },
        { sheet: index + 1, side: 'back', faces: backs, marks: backMarks },
      );
  }
  return { size, perSheet, sheets, rotated: grid.rotated, bleed, pages };
}
