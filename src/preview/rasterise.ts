import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { promisify } from 'node:util';
import { BuildError, EnvironmentError } from '../shared/errors.ts';
import { parsePpm, type Raster } from '../shared/ppm.ts';
import { runWithTimeLimit, scaledTimeLimitMs, TimeLimitError } from '../shared/processes.ts';
import { tempFolder, withTempFolder } from '../shared/temp-folder.ts';

const run = promisify(execFile);

export async function hasPdftoppm(): Promise<boolean> {
  return run('pdftoppm', ['-v']).then(
    () => true,
    () => false,
  );
}

/**
 * Renders PDF pages to PNG with poppler's pdftoppm: the real print file, not the HTML it came from.
 * Returns one PNG path per page, in page order, inside a fresh temporary folder the caller removes.
 */
export async function rasterisePdf(
  pdfFile: string,
  dpi: number,
  pages?: { first: number; last: number },
): Promise<{ files: string[]; remove: () => Promise<void> }> {
  const { dir, remove } = tempFolder('kaartenset-raster-');
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  try {
    await pdftoppm(['-r', String(dpi), '-png', ...range, pdfFile, path.join(dir, 'page')], pdfFile);
  } catch (error) {
    await remove();
    throw error;
  }
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => path.join(dir, f));
  return { files, remove };
}

/** Pages handed on at once: sharp encodes each in threads of its own, and one at a time left them idle between pages. */
const VISITS_AT_ONCE = 4;

/**
 * Renders the same area of every page (`crop`, in pixels at `dpi` from the page's top left) to raw
 * RGB pixels, handing each to `visit` with its index, a few at once: what previews cut from a
 * face, without pdftoppm compressing a PNG only for it to be decoded again.
 */
export async function rasteriseArea(
  pdfFile: string,
  dpi: number,
  crop: { left: number; top: number; width: number; height: number },
  visit: (raster: Raster, index: number) => Promise<void>,
): Promise<void> {
  await withTempFolder('kaartenset-raster-', async (dir) => {
    const area = ['-x', String(crop.left), '-y', String(crop.top), '-W', String(crop.width), '-H', String(crop.height)];
    await pdftoppm(['-r', String(dpi), ...area, pdfFile, path.join(dir, 'page')], pdfFile);
    const pages = (await readdir(dir)).filter((name) => name.endsWith('.ppm')).sort();
    const limit = pLimit(VISITS_AT_ONCE);
    // After a failure no page starts, and those under way end before the folder goes and the failure is told.
    let failed = false;
    const visits = pages.map((name, index) =>
      limit(async () => {
        if (failed) return;
        try {
          await visit(parsePpm(await readFile(path.join(dir, name))), index);
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    );
    const failure = (await Promise.allSettled(visits)).find((visited) => visited.status === 'rejected');
    if (failure) throw failure.reason;
  });
}

/**
 * Renders every page to a PNG of exactly `width` x `height` pixels (RGB), marked as `dpi` pixels
 * per inch: what a vendor that takes images asks (822 x 1122 px at 300 dpi). pdftoppm scales each
 * page to the size given, so rounding never adds or drops a row.
 */
export async function rasteriseToSize(pdfFile: string, size: { width: number; height: number }, dpi: number): Promise<Uint8Array[]> {
  return withTempFolder('kaartenset-vendor-png-', async (dir) => {
    await pdftoppm(
      ['-png', '-r', String(dpi), '-scale-to-x', String(size.width), '-scale-to-y', String(size.height), pdfFile, path.join(dir, 'page')],
      pdfFile,
    );
    const files = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
    // Loaded here: probing for pdftoppm (every build does) should not load sharp's native code.
    const { default: sharp } = await import('sharp');
    return Promise.all(
      files.map(async (file) => new Uint8Array(await sharp(path.join(dir, file)).withMetadata({ density: dpi }).png().toBuffer())),
    );
  });
}

/**
 * pdftoppm within a time limit scaled to the file: a hanging render is stopped and named; a
 * missing pdftoppm is told how to install.
 */
async function pdftoppm(args: string[], pdfFile: string): Promise<void> {
  const step = `pdftoppm rendering ${path.basename(pdfFile)}`;
  const limitMs = scaledTimeLimitMs((await stat(pdfFile)).size);
  await runWithTimeLimit('pdftoppm', args, { step, limitMs, maxBuffer: 1 << 24 }).catch((error) => {
    if (error instanceof TimeLimitError)
      throw new BuildError(`${error.message}: is pdftoppm hanging on this file, or the machine overloaded? Try again`, {
        code: 'time-limit',
      });
    if (error.code === 'ENOENT')
      throw new EnvironmentError('pdftoppm not found: install poppler-utils (Debian/Ubuntu: sudo apt-get install poppler-utils)', {
        code: 'tool-missing',
      });
    throw error;
  });
}
