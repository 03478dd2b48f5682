import createHyphenator from 'hyphen';
import { createRequire } from 'node:module';
import { type CardTemplate, SHORTEST_HYPHENATED_WORD } from '../deck/card-templates.ts';
import type { Card, Locale } from '../deck/schema.ts';
import { cachedText } from '../shared/disk-cache.ts';
import { mapLanguageRuns } from '../shared/language-runs.ts';

/**
 * Soft hyphens (U+00AD) from TeX's hyphenation patterns, bundled with the package: offline and the
 * same on every machine, unlike the browser's own `hyphens: auto`. The cards' CSS keeps
 * `hyphens: manual`, so a long compound ("Sozioökonomische Existenzsicherheit") breaks at a
 * syllable before the fit step has to shrink the text. Words shorter than this stay whole: short
 * words break badly on a small card and seldom need to.
 */
export const MIN_HYPHENATED_WORD = 10;

/**
 * A field's own hyphenation, from its template's front matter: off, or limits on where a word may
 * break (the minimum word length, and the fewest letters before and after a break).
 */
export type FieldHyphenation = false | HyphenationLimits;
export interface HyphenationLimits {
  word: number;
  before: number;
  after: number;
}
/**
 * Letters a break leaves on each side, at least: "informe-ren" may break, "So-zioökonomische" and
 * "profession-al" may not. TeX's patterns allow two.
 */
export const MIN_FRAGMENT = 3;
/** What a field without a rule gets: breaks the language's patterns allow, in words of 10 letters or more, 3 letters from either end. */
export const DEFAULT_HYPHENATION: HyphenationLimits = { word: MIN_HYPHENATED_WORD, before: MIN_FRAGMENT, after: MIN_FRAGMENT };
/** The rule of each card's field that declares one: cards.<id>.<field>. */
export type FieldHyphenationRules = Map<string, Map<string, FieldHyphenation>>;

/** The rules the cards' templates declare with `hyphenate:` on a field. */
export function fieldHyphenationRules(deck: { cards: Card[]; templates: Map<string, CardTemplate> }): FieldHyphenationRules {
  const rules: FieldHyphenationRules = new Map();
  for (const card of deck.cards) {
    for (const field of deck.templates.get(card.template)?.fields.values() ?? []) {
      if (field.hyphenate === undefined || field.hyphenate === true) continue;
      const rule = field.hyphenate === false ? false : { ...DEFAULT_HYPHENATION, ...field.hyphenate };
      rules.set(card.id, (rules.get(card.id) ?? new Map()).set(field.name, rule));
    }
  }
  return rules;
}

/** Pattern files by language; each is large (German's 750 KB), so only the languages in use load. */
const PATTERNS = new Map([
  ['de', 'de-1996'],
  ['en', 'en-us'],
  ['en-gb', 'en-gb'],
  ['fr', 'fr'],
  ['nl', 'nl'],
]);
const require = createRequire(import.meta.url);

const SOFT_HYPHEN = '\u00ad';
type Hyphenate = (text: string) => string;
const hyphenators = new Map<string, Hyphenate>();
const hyphenated = new WeakMap<Locale, Map<string, Locale>>();

/** The pattern file for a language code (de, de-CH, en-GB), or none for languages without patterns (and the pseudo-locale). */
function patternsOf(language: string): string | undefined {
  const code = language.toLowerCase();
  return PATTERNS.get(code) ?? PATTERNS.get(code.split('-')[0]!);
}

/**
 * Soft hyphens by the patterns of each run's own language: the text's, and a `[…]{lang=xx}` run's
 * xx (none in a run of a language without patterns, rather than another language's).
 */
function hyphenatorOf(language: string): Hyphenate {
  return (text) =>
    mapLanguageRuns(text, language, (run, own) => {
      const patterns = patternsOf(own);
      return patterns ? hyphenatorFor(patterns)(run) : run;
    });
}

function hyphenatorFor(patterns: string): Hyphenate {
  if (!hyphenators.has(patterns)) {
    const hyphenate = createHyphenator(require(`hyphen/patterns/${patterns}.js`), { minWordLength: SHORTEST_HYPHENATED_WORD }) as Hyphenate;
    // Each text once: dev hyphenates the whole deck again on each save, where one text changed.
    const done = new Map<string, string>();
    hyphenators.set(patterns, (text) => {
      let result = done.get(text);
      if (result === undefined) done.set(text, (result = hyphenate(text)));
      return result;
    });
  }
  return hyphenators.get(patterns)!;
}

function remember(locale: Locale, language: string, result: Locale): Locale {
  const byLanguage = hyphenated.get(locale) ?? new Map<string, Locale>();
  hyphenated.set(locale, byLanguage);
  byLanguage.set(language, result);
  return result;
}

/**
 * Every text of a locale with soft hyphens in its long words, each card field held to its own rule
 * (none for a field whose template turns hyphenation off). A language without patterns (Arabic)
 * gets them only in its `[…]{lang=xx}` runs of a language that has them.
 */
export function hyphenateLocale(locale: Locale, language: string, rules: FieldHyphenationRules = new Map()): Locale {
  const all = hyphenated.get(locale)?.get(language) ?? remember(locale, language, mapStrings(locale, hyphenatorOf(language)) as Locale);
  const limited = mapStrings(all, (text) => limitHyphens(text, DEFAULT_HYPHENATION)) as Locale;
  for (const [card, fields] of rules) {
    const texts = limited.cards[card];
    if (!texts) continue;
    for (const [field, rule] of fields) {
      if (!(field in texts)) continue;
      texts[field] = rule === false ? locale.cards[card]![field] : mapStrings(all.cards[card]![field], (text) => limitHyphens(text, rule));
    }
  }
  return limited;
}

/** Drops the soft hyphens a rule does not allow: in words shorter than its minimum, or too near a word's start or end. */
export function limitHyphens(text: string, limits: HyphenationLimits): string {
  if (!text.includes(SOFT_HYPHEN)) return text;
  // A word as the patterns count it: an apostrophe belongs to it ("residents'").
  return text.replace(/[^\s\-\u2010-\u2014*_[\]{}()".,;:!?/]+/gu, (word) => {
    const fragments = word.split(SOFT_HYPHEN);
    if (fragments.length === 1) return word;
    const letters = fragments.join('').length;
    if (letters < limits.word) return fragments.join('');
    let result = fragments[0]!;
    let before = result.length;
    for (const fragment of fragments.slice(1)) {
      const keep = before >= limits.before && letters - before >= limits.after;
      result += keep ? SOFT_HYPHEN + fragment : fragment;
      before += fragment.length;
    }
    return result;
  });
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
    // "runs": each [..]{lang=xx} run hyphenated by xx's patterns (entries made before were not).
    [version, String(SHORTEST_HYPHENATED_WORD), patterns, 'runs', JSON.stringify(locale)],
    async () => JSON.stringify(mapStrings(locale, hyphenatorOf(language))),
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
