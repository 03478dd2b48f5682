import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { LoadedDeck } from '../deck/load-deck.ts';
import type { Problem } from '../shared/errors.ts';
import { decodeCandidates, UnreadableEncoding, type DecodedText } from './text-encoding.ts';
import { sameSource } from './lock-file.ts';
import {
  applyTranslations,
  failedImport,
  importProblem,
  translationRows,
  type ApplyOptions,
  type ImportResult,
  type ImportedRow,
  type TextRooms,
  sourceStrings,
  stringAt,
} from './translation-table.ts';

export const CSV_COLUMNS = ['key', 'source', 'translation', 'note', 'status'] as const;
const REQUIRED_COLUMNS = CSV_COLUMNS.slice(0, 3);
const BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first, as
 * OWASP's CSV-injection guidance lists) gets a leading apostrophe, which spreadsheets show as text.
 * A cell that already starts with apostrophes before such a character gets one more, so reading
 * back (one apostrophe less) gives every text exactly as it was.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

/**
 * The strings of every deck in one table: deck:key, source text, current translation, a hint,
 * and "stale (was: …)" where the translation was made from an older source text.
 */
export async function exportCsv(decks: LoadedDeck[], language: string, rooms?: TextRooms): Promise<string> {
  const rows = (await translationRows(decks, language, rooms)).map((row) =>
    [
      row.key,
      row.source,
      row.translation,
      row.note,
      row.stale
        ? `stale${row.previousSource === undefined ? '' : ` (was: ${row.previousSource})`}`
        : row.sameAsSource
          ? SAME_AS_SOURCE
          : '',
    ].map(neutraliseFormula),
  );
  // A byte-order mark makes spreadsheet programs read the file as UTF-8.
  // RFC 4180: a cell holding a line break is quoted. csv-stringify quotes one holding its record
  // delimiter (CR LF) by itself; a lone LF or CR, as a card text has, only when asked to.
  return BOM + stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

const DELIMITERS = [
  { char: ',', name: 'commas' },
  { char: ';', name: 'semicolons' },
  { char: '\t', name: 'tabs' },
] as const;

/**
 * Reads a translated table back, whichever encoding and separator the spreadsheet saved it with;
 * refuses (naming what it found) what it cannot read. Where the bytes do not prove the encoding
 * (a single-byte "CSV"), each candidate is read and the one under which the file's source column
 * (and any translation the locale has already) is the deck's own text is kept; when none or more
 * than one is, the file is refused, never guessed. Broken rows and unknown keys are errors, and
 * then nothing is written.
 */
export async function importCsv(
  decks: LoadedDeck[],
  language: string,
  csvFile: string,
  bytes: Uint8Array,
  options: ApplyOptions = {},
): Promise<ImportResult> {
  const at = (line: number | undefined, message: string): Problem => importProblem(csvFile, line, message);
  let candidates: DecodedText[];
  try {
    candidates = decodeCandidates(bytes);
  } catch (error) {
    if (error instanceof UnreadableEncoding)
      return failedImport([at(undefined, `cannot tell the encoding: ${error.message}; ${SAVE_AS_UTF8}`)]);
    throw error;
  }
  const readings = candidates.map((decoded) => readTable(decoded, at));
  const tables = readings.filter((reading): reading is Table => !('failure' in reading));
  if (tables.length === 0) return (readings[0] as { failure: ImportResult }).failure;
  const known = knownTexts(decks, language);
  // A byte-order mark, UTF-16's zero bytes or valid UTF-8 prove the encoding; a single-byte reading needs the deck's word for it.
  const proven = candidates.length === 1 && candidates[0]!.encoding.startsWith('utf-');
  const chosen = proven && tables.length === 1 ? { table: tables[0]! } : chooseReading(tables, known, at);
  if ('failure' in chosen) return chosen.failure;
  const { table } = chosen;
  const detected = table.detected;
  const lost = table.rows.flatMap((row) => {
    const source = known.get(row.cells[0] ?? '')?.source;
    return row.cells.length >= 2 && source !== undefined && lostCharacters(row.cells[1]!, source)
      ? [
          at(
            row.line,
            `the source column reads "${abbreviate(row.cells[1]!)}" where the deck has "${abbreviate(source)}": the program that saved this file (${detected}) could not store those characters and wrote "?" instead, in the translations too; ${SAVE_AS_UTF8}`,
          ),
        ]
      : [];
  });
  if (lost.length > 0) return failedImport(lost, detected);
  const problems: Problem[] = [];
  const imported: ImportedRow[] = [];
  for (const { cells: row, line } of table.rows) {
    if (row.length < REQUIRED_COLUMNS.length || row.length > CSV_COLUMNS.length) {
      problems.push(
        at(line, `expected the columns ${CSV_COLUMNS.join(', ')} (the last two may be left out), found ${row.length} (${detected})`),
      );
      continue;
    }
    const status = statusOf(row[4] ?? '');
    if (status === undefined) {
      problems.push(
        at(
          line,
          `status "${abbreviate(row[4]!)}" is not one kaartenset knows: leave it empty once the translation is done, keep "stale" or "${SAME_AS_SOURCE}" while it is not, or write "confirmed" for a translation that rightly equals its source (a name, a loanword)`,
        ),
      );
      continue;
    }
    imported.push({ line, key: row[0]!, source: row[1]!, translation: row[2]!, ...status });
  }
  return { ...(await applyTranslations(decks, language, csvFile, imported, problems, options)), detected };
}

const SAVE_AS_UTF8 =
  'save it as "CSV UTF-8" (Excel: File › Save As › "CSV UTF-8 (Comma delimited)"; LibreOffice: Save As › Text CSV, character set "Unicode (UTF-8)") and import that file';

interface Table {
  decoded: DecodedText;
  detected: string;
  rows: Array<{ cells: string[]; line: number }>;
}

/** One reading of the file: its header found, its rows parsed, or why not. */
function readTable(decoded: DecodedText, at: (line: number | undefined, message: string) => Problem): Table | { failure: ImportResult } {
  const firstLine = decoded.text.split(/\r?\n/, 1)[0]!;
  const delimiter = DELIMITERS.find((candidate) => headerOf(firstLine, candidate.char)?.join() === REQUIRED_COLUMNS.join());
  if (!delimiter) {
    return {
      failure: failedImport([
        at(
          1,
          `the first row must be the columns ${CSV_COLUMNS.join(', ')}, separated by commas, semicolons or tabs; found "${abbreviate(firstLine)}" (read as ${decoded.description})`,
        ),
      ]),
    };
  }
  const detected = `${decoded.description}, separated by ${delimiter.name}`;
  try {
    const records = parse(decoded.text, {
      delimiter: delimiter.char,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return {
      decoded,
      detected,
      rows: records.slice(1).map(({ record, info }) => ({ cells: record.map(restoreFormula), line: info.lines })),
    };
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      failure: failedImport([at(line, `not a readable CSV file (${detected}): ${(error as Error).message.split('\n')[0]}`)], detected),
    };
  }
}

/** Each deck:key's source text and its translation in the locale today (when it has one). */
function knownTexts(decks: LoadedDeck[], language: string): Map<string, { source: string; current?: string }> {
  const known = new Map<string, { source: string; current?: string }>();
  for (const deck of decks) {
    const target = deck.locales.get(language)?.source.doc.toJS();
    for (const entry of sourceStrings(deck)) {
      const current = target ? stringAt(target, entry.path) : undefined;
      known.set(`${deck.meta.id}:${entry.key}`, { source: entry.value ?? '', ...(current ? { current } : {}) });
    }
  }
  return known;
}

/**
 * The reading whose text outside ASCII is the deck's own: each source cell (and translation cell)
 * with such a character that equals the deck's source (the locale's translation) is evidence for
 * its reading. Without evidence, or with two readings as good that give different text, refuse.
 */
function chooseReading(
  tables: Table[],
  known: Map<string, { source: string; current?: string }>,
  at: (line: number | undefined, message: string) => Problem,
): { table: Table } | { failure: ImportResult } {
  const scored = tables.map((table) => {
    let evidence = 0;
    for (const { cells } of table.rows) {
      const texts = known.get(cells[0] ?? '');
      if (!texts) continue;
      if (NON_ASCII.test(cells[1] ?? '') && sameSource(cells[1]!, texts.source)) evidence++;
      if (texts.current !== undefined && NON_ASCII.test(cells[2] ?? '') && cells[2] === texts.current) evidence++;
    }
    return { table, evidence };
  });
  const best = Math.max(...scored.map((reading) => reading.evidence));
  const winners = scored.filter((reading) => reading.evidence === best).map((reading) => reading.table);
  const distinct = new Set(winners.map((table) => JSON.stringify(table.rows.map((row) => row.cells))));
  if (best > 0 && distinct.size === 1) return { table: winners[0]! };
  const sample = differingCell(winners);
  const readings = winners.map((table) => `${table.decoded.description.split(' (')[0]} ("${sample ? abbreviate(sample(table)) : ''}")`);
  const telling = tables.some((table) => table.rows.some(({ cells }) => known.has(cells[0] ?? '') && NON_ASCII.test(cells[1] ?? '')));
  const why = !telling
    ? 'its source column has no letter beyond A to Z to tell by'
    : best === 0
      ? "its source column is the deck's source text under none of the encodings it could be in"
      : 'its source column does not tell which of these it is';
  return {
    failure: failedImport([
      at(
        undefined,
        `cannot tell how this file was saved: it is not UTF-8, ${why}, and it reads as ${readings.join(' or as ')}; ${SAVE_AS_UTF8}`,
      ),
    ]),
  };
}

const NON_ASCII = /[^ -~\t\r\n]/;

/** The first cell that reads differently in the readings given, as a function of the reading. */
function differingCell(tables: Table[]): ((table: Table) => string) | undefined {
  const first = tables[0];
  if (!first) return undefined;
  for (const [index, row] of first.rows.entries())
    for (const [column, cell] of row.cells.entries())
      if (tables.some((table) => table.rows[index]?.cells[column] !== cell)) return (table) => table.rows[index]?.cells[column] ?? '';
  return (table) => table.rows.find((row) => NON_ASCII.test(row.cells.join('')))?.cells.find((cell) => NON_ASCII.test(cell)) ?? '';
}

/** The saving program lost characters: the cell is the source text with "?" for each letter it could not store. */
function lostCharacters(cell: string, source: string): boolean {
  if (!cell.includes('?') || sameSource(cell, source)) return false;
  const have = [...cell.normalize('NFC')];
  const want = [...source.normalize('NFC')];
  return (
    have.length === want.length && have.every((character, index) => character === want[index] || (character === '?' && want[index] !== '?'))
  );
}

const SAME_AS_SOURCE = 'same as source';

/**
 * The status column's words: empty (done), "confirmed" (done, also where it equals the source),
 * "stale …" (as exported: not checked against today's source yet) and "same as source" (as
 * exported: a copy of the source, unconfirmed). Any other word is refused: "TODO" or "review"
 * counted as done would print unfinished text.
 */
function statusOf(cell: string): Pick<ImportedRow, 'needsReview' | 'state' | 'confirmed'> | undefined {
  const word = cell.trim().toLowerCase();
  if (word === '') return {};
  if (word === 'confirmed') return { confirmed: true };
  if (/^stale\b/.test(word)) return { needsReview: true, state: 'stale' };
  return word === SAME_AS_SOURCE ? {} : undefined;
}

function headerOf(line: string, delimiter: string): string[] | undefined {
  try {
    const [header] = parse(line, { delimiter, relax_column_count: true, relax_quotes: true }) as string[][];
    return header?.slice(0, REQUIRED_COLUMNS.length).map((cell) => cell.trim().toLowerCase());
  } catch {
    return undefined;
  }
}

function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
