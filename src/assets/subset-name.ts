import fontkit from '@pdf-lib/fontkit';
import { contentTag } from '../shared/subset-tag.ts';

/**
 * The name to embed a font subset (cut by HarfBuzz) under: a tag from its content, `+`, and its
 * PostScript name. The `+` form tells a RIP it is a subset; pdf-lib would otherwise name it
 * `Name-1234`, the same in every job whatever glyphs it holds.
 */
export function subsetFontName(font: Uint8Array): string {
  return `${contentTag(font)}+${fontkit.create(font).postscriptName}`;
}
