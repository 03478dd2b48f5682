import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import type { Raster } from '../shared/ppm.ts';
import { rasteriseArea } from './rasterise.ts';

const PREVIEW_DPI = 150;
const THUMB_WIDTH = 240;

export interface PreviewSet {
  /** Trimmed PNG per page of cards.pdf, relative to the output folder. */
  pngs: string[];
  thumbs: string[];
  contactSheet: string;
}

/**
 * PNG per face (trimmed to the card, as the client will hold it), a WebP thumbnail each, and one
 * contact sheet with fronts above their backs: what goes into an e-mail or an e-learning page.
 */
export async function makePreviews(cardsPdf: string, outDir: string, names: string[], geometry: FaceGeometry): Promise<PreviewSet> {
  const previewDir = path.join(outDir, 'previews');
  await mkdir(previewDir, { recursive: true });
  const scale = PREVIEW_DPI / 72;
  const trim = {
    left: Math.round(geometry.bleed * scale),
    top: Math.round(geometry.bleed * scale),
    width: Math.round(geometry.trimWidth * scale),
    height: Math.round(geometry.trimHeight * scale),
  };
  const pngs: string[] = [];
  const thumbs: string[] = [];
  const cell = { width: Math.round(trim.width / 2), height: Math.round(trim.height / 2) };
  // Only each face's cell of the contact sheet is kept, compressed: a 1000-card deck's faces at full size fill 1.6 GB.
  const cells: Buffer[] = [];
  await rasteriseArea(cardsPdf, PREVIEW_DPI, trim, async (face, index) => {
    const name = names[index] ?? `page-${index + 1}`;
    const png = path.join(previewDir, `${name}.png`);
    const thumb = path.join(previewDir, `${name}.webp`);
    [cells[index]] = await Promise.all([
      pixels(face).resize(cell.width, cell.height).png({ compressionLevel: 1 }).toBuffer(),
      // At the resolution it was rendered at, so a page that places it shows the card at its size.
      pixels(face).withDensity(PREVIEW_DPI).png().toFile(png),
      pixels(face).resize({ width: THUMB_WIDTH }).webp({ quality: 82 }).toFile(thumb),
    ]);
    pngs[index] = path.relative(outDir, png);
    thumbs[index] = path.relative(outDir, thumb);
  });
  const contactSheet = path.join(outDir, 'contact-sheet.png');
  await writeContactSheet(cells, contactSheet, cell.width, cell.height);
  return { pngs, thumbs, contactSheet: path.relative(outDir, contactSheet) };
}

/** A raster as sharp takes raw pixels. */
function pixels(raster: Raster): Sharp {
  return sharp(raster.rgb, { raw: { width: raster.width, height: raster.height, channels: 3 } });
}

/**
 * Cards in rows of up to eight, each front with its back below it, on a light table colour. Made a
 * row at a time and the rows joined: composed at once, a 1000-card deck's 2000 cells took 1.5 GB.
 */
export async function writeContactSheet(cells: Buffer[], file: string, cellWidth: number, cellHeight: number): Promise<void> {
  const gap = 16;
  const background = '#e9e6df';
  const cards = Math.ceil(cells.length / 2);
  const columns = Math.min(8, cards);
  const width = columns * (cellWidth + gap) + gap;
  const rowHeight = 2 * cellHeight + gap * 2;
  const strips: Buffer[] = [];
  for (let first = 0; first < cards; first += columns) {
    const composites = cells.slice(2 * first, 2 * (first + columns)).map((input, index) => {
      const isBack = index % 2 === 1;
      const left = gap + Math.floor(index / 2) * (cellWidth + gap);
      const top = gap + (isBack ? cellHeight + gap / 2 : 0);
      return { input, left, top };
    });
    strips.push(
      await sharp({ create: { width, height: rowHeight, channels: 3, background } })
        .composite(composites)
        .png({ compressionLevel: 1 })
        .toBuffer(),
    );
  }
  // sharp joins two images or more; the table's edge goes below the last row.
  await (strips.length > 1 ? sharp(strips, { join: { across: 1 } }) : sharp(strips[0]))
    .extend({ bottom: gap, background })
    .png()
    .toFile(file);
}
