import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LoadedDeck } from '../deck/load-deck.ts';
import { escapeHtml } from '../shared/escape-html.ts';
import { applyTranslations, translationRows, type ImportResult, type ImportedRow } from './spreadsheet.ts';

/** XLIFF 1.2 for translation tools: one <file> per deck, one trans-unit per string (id = deck:key). */
export function exportXliff(decks: LoadedDeck[], language: string): string {
  const rows = translationRows(decks, language);
  const files = decks.map((deck) => {
    const units = rows
      .filter((row) => row.key.startsWith(`${deck.meta.id}:`))
      .map(
        (row) => `      <trans-unit id="${escapeHtml(row.key)}" xml:space="preserve">
        <source>${escapeHtml(row.source)}</source>
        <target${row.translation ? '' : ' state="needs-translation"'}>${escapeHtml(row.translation)}</target>
        <note>${escapeHtml(row.note)}</note>
      </trans-unit>`,
      )
      .join('\n');
    return `  <file original="${escapeHtml(deck.meta.id)}" source-language="${deck.meta.sourceLanguage}" target-language="${escapeHtml(language)}" datatype="plaintext">
    <body>
${units}
    </body>
  </file>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
${files.join('\n')}
</xliff>
`;
}

/** Reads an XLIFF 1.2 file back through the same checks as the spreadsheet import. */
export async function importXliff(decks: LoadedDeck[], language: string, file: string, text: string): Promise<ImportResult> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return { changes: [], unchanged: 0, problems: [{ file, line: valid.err.line, col: valid.err.col, severity: 'error', message: `not readable XML: ${valid.err.msg}` }] };
  }
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: 'text', isArray: (name) => ['file', 'trans-unit'].includes(name), trimValues: false, parseTagValue: false });
  const xliff = parser.parse(text).xliff as { file?: Array<{ body?: { 'trans-unit'?: Array<{ id: string; target?: string | { text?: string } }> } }> } | undefined;
  const units = (xliff?.file ?? []).flatMap((f) => f.body?.['trans-unit'] ?? []);
  const rows: ImportedRow[] = units.map((unit) => ({
    line: lineOf(text, `id="${escapeHtml(unit.id)}"`),
    key: unit.id,
    translation: typeof unit.target === 'string' ? unit.target : (unit.target?.text ?? ''),
  }));
  return applyTranslations(decks, language, file, rows);
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}
