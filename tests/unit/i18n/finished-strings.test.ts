import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addLanguage,
  exportLanguage,
  importLanguage,
  lockLanguage,
  refreshComments,
  statusOfDecks,
  translationDecks,
} from '../../../src/i18n/commands.ts';
import { importReport } from '../../../src/i18n/import-report.ts';
import { markupDifference } from '../../../src/i18n/markup.ts';
import { unfinishedTranslations } from '../../../src/i18n/status.ts';
import { formatProblemLine } from '../../../src/shared/errors.ts';
import { runCli } from '../../support/cli.ts';
import { lineOf } from '../../support/problems.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/**
 * Only finished translations count and print: what a translator's tool marks unfinished (fuzzy,
 * new, needs-*, initial), what was made from an older source, and a copy of the source that nobody
 * confirmed. The build's gate (tests/integration/i18n/unfinished-build.test.ts) stops on each.
 */

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
  await lockLanguage(project.root, 'en');
});
afterEach(async () => {
  await project.cleanup();
});

const english = () => readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
const lockFile = () => readFile(project.file('deck/mini/locales/en.lock.json'), 'utf8');
const status = async () => (await statusOfDecks(project.root)).find((s) => s.language === 'en')!;
const unfinished = async () => (await status()).unfinished;
const gate = async () => unfinishedTranslations((await translationDecks(project.root))[0]!, 'en');

async function imported(name: string, text: string) {
  const file = project.file(name);
  await writeFile(file, text);
  return importLanguage(project.root, 'en', file);
}

const po = (entry: string) => `msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n${entry}\n`;
const xliff12 = (state: string) =>
  `<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="mini" source-language="nl" target-language="en" datatype="plaintext"><body>\n<trans-unit id="mini:cards.eerste.title"><source>Eerste kaart</source><target state="${state}">The first card</target></trans-unit>\n</body></file></xliff>\n`;
const xliff20 = (segment: string) =>
  `<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="nl" trgLang="en"><file id="mini">\n<unit id="mini:cards.eerste.title"><segment${segment}><source>Eerste kaart</source><target>The first card</target></segment></unit>\n</file></xliff>\n`;

describe('unfinished work in a translator’s file is imported but not finished', () => {
  it('a fuzzy PO entry: imported as text, counted as unfinished, not as translated', async () => {
    const before = (await status()).translated;
    const result = await imported(
      'en.po',
      po('#, fuzzy\nmsgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "The first card"'),
    );
    expect(result.problems).toEqual([]);
    expect(result.stale.map(({ key, state }) => ({ key, state }))).toEqual([{ key: 'mini:cards.eerste.title', state: 'fuzzy' }]);
    expect(await unfinished()).toEqual([{ key: 'cards.eerste.title', state: 'fuzzy' }]);
    expect((await status()).translated).toBe(before - 1);
  });

  it.each(['new', 'needs-translation', 'needs-adaptation', 'needs-review-translation', 'needs-review-l10n'])(
    'an XLIFF 1.2 target in state "%s"',
    async (state) => {
      expect((await imported('en.xlf', xliff12(state))).problems).toEqual([]);
      expect(await unfinished()).toEqual([{ key: 'cards.eerste.title', state }]);
    },
  );

  it('an XLIFF 1.2 target that is translated or final is finished', async () => {
    for (const state of ['translated', 'final', 'signed-off']) {
      expect((await imported('en.xlf', xliff12(state))).problems).toEqual([]);
      expect(await unfinished()).toEqual([]);
    }
  });

  it('an XLIFF 2.0 segment in state initial, said or left out (initial is the default), even without kaartenset’s sub-state', async () => {
    for (const segment of [' state="initial"', '']) {
      expect((await imported('en.xlf', xliff20(segment))).problems).toEqual([]);
      expect(await unfinished()).toEqual([{ key: 'cards.eerste.title', state: 'initial' }]);
    }
    await imported('en.xlf', xliff20(' state="translated"'));
    expect(await unfinished()).toEqual([]);
  });
});

