import { readFile } from 'node:fs/promises';

/**
 * A TrueType font cut down to the characters of `text` by HarfBuzz. pdf-lib's own subsetter drops
 * glyph outlines of the bundled fonts (the text layer survives, so only a look shows it), so
 * pdf-lib embeds this small font whole instead.
 */
export async function subsetTrueType(file: string, text: string): Promise<Uint8Array> {
  const { default: subsetFont } = await import('subset-font');
  return subsetFont(await readFile(file), [...new Set(text)].join(''), { targetFormat: 'truetype' });
}
