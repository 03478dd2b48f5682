import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { LoadedDeck } from '../deck/load-deck.ts';
import { fileProblem, lineProblem, sortProblems, type Problem } from '../shared/errors.ts';
import { writeUserFile } from '../shared/atomic-write.ts';
import { isStale, previousSource, readLock, writeLock, type LockEntry } from './lock-file.ts';
import { isTranslated, stringsOfExistingCards, type LocaleString } from '../deck/locale-strings.ts';

/**
 * The one table every exchange format (CSV, PO, XLIFF) writes and reads: a row per source string
 * of every deck. Formats differ only in how they spell it.
 */
export interface TranslationRow {
  /** deck:key, e.g. swan:cards.r1-security.title */
  key: string;
  source: string;
  translation: string;
  /** Card and field, for the translator. */
  note: string;
  /** Translated from another source text than today's, or left unconfirmed. */
  stale: boolean;
  /** The source text a stale translation was made from, when known. */
  previousSource?: string;
}

/** Every source string of every deck, with its current translation, a hint and whether it is stale. */
export async function translationRows(decks: LoadedDeck[], language: string): Promise<TranslationRow[]> {
  const rows: TranslationRow[] = [];
  for (const deck of decks) {
    const target = deck.locales.get(language)?.source.doc.toJS();
    const lock = target ? await readLock(deck.dir, language) : {};
    for (const entry of sourceStrings(deck)) {
      const current = target ? stringAt(target, entry.path) : undefined;
      const translation = isTranslated(current) ? current : '';
      const source = entry.value ?? '';
      const stale = translation !== '' && isStale(lock[entry.key], source);
      const previous = stale ? previousSource(lock[entry.key], source) : undefined;
      rows.push({
        key: `${deck.meta.id}:${entry.key}`,
        source,
        translation,
        note: noteFor(deck, entry),
        stale,
        ...(previous === undefined ? {} : { previousSource: previous }),
      });
    }
  }
  return rows;
}

/** One row as a translator's file gives it back. */
export interface ImportedRow {
  line: number;
  key: string;
  /** The source text the file says this was translated from (the CSV's source column, PO msgid, XLIFF source). */
  source: string;
  translation: string;
  /** Marked unconfirmed in the file: fuzzy (PO), needs-review (XLIFF). */
  needsReview?: boolean;
}

export interface ImportChange {
  key: string;
  from: string | null;
  to: string;
}

export interface StaleImport {
  key: string;
  /** The source text the file's translation was made from. */
  translatedFrom: string;
  /** Today's source text. */
  source: string;
  /** The file marked it unconfirmed. */
  needsReview: boolean;
}

export interface ImportResult {
  changes: ImportChange[];
  unchanged: number;
  /** Imported, but made from an older source text (or unconfirmed): still stale. */
  stale: StaleImport[];
  problems: Problem[];
  /** What the reader found, e.g. "Windows-1252, separated by semicolons". */
  detected?: string;
}

export interface ApplyOptions {
  /** The translator checked every row against today's source: record them as current. */
  accept?: boolean;
}

/** A problem with an imported file: at its line where one is known, else the file as a whole. */
export function importProblem(file: string, line: number | undefined, message: string): Problem {
  return line === undefined ? fileProblem('import-invalid', file, message) : lineProblem('import-invalid', file, line, message);
}

export function failedImport(problems: Problem[], detected?: string): ImportResult {
  return { changes: [], unchanged: 0, stale: [], problems, ...(detected ? { detected } : {}) };
}

/**
 * Writes imported translations into the locale files (comments kept) and records in the lock the
 * source text each was made from, so a translation of an older source stays stale instead of
 * clearing the mark. Any unknown key, or any problem found earlier, and nothing is written.
 */
export async function applyTranslations(
  decks: LoadedDeck[],
  language: string,
  file: string,
  rows: ImportedRow[],
  problems: Problem[] = [],
  options: ApplyOptions = {},
): Promise<ImportResult> {
  const at = (line: number, message: string): Problem => importProblem(file, line, message);
  const byId = new Map(decks.map((deck) => [deck.meta.id, deck]));
  const updates: Array<{ deck: LoadedDeck; entry: LocaleString; row: ImportedRow }> = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const [deckId, path] = row.key.split(/:(.*)/s);
    const deck = byId.get(deckId ?? '');
    const entry = deck && sourceStrings(deck).find((candidate) => candidate.key === path);
    if (!deck || !entry) {
      problems.push(at(row.line, `unknown key "${row.key}": keys look like swan:cards.r1-security.title, as exported`));
      continue;
    }
    const earlier = seen.get(row.key);
    if (earlier !== undefined) problems.push(at(row.line, `"${row.key}" appears twice (first on line ${earlier}): keep one`));
    seen.set(row.key, row.line);
    const replacement = row.translation.indexOf('\uFFFD');
    if (replacement >= 0) {
      problems.push(
        at(
          row.line,
          `"${row.key}" holds U+FFFD, the mark of text once read in the wrong encoding ("${row.translation.slice(Math.max(0, replacement - 12), replacement + 12)}"): fix those characters`,
        ),
      );
      continue;
    }
    if (row.translation.trim() !== '') updates.push({ deck, entry, row });
  }
  if (problems.length > 0) return failedImport(sortProblems(problems));

  const changes: ImportChange[] = [];
  const stale: StaleImport[] = [];
  let unchanged = 0;
  for (const deck of decks) {
    const loaded = deck.locales.get(language);
    const mine = updates.filter((update) => update.deck === deck);
    if (!loaded || mine.length === 0) continue;
    const lock = await readLock(deck.dir, language);
    for (const { entry, row } of mine) {
      const source = entry.value ?? '';
      const recorded: LockEntry = options.accept
        ? { from: source }
        : { from: row.source, ...(row.needsReview ? { review: true as const } : {}) };
      lock[entry.key] = recorded;
      if (isStale(recorded, source))
        stale.push({ key: row.key, translatedFrom: row.source, source, needsReview: Boolean(row.needsReview) });
      const from = stringAt(loaded.source.doc.toJS(), entry.path) ?? null;
      if (from === row.translation) {
        unchanged++;
        continue;
      }
      setTranslation(loaded.source.doc, entry.path, row.translation);
      changes.push({ key: row.key, from, to: row.translation });
    }
    await writeUserFile(loaded.file, loaded.source.doc.toString({ lineWidth: 0, nullStr: '' }));
    await writeLock(deck.dir, language, lock);
  }
  return { changes, unchanged, stale, problems };
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

export function sourceStrings(deck: LoadedDeck): LocaleString[] {
  return stringsOfExistingCards(deck.locales.get(deck.meta.sourceLanguage)!.locale, new Set(deck.cards.map((card) => card.id)));
}

export function stringAt(value: unknown, path: Array<string | number>): string | undefined {
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
