import { createRequire } from 'node:module';
import path from 'node:path';

/** A bundled font file: from npm, never a system font or a font host. */
export interface FontFace {
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  file: string;
}

const require = createRequire(import.meta.url);

function packageFile(pkg: string, relative: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), relative);
}

const SANS = '@expo-google-fonts/source-sans-3';
const SERIF = '@expo-google-fonts/fraunces';
const ARABIC = '@expo-google-fonts/noto-sans-arabic';

export const BUNDLED_FONTS: FontFace[] = [
  { family: 'Source Sans 3', weight: 400, style: 'normal', file: packageFile(SANS, '400Regular/SourceSans3_400Regular.ttf') },
  { family: 'Source Sans 3', weight: 400, style: 'italic', file: packageFile(SANS, '400Regular_Italic/SourceSans3_400Regular_Italic.ttf') },
  { family: 'Source Sans 3', weight: 600, style: 'normal', file: packageFile(SANS, '600SemiBold/SourceSans3_600SemiBold.ttf') },
  { family: 'Source Sans 3', weight: 700, style: 'normal', file: packageFile(SANS, '700Bold/SourceSans3_700Bold.ttf') },
  { family: 'Fraunces', weight: 600, style: 'normal', file: packageFile(SERIF, '600SemiBold/Fraunces_600SemiBold.ttf') },
  { family: 'Noto Sans Arabic', weight: 400, style: 'normal', file: packageFile(ARABIC, '400Regular/NotoSansArabic_400Regular.ttf') },
  { family: 'Noto Sans Arabic', weight: 700, style: 'normal', file: packageFile(ARABIC, '700Bold/NotoSansArabic_700Bold.ttf') },
];

/** The font that form fields of the worksheet draw with: it must cover every language's letters. */
export const FORM_FONT = BUNDLED_FONTS[0]!;

/** The CSS format() name of a font file, by its extension. */
export function fontFormat(file: string): string {
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return ({ otf: 'opentype', woff: 'woff', woff2: 'woff2' } as Record<string, string>)[extension] ?? 'truetype';
}

/**
 * A font-family list of every bundled family and the given ones: the end of each stack, so a
 * letter the first font lacks comes from a bundled font, never from the system.
 */
export function fallbackFamilies(fonts: FontFace[] = []): string {
  return [
    ...new Set(['Source Sans 3', 'Noto Sans Arabic', ...BUNDLED_FONTS.map((font) => font.family), ...fonts.map((font) => font.family)]),
  ]
    .map(cssString)
    .join(', ');
}

/**
 * A CSS string that holds `value` and nothing else: its quote and backslash escaped, every "<"
 * written as the CSS escape \3c, so it can end neither the string nor the <style> element around it.
 */
export function cssString(value: string): string {
  return `"${value.replace(/[\\"<\n\r\f]/g, (char) => `\\${char.charCodeAt(0).toString(16)} `)}"`;
}

/** @font-face rules; `urlFor` decides how the browser reaches each file (file URL in a build, HTTP in dev). */
export function fontFaceCss(urlFor: (file: string) => string, fonts: FontFace[] = BUNDLED_FONTS): string {
  return fonts
    .map(
      (font) =>
        `@font-face { font-family: ${cssString(font.family)}; font-weight: ${font.weight}; font-style: ${font.style}; font-display: block; src: url(${cssString(urlFor(font.file))}) format("${fontFormat(font.file)}"); }`,
    )
    .join('\n');
}