describe('a copy of the source', () => {
  const copyAll = (text: string) =>
    text.replace(
      /<source>([^<]*)<\/source>\s*<target state="[^"]*">[^<]*<\/target>/g,
      '<source>$1</source><target state="translated">$1</target>',
    );

  it('("copy source to target" in a CAT tool) does not raise status; it is "same as source"', async () => {
    const before = await status();
    const file = project.file('copied.xlf');
    await writeFile(file, copyAll(await exportLanguage(project.root, 'en', [], 'xliff')));
    const result = await importLanguage(project.root, 'en', file);
    expect(result.problems).toEqual([]);
    const after = await status();
    expect(after.translated).toBeLessThan(before.translated);
    // Only the three strings the fixture confirmed as the same in both languages stay finished, and
    // ui.page-printer, whose shipped words are "Printer" in both: given back as shipped, it stays kaartenset's.
    expect(after.translated).toBe(4);
    expect(after.unfinished.every(({ state }) => state === 'same as source')).toBe(true);
    expect(after.unfinished).toHaveLength(after.total - 4);
  });

  it('is confirmed per key only: a whole-language lock does not confirm it, i18n lock KEY does', async () => {
    await project.edit('deck/mini/locales/en.yaml', (t) => t.replace('title: First card', 'title: Eerste kaart'));
    expect(await unfinished()).toEqual([{ key: 'cards.eerste.title', state: 'same as source' }]);
    await lockLanguage(project.root, 'en');
    expect(await unfinished()).toEqual([{ key: 'cards.eerste.title', state: 'same as source' }]);
    await lockLanguage(project.root, 'en', [], ['mini:cards.eerste.title']);
    expect(await unfinished()).toEqual([]);
    // Confirmations survive a later whole-language lock.
    await lockLanguage(project.root, 'en');
    expect(await unfinished()).toEqual([]);
  });
});

describe('what stops a build', () => {
  it('names each unfinished string: deck, card, field, state, and file:line', async () => {
    await imported('en.po', po('#, fuzzy\nmsgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "The first card"'));
    await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('body: Nog een uitleg.', 'body: Nog een uitleg, herzien.'));
    const yaml = (await english()).split('\n');
    const line = (text: string) => yaml.findIndex((l) => l.includes(text)) + 1;
    expect((await gate()).map(({ key, state, problem }) => [key, state, formatProblemLine(problem, project.root)])).toEqual([
      [
        'mini:cards.eerste.title',
        'fuzzy',
        expect.stringContaining(
          `deck/mini/locales/en.yaml:${line('title: The first card')}:12: deck mini, card eerste, field title, en: fuzzy`,
        ),
      ],
      [
        'mini:cards.tweede.body',
        'stale',
        expect.stringContaining(
          `deck/mini/locales/en.yaml:${line('body: Another explanation.')}:11: deck mini, card tweede, field body, en: stale`,
        ),
      ],
    ]);
  });
});

describe('the CSV status column', () => {
  const csvWith = async (status: string, translation = 'The very first card') => {
    const rows = (await exportLanguage(project.root, 'en')).split('\r\n');
    return rows
      .map((row) => (row.startsWith('mini:cards.eerste.title,') ? `mini:cards.eerste.title,Eerste kaart,${translation},,${status}` : row))
      .join('\r\n');
  };

  it.each(['TODO', 'review', 'fuzzy'])(
    'refuses a status word it does not know ("%s"), naming the row, and writes nothing',
    async (word) => {
      const before = await english();
      const result = await imported('en.csv', await csvWith(word));
      expect(result.problems.map((p) => p.message)).toEqual([
        expect.stringMatching(new RegExp(`^status "${word}" is not one kaartenset knows`)),
      ]);
      expect(await english()).toBe(before);
    },
  );

  it('"stale" keeps a row unfinished, empty finishes it, "confirmed" confirms a copy of the source', async () => {
    await imported('en.csv', await csvWith('stale'));
    expect(await unfinished()).toEqual([{ key: 'cards.eerste.title', state: 'stale' }]);
    await imported('en.csv', await csvWith(''));
    expect(await unfinished()).toEqual([]);
    await imported('en.csv', await csvWith('', 'Eerste kaart'));
    expect(await unfinished()).toEqual([{ key: 'cards.eerste.title', state: 'same as source' }]);
    await imported('en.csv', await csvWith('confirmed', 'Eerste kaart'));
    expect(await unfinished()).toEqual([]);
  });
});

