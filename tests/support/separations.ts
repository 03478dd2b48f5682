import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const exec = promisify(execFile);

/** One plate of a page as Ghostscript's tiffsep separates it: which pixels carry ink. */
export interface Plate {
  width: number;
  height: number;
  dpi: number;
  /** Whether the pixel at (x, y), top left origin, carries any of this colorant. */
  inked: (x: number, y: number) => boolean;
  /** The pixel at a point in PDF points (bottom left origin). */
  pixel: (xPt: number, yPt: number) => { x: number; y: number };
}

/**
 * Separates one page with Ghostscript (tiffsep: one file per process colour and per spot colour),
 * as a RIP would, and returns the names of every plate and the one asked for.
 */
export async function separate(file: string, page: number, dpi: number, colorant: string): Promise<{ plates: string[]; plate?: Plate }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-sep-'));
  try {
    await exec('gs', [
      '-q',
      '-dSAFER',
      '-dBATCH',
      '-dNOPAUSE',
      '-sDEVICE=tiffsep',
      `-r${dpi}`,
      `-dFirstPage=${page}`,
      `-dLastPage=${page}`,
      `-sOutputFile=${path.join(dir, 'p.tif')}`,
      file,
    ]);
    const plates = (await readdir(dir)).flatMap((name) => /^p\((.+)\)\.tif$/.exec(name)?.slice(1) ?? []);
    if (!plates.includes(colorant)) return { plates };
    const { data, info } = await sharp(await readFile(path.join(dir, `p(${colorant}).tif`)))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const scale = dpi / 72;
    return {
      plates,
      plate: {
        width: info.width,
        height: info.height,
        dpi,
        inked: (x, y) => x >= 0 && y >= 0 && x < info.width && y < info.height && data[(y * info.width + x) * info.channels]! < 128,
        pixel: (xPt, yPt) => ({ x: Math.round(xPt * scale), y: Math.round(info.height - yPt * scale) }),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether any pixel within `radius` pixels of (x, y) is inked: a 0.25 pt line is one pixel wide at 300 dpi. */
export function inkNear(plate: Plate, x: number, y: number, radius = 2): boolean {
  for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) if (plate.inked(x + dx, y + dy)) return true;
  return false;
}
