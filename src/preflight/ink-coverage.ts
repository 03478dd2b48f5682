import { statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Rect } from '../deck/rect.ts';
import { BuildError, EnvironmentError } from '../shared/errors.ts';
import { runWithTimeLimit, scaledTimeLimitMs, TimeLimitError } from '../shared/processes.ts';
import { tempFolder } from '../shared/temp-folder.ts';

/**
 * Ink limits concern areas where ink pools and sets off, not single hairlines: a pixel of 1/72 in
 * (0.35 mm) is well below that, and keeps a sheet's raster small.
 */
export const INK_DPI = 72;

/** Total area coverage of one page, as Ghostscript separates it. */
export interface PageInk {
  page: number;
  /** The most ink on any pixel: C + M + Y + K, in percent (0-400). */
  maxPercent: number;
  /** Where that pixel is, in mm from the page's top left corner. */
  at: { x: number; y: number };
  /** Area over the limit, in mm². */
  overLimitMm2: number;
}

/** What to measure on one page, in PDF points: the page's MediaBox and the artwork on it. */
export interface InkRegion {
  media: Rect;
  /** The card artwork: on a sheet the placed faces, so that crop marks and slug in Registration
   * (every plate solid, 400 % by design) are not held to the limit. */
  areas: Rect[];
}

/** One page as Ghostscript separates it: four bytes a pixel (C, M, Y, K), rows from the top. */
export interface CmykRaster {
  width: number;
  height: number;
  dpi: number;
  /** The PAM file's bytes; the pixels start at `start`. */
  data: Buffer;
  start: number;
}

/** A page rendered for a question no dictionary answers: whether a pixel carries ink. */
export interface InkedRaster {
  width: number;
  height: number;
  dpi: number;
  inked(column: number, row: number): boolean;
}

/** Ink a pixel must carry to count as printed: C + M + Y + K over 8 % of one separation. */
const INKED_CMYK = 20;
/** The same on an RGB render: a channel 8 % short of paper white. */
const INKED_RGB = 235;

export function inkedOfCmyk(raster: CmykRaster): InkedRaster {
  const { data, start, width } = raster;
  return {
    ...raster,
    inked: (column, row) => {
      const at = start + 4 * (row * width + column);
      return data[at]! + data[at + 1]! + data[at + 2]! + data[at + 3]! > INKED_CMYK;
    },
  };
}

/** A render started at once and read later: the program runs while the caller works out what to ask of its pages. */
export interface StartedRender<R> {
  /** Once the program has finished, hands each page's raster to `visit` in page order, then removes them. */
  visit(visit: (page: number, raster: R) => void): Promise<void>;
  /** Stops the program and removes the render unread: a damaged file is told at once, not after its render. */
  discard(): Promise<void>;
}

function startRender<R>(
  prefix: string,
  render: (dir: string, signal: AbortSignal) => Promise<void>,
  extension: string,
  raster: (bytes: Buffer) => R,
): StartedRender<R> {
  const stop = new AbortController();
  const folder = tempFolder(prefix);
  const rendered = render(folder.dir, stop.signal);
  // Observed by visit or discard; this keeps a failure the caller has not reached yet from counting as unhandled.
  rendered.catch(() => undefined);
  return {
    async visit(visit) {
      const { dir, remove } = folder;
      try {
        await rendered;
        const pages = (await readdir(dir)).filter((name) => name.endsWith(extension)).sort();
        for (const [index, name] of pages.entries())
          visit(index + 1, rasterOfPage(raster, await readFile(path.join(dir, name)), index + 1));
      } finally {
        await remove();
      }
    },
    async discard() {
      stop.abort();
      await rendered.catch(() => undefined);
      await folder.remove().catch(() => undefined);
    },
  };
}

/** A page the renderer could not draw whole: the file is at fault (a page too large, content past reading). */
export class PageNotDrawn extends Error {}

/** `raster` of one page's file; a page drawn in part only is named by its number. */
function rasterOfPage<R>(raster: (bytes: Buffer) => R, bytes: Buffer, page: number): R {
  try {
    return raster(bytes);
  } catch (error) {
    if (error instanceof PageNotDrawn) throw new PageNotDrawn(`page ${page}: ${error.message}`);
    throw error;
  }
}

/**
 * Every page's MediaBox rendered to RGB without antialiasing: for a file that is not separated,
 * whether ink is there is all a check asks. mupdf's mutool draws it in half the time poppler's
 * pdftoppm takes, but draws a page's CropBox at its UserUnit: a file with a page `cropped` so
 * (or a machine without mupdf) gets pdftoppm, which draws the MediaBox as the press prints it.
 */
