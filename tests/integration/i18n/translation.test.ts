import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { displayPath, InputError } from '../../../src/shared/errors.ts';
import { addLanguage, exportLanguage, importLanguage, lockLanguage, statusOfDecks } from '../../../src/i18n/commands.ts';
import { pseudoText } from '../../../src/deck/pseudo-locale.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { lineOf } from '../../support/problems.ts';

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
});
afterEach(async () => {
  await project.cleanup();
});

const status = async (language: string) => (await statusOfDecks(project.root)).find((s) => s.language === language)!;

/** What a translator does in a spreadsheet: fill the translation column. */
async function translateCsv(csv: string, translate: (source: string, key: string) => string): Promise<string> {
  const rows = parse(csv.replace(/^\uFEFF/, '')) as string[][];
  return `\uFEFF${stringify(rows.map((row, i) => (i === 0 ? row : [row[0]!, row[1]!, translate(row[1]!, row[0]!), row[3]!])))}`;
}

describe('adding a language', () => {
  it('scaffolds every source string as a comment above an empty value, and never overwrites', async () => {
    const [file, schema] = await addLanguage(project.root, 'de');
    const text = await readFile(file!, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../locale.schema.json');
    // The deck had none yet: the schema the modeline names is written beside deck.yaml.
    expect(schema).toBe(project.file('deck', 'mini', 'locale.schema.json'));
    expect(JSON.parse(await readFile(schema!, 'utf8')).properties.cards.properties.eerste.required).toEqual(['title']);
    expect(text).toContain('    # Eerste kaart\n    title:\n');
    expect(text).toContain('      # Wat zie je?\n      -');
    expect(text).toContain('direction: ltr');
    await expect(addLanguage(project.root, 'de')).rejects.toThrow(/exists already/);
    const de = await status('de');
    expect(de.missing).toHaveLength(de.total);
    expect(de.translated).toBe(0);
  });

  it("scaffolds the source language of a deck that has none from its cards and their templates' fields", async () => {
    await rm(project.file('deck/mini/locales/nl.yaml'));
    await rm(project.file('deck/mini/locales/en.yaml'));
    const [file] = await addLanguage(project.root, 'nl', ['mini']);
    const text = await readFile(file!, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../locale.schema.json');
    expect(text).toContain('language:\n  name: Nederlands\n  direction: ltr\n');
    expect(text).toMatch(/cards:\n {2}eerste:\n {4}# .*\(markup, required; template condition\)\n {4}title:\n/);
    expect(text).toMatch(/categories:\n {2}basis:\n {4}# categories basis name\n {4}name:\n/);
    await expect(addLanguage(project.root, 'nl', ['mini'])).rejects.toThrow(/exists already/);
  });

  it('marks right-to-left languages as such', async () => {
    const [file] = await addLanguage(project.root, 'ar');
    expect(await readFile(file!, 'utf8')).toContain('direction: rtl');
  });

  it('refuses a code that is no language code', async () => {
    await expect(addLanguage(project.root, 'Deutsch')).rejects.toThrow(/not a language code/);
  });
});

describe('status', () => {
  it('counts extra strings and stale ones whose source changed after translating', async () => {
    expect((await status('en')).missing).toEqual([]);
    await lockLanguage(project.root, 'en');
    await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('title: Tweede kaart', 'title: Tweede kaart, herzien'));
    await project.edit('deck/mini/locales/en.yaml', (t) =>
      t.replace('    body: Another explanation.', '    body: Another explanation.\n    example: Only here.'),
    );
    const en = await status('en');
    expect(en.stale).toEqual(['cards.tweede.title']);
    expect(en.extra).toEqual(['cards.tweede.example']);
  });

  it('--strict exits 1 while anything is missing, 0 once done', async () => {
    expect((await runCli(['--root', project.root, 'i18n', 'status', '--strict'])).code).toBe(0);
    await addLanguage(project.root, 'de');
    const result = await runCli(['--root', project.root, 'i18n', 'status', '--strict']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/mini\s+de\s+0\/\d+\s+\d+/);
  });
});

describe('missing strings', () => {
  it('fail the build by default, naming deck, card, field and language', async () => {
    await project.edit('deck/mini/locales/en.yaml', (t) => t.replace('    body: Another explanation.\n', ''));
    const failure = await buildDecks({ root: project.root, out: project.out, previews: false }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as Error).message).toContain('missing en translation of cards.tweede.body (nl: "Nog een uitleg.")');
  });

  it('summarise per deck and language first, then the ways forward, instead of a line per string', async () => {
    await addLanguage(project.root, 'de');
    const failure = (await buildDecks({ root: project.root, out: project.out, previews: false, languages: ['de'] }).catch(
      (e: unknown) => e,
    )) as InputError;
    const lines = failure.message.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'missing translations, so nothing was built:',
      `  mini  de  34 strings missing in ${displayPath(project.file('deck/mini/locales/de.yaml'))}`,
    ]);
    expect(failure.message).toContain('npx kaartenset build --lang de --allow-missing   the source text where a translation is missing');
    expect(failure.message).toContain('The first 5 of 34:');
    expect(lines).toHaveLength(11);
    expect(failure.problems).toHaveLength(34);
  });

  it('of one language do not stop a build of another (--lang nl), and are named as a warning', async () => {
    await project.edit('deck/mini/locales/en.yaml', (t) => t.replace('    body: Another explanation.\n', ''));
    const summary = await buildDecks({ root: project.root, out: project.out, previews: false, languages: ['nl'] });
    expect(summary.warnings.join('\n')).toContain('missing en translation of cards.tweede.body');
  });

  it('with --allow-missing fall back to the source text and are listed in the manifest', async () => {
    await project.edit('deck/mini/locales/en.yaml', (t) => t.replace('    body: Another explanation.\n', ''));
    const summary = await buildDecks({ root: project.root, out: project.out, previews: false, languages: ['en'], allowMissing: true });
    expect(summary.warnings.join('\n')).toContain('missing en translation of cards.tweede.body');
    const manifest = JSON.parse(await readFile(path.join(project.out, 'mini', 'en', 'manifest.json'), 'utf8'));
    expect(manifest.fallbacks).toEqual(['cards.tweede.body']);
  });
});