describe('the import report', () => {
  it('says what an emptied cell did (nothing: the translation is kept) and when a string is current again', async () => {
    const fuzzy = po('#, fuzzy\nmsgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "First card"');
    await imported('en.po', fuzzy);
    const report = await imported(
      'en.po',
      po(
        'msgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "First card"\n\nmsgctxt "mini:cards.tweede.body"\nmsgid "Nog een uitleg."\nmsgstr ""',
      ),
    );
    expect(report.emptied).toEqual(['mini:cards.tweede.body']);
    expect(report.current).toEqual(['mini:cards.eerste.title']);
    expect(importReport(report, 'en', 'en.po')).toEqual([
      'emptied mini:cards.tweede.body: empty in the file; the translation in the locale is kept',
      'current mini:cards.eerste.title: current again',
      '0 changed, 0 new, 1 emptied, 1 current again, 1 unchanged, 0 not finished',
    ]);
    expect(await english()).toContain('body: Another explanation.');
  });

  it('--dry-run reports every change and writes neither the locale nor its lock', async () => {
    const [yaml, lock] = [await english(), await lockFile()];
    const file = project.file('en.po');
    await writeFile(file, po('msgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "The very first card"'));
    const cli = await runCli(['--root', project.root, 'i18n', 'import', 'en', file, '--dry-run']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('changed mini:cards.eerste.title: The very first card');
    expect(cli.stdout).toContain('(a dry run: nothing was written)');
    expect([await english(), await lockFile()]).toEqual([yaml, lock]);
  });
});

describe('an import writes the locale and its lock together or neither', () => {
  it('a lock that cannot be replaced leaves the locale as it was, and says so', async () => {
    const before = await english();
    await rm(project.file('deck/mini/locales/en.lock.json'));
    // A folder where the lock belongs: the locale is written first, the lock's rename fails.
    await mkdir(project.file('deck/mini/locales/en.lock.json', 'in-the-way'), { recursive: true });
    const file = project.file('en.po');
    await writeFile(file, po('msgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "The very first card"'));
    const cli = await runCli(['--root', project.root, 'i18n', 'import', 'en', file]);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(/could not replace .*en\.lock\.json: .*; .*en\.yaml and .*en\.lock\.json are as they were/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
    expect(await english()).toBe(before);
  });
});

describe('characters an import must not write', () => {
  it.each([
    ['a line separator', '\u2028', 'U+2028'],
    ['a paragraph separator', '\u2029', 'U+2029'],
    ['a control character', '\u0007', 'U+0007'],
    ['a control character', '\u001b', 'U+001B'],
  ])('refuses %s (%#) with its line and writes nothing', async (name, character, code) => {
    const before = await english();
    const result = await imported('en.po', po(`msgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "First${character}card"`));
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringContaining(`"mini:cards.eerste.title" holds ${name} (${code}) after "First"`),
    ]);
    expect(await english()).toBe(before);
  });
});