export function startRgbRender(
  file: string,
  pages: { count: number; cropped: boolean },
  dpi = INK_DPI,
  limitMs?: number,
): StartedRender<InkedRaster> {
  return startRender(
    'kaartenset-raster-',
    async (dir, signal) => {
      if (!pages.cropped && (await drawWithMutool(file, dir, pages.count, dpi, { limitMs, signal }))) return;
      const args = ['-r', String(dpi), '-aa', 'no', '-aaVector', 'no', file, path.join(dir, 'page')];
      await renderWith(
        'pdftoppm',
        args,
        file,
        { limitMs, signal },
        {
          step: `pdftoppm rendering ${path.basename(file)} for preflight`,
          install: pages.cropped
            ? 'preflight renders a page with a CropBox or /UserUnit with poppler: install it (Debian/Ubuntu: sudo apt-get install poppler-utils)'
            : 'preflight renders each page with mupdf or poppler: install one (Debian/Ubuntu: sudo apt-get install mupdf-tools poppler-utils)',
          failed: `pdftoppm could not render ${path.basename(file)}`,
        },
      );
    },
    '.ppm',
    (ppm) => ppmRaster(ppm, dpi),
  );
}

/** Every page drawn by mupdf into `dir`; false where mupdf is not installed. */
async function drawWithMutool(
  file: string,
  dir: string,
  count: number,
  dpi: number,
  run: { limitMs: number | undefined; signal: AbortSignal },
): Promise<boolean> {
  // Run in the raster's folder, so that mutool's page-number pattern never meets a % in its path.
  const args = ['draw', '-q', '-A', '0', '-r', String(dpi), '-c', 'rgb', '-o', 'page-%06d.ppm', path.resolve(file)];
  const step = `mutool rendering ${path.basename(file)} for preflight`;
  const limitMs = run.limitMs ?? scaledTimeLimitMs(statSync(file).size);
  const stderr = await runWithTimeLimit('mutool', args, { step, limitMs, maxBuffer: 1 << 24, signal: run.signal, cwd: dir }).then(
    (output) => output.stderr,
    (error) => {
      if (error instanceof TimeLimitError) throw timeLimitProblem(error);
      if (error.code === 'ENOENT') return undefined;
      // mutool exits with 1 after any error it met, also where it drew the page all the same (an
      // unknown operator, a repaired cross-reference table): what counts is a whole raster of every page.
      if (typeof error.code === 'number') return String(error.stderr ?? '');
      throw new EnvironmentError(`mutool could not render ${path.basename(file)}: ${String(error.message).split('\n')[0]}`);
    },
  );
  if (stderr === undefined) return false;
  const drawn = (await readdir(dir)).filter((name) => name.endsWith('.ppm')).length;
  if (drawn < count) {
    const said = stderr.split('\n').filter((line) => line.startsWith('error:'));
    throw new PageNotDrawn(`mupdf drew ${drawn} of its ${count} pages${said.length > 0 ? `: ${said.at(-1)}` : ''}`);
  }
  return true;
}

/** A binary PPM (P6, 8 bits): its header is three numbers after the magic, then one whitespace byte. */
function ppmRaster(ppm: Buffer, dpi: number): InkedRaster {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.toString('latin1', 0, 64));
  const [width, height, start] = [Number(header?.[1]), Number(header?.[2]), header?.[0].length ?? 0];
  // A renderer that fails on a page may leave its raster begun: empty, or cut short.
  if (header?.[3] !== '255' || ppm.length < start + 3 * width * height) throw new PageNotDrawn('a page was drawn in part only');
  return {
    width,
    height,
    dpi,
    inked: (column, row) => {
      const at = start + 3 * (row * width + column);
      return Math.min(ppm[at]!, ppm[at + 1]!, ppm[at + 2]!) < INKED_RGB;
    },
  };
}

/**
 * Every page rendered by Ghostscript to CMYK (pamcmyk32: one byte per separation, no
 * antialiasing, overprint as the separations print it). CMYK content is taken as it is; anything
 * else goes through Ghostscript's default profile, as a RIP with no other instruction would.
 */
