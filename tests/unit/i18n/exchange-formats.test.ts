import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addLanguage, exportLanguage, importLanguage, lockLanguage, refreshComments, statusOfDecks } from '../../../src/i18n/commands.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { lineOf } from '../../support/problems.ts';

/**
 * The translator's own tools: XLIFF 1.2 and 2.0 for CAT tools, gettext PO for Poedit and
 * Weblate, judged by translate-toolkit (Debian), and stale strings that no old file can clear.
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
const staleKeys = async () => (await statusOfDecks(project.root)).find((s) => s.language === 'en')!.stale;
const reviseSource = () =>
  project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('title: Tweede kaart', 'title: Tweede kaart, herzien'));
const toolkit = (command: string, ...args: string[]) =>
  execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** pocount's "Translated:" and "Fuzzy:" string counts, colours stripped. */
function pocount(file: string): { translated: number; fuzzy: number; untranslated: number } {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: pocount colours its counts with ANSI escapes, which start with ESC.
  const out = toolkit('pocount', file).replace(/\x1b\[[0-9;]*m/g, '');
  const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)![1]);
  return { translated: count('Translated'), fuzzy: count('Fuzzy'), untranslated: count('Untranslated') };
}

async function exported(format: 'xliff' | 'po', name: string, version: '1.2' | '2.0' = '1.2'): Promise<string> {
  const file = project.file(name);
  await writeFile(file, await exportLanguage(project.root, 'en', [], format, version));
  return file;
}

/** The ui strings the mini deck's locales leave out, exported with kaartenset's shipped words as their translation. */
const SHIPPED = 67;

