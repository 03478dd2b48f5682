import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, rgb } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflightFile } from '../../../src/preflight/preflight.ts';

const MM = 72 / 25.4;
const BLEED = 3 * MM;
const MEDIA = { width: 66 * MM, height: 86 * MM };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-user-unit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/*
 * A file given an ink limit is read from Ghostscript's CMYK raster, which drew a page with
 * /UserUnit 2 at twice its size: the bleed was read from the wrong pixels.
 */
describe('a page scaled by /UserUnit, read from the CMYK raster', () => {
  it('is told as scaled, and its blank bleed found as on any other page', async () => {
    const doc = await PDFDocument.create();
    for (const inset of [0, BLEED]) {
      const page = doc.addPage([MEDIA.width, MEDIA.height]);
      page.setBleedBox(0, 0, MEDIA.width, MEDIA.height);
      page.setTrimBox(BLEED, BLEED, MEDIA.width - 2 * BLEED, MEDIA.height - 2 * BLEED);
      page.drawRectangle({ x: inset, y: 0, width: MEDIA.width - inset, height: MEDIA.height, color: rgb(0.5, 0.5, 0.5) });
      page.node.set(PDFName.of('UserUnit'), doc.context.obj(2));
    }
    const file = path.join(dir, 'scaled.pdf');
    await writeFile(file, await doc.save());
    const report = await preflightFile(file, { minBleed: BLEED, inkLimit: 300 });
    const pages = (code: string) =>
      report.problems.filter((problem) => problem.code === code).map((problem) => (problem.location as { page: number }).page);
    expect(pages('page-scaled')).toEqual([1, 2]);
    expect(pages('bleed-not-filled')).toEqual([2]);
    expect(pages('pdf-unreadable')).toEqual([]);
  });
});
