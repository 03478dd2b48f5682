import type { Locale } from '../deck/schema.ts';
import { flattenStrings, isTranslated, setAtPath } from '../deck/locale-strings.ts';
import { TextInLanguage } from './helpers/text.ts';

/**
 * The locale with each of `keys` taken from `inSource` (the same texts set by the source language's
 * rules) as a TextInLanguage, which prints in a span of that language. Without keys, the locale itself.
 */
export function withSourceTexts(locale: Locale, keys: readonly string[], inSource: () => Locale, sourceLanguage: string): Locale {
  const wanted = new Set(keys);
  const entries = flattenStrings(locale).filter((entry) => wanted.has(entry.key) && isTranslated(entry.value));
  if (entries.length === 0) return locale;
  const source = inSource();
  const marked = structuredClone(locale);
  for (const entry of entries) setAtPath(marked, entry.path, new TextInLanguage(String(valueAt(source, entry.path)), sourceLanguage));
  return marked;
}

function valueAt(value: unknown, at: ReadonlyArray<string | number>): unknown {
  return at.reduce<unknown>((node, segment) => (node as Record<string | number, unknown>)[segment], value);
}
