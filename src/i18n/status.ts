import { readdir } from 'node:fs/promises';
import { PSEUDO_LANGUAGE } from '../deck/pseudo-locale.ts';
import path from 'node:path';
import { loadDeck, type LoadedDeck, type LoadedLocale, type ProjectPaths } from '../deck/load-deck.ts';
import { BuildError, formatProblemLine, InputError, type Problem } from '../shared/errors.ts';
import { problemAtPath, type YamlPath } from '../deck/yaml-source.ts';
import { readLock, sameSource, translationState, writeLock, type LockFile, type TranslationState } from './lock-file.ts';
import { markupDifference } from './markup.ts';
import { flattenStrings, isTranslated, stringsOfExistingCards, type LocaleString } from '../deck/locale-strings.ts';

export interface LanguageStatus {
  deck: string;
  language: string;
  source: boolean;
  total: number;
  translated: number;
  missing: string[];
  extra: string[];
  /** Translated from a source text that has changed since, or marked unfinished by the translator's tool. */
  stale: string[];
  /** Every string that has a translation which does not print yet, with its state (stale, fuzzy, same as source …). */
  unfinished: UnfinishedString[];
  /** The same strings as warnings located in the language's file: translation-missing, -extra, -stale, -same-as-source. */
  problems: Problem[];
}

export interface UnfinishedString {
  key: string;
  state: Exclude<TranslationState, 'finished'>;
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
    // Fallbacks filled the gaps in memory; the file on disk and the shipped ui words are what count here.
    const own = ownStrings(loaded, cardIds);
    const ownByKey = new Map(own.map((entry) => [entry.key, entry.value]));
    const missing = [...sourceByKey.keys()].filter((key) => !isTranslated(ownByKey.get(key)));
    const extra = own.filter((entry) => !sourceByKey.has(entry.key)).map((entry) => entry.key);
    const lock = isSource ? {} : await readLock(deck.dir, language);
    const unfinished = isSource ? [] : unfinishedOf(sourceByKey, ownByKey, lock, shippedKeys(loaded));
    const stale = unfinished.filter((entry) => entry.state !== 'same as source').map((entry) => entry.key);
    const copied = unfinished.filter((entry) => entry.state === 'same as source').map((entry) => entry.key);
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
      ...copied.map((key) =>
        at(
          'translation-same-as-source',
          ownPaths.get(key)!,
          `${key} is the same as its source text, as if the source was copied`,
          `translate it, or confirm it (a name, a loanword) with npx kaartenset i18n lock ${language} ${deck.meta.id}:${key}`,
        ),
      ),
    ];
    statuses.push({
      deck: deck.meta.id,
      language,
      source: isSource,
      total: sourceByKey.size,
      translated: sourceByKey.size - missing.length - unfinished.length,
      missing,
      extra,
      stale,
      unfinished,
      problems,
    });
  }
  return statuses.sort((a, b) => Number(b.source) - Number(a.source) || a.language.localeCompare(b.language));
}

/**
 * A locale's strings as its file gives them, and the shipped ui words it takes where the file has
 * none (kaartenset's own translation of the source's shipped words: finished by definition).
 */
export function ownStrings(loaded: LoadedLocale, cardIds: ReadonlySet<string>): LocaleString[] {
  const shipped = loaded.defaulted.map((key) => ({ key: `ui.${key}`, path: ['ui', key], value: loaded.locale.ui[key] ?? null }));
  return [...stringsOfExistingCards(loaded.source.doc.toJS(), cardIds), ...shipped];
}

/** The keys (ui.<key>) whose words a locale takes from kaartenset's shipped ones. */
export function shippedKeys(loaded: LoadedLocale): Set<string> {
  return new Set(loaded.defaulted.map((key) => `ui.${key}`));
}

/** The translated strings that are not finished, in the source's order. */
function unfinishedOf(
  source: Map<string, string>,
  own: Map<string, string | null>,
  lock: LockFile,
  shipped: ReadonlySet<string>,
): UnfinishedString[] {
  return [...source].flatMap(([key, text]) => {
    const translation = own.get(key);
    if (!isTranslated(translation) || shipped.has(key)) return [];
    const state = translationState(lock[key], text, translation);
    // A hand-edited locale is held to the source's placeholders and markup as an import is.
    const markup = state === 'finished' ? markupDifference(text, translation) : undefined;
    if (markup) return [{ key, state: `markup differs: ${markup}` }];
    return state === 'finished' ? [] : [{ key, state }];
  });
}

