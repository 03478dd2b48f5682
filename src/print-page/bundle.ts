import type { BuildOptions } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { cachedFromFiles } from '../shared/disk-cache.ts';

// From the sources even when the CLI runs compiled: the browser script imports the TypeScript
// imposition modules, which only src/ holds.
const ENTRY = fileURLToPath(new URL('../../src/print-page/print-page.browser.js', import.meta.url));

const OPTIONS: BuildOptions = {
  entryPoints: [ENTRY],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  logLevel: 'silent',
};

/**
 * Bundles the print page's script with the imposition code it runs (src/impose, pdf-lib,
 * fontkit) into one classic script: a page opened from file:// may run a plain <script src>, not
 * a module. Made from the sources, so it is never stale; kept in .cache/ while none of the files
 * it was made from changed, as bundling takes longer than a no-op build may.
 */
export async function bundlePrintPage(outFile: string): Promise<void> {
  const { version } = createRequire(import.meta.url)('esbuild/package.json') as { version: string };
  const script = await cachedFromFiles('print-page', [version, JSON.stringify(OPTIONS)], async () => {
    const { build } = await import('esbuild');
    const { outputFiles, metafile } = await build({ ...OPTIONS, write: false, metafile: true, outfile: outFile });
    return { text: outputFiles[0]!.text, inputs: Object.keys(metafile.inputs).map((input) => path.resolve(input)) };
  });
  await writeFileAtomic(outFile, script);
}
