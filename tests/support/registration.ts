import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const exec = promisify(execFile);

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface RenderedSide {
  width: number;
  height: number;
  /** Bounding box (pixels, top left origin) of the pixels of each hue asked for. */
  hues: Map<number, Box>;
}

/**
 * Renders one page as a viewer or RIP would (poppler, honouring /Rotate and every transform) and
 * finds where each saturated colour lands. `mirror` turns the back side over as the paper turns:
 * about the vertical axis (long edge of a portrait sheet) or the horizontal one.
 */
export async function renderSide(
  file: string,
  page: number,
  hues: number[],
  dpi: number,
  mirror?: 'vertical' | 'horizontal',
): Promise<RenderedSide> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-side-'));
  try {
    const prefix = path.join(dir, 'side');
    await exec('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', '-png', file, prefix]);
    let image = sharp(await readFile(`${prefix}.png`)).removeAlpha();
    if (mirror === 'vertical') image = image.flop();
    if (mirror === 'horizontal') image = image.flip();
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    const found = new Map<number, Box>();
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        const at = (y * info.width + x) * info.channels;
        const hue = saturatedHue(data[at]!, data[at + 1]!, data[at + 2]!);
        if (hue === undefined) continue;
        const match = hues.find((wanted) => Math.abs(((hue - wanted + 540) % 360) - 180) < 25);
        if (match === undefined) continue;
        const box = found.get(match) ?? { left: x, top: y, right: x, bottom: y };
        found.set(match, {
          left: Math.min(box.left, x),
          top: Math.min(box.top, y),
          right: Math.max(box.right, x),
          bottom: Math.max(box.bottom, y),
        });
      }
    }
    return { width: info.width, height: info.height, hues: found };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The hue in degrees of a clearly coloured pixel; undefined for greys, white, black and pale tints. */
export function saturatedHue(r: number, g: number, b: number): number | undefined {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 60) return undefined;
  const d = max - min;
  const hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (hue * 60 + 360) % 360;
}

export function hueOf(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  return saturatedHue(r, g, b)!;
}

/** One page as Ghostscript separates it: C, M, Y, K bytes per pixel (pamcmyk32, no antialiasing). */
export async function cmykRaster(file: string, page: number, dpi: number): Promise<Uint8Array> {
  const { stdout } = await exec(
    'gs',
    [
      '-q',
      '-dSAFER',
      '-dBATCH',
      '-dNOPAUSE',
      '-sDEVICE=pamcmyk32',
      `-r${dpi}`,
      `-dFirstPage=${page}`,
      `-dLastPage=${page}`,
      '-sOutputFile=-',
      file,
    ],
    {
      encoding: 'buffer',
      maxBuffer: 1 << 28,
    },
  );
  const header = stdout.indexOf('ENDHDR\n');
  if (header < 0) throw new Error('Ghostscript wrote no PAM header');
  return new Uint8Array(stdout.buffer, stdout.byteOffset + header + 7, stdout.length - header - 7);
}
