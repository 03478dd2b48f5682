import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { LoadedDeck } from '../deck/load-deck.ts';
import type { Problem } from '../shared/errors.ts';
import { readLock, writeLock } from './lock-file.ts';
import { sourceHash } from './source-hash.ts';
import { isTranslated, stringsOfExistingCards, type LocaleString } from '../deck/locale-strings.ts';

export const CSV_COLUMNS = ['key', 'source', 'translation', 'note'] as const;
const BOM = '\uFEFF';

export interface TranslationRow {
  /** deck:key, e.g. swan:cards.r1-security.title */
  key: string;
  source: string;
  translation: string;
  note: string;
}

/** Every source string of every deck, with its current translation and a hint for the translator. */
export function translationRows(decks: LoadedDeck[], language: string): TranslationRow[] {
  return decks.flatMap((deck) =>
    sourceStrings(deck).map((entry) => {
      const current = deck.locales.get(language) ? stringAt(deck.locales.get(language)!.source.doc.toJS(), entry.path) : undefined;
      return { key: `${deck.meta.id}:${entry.key}`, source: entry.value ?? '', translation: isTranslated(current) ? current : '', note: noteFor(deck, entry) };
    }),
  );
}

/** The strings of every deck in one table: deck:key, source text, current translation, a hint. */
export function exportCsv(decks: LoadedDeck[], language: string): string {
  const rows = translationRows(decks, language).map((row) => [row.key, row.source, row.translation, row.note]);
  // A byte-order mark makes spreadsheet programs read the file as UTF-8.
  return BOM + stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows' });
}

export interface ImportChange {
  key: string;
  from: string | null;
  to: string;
}

export interface ImportResult {
  changes: ImportChange[];
  unchanged: number;
  problems: Problem[];
}

/** Reads a translated table back: broken rows and unknown keys are errors, and then nothing is written. */
export async function importCsv(decks: LoadedDeck[], language: string, csvFile: string, text: string): Promise<ImportResult> {
  const problems: Problem[] = [];
  const at = (line: number, message: string): Problem => ({ file: csvFile, line, col: 1, severity: 'error', message });
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { changes: [], unchanged: 0, problems: [at(line, `not a readable CSV file: ${(error as Error).message.split('\n')[0]}`)] };
  }
  const [header, ...rows] = records;
  if (!header || header.slice(0, 3).join(',') !== CSV_COLUMNS.slice(0, 3).join(',')) {
    return { changes: [], unchanged: 0, problems: [at(1, `the first row must be the columns ${CSV_COLUMNS.join(', ')}`)] };
  }
  const imported: ImportedRow[] = [];
  rows.forEach((row, index) => {
    const line = index + 2;
    if (row.length < 3 || row.length > CSV_COLUMNS.length) {
      problems.push(at(line, `expected ${CSV_COLUMNS.length} columns (${CSV_COLUMNS.join(', ')}), found ${row.length}`));
      return;
    }
    imported.push({ line, key: row[0] ?? '', translation: row[2] ?? '' });
  });
  return applyTranslations(decks, language, csvFile, imported, problems);
}

export interface ImportedRow {
  line: number;
  key: string;
  translation: string;
}

/**
 * Writes imported translations into the locale files (comments kept) and records their sources
 * in the lock. Any unknown key, or any problem found earlier, and nothing is written.
 */
export async function applyTranslations(decks: LoadedDeck[], language: string, file: string, rows: ImportedRow[], problems: Problem[] = []): Promise<ImportResult> {
  const at = (line: number, message: string): Problem => ({ file, line, col: 1, severity: 'error', message });
  const byId = new Map(decks.map((deck) => [deck.meta.id, deck]));
  const updates: Array<{ deck: LoadedDeck; entry: LocaleString; value: string }> = [];
  for (const { line, key, translation } of rows) {
    const [deckId, path] = key.split(/:(.*)/s);
    const deck = byId.get(deckId ?? '');
    const entry = deck && sourceStrings(deck).find((candidate) => candidate.key === path);
    if (!deck || !entry) {
      problems.push(at(line, `unknown key "${key}": keys look like swan:cards.r1-security.title, as exported`));
      continue;
    }
    if (translation.trim() !== '') updates.push({ deck, entry, value: translation });
  }
  if (problems.length > 0) return { changes: [], unchanged: 0, problems: problems.sort((a, b) => a.line - b.line) };

  const changes: ImportChange[] = [];
  let unchanged = 0;
  for (const deck of decks) {
    const loaded = deck.locales.get(language);
    const mine = updates.filter((update) => update.deck === deck);
    if (!loaded || mine.length === 0) continue;
    const lock = await readLock(deck.dir, language);
    for (const { entry, value } of mine) {
      const from = stringAt(loaded.source.doc.toJS(), entry.path) ?? null;
      lock[entry.key] = sourceHash(entry.value ?? '');
      if (from === value) {
        unchanged++;
        continue;
      }
      setTranslation(loaded.source.doc, entry.path, value);
      changes.push({ key: `${deck.meta.id}:${entry.key}`, from, to: value });
    }
    await writeFile(loaded.file, loaded.source.doc.toString({ lineWidth: 0, nullStr: '' }));
    await writeLock(deck.dir, language, lock);
  }
  return { changes, unchanged, problems };
}

/**
 * Sets one value. A comment the parser hung on an empty value belongs to the key below it (it is
 * that key's source text), so it moves there instead of trailing the new translation.
 */
function setTranslation(doc: Document, path: Array<string | number>, value: string): void {
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.comment) {
    doc.setIn(path, value);
    return;
  }
  const trailing = node.comment;
  node.comment = undefined;
  node.value = value;
  const parent = doc.getIn(path.slice(0, -1), true);
  const items = isMap(parent) || isSeq(parent) ? (parent.items as unknown[]) : [];
  const index = isMap(parent) ? parent.items.findIndex((pair) => pair.value === node) : items.indexOf(node);
  const next = items[index + 1];
  const target = (isPair(next) ? next.key : next) as { commentBefore?: string | null } | undefined;
  if (target) target.commentBefore = target.commentBefore ? `${trailing}\n${target.commentBefore}` : trailing;
}

function sourceStrings(deck: LoadedDeck): LocaleString[] {
  return stringsOfExistingCards(deck.locales.get(deck.meta.sourceLanguage)!.locale, new Set(deck.cards.map((card) => card.id)));
}

function stringAt(value: unknown, path: Array<string | number>): string | undefined {
  let node = value;
  for (const segment of path) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return typeof node === 'string' ? node : undefined;
}

function noteFor(deck: LoadedDeck, entry: LocaleString): string {
  if (entry.path[0] === 'cards') {
    const card = deck.cards.find((c) => c.id === entry.path[1]);
    return `card ${String(entry.path[1])} (${card?.template ?? '?'}), ${entry.path.slice(2).join(' ')}`;
  }
  if (entry.path[0] === 'worksheet') return 'worksheet label';
  if (entry.path[0] === 'ui') return 'label on cards, sheets or the download page';
  return entry.path.join(' ');
}
