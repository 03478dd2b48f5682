import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { exists } from '../shared/file-exists.ts';
import path from 'node:path';
import { findDeckDirs } from '../deck/find-decks.ts';
import { loadDeck, projectPaths, type LoadedDeck } from '../deck/load-deck.ts';
import { BuildError, fileProblem, InputError } from '../shared/errors.ts';
import { writeLocaleSchema } from '../deck/locale-schema-file.ts';
import { LanguageCode } from '../deck/schema.ts';
import { refreshSourceComments, scaffoldLocale } from './scaffold.ts';
import { scaffoldSourceLocale } from './source-scaffold.ts';
import { readYamlFile } from '../deck/yaml-source.ts';
import { writeUserFile } from '../shared/atomic-write.ts';
import { exportPo, importPo } from './gettext.ts';
import { exportCsv, importCsv } from './spreadsheet.ts';
import { failedImport, sourceStrings, type ApplyOptions, type ImportResult, type TextRooms } from './translation-table.ts';
import { decodeText, UnreadableEncoding } from './text-encoding.ts';
import { exportXliff, importXliff, type XliffVersion } from './xliff.ts';
import { loadForTranslation, lockTranslations, translationStatus, type LanguageStatus } from './status.ts';

/** The translator's commands as library calls; the CLI only prints what they return. */

export async function translationDecks(root: string, decks: string[] = []): Promise<LoadedDeck[]> {
  const project = projectPaths(path.resolve(root));
  return Promise.all((await findDeckDirs(project.root, decks)).map((dir) => loadForTranslation(dir, project)));
}

/**
 * The decks a command on `language` works on: the ones named (each must have the language), or
 * else every deck that has it, so a language only one deck has works without --deck. The hint for
 * a missing locale names its deck: `i18n add de` alone would start one in every deck.
 */
export async function decksWithLanguage(root: string, language: string, named: string[] = []): Promise<LoadedDeck[]> {
  const loaded = await translationDecks(root, named);
  const start = (ids: string[]) => ids.map((id) => `npx kaartenset i18n add ${language} --deck ${id}`).join(', or ');
  const without = loaded.filter((deck) => !deck.locales.has(language)).map((deck) => deck.meta.id);
  if (named.length > 0 && without.length > 0)
    throw new BuildError(`no locales/${language}.yaml in ${without.join(', ')}: start it with ${start(without)}`);
  const having = loaded.filter((deck) => deck.locales.has(language));
  if (having.length === 0)
    throw new BuildError(`no deck has locales/${language}.yaml yet: start the deck's you translate with ${start(without)}`);
  return having;
}

export async function statusOfDecks(root: string, decks: string[] = []): Promise<LanguageStatus[]> {
  return (await Promise.all((await translationDecks(root, decks)).map((deck) => translationStatus(deck)))).flat();
}

/**
 * Scaffolds locales/<lang>.yaml in every deck (or the named ones); an existing file is never
 * overwritten. For a deck's source language it starts from nothing: the strings its cards'
 * templates declare, empty.
 */
export async function addLanguage(root: string, language: string, decks: string[] = []): Promise<string[]> {
  if (!LanguageCode.safeParse(language).success)
    throw new BuildError(`"${language}" is not a language code: use ISO 639 (de, fr, ar, pt-BR)`);
  const project = projectPaths(path.resolve(root));
  const written: string[] = [];
  for (const dir of await findDeckDirs(project.root, decks)) {
    const file = path.join(dir, 'locales', `${language}.yaml`);
    if (await exists(file)) throw new BuildError(`${path.relative(project.root, file)} exists already; it is never overwritten`);
    let draft: LoadedDeck | undefined;
    if (language === (await sourceLanguageOf(dir))) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeUserFile(file, await scaffoldSourceLocale(dir, project, language));
      written.push(file);
      draft = (await loadDeck(dir, project)).draft;
    } else {
      const result = await loadDeck(dir, project);
      if (!result.deck) throw new InputError(result.problems.filter((p) => p.severity === 'error'));
      const source = result.deck.locales.get(result.deck.meta.sourceLanguage)!;
      await writeUserFile(file, scaffoldLocale(source, language));
      written.push(file);
      draft = result.deck;
    }
    // The new file's modeline points at the deck's own schema: make sure it is there.
    const schema = draft ? await writeLocaleSchema(draft) : undefined;
    if (schema) written.push(schema);
  }
  return written;
}

/** deck.yaml's sourceLanguage, read on its own: a deck without its source locale does not load. */
async function sourceLanguageOf(deckDir: string): Promise<string | undefined> {
  const read = await readYamlFile(path.join(deckDir, 'deck.yaml'));
  const value = read.source?.doc.get('sourceLanguage');
  return typeof value === 'string' ? value : undefined;
}

export type TableFormat = 'csv' | 'po' | 'xliff';

/** The format a file name asks for: .po/.pot is gettext, .xlf/.xliff XLIFF, anything else CSV. */
export function formatOf(file: string): TableFormat {
  if (/\.pot?$/i.test(file)) return 'po';
  return /\.(xlf|xliff)$/i.test(file) ? 'xliff' : 'csv';
}

/**
 * The strings of a language's decks in a translator's format. `measure` gives the room of each
 * card text (pipeline/text-room.ts, in Chromium), which the notes then state.
 */
