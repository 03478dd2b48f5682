import { po, type GetTextTranslation, type GetTextTranslations } from 'gettext-parser';
import type { LoadedDeck } from '../deck/load-deck.ts';
import type { Problem } from '../shared/errors.ts';
import {
  applyTranslations,
  failedImport,
  importProblem,
  translationRows,
  type ApplyOptions,
  type ImportResult,
  type ImportedRow,
  type TranslationRow,
} from './translation-table.ts';

/**
 * gettext PO for Poedit, Weblate and translate-toolkit, written and read by gettext-parser:
 * msgctxt is the key (deck:key), msgid the source text, msgstr the translation, the extracted
 * comment (#.) names card and field, and a stale translation is fuzzy with its previous source
 * (#| msgid) so Poedit shows what changed.
 */
export async function exportPo(decks: LoadedDeck[], language: string): Promise<string> {
  const rows = await translationRows(decks, language);
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
 * Reads a PO file back through the same checks as the spreadsheet import. Each entry's msgid is
 * recorded as what its translation was made from; a fuzzy entry stays stale. Entries without
 * msgctxt, plural entries and obsolete ones (#~) are not kaartenset strings.
 */
export async function importPo(
  decks: LoadedDeck[],
  language: string,
  file: string,
  bytes: Uint8Array,
  options: ApplyOptions = {},
): Promise<ImportResult> {
  const content = Buffer.from(bytes);
  const at = (line: number | undefined, message: string): Problem => importProblem(file, line, message);
  let parsed: GetTextTranslations;
  try {
    parsed = po.parse(content);
  } catch (error) {
    const found = /line (\d+)/i.exec((error as Error).message)?.[1];
    const line = found === undefined ? undefined : Number(found);
    return failedImport([at(line, `not a readable PO file: ${(error as Error).message}`)]);
  }
  const text = content.toString('utf8');
  const declared = parsed.headers.Language;
  if (declared && declared.replace('_', '-').toLowerCase() !== language.toLowerCase()) {
    return failedImport([
      at(
        lineOf(text, 'Language:'),
        `this file translates into "${declared}", not "${language}": import it with \`i18n import ${declared} …\``,
      ),
    ]);
  }
  const problems: Problem[] = [];
  const rows: ImportedRow[] = [];
  for (const [context, entries] of Object.entries(parsed.translations)) {
    for (const entry of Object.values(entries)) {
      if (context === '' && entry.msgid === '') continue;
      const line = lineOf(text, context === '' ? `msgid ${poQuoted(entry.msgid).slice(0, 40)}` : `msgctxt ${poQuoted(context)}`);
      // translate-toolkit's xliff2po turns each unit id into a location comment (#: deck:key) instead.
      const reference = entry.comments?.reference?.trim() ?? '';
      const key = context !== '' ? context : /^[a-z0-9-]+:\S+$/.test(reference) ? reference : '';
      if (key === '') {
        problems.push(
          at(
            line,
            `an entry without msgctxt ("${entry.msgid.slice(0, 40)}"): kaartenset keys its strings by msgctxt (deck:key), as exported`,
          ),
        );
        continue;
      }
      if (entry.msgid_plural !== undefined) {
        problems.push(at(line, `"${key}" has plural forms; kaartenset strings have none`));
        continue;
      }
      const flags = (entry.comments?.flag ?? '').split(/[\s,]+/);
      const fuzzy = flags.includes('fuzzy');
      rows.push({
        line: line ?? 1,
        key,
        source: entry.msgid,
        translation: entry.msgstr[0] ?? '',
        needsReview: fuzzy,
        ...(fuzzy ? { state: 'fuzzy' } : {}),
      });
    }
  }
  return applyTranslations(decks, language, file, rows, problems, options);
}

function lineOf(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}
