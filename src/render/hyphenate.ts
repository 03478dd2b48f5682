import createHyphenator from 'hyphen';
import { createRequire } from 'node:module';
import type { Locale } from '../deck/schema.ts';
import { cachedText } from '../shared/disk-cache.ts';

/**
 * Soft hyphens (U+00AD) from TeX's hyphenation patterns, bundled with the package: offline and the
 * same on every machine, unlike the browser's own `hyphens: auto`. The cards' CSS keeps
 * `hyphens: manual`, so a long compound ("Sozioökonomische Existenzsicherheit") breaks at a
 * syllable before the fit step has to shrink the text. Words shorter than this stay whole: short
 * words break badly on a small card and seldom need to.
 */
export const MIN_HYPHENATED_WORD = 10;

/**
 * Letters a break leaves on each side, at least: "informe-ren" may break, "So-zioökonomische" and
 * "profession-al" may not. TeX's patterns allow two.
 */
export const MIN_FRAGMENT = 3;

/** Pattern files by language; each is large (German's 750 KB), so only the languages in use load. */
const PATTERNS = new Map([
  ['de', 'de-1996'],
  ['en', 'en-us'],
  ['en-gb', 'en-gb'],
  ['fr', 'fr'],
  ['nl', 'nl'],
]);
const require = createRequire(import.meta.url);

type Hyphenate = (text: string) => string;
const hyphenators = new Map<string, Hyphenate>();
const hyphenated = new WeakMap<Locale, Map<string, Locale>>();

/** The pattern file for a language code (de, de-CH, en-GB), or none for languages without patterns (and the pseudo-locale). */
function patternsOf(language: string): string | undefined {
  const code = language.toLowerCase();
  return PATTERNS.get(code) ?? PATTERNS.get(code.split('-')[0]!);
}

function hyphenatorFor(patterns: string): Hyphenate {
  if (!hyphenators.has(patterns)) {
    const hyphenate = createHyphenator(require(`hyphen/patterns/${patterns}.js`), { minWordLength: MIN_HYPHENATED_WORD }) as Hyphenate;
    hyphenators.set(patterns, (text) => keepFragments(hyphenate(text)));
  }
  return hyphenators.get(patterns)!;
}

/** Drops the soft hyphens that would leave fewer than MIN_FRAGMENT letters before or after a break. */
export function keepFragments(text: string): string {
  return text.replace(/[\p{L}\p{M}\u00AD]+/gu, (word) => {
    const letters = word.replaceAll('\u00AD', '').length;
    let seen = 0;
    return [...word]
      .filter((char) => {
        if (char !== '\u00AD') {
          seen += 1;
          return true;
        }
        return seen >= MIN_FRAGMENT && letters - seen >= MIN_FRAGMENT;
      })
      .join('');
  });
}

function remember(locale: Locale, language: string, result: Locale): Locale {
  const byLanguage = hyphenated.get(locale) ?? new Map<string, Locale>();
  hyphenated.set(locale, byLanguage);
  byLanguage.set(language, result);
  return result;
}

/** Every text of a locale with soft hyphens in its long words; the same object for a language without patterns. */
export function hyphenateLocale(locale: Locale, language: string): Locale {
  const patterns = patternsOf(language);
  if (!patterns) return locale;
  return hyphenated.get(locale)?.get(language) ?? remember(locale, language, mapStrings(locale, hyphenatorFor(patterns)) as Locale);
}

/**
 * Hyphenates a locale ahead of rendering, from .cache/ when the same texts were hyphenated before:
 * loading a language's patterns takes longer than a build that finds everything current.
 */
export async function prepareHyphenation(locale: Locale, language: string): Promise<void> {
  const patterns = patternsOf(language);
  if (!patterns || hyphenated.get(locale)?.has(language)) return;
  const version = (require('hyphen/package.json') as { version: string }).version;
  const result = await cachedText(
    'hyphenated',
    [version, String(MIN_HYPHENATED_WORD), String(MIN_FRAGMENT), patterns, JSON.stringify(locale)],
    async () => JSON.stringify(mapStrings(locale, hyphenatorFor(patterns))),
    (text) => {
      try {
        return JSON.parse(text) as Locale;
      } catch {
        return undefined;
      }
    },
  );
  remember(locale, language, result);
}

function mapStrings(value: unknown, change: Hyphenate): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)]));
  return value;
}
