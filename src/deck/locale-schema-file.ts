import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from '../shared/errors.ts';
import { findDeckDirs } from './find-decks.ts';
import { deckLocaleJsonSchema } from './json-schema.ts';
import { loadDeck, type LoadedDeck, type ProjectPaths } from './load-deck.ts';
import { LOCALE_SCHEMA_FILE } from './locale-schema-name.ts';

export { LOCALE_MODELINE, LOCALE_SCHEMA_FILE } from './locale-schema-name.ts';

/**
 * Writes the deck's locale.schema.json when it is missing or no longer follows the deck's cards
 * and templates; returns the file when it wrote it. A deck whose cards.yaml or templates do not
 * load yet keeps the one it has.
 */
export async function writeLocaleSchema(deck: Pick<LoadedDeck, 'dir' | 'cards' | 'templates'>): Promise<string | undefined> {
  const file = path.join(deck.dir, LOCALE_SCHEMA_FILE);
  const text = `${JSON.stringify(deckLocaleJsonSchema(deck.cards, deck.templates), null, 2)}\n`;
  if ((await readFile(file, 'utf8').catch(() => undefined)) === text) return undefined;
  await writeFile(file, text);
  return file;
}

/** What `kaartenset schema` did for one deck: the schema it wrote, or why it could not (deck.yaml or cards.yaml not loading). */
export interface LocaleSchemaWrite {
  dir: string;
  file: string;
  /** False when the file was current already, or could not be made. */
  written: boolean;
  /** The errors that keep the deck's schema from being made; empty when it was. */
  problems: Problem[];
}

/** Writes the locale schema of every deck named (every deck under deck/ when none are), as `kaartenset schema` and `npm run schema` do. */
export async function writeLocaleSchemas(project: ProjectPaths, named: string[] = []): Promise<LocaleSchemaWrite[]> {
  const results: LocaleSchemaWrite[] = [];
  for (const dir of await findDeckDirs(project.root, named)) {
    const file = path.join(dir, LOCALE_SCHEMA_FILE);
    const { draft, problems } = await loadDeck(dir, project);
    if (!draft) results.push({ dir, file, written: false, problems: problems.filter((problem) => problem.severity === 'error') });
    else results.push({ dir, file, written: (await writeLocaleSchema(draft)) !== undefined, problems: [] });
  }
  return results;
}
