import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { parsePpm, type Raster } from '../shared/ppm.ts';
import { withTempFolder } from '../shared/temp-folder.ts';
import { pageRuns, poppler } from './poppler.ts';

/** The resolution faces are compared at: fine enough to see a changed letter, small enough to be quick. */
export const PROOF_DPI = 150;

/** A rectangle in pixels of the raster it was found in, from the top left corner. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Pages of a PDF (one-based) as rasters at `dpi`, by poppler's pdftoppm: the print file as a RIP
 * sees it.
 */
export async function rasterisePages(pdfFile: string, pages: number[], dpi = PROOF_DPI): Promise<Map<number, Raster>> {
  const rasters = new Map<number, Raster>();
  await withTempFolder('kaartenset-proof-', async (dir) => {
    for (const [first, last] of pageRuns(pages)) {
      const prefix = path.join(dir, `p${first}`);
      await poppler('pdftoppm', ['-r', String(dpi), '-f', String(first), '-l', String(last), pdfFile, prefix]);
      // pdftoppm numbers its files page by page, padded to the width of the document's last page number.
      const files = (await readdir(dir)).filter((file) => file.startsWith(`p${first}-`) && file.endsWith('.ppm'));
      for (const file of files) {
        const page = Number(/-(\d+)\.ppm$/.exec(file)![1]);
        rasters.set(page, parsePpm(await readFile(path.join(dir, file))));
      }
    }
  });
  return rasters;
}

/** A channel that moved this far is a change; less is the noise of anti-aliasing. */
const CHANNEL_TOLERANCE = 32;
/** Changed pixels are gathered in cells of this many pixels a side, and touching cells in one box. */
const CELL = 8;

export interface PixelDifference {
  /** Pixels that differ (in the larger of the two rasters). */
  changed: number;
  /** The areas that changed, each outlined by a box around touching changes. */
  boxes: PixelBox[];
  /** Before in grey, the changes in red: what the difference column shows. */
  image: Raster;
}

/**
 * Where two rasters of one face differ. Rasters of different sizes (a changed trim or bleed) are
 * compared from their top left corners, and everything outside the smaller one is a change.
 */
export function diffRasters(before: Raster, after: Raster): PixelDifference {
  const width = Math.max(before.width, after.width);
  const height = Math.max(before.height, after.height);
  const image = new Uint8Array(width * height * 3);
  const columns = Math.ceil(width / CELL);
  const rows = Math.ceil(height / CELL);
  const cells = new Uint8Array(columns * rows);
  let changed = 0;
  const pixel = (raster: Raster, x: number, y: number) => (x < raster.width && y < raster.height ? (y * raster.width + x) * 3 : -1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = pixel(before, x, y);
      const b = pixel(after, x, y);
      const out = (y * width + x) * 3;
      let differs = a < 0 || b < 0;
      if (!differs) for (let c = 0; c < 3; c++) if (Math.abs(before.rgb[a + c]! - after.rgb[b + c]!) > CHANNEL_TOLERANCE) differs = true;
      if (differs) {
        changed++;
        cells[Math.floor(y / CELL) * columns + Math.floor(x / CELL)] = 1;
        image[out] = 220;
        image[out + 1] = 20;
        image[out + 2] = 60;
      } else {
        // The unchanged face, faded, so the changes stand out and the face is still recognisable.
        const grey = (before.rgb[a]! * 0.3 + before.rgb[a + 1]! * 0.59 + before.rgb[a + 2]! * 0.11) * 0.35 + 255 * 0.65;
        image[out] = image[out + 1] = image[out + 2] = grey;
      }
    }
  }
  return { changed, boxes: cellBoxes(cells, columns, rows, width, height), image: { width, height, rgb: image } };
}

/** Boxes around groups of touching changed cells (8-neighbours), a cell of margin around each. */
function cellBoxes(cells: Uint8Array, columns: number, rows: number, width: number, height: number): PixelBox[] {
  const seen = new Uint8Array(cells.length);
  const boxes: PixelBox[] = [];
  for (let start = 0; start < cells.length; start++) {
    if (!cells[start] || seen[start]) continue;
    let [x0, y0, x1, y1] = [columns, rows, 0, 0];
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const cell = stack.pop()!;
      const cx = cell % columns;
      const cy = Math.floor(cell / columns);
      [x0, y0, x1, y1] = [Math.min(x0, cx), Math.min(y0, cy), Math.max(x1, cx), Math.max(y1, cy)];
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = cx + dx;
          const ny = cy + dy;
          const next = ny * columns + nx;
          if (nx >= 0 && ny >= 0 && nx < columns && ny < rows && cells[next] && !seen[next]) {
            seen[next] = 1;
            stack.push(next);
          }
        }
    }
    const x = Math.max(0, (x0 - 1) * CELL);
    const y = Math.max(0, (y0 - 1) * CELL);
    boxes.push({ x, y, width: Math.min(width, (x1 + 2) * CELL) - x, height: Math.min(height, (y1 + 2) * CELL) - y });
  }
  return boxes;
}

/** The raster with each box outlined in a 3-pixel red frame. */
export function outline(raster: Raster, boxes: PixelBox[]): Raster {
  // A copy: a raster read from a file holds a Buffer, whose slice() is a view of the same bytes.
  const rgb = Uint8Array.from(raster.rgb);
  const paint = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return;
    const at = (y * raster.width + x) * 3;
    rgb[at] = 220;
    rgb[at + 1] = 20;
    rgb[at + 2] = 60;
  };
  for (const box of boxes)
    for (let t = 0; t < 3; t++) {
      for (let x = box.x - t; x < box.x + box.width + t; x++) {
        paint(x, box.y - t);
        paint(x, box.y + box.height - 1 + t);
      }
      for (let y = box.y - t; y < box.y + box.height + t; y++) {
        paint(box.x - t, y);
        paint(box.x + box.width - 1 + t, y);
      }
    }
  return { ...raster, rgb };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An RGB raster as a PNG file (8-bit truecolour, no filter), to show in a page. */
export function encodePng(raster: Raster): Uint8Array {
  const { width, height, rgb } = raster;
  const rows = new Uint8Array(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  const chunk = (type: string, data: Uint8Array) => {
    const body = new Uint8Array(4 + data.length);
    body.set(new TextEncoder().encode(type));
    body.set(data, 4);
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(body, 4);
    view.setUint32(8 + data.length, crc32(body));
    return out;
  };
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    // The fastest compression: these images are shown once, in a page that is read on the spot.
    chunk('IDAT', deflateSync(rows, { level: 1 })),
    chunk('IEND', new Uint8Array()),
  ];
  const png = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    png.set(part, at);
    at += part.length;
  }
  return png;
}
