import { isMap, isPair, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import type { LoadedDeck } from '../deck/load-deck.ts';
import { fileProblem, lineProblem, sortProblems, type Problem } from '../shared/errors.ts';
import { lockPath, lockText, previousSource, readLock, sameSource, translationState, type LockEntry } from './lock-file.ts';
import { markupDifference } from './markup.ts';
import { writeTogether } from './write-together.ts';
import { shippedKeys } from './status.ts';
import { uiString } from '../deck/ui-strings.ts';
import { isTranslated, stringsOfExistingCards, type LocaleString } from '../deck/locale-strings.ts';
import { faceFileName } from '../deck/faces.ts';

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
  /** A copy of its source, not confirmed yet. */
  sameAsSource: boolean;
  /** The source text a stale translation was made from, when known. */
  previousSource?: string;
}

/**
 * How much text a card's field holds: the most characters of its own words that fit its box with
 * the box's text at the deck's minimum size (measured in Chromium by pipeline/text-room.ts), and
 * the size that is, in points.
 */
export interface TextRoom {
  characters: number;
  pt: number;
}

/** The room of each card text that prints in a box the fit pass shrinks, by deck:key. */
export type TextRooms = ReadonlyMap<string, TextRoom>;

/** Every source string of every deck, with its current translation, a hint and whether it is finished. */
export async function translationRows(decks: LoadedDeck[], language: string, rooms: TextRooms = new Map()): Promise<TranslationRow[]> {
  const rows: TranslationRow[] = [];
  for (const deck of decks) {
    const loaded = deck.locales.get(language);
    const target = loaded?.source.doc.toJS();
    const lock = target ? await readLock(deck.dir, language) : {};
    const shipped = loaded ? shippedKeys(loaded) : new Set<string>();
    for (const entry of sourceStrings(deck)) {
      // kaartenset's shipped words are finished: shown as the translation, never stale or a copy.
      if (shipped.has(entry.key)) {
        rows.push({
          key: `${deck.meta.id}:${entry.key}`,
          source: entry.value ?? '',
          translation: stringAt(loaded!.locale, entry.path) ?? '',
          note: noteFor(deck, entry, undefined),
          stale: false,
          sameAsSource: false,
        });
        continue;
      }
      const current = target ? stringAt(target, entry.path) : undefined;
      const translation = isTranslated(current) ? current : '';
      const source = entry.value ?? '';
      const state = translation === '' ? 'finished' : translationState(lock[entry.key], source, translation);
      const stale = state !== 'finished' && state !== 'same as source';
      const previous = stale ? previousSource(lock[entry.key], source) : undefined;
      rows.push({
        key: `${deck.meta.id}:${entry.key}`,
        source,
        translation,
        note: noteFor(deck, entry, rooms.get(`${deck.meta.id}:${entry.key}`)),
        stale,
        sameAsSource: state === 'same as source',
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
  /** Marked unfinished in the file: fuzzy (PO), new, needs-translation, needs-review-* (XLIFF 1.2), initial (XLIFF 2.0), stale (CSV). */
  needsReview?: boolean;
  /** The file's word for that state: "fuzzy", "needs-translation", "initial" … */
  state?: string;
  /** The file confirms this translation as it is, also where it equals its source (a final XLIFF unit, "confirmed" in the CSV). */
  confirmed?: boolean;
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
  /** The file marked it unfinished. */
  needsReview: boolean;
  /** Why it does not print yet: stale, fuzzy, same as source … */
  state: string;
}

export interface ImportResult {
  changes: ImportChange[];
  unchanged: number;
  /** Imported, but not finished (made from an older source text, unfinished in the file, or a copy of the source). */
  stale: StaleImport[];
  /** Empty in the file where the locale has a translation: the locale's translation is kept. */
  emptied: string[];
  /** Unfinished before this import and finished now, with the same text: current again. */
  current: string[];
  problems: Problem[];
  /** What the reader found, e.g. "Windows-1252, separated by semicolons". */
  detected?: string;
  /** Nothing was written (--dry-run). */
  dryRun?: boolean;
}

export interface ApplyOptions {
  /** The translator checked every row against today's source: record them as current. */
  accept?: boolean;
  /** Report what the import would change without writing anything. */
  dryRun?: boolean;
}

/**
 * A file for another language than the one imported: a region of the same language (de_DE for de)
 * is most likely the same translation, labelled by the tool; never a hint to make another locale.
 */
export function otherLanguage(declared: string, language: string): string {
  const base = (code: string) => code.split(/[-_]/)[0]!.toLowerCase();
  return base(declared) === base(language)
    ? `this file says it translates into "${declared}", and this import is for "${language}": if it is that language, set the file's language to "${language}" (Poedit: Translation › Properties; a CAT tool: the target language) and import it again`
    : `this file translates into "${declared}", not "${language}": import it into that language's locale (npx kaartenset i18n import ${declared} <file>) where a deck has one`;
}

/** A problem with an imported file: at its line where one is known, else the file as a whole. */
export function importProblem(file: string, line: number | undefined, message: string): Problem {
  return line === undefined ? fileProblem('import-invalid', file, message) : lineProblem('import-invalid', file, line, message);
}

export function failedImport(problems: Problem[], detected?: string): ImportResult {
  return { changes: [], unchanged: 0, stale: [], emptied: [], current: [], problems, ...(detected ? { detected } : {}) };
}

/**
 * Writes imported translations into the locale files (comments kept) and records in the lock the
 * source text each was made from, so a translation of an older source stays stale instead of
 * clearing the mark. Any unknown key, or any problem found earlier, and nothing is written; each
 * deck's locale and lock are written together or not at all.
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
  const byId = new Map(
    decks.map((deck) => [deck.meta.id, { deck, strings: new Map(sourceStrings(deck).map((entry) => [entry.key, entry])) }]),
  );
  const updates: Array<{ deck: LoadedDeck; entry: LocaleString; row: ImportedRow }> = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const [deckId, path] = row.key.split(/:(.*)/s);
    const known = byId.get(deckId ?? '');
    const entry = known?.strings.get(path ?? '');
    if (!known && deckId && /^[a-z0-9-]+$/.test(deckId) && path) {
      problems.push(
        at(
          row.line,
          `"${row.key}" is a string of deck ${deckId}, which this import does not cover (it reads into ${[...byId.keys()].join(', ')}: the decks named with --deck, or else those with locales/${language}.yaml)`,
        ),
      );
      continue;
    }
    if (!known || !entry) {
      problems.push(at(row.line, `unknown key "${row.key}": keys look like swan:cards.r1-security.title, as exported`));
      continue;
    }
    const earlier = seen.get(row.key);
    if (earlier !== undefined) problems.push(at(row.line, `"${row.key}" appears twice (first on line ${earlier}): keep one`));
    seen.set(row.key, row.line);
    const unreadable = unwritableCharacter(row.translation);
    if (unreadable) {
      problems.push(at(row.line, `"${row.key}" ${unreadable}`));
      continue;
    }
    const markup = row.translation.trim() === '' ? undefined : markupDifference(row.source, row.translation);
    if (markup) {
      problems.push(at(row.line, `"${row.key}": ${markup}`));
      continue;
    }
    updates.push({ deck: known.deck, entry, row });
  }
  if (problems.length > 0) return failedImport(sortProblems(problems));

  const result: ImportResult = { changes: [], unchanged: 0, stale: [], emptied: [], current: [], problems };
  const writes: Array<{ file: string; text: string }> = [];
  for (const deck of decks) {
    const loaded = deck.locales.get(language);
    const mine = updates.filter((update) => update.deck === deck);
    if (!loaded || mine.length === 0) continue;
    const lock = await readLock(deck.dir, language);
    const lockBefore = lockText(lock);
    const changesBefore = result.changes.length;
    const before = loaded.source.doc.toJS();
    const index = indexLocale(loaded.source.doc);
    const shipped = shippedKeys(loaded);
    for (const { entry, row } of mine) {
      const source = entry.value ?? '';
      // The shipped words given back as they were: nothing to write, the deck keeps taking them.
      if (shipped.has(entry.key) && row.translation === stringAt(loaded.locale, entry.path)) {
        result.unchanged++;
        continue;
      }
      const from = stringAt(before, entry.path) ?? null;
      if (row.translation.trim() === '') {
        if (isTranslated(from)) result.emptied.push(row.key);
        continue;
      }
      const wasState = isTranslated(from) ? translationState(lock[entry.key], source, from) : undefined;
      const earlier = lock[entry.key];
      // A confirmed copy of the source stays confirmed while neither it nor its source changes.
      const stillConfirmed =
        typeof earlier === 'object' && earlier.same === true && sameSource(earlier.from, source) && from === row.translation;
      const same = row.confirmed || stillConfirmed ? { same: true as const } : {};
      const recorded: LockEntry = options.accept
        ? { from: source, ...same }
        : {
            from: row.source,
            ...(row.needsReview ? { review: true as const, ...(row.state ? { state: row.state } : {}) } : {}),
            ...same,
          };
      lock[entry.key] = recorded;
      const state = translationState(recorded, source, row.translation);
      if (state !== 'finished')
        result.stale.push({ key: row.key, translatedFrom: row.source, source, needsReview: Boolean(row.needsReview), state });
      if (from === row.translation) {
        result.unchanged++;
        if (state === 'finished' && wasState !== undefined && wasState !== 'finished') result.current.push(row.key);
        continue;
      }
      setTranslation(loaded.source.doc, index, entry.path, row.translation);
      result.changes.push({ key: row.key, from, to: row.translation });
    }
    // Files with nothing new are left as they are, byte for byte.
    if (result.changes.length > changesBefore)
      writes.push({ file: loaded.file, text: loaded.source.doc.toString({ lineWidth: 0, nullStr: '' }) });
    if (lockText(lock) !== lockBefore) writes.push({ file: lockPath(deck.dir, language), text: lockText(lock) });
  }
  if (options.dryRun) return { ...result, dryRun: true };
  await writeTogether(writes);
  return result;
}

/**
 * Characters an import must not write into a locale: U+FFFD (text once read in the wrong
 * encoding), control characters (they print as empty boxes) and the Unicode line and paragraph
 * separators, which YAML readers do not read back as they were written.
 */
function unwritableCharacter(text: string): string | undefined {
  const replacement = text.indexOf('\uFFFD');
  if (replacement >= 0)
    return `holds U+FFFD, the mark of text once read in the wrong encoding ("${text.slice(Math.max(0, replacement - 12), replacement + 12)}"): fix those characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/.exec(text);
  if (!control) return undefined;
  const code = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = control[0] === '\u2028' ? 'a line separator' : control[0] === '\u2029' ? 'a paragraph separator' : 'a control character';
  return `holds ${name} (${code}) after "${text.slice(Math.max(0, control.index - 20), control.index)}": card texts take line breaks (\\n) only; remove it`;
}

/** Where each value of a locale file sits in its YAML document: found once, so each import sets its values in constant time. */
type LocaleIndex = Map<string, { node: Scalar; next?: { commentBefore?: string | null } }>;

function indexLocale(doc: Document): LocaleIndex {
  const index: LocaleIndex = new Map();
  // `after` is what follows the collection: a comment hung on its last empty value belongs there (the next key of the parent).
  const visit = (node: unknown, path: Array<string | number>, after: { commentBefore?: string | null } | undefined): void => {
    if (!isMap(node) && !isSeq(node)) return;
    const items = node.items as unknown[];
    items.forEach((item, position) => {
      const [key, value] = isPair(item) ? [isScalar(item.key) ? String(item.key.value) : '', item.value] : [position, item];
      const following = items[position + 1];
      const next = following === undefined ? after : ((isPair(following) ? following.key : following) as { commentBefore?: string | null });
      if (isScalar(value)) index.set([...path, key].join('\u0000'), { node: value, ...(next ? { next } : {}) });
      else visit(value, [...path, key], next);
    });
  };
  visit(doc.contents, [], undefined);
  return index;
}

/**
 * Sets one value. A comment the parser hung on an empty value belongs to the key below it (it is
 * that key's source text), so it moves there instead of trailing the new translation.
 */
function setTranslation(doc: Document, index: LocaleIndex, path: Array<string | number>, value: string): void {
  const found = index.get(path.join('\u0000'));
  if (!found) {
    doc.setIn(path, value);
    return;
  }
  const { node, next } = found;
  if (node.comment && next) next.commentBefore = next.commentBefore ? `${node.comment}\n${next.commentBefore}` : node.comment;
  node.comment = undefined;
  node.value = value;
}

export function sourceStrings(deck: LoadedDeck): LocaleString[] {
  return stringsOfExistingCards(deck.locales.get(deck.meta.sourceLanguage)!.locale, new Set(deck.cards.map((card) => card.id)));
}

export function stringAt(value: unknown, path: Array<string | number>): string | undefined {
  let node = value;
  for (const segment of path) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return typeof node === 'string' ? node : undefined;
}

function noteFor(deck: LoadedDeck, entry: LocaleString, room: TextRoom | undefined): string {
  if (entry.path[0] === 'cards') return cardNote(deck, entry, room);
  if (entry.path[0] === 'worksheet') return 'worksheet label';
  if (entry.path[0] === 'ui') {
    const key = String(entry.path[1]);
    const shipped = uiString(key);
    if (shipped) return shipped.labels;
    const templates = [...deck.templates.values()].filter((template) => template.ui.includes(key)).map((template) => template.name);
    return `label ui.${key}, shown by the card template${templates.length === 1 ? '' : 's'} ${templates.join(', ') || '(none)'}`;
  }
  return entry.path.join(' ');
}

/**
 * Where a card's text prints (card, kind, field), how long it may be (when measured) and the
 * preview of its face in a built set's folder (dist/<deck>/<lang>/): "card r1-security
 * (condition), body; fits about 240 characters at 7 pt; preview previews/01-r1-security-front.png".
 */
function cardNote(deck: LoadedDeck, entry: LocaleString, room: TextRoom | undefined): string {
  const id = String(entry.path[1]);
  const card = deck.cards.find((c) => c.id === id);
  const where = `card ${id} (${card?.template ?? '?'}), ${entry.path.slice(2).join(' ')}`;
  const fits = room ? `; fits about ${room.characters} characters at ${room.pt} pt` : '';
  const preview = card ? `; preview previews/${faceFileName(deck.cards, id, 'front')}.png` : '';
  return `${where}${fits}${preview}`;
}