export function startCmykRender(file: string, dpi = INK_DPI, limitMs?: number): StartedRender<CmykRaster> {
  return startRender(
    'kaartenset-ink-',
    async (dir, signal) => {
      const args = [
        '-q',
        '-dSAFER',
        '-dBATCH',
        '-dNOPAUSE',
        '-sDEVICE=pamcmyk32',
        `-r${dpi}`,
        '-dUseTrimBox=false',
        // The page at the size its boxes give, as the bleed is read: /UserUnit is told by page-scaled.
        '-dNoUserUnit',
        `-sOutputFile=${path.join(dir, 'page-%05d.pam')}`,
        file,
      ];
      await renderWith(
        'gs',
        args,
        file,
        { limitMs, signal },
        {
          step: `Ghostscript rendering ${path.basename(file)} to CMYK for preflight`,
          install: 'preflight renders each page to CMYK with Ghostscript: install it (Debian/Ubuntu: sudo apt-get install ghostscript)',
          failed: `Ghostscript could not render ${path.basename(file)} to CMYK`,
        },
      );
    },
    '.pam',
    (pam) => pamRaster(pam, dpi),
  );
}

/** Runs a renderer within its time limit; what goes wrong comes back as the step that failed, and why. */
async function renderWith(
  command: string,
  args: string[],
  file: string,
  run: { limitMs: number | undefined; signal: AbortSignal },
  say: { step: string; install: string; failed: string },
): Promise<void> {
  const limitMs = run.limitMs ?? scaledTimeLimitMs(statSync(file).size);
  await runWithTimeLimit(command, args, { step: say.step, limitMs, maxBuffer: 1 << 24, signal: run.signal }).catch((error) => {
    if (error instanceof TimeLimitError) throw timeLimitProblem(error);
    if (error.code === 'ENOENT') throw new EnvironmentError(say.install, { code: 'tool-missing' });
    throw new EnvironmentError(`${say.failed}: ${(error.stderr ?? error.message).trim().split('\n')[0]}`);
  });
}

function pamRaster(pam: Buffer, dpi: number): CmykRaster {
  const end = pam.indexOf('ENDHDR\n');
  const header = pam.toString('latin1', 0, end);
  const width = Number(/WIDTH (\d+)/.exec(header)?.[1]);
  const height = Number(/HEIGHT (\d+)/.exec(header)?.[1]);
  const depth = Number(/DEPTH (\d+)/.exec(header)?.[1]);
  if (!(width > 0) || !(height > 0) || depth !== 4)
    throw new Error(`Ghostscript wrote a raster that is not CMYK (${header.replace(/\n/g, ' ')})`);
  return { width, height, dpi, data: pam, start: end + 7 };
}

/** The largest C + M + Y + K of a page inside the region's areas, and the area above the limit. */
export function inkOf(raster: CmykRaster, region: InkRegion, limitPercent: number): Omit<PageInk, 'page'> {
  const { width, height, dpi, data: pam } = raster;
  const inside = areaMask(region, width, height, dpi);
  // Each separation is rounded to 1/255: four of them may add up to 2 levels over what was drawn.
  const limit = (limitPercent / 100) * 255 + 2;
  let max = 0;
  let where = 0;
  let over = 0;
  for (let at = raster.start, pixel = 0; at + 3 < pam.length; at += 4, pixel++) {
    if (!inside[pixel]) continue;
    const total = pam[at]! + pam[at + 1]! + pam[at + 2]! + pam[at + 3]!;
    if (total > max) {
      max = total;
      where = pixel;
    }
    if (total > limit) over++;
  }
  const mmPerPixel = 25.4 / dpi;
  return {
    maxPercent: (max / 255) * 100,
    at: { x: (where % width) * mmPerPixel, y: Math.floor(where / width) * mmPerPixel },
    overLimitMm2: over * mmPerPixel * mmPerPixel,
  };
}

/** Which pixels lie in the region's areas (PDF points, y up; the raster's rows run down from the top). */
function areaMask(region: InkRegion, width: number, height: number, dpi: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  const scale = dpi / 72;
  for (const area of region.areas) {
    const left = Math.max(0, Math.round((area.x - region.media.x) * scale));
    const right = Math.min(width, Math.round((area.x + area.width - region.media.x) * scale));
    const top = Math.max(0, Math.round((region.media.y + region.media.height - area.y - area.height) * scale));
    const bottom = Math.min(height, Math.round((region.media.y + region.media.height - area.y) * scale));
    for (let row = top; row < bottom; row++) mask.fill(1, row * width + left, row * width + right);
  }
  return mask;
}

function timeLimitProblem(error: TimeLimitError): BuildError {
  return new BuildError(`${error.message}: is the program hanging on this file, or the machine overloaded? Try again`, {
    code: 'time-limit',
  });
}
