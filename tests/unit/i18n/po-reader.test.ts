import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importLanguage, lockLanguage } from '../../../src/i18n/commands.ts';
import { readPo } from '../../../src/i18n/po-reader.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { lineOf } from '../../support/problems.ts';

/** PO files as msgfmt reads them: gettext's escapes, and what it refuses refused at its line. */

const HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n';

describe('reading PO text', () => {
  it('decodes escapes as gettext does: \\n \\t \\" \\\\, octal and hexadecimal', () => {
    const [entry] = readPo('msgctxt "k"\nmsgid "x"\nmsgstr "a\\nb\\tc\\"d\\\\e \\101\\x42 \\x07\\0"\n');
    expect(entry!.msgstr).toEqual(['a\nb\tc"d\\e AB \u0007\u0000']);
  });

  it('joins continued strings and keeps each entry’s line, flags and references', () => {
    const entries = readPo(`${HEADER}#: swan:x\n#, fuzzy, c-format\nmsgctxt "k"\nmsgid ""\n"long "\n"text"\nmsgstr "lang"\n"e Text"\n`);
    expect(entries[1]).toMatchObject({ line: 8, msgctxt: 'k', msgid: 'long text', msgstr: ['lange Text'], flags: ['fuzzy', 'c-format'] });
    expect(entries[1]!.references).toEqual(['swan:x']);
  });
});

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
  await lockLanguage(project.root, 'en');
});
afterEach(async () => {
  await project.cleanup();
});

const english = () => readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
async function imported(content: string | Uint8Array) {
  const file = project.file('en.po');
  await writeFile(file, content);
  return importLanguage(project.root, 'en', file);
}
const located = (result: Awaited<ReturnType<typeof imported>>) => result.problems.map((p) => `${lineOf(p)}: ${p.message}`);

describe('importing a PO file', () => {
  it('reads \\x07 as the bell character gettext reads, and refuses it at its line instead of writing "x07"', async () => {
    const before = await english();
    const result = await imported(`${HEADER}msgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "Ring\\x07"\n`);
    expect(located(result)).toEqual([
      expect.stringMatching(/^6: "mini:cards.eerste.title" holds a control character \(U\+0007\) after "Ring"/),
    ]);
    expect(await english()).toBe(before);
  });

  it('refuses a file cut short inside an entry, at that entry, without a stack trace', async () => {
    for (const cut of ['msgstr "The fir', 'msgid "Eerste kaart"\n', 'msgid ']) {
      const text = `${HEADER}msgctxt "mini:cards.eerste.title"\n${cut.startsWith('msgstr') ? 'msgid "Eerste kaart"\n' : ''}${cut}`;
      const result = await imported(text);
      expect(result.problems).toHaveLength(1);
      expect(lineOf(result.problems[0]!)).toBeGreaterThanOrEqual(6);
      expect(result.problems[0]!.message).toMatch(/^not a readable PO file: .*(cut short|closing quote|must be in double quotes)/);
    }
    const file = project.file('en.po');
    await writeFile(file, `${HEADER}msgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\n`);
    const cli = await runCli(['--root', project.root, 'i18n', 'import', 'en', file]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('en.po:6: not a readable PO file: the file ends inside this entry, before its msgstr: it was cut short');
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a duplicated entry (msgfmt does), naming both lines', async () => {
    const entry = 'msgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "One"\n\n';
    const result = await imported(`${HEADER}${entry}${entry.replace('One', 'Two')}`);
    expect(located(result)).toEqual([
      '10: not a readable PO file: the entry of line 6 again (the same msgctxt and msgid; msgfmt refuses duplicates): keep one of lines 6 and 10',
    ]);
  });

  it('reads an ISO-8859-1 file in the charset its header names', async () => {
    const text = `${HEADER.replace('UTF-8', 'ISO-8859-1')}msgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "Größe"\n`;
    const result = await imported(Buffer.from(text, 'latin1'));
    expect(result.problems).toEqual([]);
    expect(await english()).toContain('title: Größe');
  });

  it('names the real cause of Latin-1 bytes in a file whose header names no charset', async () => {
    const text = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "Größe"\n';
    const result = await imported(Buffer.from(text, 'latin1'));
    expect(located(result)).toEqual([
      expect.stringMatching(
        /^7: the file is not UTF-8 here and its header names no charset: add "Content-Type: text\/plain; charset=ISO-8859-1/,
      ),
    ]);
  });
});
