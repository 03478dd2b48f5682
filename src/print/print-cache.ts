import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PrintedFaces } from './print-faces.ts';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { sha256 } from '../shared/hash.ts';

/** Bump when what is cached changes shape, so an old cache is never read as new. */
const CACHE_FORMAT = 1;

export interface CacheKeyInput {
  /** The document Chromium prints: it already holds card data, template output, CSS and pictos. */
  html: string;
  /** Content hashes of every font file the document may load. */
  fontHashes: string[];
  /** Settings of the print and fit pass (minimum size, bleed, safe zone, what is measured). */
  settings: unknown;
  browserVersion: string;
  /** The print stage's own code: the fit pass that runs in the page, the print options. */
  printCode: string;
}


/** Every input that can change a printed face feeds this key: a stale face cannot match it. */
export function printCacheKey(input: CacheKeyInput): string {
  return sha256(JSON.stringify([CACHE_FORMAT, input.html, input.fontHashes, input.settings, input.browserVersion, input.printCode]));
}

/**
 * Chromium prints kept under dist/.cache/print/, one per deck x language x variant: an unchanged
 * one is reused instead of printed, a changed one replaces its predecessor.
 */
export class PrintCache {
  constructor(
    private readonly dir: string,
    private readonly enabled: boolean,
  ) {}

  async get(slot: string, key: string): Promise<PrintedFaces | undefined> {
    if (!this.enabled) return undefined;
    const base = path.join(this.dir, `${slot}.${key}`);
    try {
      const [pdf, meta] = await Promise.all([readFile(`${base}.pdf`), readFile(`${base}.json`, 'utf8')]);
      const { fit, measured } = JSON.parse(meta) as Pick<PrintedFaces, 'fit' | 'measured'>;
      return { pdf: new Uint8Array(pdf), fit, measured };
    } catch {
      return undefined;
    }
  }

  async put(slot: string, key: string, printed: PrintedFaces): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const old of (await readdir(this.dir)).filter((file) => file.startsWith(`${slot}.`) && !file.startsWith(`${slot}.${key}.`) && !file.includes('.tmp-'))) {
      await rm(path.join(this.dir, old), { force: true });
    }
    const base = path.join(this.dir, `${slot}.${key}`);
    // Each file whole or absent: a build killed while writing never leaves a print a later build would trust.
    await writeFileAtomic(`${base}.pdf`, printed.pdf);
    await writeFileAtomic(`${base}.json`, JSON.stringify({ fit: printed.fit, measured: printed.measured }));
  }
}
