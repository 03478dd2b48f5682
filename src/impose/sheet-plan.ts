import type { FaceGeometry } from '../deck/face-geometry.ts';
import type { Rect, Segment } from '../deck/rect.ts';
import type { SheetProfile } from '../deck/sheet-profile-schema.ts';
import { backCorrection, backPoint, backRotation, flipAxis, type BackSide } from './duplex.ts';
import { foldOverLayout, outsideTheFold, type FoldAxis, type FoldOverLayout } from './fold-over.ts';
import { gripperBand, outsideBand } from './gripper.ts';
import { computeGrid, gridInputFor, type Grid, type Slot } from './layout.ts';
import { markSegments } from './marks.ts';

/**
 * Where everything goes on one sheet of a profile, before anything is drawn: the grid, the slots
 * that take fronts, where their backs land, the marks of both sides. The imposer draws from it and
 * the dev sheet view shows it, so the two cannot disagree.
 */
export interface SheetPlan {
  sheet: { width: number; height: number };
  /** The bleed printed around each card on this profile (less than the deck's when the gutter is narrow). */
  bleed: number;
  grid: Grid;
  fold?: FoldOverLayout;
  /** Both sides from one plate: fronts on one half, each back where its front lands once the sheet turns. */
  workAndTurn: boolean;
  axis: FoldAxis;
  backSide: BackSide;
  /** The press's gripper band, which stays empty. */
  band?: Rect;
  /** Counter-clockwise turn of every front, and of every back. */
  turn: number;
  backTurn: number;
  /** The slots that take a front, in fill order. */
  slots: Slot[];
  /** The marks of the fronts side, and the same marks where they land on the backs side. */
  marks: Segment[];
  backMarks: Segment[];
}

export function planSheet(profile: SheetProfile, geometry: FaceGeometry): SheetPlan {
  const input = gridInputFor(profile, geometry);
  const { sheet, bleed } = input;
  const fold = profile.foldOver ? foldOverLayout({ ...input, ...profile.foldOver }) : undefined;
  const grid = fold?.grid ?? computeGrid(input);
  const duplex = profile.duplex ?? { flip: 'long-edge' as const, plates: 'sheetwise' as const, backOffset: { x: 0, y: 0 } };
  const workAndTurn = !fold && duplex.plates === 'work-and-turn';
  const axis = fold?.axis ?? flipAxis(duplex.flip, sheet);
  // A fold turns the paper about the fold line, the sheet's centre line, and work-and-turn prints
  // both sides from one plate: neither has a back of its own to correct for a printer's drift.
  const backSide: BackSide = { sheet, axis, correction: fold || workAndTurn ? { x: 0, y: 0 } : backCorrection(duplex.backOffset, axis) };
  const band = profile.gripper ? gripperBand(sheet, profile.gripper) : undefined;
  const turn = grid.rotated ? 90 : 0;
  const backTurn = turn + backRotation(axis, grid.rotated);
  // Work-and-turn fills the half of the plate before the turn axis; the other half takes the backs.
  const slots = workAndTurn
    ? grid.slots.filter((slot) => (axis === 'vertical' ? slot.column < Math.floor(grid.columns / 2) : slot.row < Math.floor(grid.rows / 2)))
    : grid.slots;
  if (slots.length === 0)
    throw new RangeError(`work-and-turn needs at least two cards across the turn; this sheet holds ${grid.columns} x ${grid.rows}`);
  const allMarks = markSegments(grid, sheet, {
    kind: profile.marks.kind,
    length: profile.marks.length,
    offset: Math.max(profile.marks.offset, bleed),
  });
  const marks = outsideBand(fold ? outsideTheFold(allMarks, fold) : allMarks, band);
  const backMarks = marks.map((mark) => {
    const [start, end] = [backPoint({ x: mark.x1, y: mark.y1 }, backSide), backPoint({ x: mark.x2, y: mark.y2 }, backSide)];
    return { x1: start.x, y1: start.y, x2: end.x, y2: end.y };
  });
  return { sheet, bleed, grid, fold, workAndTurn, axis, backSide, band, turn, backTurn, slots, marks, backMarks };
}
