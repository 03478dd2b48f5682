import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { rasterisePdf } from '../../src/preview/rasterise.ts';
import { REPO } from './fixtures.ts';

export const GOLDEN_DIR = path.join(REPO, 'tests', 'golden', 'visual');

export interface GoldenSet {
  deck: string;
  language: string;
  dpi: number;
  pages: Record<string, number>;
}

export async function goldenSet(): Promise<GoldenSet> {
  return JSON.parse(await readFile(path.join(GOLDEN_DIR, 'faces.json'), 'utf8')) as GoldenSet;
}

/** Renders the chosen pages of a cards.pdf with pdftoppm, by golden name. */
export async function renderGoldenPages(cardsPdf: string, set: GoldenSet): Promise<Map<string, Buffer>> {
  const rendered = new Map<string, Buffer>();
  for (const [name, page] of Object.entries(set.pages)) {
    const raster = await rasterisePdf(cardsPdf, set.dpi, { first: page, last: page });
    rendered.set(name, await readFile(raster.files[0]!));
    await raster.remove();
  }
  return rendered;
}

/** Share of pixels that differ beyond pixelmatch's colour threshold; a diff PNG is written when any do. */
export async function compareWithGolden(name: string, actual: Buffer): Promise<number> {
  const expected = PNG.sync.read(await readFile(path.join(GOLDEN_DIR, `${name}.png`)));
  const got = PNG.sync.read(actual);
  if (expected.width !== got.width || expected.height !== got.height) return 1;
  const diff = new PNG({ width: got.width, height: got.height });
  const differing = pixelmatch(expected.data, got.data, diff.data, got.width, got.height, { threshold: 0.1 });
  if (differing > 0) {
    await writeFile(path.join(GOLDEN_DIR, `${name}.diff.png`), PNG.sync.write(diff));
    await writeFile(path.join(GOLDEN_DIR, `${name}.actual.png`), actual);
  }
  return differing / (got.width * got.height);
}