/**
 * What stops a build of `language`: each translated string that is not finished, located at its
 * line in the locale file and named by card and field, with its state.
 */
export async function unfinishedTranslations(deck: LoadedDeck, language: string): Promise<UnfinishedTranslation[]> {
  const loaded = deck.locales.get(language);
  // The pseudo-locale is made from the source in memory: it has no file and no translations.
  if (!loaded || language === deck.meta.sourceLanguage || language === PSEUDO_LANGUAGE) return [];
  const cardIds = new Set(deck.cards.map((card) => card.id));
  const source = stringsOfExistingCards(deck.locales.get(deck.meta.sourceLanguage)!.locale, cardIds);
  const own = stringsOfExistingCards(loaded.source.doc.toJS(), cardIds);
  const ownPaths = new Map(own.map((entry) => [entry.key, entry.path]));
  const unfinished = unfinishedOf(
    new Map(source.map((entry) => [entry.key, entry.value ?? ''])),
    new Map(own.map((entry) => [entry.key, entry.value])),
    await readLock(deck.dir, language),
    shippedKeys(loaded),
  );
  return unfinished.map(({ key, state }) => ({
    key: `${deck.meta.id}:${key}`,
    state,
    problem: problemAtPath(
      'translation-unfinished',
      loaded.source,
      ownPaths.get(key)!,
      `deck ${deck.meta.id}, ${whereItPrints(key)}, ${language}: ${state}`,
      { hint: hintFor(state, language, `${deck.meta.id}:${key}`) },
    ),
  }));
}

export interface UnfinishedTranslation {
  /** deck:key */
  key: string;
  state: string;
  /** Located at its line in the locale file. */
  problem: Problem;
}

/** A build stopped by unfinished translations: each one on its line, then the ways forward. */
export function unfinishedFailure(unfinished: UnfinishedTranslation[]): InputError {
  const lines = [
    `${unfinished.length} translation(s) are not finished, so nothing was printed:`,
    ...unfinished.map(({ problem }) => `  ${formatProblemLine({ ...problem, hint: undefined })}`),
    'Ways forward:',
    '  finish them (in the translation tool, then i18n import; or in the locale file, then i18n lock <lang> <deck:key>)',
    '  npx kaartenset i18n status                            every unfinished string, per deck and state',
    '  npx kaartenset build --allow-unfinished               print them as they are (listed in manifest.json and preflight.txt)',
  ];
  return new InputError(
    unfinished.map(({ problem }) => problem),
    lines.join('\n'),
  );
}

/** "card r1-security, field title" for cards.r1-security.title; the key itself for ui and other strings. */
export function whereItPrints(key: string): string {
  const [head, card, ...field] = key.split('.');
  return head === 'cards' && card && field.length > 0 ? `card ${card}, field ${field.join('.')}` : `string ${key}`;
}

function hintFor(state: string, language: string, key: string): string {
  if (state === 'stale')
    return `its source text changed since it was translated: update it, then npx kaartenset i18n lock ${language} ${key}`;
  if (state.startsWith('markup differs')) return `correct it in the locale file or the translation tool`;
  if (state === 'same as source')
    return `translate it, or confirm that it stays as it is (a name, a loanword) with npx kaartenset i18n lock ${language} ${key}`;
  return `finish it in the translation tool and import again, or confirm it with npx kaartenset i18n lock ${language} ${key}`;
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
  const before = await readLock(deck.dir, language);
  const lock: LockFile = keys ? before : Object.create(null);
  const locking = keys ?? translated;
  for (const key of locking) {
    const text = source.get(key)!;
    // A copy of the source is confirmed only by naming its key; a whole-language lock keeps earlier confirmations.
    const earlier = before[key];
    const confirmed =
      sameSource(own.get(key)!, text) &&
      (keys !== undefined || (typeof earlier === 'object' && earlier.same && sameSource(earlier.from, text)));
    lock[key] = confirmed ? { from: text, same: true } : { from: text };
  }
  await writeLock(deck.dir, language, lock);
  return locking;
}
