import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exists } from '../../../src/shared/file-exists.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/**
 * docs/translators.md's commands as written, in a project of two decks where only one gets the
 * new language: each works without --deck, and no hint asks for a locale nobody wants.
 */

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini', 'long-text']);
});
afterEach(async () => {
  await project.cleanup();
});

// `i18n export` measures each card text's room in Chromium, which the unit tier never starts:
// --no-measure here; tests/integration/i18n/translator-context.test.ts runs the export as written.
const cli = (...args: string[]) =>
  runCli(['--root', project.root, ...args, ...(args[1] === 'export' ? ['--no-measure'] : [])], { cwd: project.root });

describe('a language only one deck has', () => {
  it('exports, imports, locks and refreshes without --deck, touching only that deck', async () => {
    expect((await cli('i18n', 'add', 'de', '--deck', 'mini')).code).toBe(0);
    const exported = await cli('i18n', 'export', 'de', '--out', 'de.po');
    expect(exported.code).toBe(0);
    const po = await readFile(project.file('de.po'), 'utf8');
    expect(po).toContain('msgctxt "mini:cards.eerste.title"');
    expect(po).not.toContain('long-text:');
    await writeFile(project.file('de.po'), po.replace('msgid "Eerste kaart"\nmsgstr ""', 'msgid "Eerste kaart"\nmsgstr "Erste Karte"'));
    const imported = await cli('i18n', 'import', 'de', 'de.po');
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('new     mini:cards.eerste.title: Erste Karte');
    expect((await cli('i18n', 'lock', 'de', 'mini:cards.eerste.title')).stdout).toContain('locked mini:cards.eerste.title');
    expect((await cli('i18n', 'lock', 'de')).code).toBe(0);
    expect((await cli('i18n', 'refresh', 'de')).code).toBe(0);
    expect(await exists(project.file('deck/long-text/locales/de.yaml'))).toBe(false);
  });

  it('names the deck in every hint that starts a locale, never all decks at once', async () => {
    const none = await cli('i18n', 'export', 'de', '--out', 'de.po');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no deck has locales/de.yaml yet: start the deck');
    expect(none.stderr).toContain('npx kaartenset i18n add de --deck mini');
    expect(none.stderr).toContain('npx kaartenset i18n add de --deck long-text');
    expect(none.stderr).not.toMatch(/i18n add de(?! --deck)/);
    await cli('i18n', 'add', 'de', '--deck', 'mini');
    const named = await cli('i18n', 'export', 'de', '--deck', 'long-text', '--out', 'de.po');
    expect(named.stderr).toContain('no locales/de.yaml in long-text: start it with npx kaartenset i18n add de --deck long-text');
  });

  it('a file labelled with a region of the language (de_DE) is not sent to another locale', async () => {
    await cli('i18n', 'add', 'de', '--deck', 'mini');
    await cli('i18n', 'export', 'de', '--out', 'de.po');
    await writeFile(
      project.file('de.po'),
      (await readFile(project.file('de.po'), 'utf8')).replace('"Language: de\\n"', '"Language: de_DE\\n"'),
    );
    const imported = await cli('i18n', 'import', 'de', 'de.po');
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('set the file\'s language to "de"');
    expect(imported.stderr).not.toContain('i18n import de_DE');
  });
});

describe('check --lang', () => {
  it('checks a new language as build --lang would: its missing and unfinished strings, named at their lines', async () => {
    await cli('i18n', 'add', 'de', '--deck', 'mini');
    const empty = await cli('check', '--deck', 'mini', '--lang', 'de');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('missing de translation of cards.eerste.title');
    // Without --lang, de is not one of the deck's languages yet: its gaps are no error.
    expect((await cli('check', '--deck', 'mini')).code).toBe(0);
    await cli('i18n', 'export', 'de', '--out', 'de.csv');
    const rows = parse((await readFile(project.file('de.csv'), 'utf8')).replace(/^\uFEFF/, '')) as string[][];
    const translated = rows.map((row, index) =>
      index === 0 ? row : [row[0]!, row[1]!, `Ü ${row[1]}`, row[3]!, row[0] === 'mini:cards.eerste.title' ? 'stale' : ''],
    );
    await writeFile(project.file('de.csv'), stringify(translated));
    expect((await cli('i18n', 'import', 'de', 'de.csv')).code).toBe(0);
    const stale = await cli('check', '--deck', 'mini', '--lang', 'de');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/de\.yaml:\d+:\d+: deck mini, card eerste, field title, de: stale/);
  });
});
