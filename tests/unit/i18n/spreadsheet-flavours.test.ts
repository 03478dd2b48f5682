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
  // A source text beyond ASCII, as every real Dutch deck has: what tells a single-byte file's encoding.
  await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('example: Voorbeeld', 'example: Voorbeeld één'));
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

  it('refuses a file in no encoding whose source column is the deck’s (DOS code page 437), and writes nothing', async () => {
    const before = await germanYaml();
    const result = await importLanguage(project.root, 'de', path.join(FIXTURES, 'i18n', 'dos-cp437.csv'));
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^cannot tell how this file was saved: it is not UTF-8, .* save it as "CSV UTF-8"/),
    ]);
    expect(await germanYaml()).toBe(before);
  });

  /** The UTF-8 fixture as another program would save it, by Python's codecs: separator and line ends kept. */
  const transcoded = (codec: string) => {
    const file = project.file(`de-${codec}.csv`);
    const script =
      'import sys; open(sys.argv[2], "wb").write(open(sys.argv[1], encoding="utf-8-sig", newline="").read().encode(sys.argv[3]))';
    execFileSync('python3', ['-c', script, path.join(FIXTURES, 'i18n', 'excel-csv-utf8.csv'), file, codec]);
    return file;
  };

  it.each([
    ['mac_roman', 'Mac Roman (as Excel saves plain "CSV" on a Mac), separated by commas'],
    ['cp1252', 'Windows-1252 (as Excel saves plain "CSV" on Windows), separated by commas'],
  ])('decodes %s by the source column, every character intact', async (codec, detected) => {
    const file = transcoded(codec);
    const result = await importLanguage(project.root, 'de', file);
    expect(result.problems).toEqual([]);
    expect(result.detected).toBe(detected);
    const yaml = await germanYaml();
    expect(yaml).toContain('title: Gesprächskarte „Eins“');
    expect(yaml).toContain('body: Eine kurze Erklärung für 5 €; Größe ß.');
  });

  it('decodes ISO-8859-15 by a source text with one of the letters it has where Windows-1252 has others (€)', async () => {
    await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('example: Voorbeeld één', 'example: Voorbeeld één €'));
    const file = project.file('de-latin9.csv');
    const text = (await readFile(path.join(FIXTURES, 'i18n', 'excel-csv-utf8.csv'), 'utf8'))
      .replace(/^\uFEFF/, '')
      .replace('Voorbeeld één', 'Voorbeeld één €')
      .replace(/„(.*)“/, '«$1»');
    execFileSync('python3', ['-c', 'import sys; open(sys.argv[1], "wb").write(sys.stdin.read().encode("iso8859_15"))', file], {
      input: text,
    });
    const result = await importLanguage(project.root, 'de', file);
    expect(result.problems).toEqual([]);
    expect(result.detected).toBe('ISO-8859-15 (Latin-9), separated by commas');
    const yaml = await germanYaml();
    expect(yaml).toContain('title: Gesprächskarte «Eins»');
    expect(yaml).toContain('body: Eine kurze Erklärung für 5 €; Größe ß.');
  });

  it('refuses a single-byte file whose source column cannot tell its encoding, and writes nothing', async () => {
    await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('example: Voorbeeld één', 'example: Voorbeeld'));
    const file = project.file('ascii-source.csv');
    const text = (await readFile(path.join(FIXTURES, 'i18n', 'excel-csv-utf8.csv'), 'utf8'))
      .replace(/^\uFEFF/, '')
      .replace('Voorbeeld één', 'Voorbeeld');
    execFileSync('python3', ['-c', 'import sys; open(sys.argv[1], "wb").write(sys.stdin.read().encode("cp1252"))', file], { input: text });
    const before = await germanYaml();
    const result = await importLanguage(project.root, 'de', path.join(file));
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^cannot tell how this file was saved: it is not UTF-8, its source column has no letter beyond A to Z to tell by, and it reads as Windows-1252 \("Gesprächskarte „Eins“"\) or as Mac Roman \("Gespr‰chskarte ÑEinsì"\); save it as "CSV UTF-8"/,
      ),
    ]);
    expect(await germanYaml()).toBe(before);
  });

  it('refuses a file whose source column has "?" where the deck has a letter (the program lost characters)', async () => {
    const file = project.file('lost.csv');
    const text = (await readFile(path.join(FIXTURES, 'i18n', 'excel-csv-utf8.csv'), 'utf8')).replace('Voorbeeld één', 'Voorbeeld ??n');
    await writeFile(file, text);
    const before = await germanYaml();
    const result = await importLanguage(project.root, 'de', file);
    expect(result.problems.map((p) => `${lineOf(p)}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^\d+: the source column reads "Voorbeeld \?\?n" where the deck has "Voorbeeld één": the program that saved this file .* wrote "\?" instead, in the translations too; save it as "CSV UTF-8"/,
      ),
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
