import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mmToPt } from '../../../src/deck/units.ts';
import { dieLinePdf } from '../../../src/impose/die-line.ts';
import { computeGrid, type Grid } from '../../../src/impose/layout.ts';
import { markSegments } from '../../../src/impose/marks.ts';
import { preflightFile } from '../../../src/preflight/preflight.ts';
import { tool } from '../../support/pdf-tools.ts';
import { inkNear, separate } from '../../support/separations.ts';

const sheet = { width: mmToPt(320), height: mmToPt(450) };
const RADIUS = mmToPt(3);
const DPI = 300;

describe('die file', () => {
  let dir: string;
  let file: string;
  let grid: Grid;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-die-'));
    grid = computeGrid({
      sheet,
      card: { width: mmToPt(74), height: mmToPt(105) },
      bleed: mmToPt(3),
      margin: mmToPt(10),
      gutter: mmToPt(12),
      rotate: 'auto',
    });
    const marks = markSegments(grid, sheet, { kind: 'crop', length: mmToPt(5), offset: mmToPt(3.5) });
    file = path.join(dir, 'die.pdf');
    await writeFile(
      file,
      await (
        await dieLinePdf({ sheet, grid, cuts: [grid.slots.map((slot) => slot.trim)], radius: RADIUS, marks, markWeight: 0.25 })
      ).save(),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('strokes one closed contour per card in the spot colour CutContour, 0.25 pt, overprinting (mutool trace)', async () => {
    const trace = await tool('mutool', ['trace', file]);
    const cut = [...trace.matchAll(/<stroke_path ([^>]*colorspace="Separation\(DeviceCMYK,CutContour\)"[^>]*)>([\s\S]*?)<\/stroke_path>/g)];
    expect(cut).toHaveLength(1);
    expect(cut[0]![1]).toMatch(/linewidth="\.25"/);
    expect(cut[0]![1]).toMatch(/ op="1"/);
    expect((cut[0]![2]!.match(/<closepath/g) ?? []).length).toBe(grid.slots.length);
    expect((cut[0]![2]!.match(/<curveto/g) ?? []).length).toBe(4 * grid.slots.length);
  });

  it("comes out of Ghostscript on a CutContour plate of its own, each card cut along its trim with the deck's corner radius", async () => {
    const { plates, plate } = await separate(file, 1, DPI, 'CutContour');
    expect(plates).toContain('CutContour');
    expect(plate).toBeDefined();
    const inset = RADIUS * (1 - Math.SQRT1_2);
    for (const { trim } of grid.slots) {
      const at = (x: number, y: number) => plate!.pixel(x, y);
      const [left, bottom, right, top] = [trim.x, trim.y, trim.x + trim.width, trim.y + trim.height];
      // The straight edges lie on the trim.
      for (const p of [
        at(left, bottom + trim.height / 2),
        at(right, bottom + trim.height / 2),
        at(left + trim.width / 2, top),
        at(left + trim.width / 2, bottom),
      ])
        expect(inkNear(plate!, p.x, p.y)).toBe(true);
      // The corners are cut round: nothing at the trim's corner point, the arc where a 3 mm circle passes.
      for (const [cx, cy, sx, sy] of [
        [left, bottom, 1, 1],
        [right, bottom, -1, 1],
        [right, top, -1, -1],
        [left, top, 1, -1],
      ] as const) {
        const corner = at(cx, cy);
        expect(inkNear(plate!, corner.x, corner.y), `corner ${cx.toFixed(0)},${cy.toFixed(0)}`).toBe(false);
        const arc = at(cx + sx * inset, cy + sy * inset);
        expect(inkNear(plate!, arc.x, arc.y)).toBe(true);
      }
    }
  });

  it('passes preflight, which names its spot colours', async () => {
    const report = await preflightFile(file, { workStyle: 'Simplex' });
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    const spots = report.checks.find((check) => check.name === 'spot colours')!;
    expect(spots.detail).toContain('All (registration)');
    expect(spots.detail).toContain(`1 CutContour stroke(s), 0.25 pt, overprinting`);
  });
});
