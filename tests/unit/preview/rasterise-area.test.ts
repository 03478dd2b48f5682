import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasteriseArea } from '../../../src/preview/rasterise.ts';

describe('rendering the same area of every page', () => {
  let dir: string;
  let pdf: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-area-'));
    const doc = await PDFDocument.create();
    for (let page = 0; page < 12; page++) doc.addPage([72, 72]);
    pdf = path.join(dir, 'pages.pdf');
    await writeFile(pdf, await doc.save());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hands every page on once, with its index', async () => {
    const seen: number[] = [];
    await rasteriseArea(pdf, 36, { left: 0, top: 0, width: 20, height: 20 }, async (raster, index) => {
      expect([raster.width, raster.height]).toEqual([20, 20]);
      seen.push(index);
    });
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
  });

  it('starts no page after one failed, and tells the failure once those under way have ended', async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const failure = rasteriseArea(pdf, 36, { left: 0, top: 0, width: 20, height: 20 }, async (_, index) => {
      started.push(index);
      if (index === 1) throw new Error('face 2 could not be encoded');
      await new Promise((resolve) => setTimeout(resolve, 50));
      ended.push(index);
    });
    await expect(failure).rejects.toThrow('face 2 could not be encoded');
    expect(started.length).toBeLessThan(12);
    expect(ended.sort()).toEqual(started.filter((index) => index !== 1).sort());
  });
});
