import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mmToPt } from '../../../src/deck/units.ts';
import { readYamlFile } from '../../../src/deck/yaml-source.ts';
import { validateSource } from '../../../src/deck/validate.ts';
import { computeGrid } from '../../../src/impose/layout.ts';
import { intersects } from '../../../src/deck/rect.ts';
import { markSegments } from '../../../src/impose/marks.ts';
import { SheetProfileSchema } from '../../../src/deck/sheet-profile-schema.ts';
import { sheetSize } from '../../../src/deck/sheet-size.ts';
import { REPO } from '../../support/fixtures.ts';

const dir = path.join(REPO, 'templates', 'sheets');
const names = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));

describe('marks never enter a card', () => {
  it.each(names)('%s validates and keeps every mark outside every bleed, for A7 and poker cards', async (name) => {
    const read = await readYamlFile(path.join(dir, name));
    const profile = validateSource(read.source!, SheetProfileSchema).value!;
    expect(profile).toBeDefined();
    for (const card of [
      { width: mmToPt(74), height: mmToPt(105) },
      { width: mmToPt(63), height: mmToPt(88) },
    ]) {
      const sheet = sheetSize(profile);
      const bleed = mmToPt(3);
      const grid = computeGrid({ sheet, card, bleed, margin: profile.margin, gutter: profile.gutter, rotate: profile.grid.rotate });
      const segments = markSegments(grid, sheet, {
        kind: profile.marks.kind,
        length: profile.marks.length,
        offset: Math.max(profile.marks.offset, bleed),
      });
      expect(segments.length).toBeGreaterThan(0);
      for (const s of segments) {
        const line = { x: Math.min(s.x1, s.x2), y: Math.min(s.y1, s.y2), width: Math.abs(s.x2 - s.x1), height: Math.abs(s.y2 - s.y1) };
        for (const slot of grid.slots) expect(intersects(slot.bleed, line)).toBe(false);
        expect(Math.min(s.x1, s.x2, s.y1, s.y2)).toBeGreaterThanOrEqual(0);
      }
      if (profile.marks.kind === 'crop') {
        for (const s of segments) expect(Math.hypot(s.x2 - s.x1, s.y2 - s.y1)).toBeCloseTo(mmToPt(5), 3);
      }
    }
  });
});
