import { execFileSync, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLanguage, importLanguage, lockLanguage } from '../../../src/i18n/commands.ts';
import { exists } from '../../../src/shared/file-exists.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/**
 * Exports every tool reads back, judged by the tools themselves: Python's csv module (as
 * spreadsheets split rows), msgfmt --check and translate-toolkit's pofilter.
 */

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
  // Texts that need quoting or escaping in every format: a line break, quotes, a backslash, a separator.
  await project.edit('deck/mini/locales/en.yaml', (t) =>
    t.replace('body: Another explanation.', 'body: "Another \\"explanation\\",\\nover two lines; C:\\\\path"'),
  );
  await project.edit('deck/mini/locales/nl.yaml', (t) =>
    t.replace('body: Nog een uitleg.', 'body: "Nog een \\"uitleg\\",\\nover twee regels; C:\\\\pad"'),
  );
  await lockLanguage(project.root, 'en');
});
afterEach(async () => {
  await project.cleanup();
});

describe('the CSV export', () => {
  it('quotes a cell with a line break (RFC 4180): Python’s csv reads every row whole, and the import gives it back', async () => {
    const file = project.file('en.csv');
    await writeFile(file, await exportLanguage(project.root, 'en'));
    const rows = JSON.parse(
      execFileSync(
        'python3',
        ['-c', 'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))))', file],
        { encoding: 'utf8' },
      ),
    ) as string[][];
    expect(rows.every((row) => row.length === 5)).toBe(true);
    expect(rows.find((row) => row[0] === 'mini:cards.tweede.body')).toEqual([
      'mini:cards.tweede.body',
      'Nog een "uitleg",\nover twee regels; C:\\pad',
      'Another "explanation",\nover two lines; C:\\path',
      'card tweede (prompt), body; preview previews/02-tweede-front.png',
      '',
    ]);
    // What a spreadsheet writes back: the rows as Python's csv writes them.
    execFileSync('python3', [
      '-c',
      'import csv,sys; rows=list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""))); csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows)',
      file,
    ]);
    const before = await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
    const result = await importLanguage(project.root, 'en', file);
    expect(result.problems).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8')).toBe(before);
  });
});

describe('the PO export', () => {
  it('passes msgfmt --check without a warning, and pofilter’s checks of escapes, line breaks and placeholders', async () => {
    const file = project.file('en.po');
    await writeFile(file, await exportLanguage(project.root, 'en', [], 'po'));
    const msgfmt = spawnSync('msgfmt', ['--check', '-o', '/dev/null', file], { encoding: 'utf8' });
    expect([msgfmt.status, msgfmt.stderr]).toEqual([0, '']);
    const checks = ['escapes', 'newlines', 'printf', 'pythonbraceformat', 'tabs', 'brackets', 'variables', 'xmltags', 'doublequoting'];
    const flagged = project.file('flagged.po');
    execFileSync('pofilter', [...checks.flatMap((check) => ['-t', check]), '--progress=none', file, flagged]);
    // pofilter writes the units that fail a check, and no file when none does.
    expect(await exists(flagged)).toBe(false);
    // It does find them: a translation that loses the line break and a brace is written out.
    await writeFile(file, (await readFile(file, 'utf8')).replace('"Another \\"explanation\\",\\n"', '"Another \\"explanation\\", ("'));
    execFileSync('pofilter', [...checks.flatMap((check) => ['-t', check]), '--progress=none', file, flagged]);
    expect(await readFile(flagged, 'utf8')).toMatch(/\(pofilter\) (newlines|brackets)/);
  });
});