export async function exportLanguage(
  root: string,
  language: string,
  decks: string[] = [],
  format: TableFormat = 'csv',
  xliffVersion: XliffVersion = '1.2',
  measure?: (decks: LoadedDeck[]) => Promise<TextRooms>,
): Promise<string> {
  const loaded = await decksWithLanguage(root, language, decks);
  const rooms = measure ? await measure(loaded) : undefined;
  if (format === 'po') return exportPo(loaded, language, rooms);
  return format === 'xliff' ? exportXliff(loaded, language, xliffVersion, rooms) : exportCsv(loaded, language, rooms);
}

/** Reads a translated CSV, PO or XLIFF file into the locale files; `accept` records every row as made from today's source. */
export async function importLanguage(
  root: string,
  language: string,
  tableFile: string,
  decks: string[] = [],
  options: ApplyOptions = {},
): Promise<ImportResult> {
  const loaded = await decksWithLanguage(root, language, decks);
  return importTable(loaded, language, tableFile, await readTranslationFile(tableFile), options);
}

/** A translation file's bytes read into the decks, by the reader its name asks for (.po, .xlf/.xliff, else CSV). */
export async function importTable(
  decks: LoadedDeck[],
  language: string,
  tableFile: string,
  bytes: Uint8Array,
  options: ApplyOptions = {},
): Promise<ImportResult> {
  const format = formatOf(tableFile);
  if (format === 'po') return importPo(decks, language, tableFile, bytes, options);
  if (format === 'csv') return importCsv(decks, language, tableFile, bytes, options);
  let text: string;
  try {
    text = decodeText(bytes).text;
  } catch (error) {
    if (!(error instanceof UnreadableEncoding)) throw error;
    return failedImport([fileProblem('import-unreadable', tableFile, `not readable as XML text: ${error.message}`)]);
  }
  return importXliff(decks, language, tableFile, text, options);
}

/** The largest translation file an import reads: about 40 times the PO file of both example decks together. */
export const TRANSLATION_FILE_LIMIT = 16 * 1024 * 1024;

/**
 * A translation file's bytes, read no further than TRANSLATION_FILE_LIMIT: a file that grows while
 * it is read, a device or a pipe (which never end) are refused, never read until memory runs out.
 */
async function readTranslationFile(file: string): Promise<Uint8Array> {
  const refuse = (why: string) => new BuildError(`cannot read ${file}: ${why}`);
  const tooLarge = (size: string) =>
    refuse(
      `it holds ${size}; a translation file may hold at most ${TRANSLATION_FILE_LIMIT / 1024 / 1024} MB (split it with --deck, one deck per file)`,
    );
  // Non-blocking: opening a named pipe would otherwise wait for a writer.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw refuse(error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'no permission to read it' : error.message);
  });
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw refuse('it is a folder');
    if (!info.isFile())
      throw refuse(
        `it is no file but a ${info.isFIFO() ? 'pipe' : info.isSocket() ? 'socket' : 'device'}: import the file your translation tool saved`,
      );
    if (info.size > TRANSLATION_FILE_LIMIT) throw tooLarge(`${(info.size / 1024 / 1024).toFixed(1)} MB`);
    const buffer = Buffer.allocUnsafe(TRANSLATION_FILE_LIMIT + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > TRANSLATION_FILE_LIMIT) throw tooLarge('more than that (it grew while it was read)');
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * Records today's source texts as what the translations were made from (clears stale): for the
 * whole language, or for the named keys only (cards.x.title in every deck that has it, or swan:cards.x.title).
 */
export async function lockLanguage(root: string, language: string, decks: string[] = [], keys: string[] = []): Promise<string[]> {
  const loaded = await decksWithLanguage(root, language, decks);
  const locked: string[] = [];
  const unmatched = new Set(keys);
  for (const deck of loaded) {
    if (keys.length === 0) {
      locked.push(...(await lockTranslations(deck, language)).map((key) => `${deck.meta.id}:${key}`));
      continue;
    }
    const known = new Set(sourceStrings(deck).map((entry) => entry.key));
    const mine = keys.flatMap((key) => {
      const [deckId, path] = key.includes(':') ? key.split(/:(.*)/s) : [deck.meta.id, key];
      if (deckId !== deck.meta.id || !known.has(path!)) return [];
      unmatched.delete(key);
      return [path!];
    });
    if (mine.length > 0) locked.push(...(await lockTranslations(deck, language, mine)).map((key) => `${deck.meta.id}:${key}`));
  }
  if (unmatched.size > 0)
    throw new BuildError(
      `no such string: ${[...unmatched].join(', ')}; keys look like cards.r1-security.title or swan:cards.r1-security.title, as \`i18n status\` lists them`,
    );
  return locked;
}

/** Rewrites the source-text comments in locales/<lang>.yaml to today's source; returns the files changed and how many comments each. */
export async function refreshComments(
  root: string,
  language: string,
  decks: string[] = [],
): Promise<Array<{ file: string; comments: number }>> {
  const refreshed: Array<{ file: string; comments: number }> = [];
  for (const deck of await decksWithLanguage(root, language, decks)) {
    const loaded = deck.locales.get(language)!;
    if (language === deck.meta.sourceLanguage)
      throw new BuildError(`${language} is the source language of deck ${deck.meta.id}: its comments are its own`);
    const comments = refreshSourceComments(sourceStrings(deck), loaded.source.doc);
    if (comments === 0) continue;
    await writeUserFile(loaded.file, loaded.source.doc.toString({ lineWidth: 0, nullStr: '' }));
    refreshed.push({ file: loaded.file, comments });
  }
  return refreshed;
}
