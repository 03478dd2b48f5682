import { po, type GetTextTranslation, type GetTextTranslations } from 'gettext-parser';
import { buildDate } from '../shared/build-date.ts';
import { PoSyntaxError, readPo, type PoEntry } from './po-reader.ts';
import type { LoadedDeck } from '../deck/load-deck.ts';
import type { Problem } from '../shared/errors.ts';
import {
  applyTranslations,
  failedImport,
  importProblem,
  otherLanguage,
  translationRows,
  type ApplyOptions,
  type ImportResult,
  type ImportedRow,
  type TextRooms,
  type TranslationRow,
} from './translation-table.ts';

/**
 * gettext PO for Poedit, Weblate and translate-toolkit, written and read by gettext-parser:
 * msgctxt is the key (deck:key), msgid the source text, msgstr the translation, the extracted
 * comment (#.) names card and field, and a stale translation is fuzzy with its previous source
 * (#| msgid) so Poedit shows what changed.
 */
export async function exportPo(decks: LoadedDeck[], language: string, rooms?: TextRooms): Promise<string> {
  const rows = await translationRows(decks, language, rooms);
  const translations: GetTextTranslations['translations'] = { '': { '': { msgid: '', msgstr: [''] } } };
  for (const row of rows) {
    if (row.source === '') continue;
    translations[row.key] = { [row.source]: entryFor(row) };
  }
  const table: GetTextTranslations = {
    charset: 'utf-8',
    headers: {
      'Project-Id-Version': decks.map((deck) => deck.meta.id).join(', '),
      Language: language,
      'MIME-Version': '1.0',
      'Content-Type': 'text/plain; charset=UTF-8',
      'Content-Transfer-Encoding': '8bit',
      // The three fields msgfmt --check wants in every header; the translator's tool fills in who.
      'PO-Revision-Date': `${buildDate().toISOString().slice(0, 16).replace('T', ' ')}+0000`,
      'Last-Translator': '',
      'Language-Team': '',
      'X-Generator': 'kaartenset',
      'X-Source-Language': decks[0]?.meta.sourceLanguage ?? 'nl',
    },
    translations,
  };
  return `${po.compile(table, { foldLength: 76 }).toString('utf8')}\n`;
}

function entryFor(row: TranslationRow): GetTextTranslation {
  return {
    msgctxt: row.key,
    msgid: row.source,
    msgstr: [row.translation],
    comments: {
      // The key again as a location: tools that drop msgctxt (translate-toolkit's po2xliff) keep it there.
      reference: row.key,
      extracted: row.note,
      ...(row.stale ? { flag: 'fuzzy' } : {}),
      ...(row.previousSource === undefined ? {} : { previous: `msgid ${poQuoted(row.previousSource)}` }),
    },
  };
}

/** A string as PO spells it on one line: quotes, backslashes and control characters escaped. */
function poQuoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/**
 * Reads a PO file back through the same checks as the spreadsheet import, in the charset its
 * header names (UTF-8 when it names none). Each entry's msgid is recorded as what its translation
 * was made from; a fuzzy entry stays unfinished. Entries without msgctxt, plural entries and
 * obsolete ones (#~) are not kaartenset strings.
 */
export async function importPo(
  decks: LoadedDeck[],
  language: string,
  file: string,
  bytes: Uint8Array,
  options: ApplyOptions = {},
): Promise<ImportResult> {
  const at = (line: number | undefined, message: string): Problem => importProblem(file, line, message);
  const decoded = decodePo(bytes);
  if ('problem' in decoded) return failedImport([at(decoded.line, decoded.problem)]);
  let entries: PoEntry[];
  try {
    entries = readPo(decoded.text);
  } catch (error) {
    if (!(error instanceof PoSyntaxError)) throw error;
    return failedImport([at(error.line, `not a readable PO file: ${error.message}`)]);
  }
  const header = entries.find((entry) => entry.msgctxt === undefined && entry.msgid === '' && !entry.obsolete);
  const declared = header ? headerField(header.msgstr[0] ?? '', 'Language') : undefined;
  if (declared && declared.replace('_', '-').toLowerCase() !== language.toLowerCase()) {
    return failedImport([at(header!.line, otherLanguage(declared, language))]);
  }
  const problems: Problem[] = [];
  const rows: ImportedRow[] = [];
  for (const entry of entries) {
    if (entry.obsolete || entry === header) continue;
    const { line } = entry;
    // translate-toolkit's xliff2po turns each unit id into a location comment (#: deck:key) instead.
    const reference = entry.references.find((candidate) => /^[a-z0-9-]+:\S+$/.test(candidate));
    const key = entry.msgctxt ?? reference ?? '';
    if (key === '') {
      problems.push(
        at(
          line,
          `an entry without msgctxt ("${entry.msgid.slice(0, 40)}"): kaartenset keys its strings by msgctxt (deck:key), as exported`,
        ),
      );
      continue;
    }
    if (entry.msgidPlural !== undefined) {
      problems.push(at(line, `"${key}" has plural forms; kaartenset strings have none`));
      continue;
    }
    const fuzzy = entry.flags.includes('fuzzy');
    rows.push({
      line,
      key,
      source: entry.msgid,
      translation: entry.msgstr[0] ?? '',
      needsReview: fuzzy,
      ...(fuzzy ? { state: 'fuzzy' } : {}),
    });
  }
  return applyTranslations(decks, language, file, rows, problems, options);
}

/** One field of the PO header ("Language: de"), or undefined. */
function headerField(header: string, name: string): string | undefined {
  for (const line of header.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name.toLowerCase()) return line.slice(colon + 1).trim() || undefined;
  }
  return undefined;
}

/** The text of a PO file in the charset its header declares; UTF-8 when it declares none (or the template's "CHARSET"). */
function decodePo(bytes: Uint8Array): { text: string } | { problem: string; line?: number } {
  const hasMark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasMark ? bytes.subarray(3) : bytes;
  // The header is ASCII in every charset PO files use: read as Latin-1, its charset= is found without decoding the rest.
  const ascii = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, 4096)).toString('latin1');
  const named = /charset=([A-Za-z0-9_.:-]+)/.exec(ascii)?.[1];
  const charset = !named || named.toUpperCase() === 'CHARSET' ? undefined : named;
  if (charset && !/^utf-?8$/i.test(charset)) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(charset, { fatal: true });
    } catch {
      return { problem: `the header names the charset "${charset}", which kaartenset cannot read: save the file as UTF-8` };
    }
    try {
      return { text: decoder.decode(body) };
    } catch {
      return { problem: `the file is not valid ${charset}, the charset its header names: save it as UTF-8` };
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const text = new TextDecoder('utf-8').decode(body);
    const bad = text.indexOf('\uFFFD');
    const line = text.slice(0, bad).split('\n').length;
    return {
      line,
      problem: charset
        ? 'the header says charset=UTF-8, but the file is not UTF-8 here (it was saved in another encoding, such as ISO-8859-1): save it as UTF-8, or name its real charset in the header'
        : 'the file is not UTF-8 here and its header names no charset: add "Content-Type: text/plain; charset=ISO-8859-1\\n" (or its real charset) to the header, or save it as UTF-8',
    };
  }
}
