import { describe, expect, it } from 'vitest';
import { mmToPt } from '../../../src/deck/units.ts';
import { computeGrid, printedBleed } from '../../../src/impose/layout.ts';
import { contains, intersects } from '../../../src/deck/rect.ts';

const mm = mmToPt;
const SHEETS = {
  A4: { width: mm(210), height: mm(297) },
  Letter: { width: mm(215.9), height: mm(279.4) },
  A3: { width: mm(297), height: mm(420) },
  SRA3: { width: mm(320), height: mm(450) },
};

describe('the grid puts the most cards on a sheet', () => {
  // The print spec's numbers: poker 63 x 88 mm, 3 mm bleed, 6 mm between trims, 10 mm margins.
  it.each([
    ['A4', 8, true],
    ['Letter', 6, true],
    ['A3', 16, false],
    ['SRA3', 18, true],
  ] as const)('poker cards on %s: %i per sheet (turned: %s)', (sheet, count, rotated) => {
    const grid = computeGrid({
      sheet: SHEETS[sheet],
      card: { width: mm(63), height: mm(88) },
      bleed: mm(3),
      margin: mm(10),
      gutter: mm(6),
      rotate: 'auto',
    });
    expect(grid.slots).toHaveLength(count);
    expect(grid.rotated).toBe(rotated);
  });

  it.each([
    ['A4', 6, 4, false],
    ['SRA3', 12, 10, true],
  ] as const)('SWAN A7 cards on %s with %i mm gutters: %i per sheet', (sheet, gutter, count, rotated) => {
    const grid = computeGrid({
      sheet: SHEETS[sheet],
      card: { width: mm(74), height: mm(105) },
      bleed: mm(3),
      margin: mm(10),
      gutter: mm(gutter),
      rotate: 'auto',
    });
    expect(grid.slots).toHaveLength(count);
    expect(grid.rotated).toBe(rotated);
  });

  it('keeps the grid centred, so front margins mirror exactly', () => {
    const grid = computeGrid({
      sheet: SHEETS.A4,
      card: { width: mm(63), height: mm(88) },
      bleed: mm(3),
      margin: mm(10),
      gutter: mm(6),
      rotate: false,
    });
    const { x, y, width, height } = grid.bleedExtent;
    expect(x).toBeCloseTo(SHEETS.A4.width - x - width, 6);
    expect(y).toBeCloseTo(SHEETS.A4.height - y - height, 6);
  });

  it('keeps every bleed inside the margins and apart from its neighbours', () => {
    const grid = computeGrid({
      sheet: SHEETS.SRA3,
      card: { width: mm(74), height: mm(105) },
      bleed: mm(3),
      margin: mm(10),
      gutter: mm(12),
      rotate: 'auto',
    });
    const inside = { x: mm(10), y: mm(10), width: SHEETS.SRA3.width - mm(20), height: SHEETS.SRA3.height - mm(20) };
    for (const slot of grid.slots) expect(contains(inside, slot.bleed)).toBe(true);
    for (const a of grid.slots) for (const b of grid.slots) if (a !== b) expect(intersects(a.bleed, b.bleed)).toBe(false);
  });

  it('honours a grid the profile fixes', () => {
    const grid = computeGrid({
      sheet: SHEETS.A4,
      card: { width: mm(63), height: mm(88) },
      bleed: 0,
      margin: mm(10),
      gutter: 0,
      rotate: false,
      columns: 2,
      rows: 2,
    });
    expect([grid.columns, grid.rows, grid.rotated]).toEqual([2, 2, false]);
  });

  it('refuses a card that does not fit at all', () => {
    expect(() =>
      computeGrid({ sheet: SHEETS.A4, card: { width: mm(300), height: mm(400) }, bleed: mm(3), margin: mm(10), gutter: 0, rotate: 'auto' }),
    ).toThrow(/does not fit/);
  });
});

describe('a profile gets what it asks for', () => {
  const poker = { width: mm(63), height: mm(88) };
  const grid = (gutter: number, profileBleed: boolean) => {
    const bleed = printedBleed(mm(3), mm(gutter), profileBleed);
    return { bleed, grid: computeGrid({ sheet: SHEETS.A4, card: poker, bleed, margin: mm(10), gutter: mm(gutter), rotate: 'auto' }) };
  };

  it('a 0 mm gutter butts the cards: no bleed is printed, and 9 poker cards fit on A4 instead of 8', () => {
    const { bleed, grid: butted } = grid(0, true);
    expect(bleed).toBe(0);
    expect(butted.slots).toHaveLength(9);
    const [first, second] = butted.slots;
    expect(second!.trim.x).toBeCloseTo(first!.trim.x + first!.trim.width, 6);
    expect(butted.bleedExtent).toEqual(butted.trimExtent);
  });

  it('a gutter narrower than two bleeds prints half the gutter as bleed, so neighbours never overlap', () => {
    const { bleed, grid: narrow } = grid(4, true);
    expect(bleed).toBeCloseTo(mm(2), 6);
    for (const [index, slot] of narrow.slots.entries()) {
      for (const other of narrow.slots.slice(index + 1)) expect(intersects(slot.bleed, other.trim)).toBe(false);
    }
  });

  it('bleed: false clips every card at its trim; a wide gutter keeps the whole bleed', () => {
    expect(grid(6, false).bleed).toBe(0);
    expect(grid(6, true).bleed).toBeCloseTo(mm(3), 6);
  });
});
