import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadDeck, type LoadedDeck, type ProjectPaths } from '../deck/load-deck.ts';
import { InputError } from '../shared/errors.ts';
import { readLock, writeLock } from './lock-file.ts';
import { sourceHash } from './source-hash.ts';
import { flattenStrings, isTranslated, stringsOfExistingCards } from '../deck/locale-strings.ts';

export interface LanguageStatus {
  deck: string;
  language: string;
  source: boolean;
  total: number;
  translated: number;
  missing: string[];
  extra: string[];
  /** Translated from a source text that has changed since. */
  stale: string[];
}

/** Every locale file in a deck, whether or not deck.yaml builds it yet. */
export async function localeLanguages(deckDir: string): Promise<string[]> {
  const files = await readdir(path.join(deckDir, 'locales')).catch(() => [] as string[]);
  return files.filter((file) => file.endsWith('.yaml')).map((file) => file.slice(0, -5)).sort();
}

/** Loads a deck with every locale it has, missing strings allowed: the state a translator works in. */
export async function loadForTranslation(deckDir: string, project: ProjectPaths): Promise<LoadedDeck> {
  const result = await loadDeck(deckDir, project, { extraLanguages: await localeLanguages(deckDir), allowMissing: true });
  if (!result.deck) throw new InputError(result.problems.filter((p) => p.severity === 'error'));
  return result.deck;
}

/** Counts per language: total strings of the source, missing, extra and stale ones. */
export async function translationStatus(deck: LoadedDeck): Promise<LanguageStatus[]> {
  const sourceLanguage = deck.meta.sourceLanguage;
  const cardIds = new Set(deck.cards.map((card) => card.id));
  const sourceEntries = stringsOfExistingCards(deck.locales.get(sourceLanguage)!.locale, cardIds);
  const sourceByKey = new Map(sourceEntries.map((entry) => [entry.key, entry.value ?? '']));
  const statuses: LanguageStatus[] = [];
  for (const [language, loaded] of deck.locales) {
    const isSource = language === sourceLanguage;
    // Fallbacks filled the gaps in memory; the file on disk is what counts here.
    const own = stringsOfExistingCards(loaded.source.doc.toJS(), cardIds);
    const ownByKey = new Map(own.map((entry) => [entry.key, entry.value]));
    const missing = [...sourceByKey.keys()].filter((key) => !isTranslated(ownByKey.get(key)));
    const extra = own.filter((entry) => !sourceByKey.has(entry.key)).map((entry) => entry.key);
    const lock = isSource ? {} : await readLock(deck.dir, language);
    const stale = isSource
      ? []
      : [...sourceByKey].filter(([key, text]) => isTranslated(ownByKey.get(key)) && lock[key] !== undefined && lock[key] !== sourceHash(text)).map(([key]) => key);
    statuses.push({ deck: deck.meta.id, language, source: isSource, total: sourceByKey.size, translated: sourceByKey.size - missing.length, missing, extra, stale });
  }
  return statuses.sort((a, b) => Number(b.source) - Number(a.source) || a.language.localeCompare(b.language));
}

/** Records that every current translation of `language` matches today's source text. */
export async function lockTranslations(deck: LoadedDeck, language: string): Promise<number> {
  const source = new Map(flattenStrings(deck.locales.get(deck.meta.sourceLanguage)!.locale).map((entry) => [entry.key, entry.value ?? '']));
  const own = flattenStrings(deck.locales.get(language)!.source.doc.toJS());
  const lock = Object.fromEntries(own.filter((entry) => isTranslated(entry.value) && source.has(entry.key)).map((entry) => [entry.key, sourceHash(source.get(entry.key)!)]));
  await writeLock(deck.dir, language, lock);
  return Object.keys(lock).length;
}
