import type { FaceGeometry } from '../deck/face-geometry.ts';
import { grow, type Rect } from '../deck/rect.ts';
import type { SheetProfile } from '../deck/sheet-profile-schema.ts';
import { sheetSize } from '../deck/sheet-size.ts';
import { ptToMm } from '../deck/units.ts';
import { flipAxis } from './duplex.ts';

/** Sheet geometry in points, origin bottom-left as in PDF. Pure: no I/O, table-tested. */

export interface GridInput {
  sheet: { width: number; height: number };
  card: { width: number; height: number };
  /** Bleed printed around each card (0 when cards are clipped at the trim). */
  bleed: number;
  margin: number;
  gutter: number;
  rotate: 'auto' | boolean;
  columns?: number;
  rows?: number;
  /**
   * The least distance from a paper edge to the nearest trim, where more than margin + bleed is
   * needed: the gripper edge of a press sheet, with room for the crop marks outside it.
   */
  keepOut?: Partial<Record<Edge, number>>;
  /** Work-and-turn: the axis the sheet turns about; only slots with a mirror partner across it count. */
  turnAxis?: 'vertical' | 'horizontal';
}

export type Edge = 'top' | 'bottom' | 'left' | 'right';

export interface Slot {
  row: number;
  column: number;
  /** The card's trim on the sheet (already turned when `rotated`). */
  trim: Rect;
  bleed: Rect;
}

export interface Grid {
  columns: number;
  rows: number;
  rotated: boolean;
  slots: Slot[];
  /** Outer extent of all trims and of all bleeds: the sheet's TrimBox and BleedBox. */
  trimExtent: Rect;
  bleedExtent: Rect;
}

/**
 * The bleed a sheet prints around each card: all of it when the gutter leaves room for two
 * bleeds, half the gutter when it does not (a 0 mm gutter butts the cards, which then share their
 * cuts), none when the profile clips cards at the trim. So a neighbour's bleed never covers a card,
 * and the grid counts only what is printed.
 */
export function printedBleed(bleed: number, gutter: number, profileBleed: boolean): number {
  return profileBleed ? Math.max(0, Math.min(bleed, gutter / 2)) : 0;
}

/** How many cards of `size` fit across `space` with `gutter` between trims and bleed outside the outer ones. */
export function fitCount(space: number, size: number, gutter: number, bleed: number): number {
  return Math.max(0, Math.floor((space - 2 * bleed + gutter + 1e-9) / (size + gutter)));
}

/** The grid input of a deck's faces on a profile's sheet: what the imposer lays out and `check` tests beforehand. */
export function gridInputFor(profile: SheetProfile, geometry: FaceGeometry): GridInput {
  const bleed = printedBleed(geometry.bleed, profile.gutter, profile.bleed);
  const sheet = sheetSize(profile);
  return {
    sheet,
    card: { width: geometry.trimWidth, height: geometry.trimHeight },
    bleed,
    margin: profile.margin,
    gutter: profile.gutter,
    rotate: profile.grid.rotate,
    columns: profile.grid.columns,
    rows: profile.grid.rows,
    keepOut: profile.gripper ? { [profile.gripper.edge]: profile.gripper.depth + markReach(profile, bleed) } : undefined,
    turnAxis: profile.duplex?.plates === 'work-and-turn' ? flipAxis(profile.duplex.flip, sheet) : undefined,
  };
}

/** How far beyond the trim a profile prints: its crop marks' far end, or the bleed where marks are cut lines that stop short. */
export function markReach(profile: Pick<SheetProfile, 'marks'>, bleed: number): number {
  return profile.marks.kind === 'crop' ? Math.max(profile.marks.offset, bleed) + profile.marks.length : bleed;
}

/** The slots a layout can use: all, or for work-and-turn only those with a partner across the turn axis. */
function usableSlots(columns: number, rows: number, turnAxis?: 'vertical' | 'horizontal'): number {
  if (turnAxis === 'vertical') return (columns - (columns % 2)) * rows;
  if (turnAxis === 'horizontal') return columns * (rows - (rows % 2));
  return columns * rows;
}

