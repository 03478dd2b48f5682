import { codePointsOf, needsGlyph } from '../assets/font-coverage.ts';
import type { FontFace } from '../assets/fonts.ts';
import type { Problem } from '../shared/errors.ts';
import { flattenStrings } from './locale-strings.ts';
import type { Locale } from './schema.ts';
import { problemAtPath, type YamlSource } from './yaml-source.ts';

/**
 * Every character a deck prints must have a glyph in one of its fonts (the bundled ones and its
 * own): otherwise Chromium draws it in a system font, or as a blank box, and nobody notices
 * until the cards come back from the printer. Each string with such characters is one problem,
 * located in its locale, naming deck, card, language, field and character.
 */
export async function checkGlyphs(
  deckId: string,
  fonts: FontFace[],
  locales: Array<{ language: string; locale: Locale; source: YamlSource }>,
): Promise<Problem[]> {
  const sets = await Promise.all(fonts.map((font) => codePointsOf(font.file)));
  const covered = (codePoint: number) => sets.some((set) => set.has(codePoint));
  const families = [...new Set(fonts.map((font) => font.family))].join(', ');
  const problems: Problem[] = [];
  for (const { language, locale, source } of locales) {
    for (const entry of flattenStrings(locale)) {
      const missing = [
        ...new Set([...(entry.value ?? '')].filter((character) => needsGlyph(character) && !covered(character.codePointAt(0)!))),
      ];
      if (missing.length === 0) continue;
      const where =
        entry.path[0] === 'cards'
          ? `card ${String(entry.path[1])}, language ${language}, field ${entry.path.slice(2).join('.')}`
          : `language ${language}, field ${entry.key}`;
      const characters = missing
        .map((character) => `"${character}" (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
        .join(', ');
      problems.push(
        problemAtPath(
          'glyph-missing',
          source,
          entry.path,
          `deck ${deckId}, ${where}: ${characters} ${missing.length === 1 ? 'is' : 'are'} in none of the deck's fonts (${families}); it would print as a blank box or in a system font: add a font that has ${missing.length === 1 ? 'it' : 'them'} under fonts in deck.yaml (see docs/templates.md)`,
        ),
      );
    }
  }
  return problems;
}
