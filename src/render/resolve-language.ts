import type { LoadedDeck } from '../deck/load-deck.ts';
import type { Locale } from '../deck/schema.ts';
import { BuildError } from '../deck/problems.ts';

/** The texts of one language, ready for templates. */
export function resolveLocale(deck: LoadedDeck, language: string): Locale {
  const loaded = deck.locales.get(language);
  if (!loaded) {
    throw new BuildError(`deck "${deck.meta.id}" has no language "${language}"; it has: ${[...deck.locales.keys()].join(', ')}`);
  }
  return loaded.locale;
}