function chooseLayout(input: GridInput) {
  const options = input.rotate === 'auto' ? [false, true] : [input.rotate];
  const candidates = options.map((rotated) => {
    const width = rotated ? input.card.height : input.card.width;
    const height = rotated ? input.card.width : input.card.height;
    // The room inside the margins, less what a gripper edge keeps out beyond its margin.
    const beyond = (edge: Edge) => Math.max(0, inset(input, edge) - input.margin - input.bleed);
    const usableWidth = input.sheet.width - 2 * input.margin - beyond('left') - beyond('right');
    const usableHeight = input.sheet.height - 2 * input.margin - beyond('top') - beyond('bottom');
    const columns = input.columns ?? fitCount(usableWidth, width, input.gutter, input.bleed);
    const rows = input.rows ?? fitCount(usableHeight, height, input.gutter, input.bleed);
    return { rotated, width, height, columns, rows, usableWidth, usableHeight };
  });
  const score = (c: (typeof candidates)[number]) => usableSlots(c.columns, c.rows, input.turnAxis);
  return candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
}

/** The least distance from a paper edge to the trims. */
function inset(input: GridInput, edge: Edge): number {
  return Math.max(input.margin + input.bleed, input.keepOut?.[edge] ?? 0);
}

/**
 * Why the cards cannot be laid out on the sheet (none fits inside the margins, or a fixed grid is
 * larger than the sheet), or undefined when they can: one rule for the imposer and for `check`.
 */
function layoutProblem(input: GridInput): string | undefined {
  const best = chooseLayout(input);
  const mm = (pt: number) => ptToMm(pt).toFixed(1);
  const size = (width: number, height: number) => `${mm(width)} x ${mm(height)} mm`;
  const card = `a ${size(best.width, best.height)} card with ${mm(input.bleed)} mm bleed`;
  const room = `${size(best.usableWidth, best.usableHeight)} inside the margins${input.keepOut ? ' and the gripper' : ''}`;
  if (best.columns * best.rows === 0) return `${card} does not fit on the sheet: it has ${room}`;
  const need = (count: number, size: number) => count * size + (count - 1) * input.gutter + 2 * input.bleed;
  const needWidth = need(best.columns, best.width);
  const needHeight = need(best.rows, best.height);
  if (needWidth > best.usableWidth + 0.01 || needHeight > best.usableHeight + 0.01) {
    return `${best.columns} x ${best.rows} of ${card} need ${size(needWidth, needHeight)}; the sheet has ${room}`;
  }
  return undefined;
}

/**
 * The grid with the most cards (turned when that fits more, unless the profile fixes it), centred
 * on the sheet, then moved the least it must to keep clear of a gripper edge.
 */
export function computeGrid(input: GridInput): Grid {
  const problem = layoutProblem(input);
  if (problem) throw new RangeError(problem);
  const best = chooseLayout(input);
  const gridWidth = best.columns * best.width + (best.columns - 1) * input.gutter;
  const gridHeight = best.rows * best.height + (best.rows - 1) * input.gutter;
  const within = (centred: number, low: number, high: number) => Math.min(Math.max(centred, low), high);
  const left = within((input.sheet.width - gridWidth) / 2, inset(input, 'left'), input.sheet.width - inset(input, 'right') - gridWidth);
  const top =
    within((input.sheet.height - gridHeight) / 2, inset(input, 'bottom'), input.sheet.height - inset(input, 'top') - gridHeight) +
    gridHeight;
  const slots: Slot[] = [];
  for (let row = 0; row < best.rows; row++) {
    for (let column = 0; column < best.columns; column++) {
      const trim = {
        x: left + column * (best.width + input.gutter),
        y: top - (row + 1) * best.height - row * input.gutter,
        width: best.width,
        height: best.height,
      };
      slots.push({ row, column, trim, bleed: grow(trim, input.bleed) });
    }
  }
  const trimExtent = { x: left, y: top - gridHeight, width: gridWidth, height: gridHeight };
  return { columns: best.columns, rows: best.rows, rotated: best.rotated, slots, trimExtent, bleedExtent: grow(trimExtent, input.bleed) };
}
