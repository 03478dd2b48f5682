import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addLanguage, exportLanguage, importLanguage } from '../../../src/i18n/commands.ts';
import { neutraliseFormula, restoreFormula } from '../../../src/i18n/spreadsheet.ts';
import { decodeText } from '../../../src/i18n/text-encoding.ts';
import { FIXTURES } from '../../support/fixtures.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { lineOf } from '../../support/problems.ts';

/**
 * Byte-for-byte what spreadsheet programs save (tests/fixtures/i18n, written with Python's csv
 * module in each program's encoding, separator and line ends): the same German sheet in every flavour.
 */
const flavours = [
  {
    file: 'excel-windows-1252-semicolon.csv',
    program: 'Excel "CSV" under Dutch or German regional settings',
    detected: 'Windows-1252 (as Excel saves plain "CSV" on Windows), separated by semicolons',
  },
  {
    file: 'excel-windows-1252-comma.csv',
    program: 'Excel "CSV" under English regional settings',
    detected: 'Windows-1252 (as Excel saves plain "CSV" on Windows), separated by commas',
  },
  {
    file: 'excel-unicode-text.txt',
    program: 'Excel "Unicode text"',
    detected: 'UTF-16 (little-endian, as Excel saves "Unicode text"), separated by tabs',
  },
  { file: 'excel-csv-utf8.csv', program: 'Excel "CSV UTF-8"', detected: 'UTF-8 with a byte-order mark, separated by commas' },
  { file: 'libreoffice-utf8.csv', program: 'LibreOffice Calc', detected: 'UTF-8, separated by commas' },
];

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
  await addLanguage(project.root, 'de');
});
afterEach(async () => {
  await project.cleanup();
});

const germanYaml = () => readFile(project.file('deck/mini/locales/de.yaml'), 'utf8');

describe('a translated sheet, however the spreadsheet saved it', () => {
  it.each(flavours)('imports $program ($file) with every character intact', async ({ file, detected }) => {
    const result = await importLanguage(project.root, 'de', path.join(FIXTURES, 'i18n', file));
    expect(result.problems).toEqual([]);
    expect(result.detected).toBe(detected);
    expect(result.changes).toHaveLength(11);
    const yaml = await germanYaml();
    expect(yaml).not.toContain('\uFFFD');
    expect(yaml).toContain('title: Gesprächskarte „Eins“');
    expect(yaml).toContain('body: Eine kurze Erklärung für 5 €; Größe ß.');
    // A cell that merely starts with a minus (Excel writes it raw) is text, kept as it is.
    expect(yaml).toContain('- "- Was tust du, und warum?"');
    expect(result.changes).toContainEqual({ key: 'mini:cards.tweede.body', from: null, to: 'Noch eine Erklärung,\nüber zwei Zeilen.' });
  });

  it('gives the same locale file from every flavour', async () => {
    const files: string[] = [];
    for (const { file } of flavours) {
      await importLanguage(project.root, 'de', path.join(FIXTURES, 'i18n', file));
      files.push(await germanYaml());
    }
    expect(new Set(files).size).toBe(1);
  });

  it('refuses a file in neither UTF-8 nor Windows-1252, naming the byte, and writes nothing', async () => {
    const before = await germanYaml();
    const result = await importLanguage(project.root, 'de', path.join(FIXTURES, 'i18n', 'dos-cp437.csv'));
    expect(result.problems.map((p) => p.message)).toEqual([
      'cannot tell the encoding: neither UTF-8 nor Windows-1252: byte 0x81 on line 2 (offset 88) means nothing in either; save it as "CSV UTF-8"',
    ]);
    expect(await germanYaml()).toBe(before);
  });

  it('refuses a sheet whose columns it cannot find, naming what it read', async () => {
    const file = project.file('pipes.csv');
    await writeFile(file, 'key|source|translation|note\nmini:deck.title|Mini|Mini|\n');
    const result = await importLanguage(project.root, 'de', file);
    expect(result.problems.map((p) => `${lineOf(p)}: ${p.message}`)).toEqual([
      '1: the first row must be the columns key, source, translation, note, status, separated by commas, semicolons or tabs; found "key|source|translation|note" (read as UTF-8)',
    ]);
  });

  it('refuses text already damaged by a wrong conversion (U+FFFD) instead of writing it', async () => {
    const file = project.file('damaged.csv');
    await writeFile(file, 'key,source,translation,note\nmini:deck.title,Mini,Gespr\uFFFDchskarten,\n');
    const result = await importLanguage(project.root, 'de', file);
    expect(result.problems[0]!.message).toMatch(
      /^"mini:deck.title" holds U\+FFFD, the mark of text once read in the wrong encoding \("Gespr\uFFFDchskarten"\)/,
    );
    expect(await germanYaml()).not.toContain('\uFFFD');
  });
});

describe('text encodings', () => {
  it('reads UTF-16 without its byte-order mark, and refuses other zero bytes', () => {
    expect(decodeText(Buffer.from('key,source', 'utf16le')).encoding).toBe('utf-16le');
    expect(decodeText(Buffer.from('key,source', 'utf16le').swap16()).encoding).toBe('utf-16be');
    expect(() => decodeText(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x14, 0x08, 0x00, 0x41, 0x41]))).toThrow(/zero bytes/);
  });
});

describe('cells a spreadsheet would run as formulas', () => {
  it('are written with a leading apostrophe and read back exactly', () => {
    for (const cell of ['=HYPERLINK("http://x")', '+31 6', '-5', '@SUM(A1)', '\tTab', '\rCR', "'=already quoted", "''+twice"]) {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
      expect(restoreFormula(neutraliseFormula(cell))).toBe(cell);
    }
    for (const cell of ["'s Avonds", 'Gewoon', '']) {
      expect(neutraliseFormula(cell)).toBe(cell);
      expect(restoreFormula(cell)).toBe(cell);
    }
  });

  it("survive an export, Python's csv reader, and an import unchanged", async () => {
    await project.edit('deck/mini/locales/de.yaml', (t) =>
      t.replace(/(# Wat zie je\?\n\s+- )/, '$1"=1+1"').replace(/(# Wat doe je\?\n\s+- )/, '$1"@cmd"'),
    );
    const csv = await exportLanguage(project.root, 'de');
    expect(csv).toContain(",'=1+1,");
    expect(csv).toContain(",'@cmd,");
    const file = project.file('de.csv');
    await writeFile(file, csv);
    const cells = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import csv,json,sys; print(json.dumps([c for r in csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")) for c in r]))',
          file,
        ],
        { encoding: 'utf8' },
      ),
    ) as string[];
    expect(cells.filter((cell) => /^'?[=+\-@]/.test(cell) && !cell.startsWith("'"))).toEqual([]);
    const result = await importLanguage(project.root, 'de', file);
    expect(result.problems).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(await germanYaml()).toContain('- "=1+1"');
  });

  it('from a file saved with the apostrophe are restored', async () => {
    const file = project.file('formula.csv');
    await copyFile(path.join(FIXTURES, 'i18n', 'excel-csv-utf8.csv'), file);
    await writeFile(file, (await readFile(file, 'utf8')).replace('Was siehst du?', "'=Was siehst du?"));
    await importLanguage(project.root, 'de', file);
    expect(await germanYaml()).toContain('- =Was siehst du?');
  });
});
