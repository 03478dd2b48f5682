import createHyphenator from 'hyphen';
import german from 'hyphen/patterns/de-1996.js';
import britishEnglish from 'hyphen/patterns/en-gb.js';
import english from 'hyphen/patterns/en-us.js';
import french from 'hyphen/patterns/fr.js';
import dutch from 'hyphen/patterns/nl.js';
import type { Locale } from '../deck/schema.ts';

/**
 * Soft hyphens (U+00AD) from TeX's hyphenation patterns, bundled with the package: offline and the
 * same on every machine, unlike the browser's own `hyphens: auto`. The cards' CSS keeps
 * `hyphens: manual`, so a long compound ("Sozioökonomische Existenzsicherheit") breaks at a
 * syllable before the fit step has to shrink the text. Words shorter than this stay whole: short
 * words break badly on a small card and seldom need to.
 */
export const MIN_HYPHENATED_WORD = 10;

const PATTERNS = new Map([
  ['de', german],
  ['en', english],
  ['en-gb', britishEnglish],
  ['fr', french],
  ['nl', dutch],
]);

type Hyphenate = (text: string) => string;
const hyphenators = new Map<string, Hyphenate>();
const hyphenated = new WeakMap<Locale, Map<string, Locale>>();

/** The hyphenation for a language code (de, de-CH, en-GB), or none for languages without patterns (and the pseudo-locale). */
function hyphenatorFor(language: string): Hyphenate | undefined {
  const code = language.toLowerCase();
  const key = PATTERNS.has(code) ? code : code.split('-')[0]!;
  const patterns = PATTERNS.get(key);
  if (!patterns) return undefined;
  if (!hyphenators.has(key)) hyphenators.set(key, createHyphenator(patterns, { minWordLength: MIN_HYPHENATED_WORD }) as Hyphenate);
  return hyphenators.get(key);
}

/** Every text of a locale with soft hyphens in its long words; the same object for a language without patterns. */
export function hyphenateLocale(locale: Locale, language: string): Locale {
  const hyphenate = hyphenatorFor(language);
  if (!hyphenate) return locale;
  const byLanguage = hyphenated.get(locale) ?? new Map<string, Locale>();
  hyphenated.set(locale, byLanguage);
  if (!byLanguage.has(language)) byLanguage.set(language, mapStrings(locale, hyphenate) as Locale);
  return byLanguage.get(language)!;
}

function mapStrings(value: unknown, change: Hyphenate): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)]));
  return value;
}
