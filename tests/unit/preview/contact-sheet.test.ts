import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeContactSheet } from '../../../src/preview/previews.ts';

const CELL = { width: 30, height: 42 };
const GAP = 16;
const TABLE = [0xe9, 0xe6, 0xdf];

/** Face `index` as a cell of one colour of its own: fronts reddish, backs bluish. */
const colourOf = (index: number) => (index % 2 === 0 ? [200, index * 3, 10] : [10, index * 3, 200]);

async function cells(count: number): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: count }, (_, index) => {
      const [r, g, b] = colourOf(index);
      return sharp({ create: { ...CELL, channels: 3, background: { r: r!, g: g!, b: b! } } })
        .png()
        .toBuffer();
    }),
  );
}

describe('the contact sheet', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-contact-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function sheet(faces: number) {
    const file = path.join(dir, `sheet-${faces}.png`);
    await writeContactSheet(await cells(faces), file, CELL.width, CELL.height);
    const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    return { info, pixel };
  }

  it.each([
    ['one row of three cards', 6, 3, 1],
    ['eight cards to a row, the last row short', 38, 8, 3],
  ])('sets %s: each front above its back, on the table colour', async (_, faces, columns, rows) => {
    const { info, pixel } = await sheet(faces);
    expect([info.width, info.height]).toEqual([columns * (CELL.width + GAP) + GAP, rows * (2 * CELL.height + 2 * GAP) + GAP]);
    for (let index = 0; index < faces; index++) {
      const card = Math.floor(index / 2);
      const left = GAP + (card % columns) * (CELL.width + GAP);
      const top = GAP + Math.floor(card / columns) * (2 * CELL.height + 2 * GAP) + (index % 2 ? CELL.height + GAP / 2 : 0);
      expect(pixel(left, top), `face ${index}`).toEqual(colourOf(index));
      expect(pixel(left + CELL.width - 1, top + CELL.height - 1), `face ${index}`).toEqual(colourOf(index));
    }
    expect(pixel(0, 0)).toEqual(TABLE);
    expect(pixel(info.width - 1, info.height - 1)).toEqual(TABLE);
    // Where a short last row has no card, the table shows.
    if (faces / 2 < columns * rows) expect(pixel(info.width - GAP - 1, info.height - GAP - 1)).toEqual(TABLE);
  });
});
