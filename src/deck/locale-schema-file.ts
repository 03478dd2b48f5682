import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deckLocaleJsonSchema } from './json-schema.ts';
import type { LoadedDeck } from './load-deck.ts';

/** Each deck's own locale JSON Schema, beside its deck.yaml: the fields of the templates it uses. */
export const LOCALE_SCHEMA_FILE = 'locale.schema.json';

/** The first comment of every locale file: editors (yaml-language-server) read the deck's own schema. */
export const LOCALE_MODELINE = `yaml-language-server: $schema=../${LOCALE_SCHEMA_FILE}`;

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
