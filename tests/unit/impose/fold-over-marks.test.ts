import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rect, Segment } from '../../../src/deck/rect.ts';
import { intersects } from '../../../src/deck/rect.ts';
import { SheetProfileSchema, type SheetProfile } from '../../../src/deck/sheet-profile-schema.ts';
import { mmToPt } from '../../../src/deck/units.ts';
import { validateSource } from '../../../src/deck/validate.ts';
import { readYamlFile } from '../../../src/deck/yaml-source.ts';
import { backRect } from '../../../src/impose/duplex.ts';
import { planSheet } from '../../../src/impose/sheet-plan.ts';
import { REPO } from '../../support/fixtures.ts';

// A fold-over sheet is cut through both layers after folding: every edge of every card, the one
// beside the fold included, needs a cut mark on the line of that edge, outside the cards.

async function profile(name: string): Promise<SheetProfile> {
  const read = await readYamlFile(path.join(REPO, 'templates', 'sheets', `${name}.yaml`));
  return validateSource(read.source!, SheetProfileSchema).value!;
}

const geometry = (width: number, height: number) => ({
  trimWidth: mmToPt(width),
  trimHeight: mmToPt(height),
  bleed: mmToPt(3),
  safe: mmToPt(5),
  width: mmToPt(width + 6),
  height: mmToPt(height + 6),
});

/** The four edges of a card as lines: x = const (left, right) and y = const (bottom, top). */
const edges = (trim: Rect) => [
  { vertical: true, at: trim.x },
  { vertical: true, at: trim.x + trim.width },
  { vertical: false, at: trim.y },
  { vertical: false, at: trim.y + trim.height },
];

/** A mark on the line of this edge: along it, at the same place. */
const marks = (edge: { vertical: boolean; at: number }, segments: Segment[]) =>
  segments.filter((s) =>
    edge.vertical
      ? Math.abs(s.x1 - edge.at) < 0.01 && Math.abs(s.x2 - edge.at) < 0.01
      : Math.abs(s.y1 - edge.at) < 0.01 && Math.abs(s.y2 - edge.at) < 0.01,
  );

describe('fold-over cut marks', () => {
  for (const name of ['school-a4-fold', 'school-letter-fold']) {
    for (const [width, height] of [
      [63, 88],
      [74, 105],
      [88, 63],
    ] as const) {
      it(`${name}, ${width} x ${height} mm cards: every edge of every front and back has a mark on its line, none inside a card`, async () => {
        const plan = planSheet(await profile(name), geometry(width, height));
        expect(plan.fold).toBeDefined();
        const all = [...plan.marks, ...plan.backMarks];
        const cards = plan.slots.flatMap((slot) => [slot.trim, backRect(slot.trim, plan.backSide)]);
        for (const trim of cards) {
          for (const edge of edges(trim)) expect(marks(edge, all).length, `a mark for ${JSON.stringify(edge)}`).toBeGreaterThan(0);
        }
        const bleeds = plan.slots.flatMap((slot) => [slot.bleed, backRect(slot.bleed, plan.backSide)]);
        for (const s of all) {
          const line = { x: Math.min(s.x1, s.x2), y: Math.min(s.y1, s.y2), width: Math.abs(s.x2 - s.x1), height: Math.abs(s.y2 - s.y1) };
          for (const bleed of bleeds) expect(intersects(bleed, line)).toBe(false);
        }
      });
    }
  }
});
