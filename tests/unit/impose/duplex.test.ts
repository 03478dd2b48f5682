import { describe, expect, it } from 'vitest';
import { mmToPt } from '../../../src/deck/units.ts';
import { backCorrection, backPosition, backRotation, flipAxis, mirrorRect } from '../../../src/impose/duplex.ts';
import { computeGrid } from '../../../src/impose/layout.ts';

const A4 = { width: mmToPt(210), height: mmToPt(297) };
const LANDSCAPE = { width: A4.height, height: A4.width };

describe('duplex: every back lands behind its front', () => {
  it.each([
    ['long-edge', A4, 'vertical'],
    ['short-edge', A4, 'horizontal'],
    ['long-edge', LANDSCAPE, 'horizontal'],
    ['short-edge', LANDSCAPE, 'vertical'],
  ] as const)('%s flip on a %o sheet turns about the %s axis', (flip, sheet, axis) => {
    expect(flipAxis(flip, sheet)).toBe(axis);
  });

  it.each(['vertical', 'horizontal'] as const)('about the %s axis the mirrored slot is the grid position backPosition names', (axis) => {
    for (const rotate of [false, true]) {
      const grid = computeGrid({
        sheet: A4,
        card: { width: mmToPt(63), height: mmToPt(88) },
        bleed: mmToPt(3),
        margin: mmToPt(10),
        gutter: mmToPt(6),
        rotate,
      });
      for (const slot of grid.slots) {
        const target = backPosition(slot.row, slot.column, grid, axis);
        const expected = grid.slots.find((s) => s.row === target.row && s.column === target.column)!;
        const mirrored = mirrorRect(slot.bleed, A4, axis);
        expect(mirrored.x).toBeCloseTo(expected.bleed.x, 6);
        expect(mirrored.y).toBeCloseTo(expected.bleed.y, 6);
      }
    }
  });

  it('long edge on a portrait sheet mirrors the columns: (r, c) goes to (r, cols-1-c)', () => {
    expect(backPosition(0, 0, { rows: 4, columns: 2 }, 'vertical')).toEqual({ row: 0, column: 1 });
    expect(backPosition(3, 1, { rows: 4, columns: 2 }, 'vertical')).toEqual({ row: 3, column: 0 });
  });

  it('short edge mirrors the rows: (r, c) goes to (rows-1-r, c)', () => {
    expect(backPosition(0, 1, { rows: 4, columns: 2 }, 'horizontal')).toEqual({ row: 3, column: 1 });
  });

  it.each([
    ['vertical', false, 0],
    ['horizontal', false, 180],
    ['vertical', true, 180],
    ['horizontal', true, 0],
  ] as const)('turning about the %s axis, cards turned %s: backs get %i degrees more', (axis, rotated, turn) => {
    expect(backRotation(axis, rotated)).toBe(turn);
  });

  it('cancels a measured misregistration in back-side coordinates', () => {
    expect(backCorrection({ x: 4, y: 2 }, 'vertical')).toEqual({ x: 4, y: -2 });
    expect(backCorrection({ x: 4, y: 2 }, 'horizontal')).toEqual({ x: -4, y: 2 });
  });
});
