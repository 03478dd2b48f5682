import type { LoadedDeck } from './load-deck.ts';
import type { Locale } from './schema.ts';
import { BuildError } from '../shared/errors.ts';

/** The texts of one language, ready for templates. */
export function resolveLocale(deck: LoadedDeck, language: string): Locale {
  const loaded = deck.locales.get(language);
  if (!loaded) {
    throw new BuildError(`deck "${deck.meta.id}" has no language "${language}"; it has: ${[...deck.locales.keys()].join(', ')}`);
  }
  return loaded.locale;
}
