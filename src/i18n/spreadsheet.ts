import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { LoadedDeck } from '../deck/load-deck.ts';
import type { Problem } from '../shared/errors.ts';
import { decodeText, UnreadableEncoding } from './text-encoding.ts';
import {
  applyTranslations,
  failedImport,
  importProblem,
  translationRows,
  type ApplyOptions,
  type ImportResult,
  type ImportedRow,
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
export async function exportCsv(decks: LoadedDeck[], language: string): Promise<string> {
  const rows = (await translationRows(decks, language)).map((row) =>
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
  return BOM + stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows' });
}

const DELIMITERS = [
  { char: ',', name: 'commas' },
  { char: ';', name: 'semicolons' },
  { char: '\t', name: 'tabs' },
] as const;

/**
 * Reads a translated table back, whichever encoding and separator the spreadsheet saved it with;
 * refuses (naming what it found) what it cannot read. Broken rows and unknown keys are errors, and
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
  let decoded: ReturnType<typeof decodeText>;
  try {
    decoded = decodeText(bytes);
  } catch (error) {
    if (error instanceof UnreadableEncoding)
      return failedImport([at(undefined, `cannot tell the encoding: ${error.message}; save it as "CSV UTF-8"`)]);
    throw error;
  }
  const firstLine = decoded.text.split(/\r?\n/, 1)[0]!;
  const delimiter = DELIMITERS.find((candidate) => headerOf(firstLine, candidate.char)?.join() === REQUIRED_COLUMNS.join());
  if (!delimiter) {
    return failedImport([
      at(
        1,
        `the first row must be the columns ${CSV_COLUMNS.join(', ')}, separated by commas, semicolons or tabs; found "${abbreviate(firstLine)}" (read as ${decoded.description})`,
      ),
    ]);
  }
  const detected = `${decoded.description}, separated by ${delimiter.name}`;
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(decoded.text, {
      delimiter: delimiter.char,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return failedImport([at(line, `not a readable CSV file (${detected}): ${(error as Error).message.split('\n')[0]}`)], detected);
  }
  const problems: Problem[] = [];
  const imported: ImportedRow[] = [];
  for (const { record, info } of records.slice(1)) {
    const row = record.map(restoreFormula);
    if (row.length < REQUIRED_COLUMNS.length || row.length > CSV_COLUMNS.length) {
      problems.push(
        at(info.lines, `expected the columns ${CSV_COLUMNS.join(', ')} (the last two may be left out), found ${row.length} (${detected})`),
      );
      continue;
    }
    const status = statusOf(row[4] ?? '');
    if (status === undefined) {
      problems.push(
        at(
          info.lines,
          `status "${abbreviate(row[4]!)}" is not one kaartenset knows: leave it empty once the translation is done, keep "stale" or "${SAME_AS_SOURCE}" while it is not, or write "confirmed" for a translation that rightly equals its source (a name, a loanword)`,
        ),
      );
      continue;
    }
    imported.push({ line: info.lines, key: row[0]!, source: row[1]!, translation: row[2]!, ...status });
  }
  return { ...(await applyTranslations(decks, language, csvFile, imported, problems, options)), detected };
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
