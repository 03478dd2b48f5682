import type { FaceGeometry } from '../deck/face-geometry.ts';
import type { Rect, Segment } from '../deck/rect.ts';
import type { SheetProfile } from '../deck/sheet-profile-schema.ts';
import { sheetSize } from '../deck/sheet-size.ts';
import { backCorrection, backPoint, backRect, backRotation, flipAxis, type BackSide } from '../impose/duplex.ts';
import { foldOverLayout, outsideTheFold } from '../impose/fold-over.ts';
import { computeGrid, gridInputFor, printedBleed } from '../impose/layout.ts';
import { markSegments } from '../impose/marks.ts';
import { gripperBand, outsideBand } from '../impose/gripper.ts';

/** One face where the imposer puts it: its printed bleed box on the sheet, turned counter-clockwise. */
export interface PlacedFace {
  cardId: string;
  side: 'front' | 'back';
  rect: Rect;
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
 * PDF: the imposer's own geometry (grid, fold-over, duplex mirroring, marks) without drawing a PDF,
 * so the dev view shows the live faces where the print puts them.
 */
export function sheetViewLayout(profile: SheetProfile, geometry: FaceGeometry, cards: Array<{ id: string; count: number }>): SheetViewLayout {
  const size = sheetSize(profile);
  const bleed = printedBleed(geometry.bleed, profile.gutter, profile.bleed);
  const input = gridInputFor(profile, geometry);
  const fold = profile.foldOver ? foldOverLayout({ ...input, ...profile.foldOver }) : undefined;
  const grid = fold?.grid ?? computeGrid(input);
  const duplex = profile.duplex ?? { flip: 'long-edge' as const, plates: 'sheetwise' as const, backOffset: { x: 0, y: 0 } };
  const workAndTurn = !fold && duplex.plates === 'work-and-turn';
  const axis = fold?.axis ?? flipAxis(duplex.flip, size);
  const backSide: BackSide = { sheet: size, axis, correction: fold || workAndTurn ? { x: 0, y: 0 } : backCorrection(duplex.backOffset, axis) };
  const turn = grid.rotated ? 90 : 0;
  const backTurn = turn + backRotation(axis, grid.rotated);
  const allMarks = markSegments(grid, size, { kind: profile.marks.kind, length: profile.marks.length, offset: Math.max(profile.marks.offset, bleed) });
  const marks = outsideBand(fold ? outsideTheFold(allMarks, fold) : allMarks, profile.gripper ? gripperBand(size, profile.gripper) : undefined);
  const backMarks = marks.map((mark) => {
    const [start, end] = [backPoint({ x: mark.x1, y: mark.y1 }, backSide), backPoint({ x: mark.x2, y: mark.y2 }, backSide)];
    return { x1: start.x, y1: start.y, x2: end.x, y2: end.y };
  });
  const instances = cards.flatMap((card) => Array.from({ length: profile.copies ? card.count : 1 }, () => card.id));
  // Work-and-turn fills the half of the plate before the turn axis; the other half takes the backs.
  const slots = workAndTurn ? grid.slots.filter((slot) => (axis === 'vertical' ? slot.column < Math.floor(grid.columns / 2) : slot.row < Math.floor(grid.rows / 2))) : grid.slots;
  const perSheet = slots.length;
  const sheets = Math.ceil(instances.length / perSheet);
  const pages: SheetSide[] = [];
  for (let index = 0; index < sheets; index++) {
    const onSheet = instances.slice(index * perSheet, (index + 1) * perSheet);
    const fronts = onSheet.map((cardId, position) => ({ cardId, side: 'front' as const, rect: slots[position]!.bleed, rotation: turn }));
    const backs = fronts.map((front) => ({ cardId: front.cardId, side: 'back' as const, rect: backRect(front.rect, backSide), rotation: backTurn }));
    if (fold) pages.push({ sheet: index + 1, side: 'fold-over', faces: [...fronts, ...backs], marks: [...marks, ...backMarks], fold: fold.foldLine });
    else if (workAndTurn) pages.push({ sheet: index + 1, side: 'work-and-turn', faces: [...fronts, ...backs], marks });
    else pages.push({ sheet: index + 1, side: 'front', faces: fronts, marks }, { sheet: index + 1, side: 'back', faces: backs, marks: backMarks });
  }
  return { size, perSheet, sheets, rotated: grid.rotated, bleed, pages };
}
