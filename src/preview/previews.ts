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

/** Cards in rows of up to eight, each front with its back below it, on a light table colour. */
async function writeContactSheet(cells: Buffer[], file: string, cellWidth: number, cellHeight: number): Promise<void> {
  const gap = 16;
  const cards = Math.ceil(cells.length / 2);
  const columns = Math.min(8, cards);
  const rows = Math.ceil(cards / columns);
  const width = columns * (cellWidth + gap) + gap;
  const height = rows * (2 * cellHeight + gap * 2) + gap;
  const composites = cells.map((input, index) => {
    const card = Math.floor(index / 2);
    const isBack = index % 2 === 1;
    const left = gap + (card % columns) * (cellWidth + gap);
    const top = gap + Math.floor(card / columns) * (2 * cellHeight + 2 * gap) + (isBack ? cellHeight + gap / 2 : 0);
    return { input, left, top };
  });
  await sharp({ create: { width, height, channels: 3, background: '#e9e6df' } })
    .composite(composites)
    .png()
    .toFile(file);
}
