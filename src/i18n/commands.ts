import { readFile, writeFile } from 'node:fs/promises';
import { exists } from '../deck/file-exists.ts';
import path from 'node:path';
import { findDeckDirs } from '../deck/find-decks.ts';
import { loadDeck, projectPaths, type LoadedDeck } from '../deck/load-deck.ts';
import { BuildError, InputError } from '../shared/errors.ts';
import { LanguageCode } from '../deck/schema.ts';
import { scaffoldLocale } from './scaffold.ts';
import { exportCsv, importCsv, type ImportResult } from './spreadsheet.ts';
import { exportXliff, importXliff } from './xliff.ts';
import { loadForTranslation, lockTranslations, translationStatus, type LanguageStatus } from './status.ts';

/** The translator's commands as library calls; the CLI only prints what they return. */

export async function translationDecks(root: string, decks: string[] = []): Promise<LoadedDeck[]> {
  const project = projectPaths(path.resolve(root));
  return Promise.all((await findDeckDirs(project.root, decks)).map((dir) => loadForTranslation(dir, project)));
}

export async function statusOfDecks(root: string, decks: string[] = []): Promise<LanguageStatus[]> {
  return (await Promise.all((await translationDecks(root, decks)).map((deck) => translationStatus(deck)))).flat();
}

/** Scaffolds locales/<lang>.yaml in every deck; an existing file is never overwritten. */
export async function addLanguage(root: string, language: string, decks: string[] = []): Promise<string[]> {
  if (!LanguageCode.safeParse(language).success) throw new BuildError(`"${language}" is not a language code: use ISO 639 (de, fr, ar, pt-BR)`);
  const project = projectPaths(path.resolve(root));
  const written: string[] = [];
  for (const dir of await findDeckDirs(project.root, decks)) {
    const file = path.join(dir, 'locales', `${language}.yaml`);
    if (await exists(file)) throw new BuildError(`${path.relative(project.root, file)} exists already; it is never overwritten`);
    const result = await loadDeck(dir, project);
    if (!result.deck) throw new InputError(result.problems.filter((p) => p.severity === 'error'));
    const source = result.deck.locales.get(result.deck.meta.sourceLanguage)!;
    await writeFile(file, scaffoldLocale(source, language));
    written.push(file);
  }
  return written;
}

export type TableFormat = 'csv' | 'xliff';

/** The format a file name asks for: .xlf and .xliff are XLIFF, anything else CSV. */
export function formatOf(file: string): TableFormat {
  return /\.(xlf|xliff)$/i.test(file) ? 'xliff' : 'csv';
}

export async function exportLanguage(root: string, language: string, decks: string[] = [], format: TableFormat = 'csv'): Promise<string> {
  const loaded = await translationDecks(root, decks);
  return format === 'xliff' ? exportXliff(loaded, language) : exportCsv(loaded, language);
}

export async function importLanguage(root: string, language: string, tableFile: string, decks: string[] = []): Promise<ImportResult> {
  const loaded = await translationDecks(root, decks);
  const without = loaded.filter((deck) => !deck.locales.has(language)).map((deck) => deck.meta.id);
  if (without.length > 0) throw new BuildError(`no locales/${language}.yaml in ${without.join(', ')}: run \`npx kaartenset i18n add ${language}\` first`);
  const text = await readFile(tableFile, 'utf8');
  return formatOf(tableFile) === 'xliff' ? importXliff(loaded, language, tableFile, text) : importCsv(loaded, language, tableFile, text);
}

export async function lockLanguage(root: string, language: string, decks: string[] = []): Promise<number> {
  let count = 0;
  for (const deck of await translationDecks(root, decks)) {
    if (!deck.locales.has(language)) throw new BuildError(`deck ${deck.meta.id} has no locales/${language}.yaml`);
    count += await lockTranslations(deck, language);
  }
  return count;
}