describe('the locale file through import, refresh and lock', () => {
  it('keeps each source comment above its own key, in order: a refresh after an import finds nothing to repair', async () => {
    // SWAN, for its lists followed by a key: the comment of that key sits after the list's last empty value.
    const swan = await tempProject(['real:swan']);
    try {
      const locale = swan.file('deck/swan/locales/de.yaml');
      await addLanguage(swan.root, 'de');
      const scaffold = await readFile(locale, 'utf8');
      const rows = parse((await exportLanguage(swan.root, 'de')).replace(/^\uFEFF/, '')) as string[][];
      const file = swan.file('de.csv');
      await writeFile(file, stringify(rows.map((row, index) => (index === 0 ? row : [row[0]!, row[1]!, `Ü ${row[1]}`, row[3]!]))));
      expect((await importLanguage(swan.root, 'de', file)).problems).toEqual([]);
      const imported = await readFile(locale, 'utf8');
      // The comment lines, in order, are the scaffold's: none lost, none moved to another key.
      const comments = (text: string) => text.split('\n').filter((line) => line.trim().startsWith('#'));
      expect(comments(imported)).toEqual(comments(scaffold));
      expect(await refreshComments(swan.root, 'de')).toEqual([]);
      await lockLanguage(swan.root, 'de');
      expect(await readFile(locale, 'utf8')).toBe(imported);
    } finally {
      await swan.cleanup();
    }
  });
});

describe('placeholders and markup', () => {
  beforeEach(async () => {
    await project.edit('deck/mini/locales/nl.yaml', (t) =>
      t
        .replace('title: Eerste kaart', 'title: "Kaart {done} van {total}"')
        .replace('body: Een korte uitleg.', 'body: "Een *korte* uitleg."'),
    );
    await project.edit('deck/mini/locales/en.yaml', (t) =>
      t
        .replace('title: First card', 'title: "Card {done} of {total}"')
        .replace('body: A short explanation.', 'body: "A *short* explanation."'),
    );
    await lockLanguage(project.root, 'en');
  });

  it.each([
    [
      '"Karte {erledigt} von {total}"',
      6,
      "the placeholders differ from the source's (missing {done}, unknown {erledigt}): keep each {…} exactly as it is",
    ],
    ['"Karte {total}"', 6, "the placeholders differ from the source's (missing {done}): keep each {…} exactly as it is"],
  ])('refuses a translation whose placeholders differ (%s), at its line, and writes nothing', async (msgstr, line, message) => {
    const before = await english();
    const result = await imported('en.po', po(`msgctxt "mini:cards.eerste.title"\nmsgid "Kaart {done} van {total}"\nmsgstr ${msgstr}`));
    expect(result.problems.map((p) => `${lineOf(p)}: ${p.message}`)).toEqual([`${line}: "mini:cards.eerste.title": ${message}`]);
    expect(await english()).toBe(before);
  });

  it('refuses an unbalanced * and a lost line break', async () => {
    const result = await imported(
      'en.po',
      po(
        'msgctxt "mini:cards.eerste.body"\nmsgid "Een *korte* uitleg."\nmsgstr "A *short explanation."\n\nmsgctxt "mini:cards.tweede.body"\nmsgid "Nog een\\nuitleg."\nmsgstr "Another explanation."',
      ),
    );
    expect(result.problems.map((p) => p.message)).toEqual([
      '"mini:cards.eerste.body": it has 1 * (the source 2): *emphasis* and **strong** need a * or ** on both sides, or a stray * prints',
      '"mini:cards.tweede.body": it has 0 line break(s) where the source has 1',
    ]);
  });

  it('in a hand-edited locale stop the build like unfinished work', async () => {
    await project.edit('deck/mini/locales/en.yaml', (t) => t.replace('"Card {done} of {total}"', '"Card {erledigt} of {total}"'));
    expect((await gate()).map(({ key, state }) => `${key}: ${state}`)).toEqual([
      "mini:cards.eerste.title: markup differs: the placeholders differ from the source's (missing {done}, unknown {erledigt}): keep each {…} exactly as it is",
    ]);
  });
});

describe('markup a translator may add', () => {
  it('a span in another language ([words]{lang=nl}) is no placeholder: it may be added or left out', () => {
    expect(
      markupDifference('Het model (De beslissende professional)', 'The model ([De beslissende professional]{lang=nl})'),
    ).toBeUndefined();
    expect(markupDifference('Vel {done} van {total}', '[Vel]{lang=nl} {done} of {total}')).toBeUndefined();
  });
});
