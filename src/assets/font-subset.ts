import { readFile } from 'node:fs/promises';
import v8 from 'node:v8';
import { FORM_FONT } from './fonts.ts';

type SubsetFont = typeof import('subset-font');
let loading: Promise<SubsetFont> | undefined;

function subsetter(): Promise<SubsetFont> {
  return (loading ??= (async () => {
    // HarfBuzz's WebAssembly stays with V8's baseline compiler: a build subsets a few fonts, a few
    // milliseconds each, and optimising the module's hot functions on the way cost 0.3 s.
    v8.setFlagsFromString('--liftoff-only');
    return (await import('subset-font')).default;
  })());
}

/**
 * A TrueType font cut down to the characters of `text` by HarfBuzz (as WOFF2 for a web page). pdf-lib's own subsetter drops
 * glyph outlines of the bundled fonts (the text layer survives, so only a look shows it), so
 * pdf-lib embeds this small font whole instead.
 */
export function subsetTrueType(file: string, text: string, format: 'truetype' | 'woff2' = 'truetype'): Promise<Uint8Array> {
  // In one order, so the same characters give the same subset whatever order the words came in.
  const characters = [...new Set(text)].sort().join('');
  const key = `${format} ${file} ${characters}`;
  let subset = subsets.get(key);
  if (!subset) {
    subset = (async () => {
      const subsetFont = await subsetter();
      return subsetFont(await readFile(file), characters, { targetFormat: format });
    })();
    subsets.set(key, subset);
    subset.catch(() => subsets.delete(key));
    if (subsets.size > KEPT_SUBSETS) subsets.delete(subsets.keys().next().value!);
  }
  return subset;
}

/**
 * The subsets made in this process, the same bytes (the same array) for the same font and
 * characters: a set's sheet files mostly set the same words, and their text setting keeps its
 * shaping by the array (impose/sheet-text.ts). Never written to: each is embedded as it is.
 */
const subsets = new Map<string, Promise<Uint8Array>>();
const KEPT_SUBSETS = 64;

/**
 * Compiles HarfBuzz now, in the background: its first subset compiles the module, which took a
 * build's imposition 0.1-0.2 s; started while Chromium prints, that wait is gone by then.
 */
export function prepareSubsetting(): void {
  subsetTrueType(FORM_FONT.file, 'a').catch(() => undefined);
}