describe('XLIFF', () => {
  const awkward = `It's "quoted" & <b>bold</b>; ‘curly’ — ok`;

  it.each(['1.2', '2.0'] as const)(
    '%s: export then import changes nothing, twice over, quotes and ampersands included',
    async (version) => {
      await project.edit('deck/mini/locales/en.yaml', (t) =>
        t.replace('body: Another explanation.', `body: '${awkward.replace(/'/g, "''")}'`),
      );
      await lockLanguage(project.root, 'en');
      const before = await english();
      for (let round = 0; round < 2; round++) {
        const file = await exported('xliff', `en-${round}.xlf`, version);
        const result = await importLanguage(project.root, 'en', file);
        expect(result.problems).toEqual([]);
        expect(result.changes).toEqual([]);
        expect(result.stale).toEqual([]);
      }
      expect(await english()).toBe(before);
      expect(before).toContain(awkward.replace(/'/g, "''"));
    },
  );

  it('1.2: states new, translated (approved) and needs-review with the previous source as a note, as translate-toolkit counts them', async () => {
    await reviseSource();
    await project.edit('deck/mini/locales/en.yaml', (t) => t.replace('    body: Another explanation.\n', ''));
    const file = await exported('xliff', 'en.xlf');
    const xliff = await readFile(file, 'utf8');
    expect(xliff).toMatch(
      /<trans-unit id="mini:cards.tweede.title" xml:space="preserve">\s*<source>Tweede kaart, herzien<\/source>\s*<target state="needs-review-translation">Second card<\/target>\s*<note from="kaartenset">card tweede \(prompt\), title; preview previews\/02-tweede-front\.png<\/note>\s*<note from="kaartenset" annotates="source">previous source: Tweede kaart<\/note>/,
    );
    expect(xliff).toMatch(
      /<trans-unit id="mini:cards.tweede.body" xml:space="preserve">\s*<source>Nog een uitleg.<\/source>\s*<target state="new"><\/target>/,
    );
    expect(xliff).toContain('<trans-unit id="mini:cards.eerste.title" approved="yes" xml:space="preserve">');
    // 32 of the fixture's own strings and the 67 ui strings it leaves to kaartenset's shipped words.
    expect(pocount(file)).toEqual({ translated: 32 + SHIPPED, fuzzy: 1, untranslated: 1 });
  });

  it('2.0: a stale unit is initial again with a sub-state and its previous source as a note', async () => {
    await reviseSource();
    const xliff = await readFile(await exported('xliff', 'en.xlf', '2.0'), 'utf8');
    expect(xliff).toContain('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="nl" trgLang="en">');
    expect(xliff).toMatch(
      /<unit id="mini:cards.tweede.title">\s*<notes>\s*<note category="context">card tweede \(prompt\), title; preview previews\/02-tweede-front\.png<\/note>\s*<note category="previous-source">Tweede kaart<\/note>\s*<\/notes>\s*<segment state="initial" subState="kaartenset:needs-review">/,
    );
    expect(xliff).toMatch(/<unit id="mini:cards.tweede.body">[\s\S]*?<segment state="translated">/);
  });

  it('reads text inside <g> and <mrk>, units inside nested <group>s, and 2.0 segments in order', async () => {
    const file = project.file('tool.xlf');
    await writeFile(
      file,
      `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="mini" source-language="nl" target-language="en" datatype="plaintext"><body>
<group id="a"><group id="b">
<trans-unit id="mini:cards.eerste.title"><source>Eerste kaart</source><target state="translated">The <g id="1">first</g> <mrk mtype="term">card</mrk></target></trans-unit>
</group></group>
</body></file></xliff>
`,
    );
    const result = await importLanguage(project.root, 'en', file);
    expect(result.problems).toEqual([]);
    expect(result.changes).toEqual([{ key: 'mini:cards.eerste.title', from: 'First card', to: 'The first card' }]);
    await writeFile(
      file,
      `<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="nl" trgLang="en"><file id="f"><group id="g"><unit id="mini:cards.eerste.body">
<segment state="translated"><source>Een korte </source><target>A brief </target></segment><ignorable><source> </source></ignorable><segment><source>uitleg.</source><target><pc id="1">note</pc>.</target></segment>
</unit></group></file></xliff>`,
    );
    expect((await importLanguage(project.root, 'en', file)).changes).toEqual([
      { key: 'mini:cards.eerste.body', from: 'A short explanation.', to: 'A brief  note.' },
    ]);
  });

  it.each([
    [
      'a placeholder',
      '<trans-unit id="mini:deck.title"><source>Mini</source><target>Mini<x id="1"/></target></trans-unit>',
      /^4: <trans-unit id="mini:deck.title">: the inline element <x> stands for something that is not text/,
    ],
    [
      'a unit without id',
      '<trans-unit><source>Mini</source><target>Mini</target></trans-unit>',
      /^4: a <trans-unit> without id: every unit needs the id it was exported with/,
    ],
    ['another language', '', /this file translates into "fr", not "en"/],
  ])('refuses %s with its line, and writes nothing', async (_, unit, message) => {
    const before = await english();
    const file = project.file('bad.xlf');
    const language = unit === '' ? 'fr' : 'en';
    await writeFile(
      file,
      `<?xml version="1.0"?>\n<xliff version="1.2">\n<file original="mini" target-language="${language}"><body>\n${unit}\n</body></file></xliff>\n`,
    );
    const result = await importLanguage(project.root, 'en', file);
    expect(result.problems.map((p) => `${lineOf(p)}: ${p.message}`).join('\n')).toMatch(message);
    expect(await english()).toBe(before);
  });

  it('refuses a DOCTYPE or ENTITY (XXE) and a file that is no XLIFF, through the CLI without a stack trace', async () => {
    const file = project.file('xxe.xlf');
    await writeFile(
      file,
      `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<xliff version="1.2"><file target-language="en"><body><trans-unit id="mini:deck.title"><source>Mini</source><target>&e;</target></trans-unit></body></file></xliff>\n`,
    );
    const xxe = await runCli(['--root', project.root, 'i18n', 'import', 'en', file]);
    expect(xxe.code).toBe(1);
    expect(xxe.stderr).toContain(
      'xxe.xlf:2:1: a <!DOCTYPE> declaration: XLIFF needs none, and entities in it could read other files; remove it',
    );
    expect(xxe.stderr).not.toMatch(/\n\s+at /);
    await writeFile(file, '<svg xmlns="http://www.w3.org/2000/svg"><text>hi</text></svg>');
    const svg = await runCli(['--root', project.root, 'i18n', 'import', 'en', file]);
    expect(svg.stderr).toContain('not an XLIFF file: the root element is <svg>, expected <xliff version="1.2"> or <xliff version="2.0">');
    expect(svg.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('gettext PO', () => {
  it('keys by msgctxt, with the source as msgid, the card as extracted comment, and stale as fuzzy with its previous msgid', async () => {
    await reviseSource();
    const po = await readFile(await exported('po', 'en.po'), 'utf8');
    expect(po).toContain('"Language: en\\n"');
    expect(po).toContain(
      '#: mini:cards.eerste.title\n#. card eerste (condition), title; preview previews/01-eerste-front.png\nmsgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "First card"\n',
    );
    expect(po).toContain(
      '#: mini:cards.tweede.title\n#. card tweede (prompt), title; preview previews/02-tweede-front.png\n#, fuzzy\n#| msgid "Tweede kaart"\nmsgctxt "mini:cards.tweede.title"\nmsgid "Tweede kaart, herzien"\nmsgstr "Second card"\n',
    );
    expect(pocount(project.file('en.po'))).toEqual({ translated: 33 + SHIPPED, fuzzy: 1, untranslated: 0 });
    const filtered = project.file('fuzzy.po');
    toolkit('pofilter', '-t', 'isfuzzy', project.file('en.po'), filtered);
    expect([...(await readFile(filtered, 'utf8')).matchAll(/^msgctxt "(.*)"$/gm)].map((m) => m[1])).toEqual(['mini:cards.tweede.title']);
  });

  it('survives a Poedit-style save: re-wrapped lines, new headers, fuzzy cleared on a confirmed entry', async () => {
    await reviseSource();
    const file = await exported('po', 'en.po');
    const poedit = (await readFile(file, 'utf8'))
      .replace(
        '"X-Generator: kaartenset\\n"',
        '"Last-Translator: Anna <anna@example.org>\\n"\n"Language-Team: English\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n"X-Generator: Poedit 3.4.2\\n"',
      )
      .replace('msgstr "A short explanation."', 'msgstr ""\n"A short "\n"explanation, re-wrapped."')
      .replace(
        '#, fuzzy\n#| msgid "Tweede kaart"\nmsgctxt "mini:cards.tweede.title"\nmsgid "Tweede kaart, herzien"\nmsgstr "Second card"',
        'msgctxt "mini:cards.tweede.title"\nmsgid "Tweede kaart, herzien"\nmsgstr "Second card, revised"',
      );
    await writeFile(file, poedit);
    const result = await importLanguage(project.root, 'en', file);
    expect(result.problems).toEqual([]);
    expect(result.changes).toEqual([
      { key: 'mini:cards.eerste.body', from: 'A short explanation.', to: 'A short explanation, re-wrapped.' },
      { key: 'mini:cards.tweede.title', from: 'Second card', to: 'Second card, revised' },
    ]);
    expect(await staleKeys()).toEqual([]);
  });

  it('round-trips through translate-toolkit: po2xliff of an edited PO, and xliff2po of the exported XLIFF', async () => {
    await reviseSource();
    const po = await exported('po', 'en.po');
    await writeFile(po, (await readFile(po, 'utf8')).replace('msgstr "Basics"', 'msgstr "Basics via po2xliff"'));
    const converted = project.file('converted.xlf');
    toolkit('po2xliff', po, converted);
    const viaXliff = await importLanguage(project.root, 'en', converted);
    expect(viaXliff.problems).toEqual([]);
    expect(viaXliff.changes).toEqual([{ key: 'mini:categories.basis.name', from: 'Basics', to: 'Basics via po2xliff' }]);
    expect(viaXliff.stale.map((s) => s.key)).toEqual(['mini:cards.tweede.title']);
    const back = project.file('back.po');
    toolkit('xliff2po', await exported('xliff', 'again.xlf'), back);
    const viaPo = await importLanguage(project.root, 'en', back);
    expect(viaPo.problems).toEqual([]);
    expect(viaPo.unchanged).toBe(34 + SHIPPED);
    expect(viaPo.stale.map((s) => s.key)).toEqual(['mini:cards.tweede.title']);
  });

  it('refuses entries without a key, naming their line', async () => {
    const file = project.file('plain.po');
    await writeFile(file, 'msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "Mini"\nmsgstr "Mini"\n');
    expect((await importLanguage(project.root, 'en', file)).problems.map((p) => `${lineOf(p)}: ${p.message}`)).toEqual([
      '4: an entry without msgctxt ("Mini"): kaartenset keys its strings by msgctxt (deck:key), as exported',
    ]);
  });
});

describe('stale strings cannot slip through', () => {
  it.each([
    ['CSV', 'en.csv'],
    ['PO', 'en.po'],
    ['XLIFF', 'en.xlf'],
  ])('an old %s file, translated from the old source, leaves the string stale and says so; --accept records it', async (_, name) => {
    const file = project.file(name);
    await writeFile(
      file,
      await exportLanguage(project.root, 'en', [], name.endsWith('.po') ? 'po' : name.endsWith('.xlf') ? 'xliff' : 'csv'),
    );
    await reviseSource();
    const result = await importLanguage(project.root, 'en', file);
    expect(result.problems).toEqual([]);
    expect(result.stale).toEqual([
      {
        key: 'mini:cards.tweede.title',
        translatedFrom: 'Tweede kaart',
        source: 'Tweede kaart, herzien',
        needsReview: false,
        state: 'stale',
      },
    ]);
    expect(await staleKeys()).toEqual(['cards.tweede.title']);
    const cli = await runCli(['--root', project.root, 'i18n', 'import', 'en', file]);
    expect(cli.stdout).toContain(
      'stale   mini:cards.tweede.title: translated from "Tweede kaart", the source is now "Tweede kaart, herzien"',
    );
    expect((await importLanguage(project.root, 'en', file, [], { accept: true })).stale).toEqual([]);
    expect(await staleKeys()).toEqual([]);
  });

  it('a stale string exported and imported untouched stays stale (fuzzy, needs-review, CSV status)', async () => {
    await reviseSource();
    for (const [format, name] of [
      ['csv', 'en.csv'],
      ['po', 'en.po'],
      ['xliff', 'en.xlf'],
    ] as const) {
      const file = project.file(name);
      await writeFile(file, await exportLanguage(project.root, 'en', [], format));
      if (format === 'csv')
        expect(await readFile(file, 'utf8')).toContain(
          '"card tweede (prompt), title; preview previews/02-tweede-front.png",stale (was: Tweede kaart)\r\n',
        );
      await importLanguage(project.root, 'en', file);
      expect(await staleKeys()).toEqual(['cards.tweede.title']);
    }
  });

  it('i18n lock KEY clears one string only', async () => {
    await reviseSource();
    await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('body: Nog een uitleg.', 'body: Nog een uitleg, herzien.'));
    expect(await staleKeys()).toEqual(['cards.tweede.title', 'cards.tweede.body']);
    const cli = await runCli(['--root', project.root, 'i18n', 'lock', 'en', 'mini:cards.tweede.title']);
    expect(cli.stdout).toContain('locked mini:cards.tweede.title');
    expect(await staleKeys()).toEqual(['cards.tweede.body']);
    const unknown = await runCli(['--root', project.root, 'i18n', 'lock', 'en', 'cards.nope.title']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no such string: cards.nope.title');
  });

  it("i18n refresh rewrites the source comments in the YAML to today's text, and leaves the string stale", async () => {
    await addLanguage(project.root, 'de');
    await project.edit('deck/mini/locales/de.yaml', (t) =>
      t.replace('    # Tweede kaart\n    title:', '    # Tweede kaart\n    title: Zweite Karte'),
    );
    await writeFile(project.file('deck/mini/locales/de.lock.json'), '{ "cards.tweede.title": { "from": "Tweede kaart" } }\n');
    await project.edit('deck/mini/locales/nl.yaml', (t) =>
      t.replace('title: Tweede kaart', 'title: Tweede kaart, herzien').replace('body: Nog een uitleg.', 'body: "Nog een\\nuitleg."'),
    );
    expect(await refreshComments(project.root, 'de')).toEqual([{ file: project.file('deck/mini/locales/de.yaml'), comments: 2 }]);
    const yaml = await readFile(project.file('deck/mini/locales/de.yaml'), 'utf8');
    expect(yaml).toContain('  tweede:\n    # Tweede kaart, herzien\n    title: Zweite Karte\n    # Nog een\n    # uitleg.\n    body:\n');
    expect(yaml).not.toContain('# Tweede kaart\n');
    expect((await statusOfDecks(project.root)).find((s) => s.language === 'de')!.stale).toEqual(['cards.tweede.title']);
    expect(await refreshComments(project.root, 'de')).toEqual([]);
  });

  it('a lock file with merge conflict markers is named with its line, without a stack trace', async () => {
    await project.edit('deck/mini/locales/en.lock.json', (t) => t.replace('{\n', '{\n<<<<<<< HEAD\n'));
    const cli = await runCli(['--root', project.root, 'i18n', 'status']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('en.lock.json:2:1: a merge conflict marker: keep one side');
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });
});
