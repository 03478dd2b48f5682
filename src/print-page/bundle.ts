import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';


// From the sources even when the CLI runs compiled: .compiled/ mirrors src/ at the same depth, and
// the browser script imports the TypeScript imposition modules, which only src/ holds.
const ENTRY = fileURLToPath(new URL('../../src/print-page/print-page.browser.js', import.meta.url));

/**
 * Bundles the print page's script with the imposition code it runs (src/impose, pdf-lib,
 * fontkit) into one classic script: a page opened from file:// may run a plain <script src>, not
 * a module. Made by every build from the sources, so it is never stale.
 */
export async function bundlePrintPage(outFile: string): Promise<void> {
  await build({
    entryPoints: [ENTRY],
    outfile: outFile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
}
