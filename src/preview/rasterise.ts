import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError } from '../shared/errors.ts';

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
export async function rasterisePdf(pdfFile: string, dpi: number, pages?: { first: number; last: number }): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-raster-'));
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  try {
    await run('pdftoppm', ['-r', String(dpi), '-png', ...range, pdfFile, path.join(dir, 'page')], { maxBuffer: 1 << 24 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EnvironmentError('pdftoppm not found: install poppler-utils (Debian/Ubuntu: sudo apt-get install poppler-utils)');
    throw error;
  }
  const files = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort().map((f) => path.join(dir, f));
  return { dir, files };
}