describe('the spreadsheet round trip', () => {
  it('exports UTF-8 with a BOM and the columns key, source, translation, note, status', async () => {
    const csv = await exportLanguage(project.root, 'en');
    expect(csv.startsWith('\uFEFFkey,source,translation,note,status\r\n')).toBe(true);
    expect(csv).toContain(
      'mini:cards.eerste.title,Eerste kaart,First card,"card eerste (condition), title; preview previews/01-eerste-front.png",\r\n',
    );
  });

  it('imports a translated sheet, reports what changed, and the language builds', async () => {
    await addLanguage(project.root, 'de');
    const csv = await translateCsv(await exportLanguage(project.root, 'de'), (source) => `Übersetzt: ${source}`);
    const file = project.file('de.csv');
    await writeFile(file, csv);
    const result = await importLanguage(project.root, 'de', file);
    expect(result.problems).toEqual([]);
    expect(result.changes.length).toBe((await status('de')).total);
    expect(result.changes).toContainEqual({ key: 'mini:cards.eerste.title', from: null, to: 'Übersetzt: Eerste kaart' });
    expect((await status('de')).missing).toEqual([]);
    const yaml = await readFile(project.file('deck/mini/locales/de.yaml'), 'utf8');
    expect(yaml).toContain('    # Eerste kaart\n    title: "Übersetzt: Eerste kaart"\n');
    const summary = await buildDecks({ root: project.root, out: project.out, previews: false, languages: ['de'] });
    expect(summary.builds.map((b) => b.language)).toEqual(['de']);
  });

  it('rejects unknown keys and broken rows with their row number, and writes nothing', async () => {
    const before = await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
    const file = project.file('broken.csv');
    await writeFile(
      file,
      'key,source,translation,note\nmini:cards.eerste.title,Eerste kaart,Card one,\nmini:cards.ghost.title,x,y,\nonly-one-column\n',
    );
    const result = await importLanguage(project.root, 'en', file);
    expect(result.problems.map((p) => `${lineOf(p)}: ${p.message}`)).toEqual([
      '3: unknown key "mini:cards.ghost.title": keys look like swan:cards.r1-security.title, as exported',
      '4: expected the columns key, source, translation, note, status (the last two may be left out), found 1 (UTF-8, separated by commas)',
    ]);
    expect(await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8')).toBe(before);
  });
});

describe('the pseudo-locale', () => {
  it('makes text about 40 % longer with accents, and keeps the markup', () => {
    const source = 'Wat wil je **bereiken** in deze situatie?';
    const pseudo = pseudoText(source);
    expect(pseudo.length / source.length).toBeGreaterThanOrEqual(1.38);
    expect(pseudo.length / source.length).toBeLessThanOrEqual(1.45);
    expect(pseudo).toContain('**béréîkéñ**');
    expect(pseudo).toMatch(/^Wát wîl jé/);
  });

  it('builds with --lang pseudo without a locale file', async () => {
    const summary = await buildDecks({ root: project.root, out: project.out, previews: false, languages: ['pseudo'] });
    expect(summary.builds[0]!.language).toBe('pseudo');
  });
});

describe('XLIFF 1.2 for translation tools', () => {
  it('round-trips through a translation tool, special characters and all', async () => {
    await addLanguage(project.root, 'fr');
    const xliff = await exportLanguage(project.root, 'fr', [], 'xliff');
    expect(xliff).toContain('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">');
    expect(xliff).toContain('<file original="mini" source-language="nl" target-language="fr" datatype="plaintext">');
    expect(xliff).toContain('<trans-unit id="mini:cards.eerste.title" xml:space="preserve">');
    expect(xliff).toContain('<target state="new"></target>');
    const translated = xliff.replace(
      /<source>([^<]*)<\/source>\s*<target state="new"><\/target>/g,
      (_, source) => `<source>${source}</source><target>« ${source} » &amp; &lt;ok&gt;</target>`,
    );
    const file = project.file('fr.xlf');
    await writeFile(file, translated);
    const result = await importLanguage(project.root, 'fr', file);
    expect(result.problems).toEqual([]);
    expect(result.changes).toContainEqual({ key: 'mini:cards.eerste.title', from: null, to: '« Eerste kaart » & <ok>' });
    expect((await status('fr')).missing).toEqual([]);
  });

  it('names the line of an unknown trans-unit and of broken XML, and writes nothing', async () => {
    const before = await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
    const file = project.file('bad.xlf');
    await writeFile(
      file,
      '<?xml version="1.0"?>\n<xliff version="1.2"><file original="mini"><body>\n<trans-unit id="mini:cards.ghost.title"><source>x</source><target>y</target></trans-unit>\n</body></file></xliff>\n',
    );
    expect((await importLanguage(project.root, 'en', file)).problems.map((p) => `${lineOf(p)}: ${p.message.split(':')[0]}`)).toEqual([
      '3: unknown key "mini',
    ]);
    await writeFile(file, '<?xml version="1.0"?>\n<xliff>\n<file>\n</xliff>\n');
    expect((await importLanguage(project.root, 'en', file)).problems[0]!.message).toMatch(/^not readable XML/);
    expect(await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8')).toBe(before);
  });
});
