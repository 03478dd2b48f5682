import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadDeck, type LoadedDeck, type ProjectPaths } from '../deck/load-deck.ts';
import { BuildError, InputError, type Problem } from '../shared/errors.ts';
import { problemAtPath, type YamlPath } from '../deck/yaml-source.ts';
import { isStale, readLock, writeLock, type LockFile } from './lock-file.ts';
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
  /** The same strings as warnings located in the language's file: translation-missing, -extra, -stale. */
  problems: Problem[];
}

/** Every locale file in a deck, whether or not deck.yaml builds it yet. */
export async function localeLanguages(deckDir: string): Promise<string[]> {
  const files = await readdir(path.join(deckDir, 'locales')).catch(() => [] as string[]);
  return files
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -5))
    .sort();
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
  const sourcePaths = new Map(sourceEntries.map((entry) => [entry.key, entry.path]));
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
      : [...sourceByKey].filter(([key, text]) => isTranslated(ownByKey.get(key)) && isStale(lock[key], text)).map(([key]) => key);
    const ownPaths = new Map(own.map((entry) => [entry.key, entry.path]));
    const at = (code: string, keyPath: YamlPath, message: string, hint: string) =>
      problemAtPath(code, loaded.source, keyPath, message, { severity: 'warning', hint });
    const problems = [
      ...missing.map((key) =>
        at(
          'translation-missing',
          sourcePaths.get(key)!,
          isSource ? `${key}: the source text is empty` : `missing ${language} translation of ${key}`,
          isSource ? 'write the source text' : 'translate it',
        ),
      ),
      ...extra.map((key) =>
        at('translation-extra', ownPaths.get(key)!, `${key} does not exist in the source language (${sourceLanguage})`, 'remove it'),
      ),
      ...stale.map((key) =>
        at(
          'translation-stale',
          ownPaths.get(key)!,
          `${key} was translated from a source text that has changed since`,
          `update it, then run npx kaartenset i18n lock ${language} ${key}`,
        ),
      ),
    ];
    statuses.push({
      deck: deck.meta.id,
      language,
      source: isSource,
      total: sourceByKey.size,
      translated: sourceByKey.size - missing.length,
      missing,
      extra,
      stale,
      problems,
    });
  }
  return statuses.sort((a, b) => Number(b.source) - Number(a.source) || a.language.localeCompare(b.language));
}

/**
 * Records that the current translations of `language` match today's source texts: all of them,
 * or only the named keys (cards.r1-security.title), which must be translated.
 */
export async function lockTranslations(deck: LoadedDeck, language: string, keys?: string[]): Promise<string[]> {
  const source = new Map(flattenStrings(deck.locales.get(deck.meta.sourceLanguage)!.locale).map((entry) => [entry.key, entry.value ?? '']));
  const own = new Map(flattenStrings(deck.locales.get(language)!.source.doc.toJS()).map((entry) => [entry.key, entry.value]));
  const translated = [...own.keys()].filter((key) => isTranslated(own.get(key)) && source.has(key));
  if (keys) {
    const unknown = keys.filter((key) => !source.has(key));
    if (unknown.length > 0)
      throw new BuildError(
        `deck ${deck.meta.id} has no string ${unknown.join(', ')}: keys look like cards.r1-security.title, as \`i18n status\` lists them`,
      );
    const empty = keys.filter((key) => !isTranslated(own.get(key)));
    if (empty.length > 0)
      throw new BuildError(`${empty.join(', ')} has no ${language} translation in deck ${deck.meta.id} yet: translate it first`);
  }
  const lock: LockFile = keys ? await readLock(deck.dir, language) : Object.create(null);
  const locking = keys ?? translated;
  for (const key of locking) lock[key] = { from: source.get(key)! };
  await writeLock(deck.dir, language, lock);
  return locking;
}
