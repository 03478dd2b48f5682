import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importLanguage, lockLanguage } from '../../../src/i18n/commands.ts';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { InputError } from '../../../src/shared/errors.ts';
import { exists } from '../../../src/shared/file-exists.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/**
 * A fuzzy PO entry, an XLIFF 2.0 target still initial and a translation of an older source text
 * never reach the cards unless the user asks for it; then every file that tells about the set names them.
 */

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
  await lockLanguage(project.root, 'en');
  const po = project.file('en.po');
  await writeFile(
    po,
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#, fuzzy\nmsgctxt "mini:cards.eerste.title"\nmsgid "Eerste kaart"\nmsgstr "Fuzzy first card"\n',
  );
  expect((await importLanguage(project.root, 'en', po)).problems).toEqual([]);
  const xlf = project.file('en.xlf');
  await writeFile(
    xlf,
    '<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="nl" trgLang="en"><file id="mini">\n<unit id="mini:cards.tweede.title"><segment state="initial"><source>Tweede kaart</source><target>Initial second card</target></segment></unit>\n</file></xliff>\n',
  );
  expect((await importLanguage(project.root, 'en', xlf)).problems).toEqual([]);
  await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('body: Nog een uitleg.', 'body: Nog een uitleg, herzien.'));
});
afterEach(async () => {
  await project.cleanup();
});

describe('a build of a language with unfinished translations', () => {
  it('stops before printing anything, naming each: deck, card, field, state and file:line', async () => {
    const failure = (await buildDecks({ root: project.root, out: project.out, previews: false, languages: ['en'] }).catch(
      (error: unknown) => error,
    )) as InputError;
    expect(failure).toBeInstanceOf(InputError);
    const lines = failure.message.split('\n');
    expect(lines[0]).toBe('3 translation(s) are not finished, so nothing was printed:');
    expect(lines.slice(1, 4)).toEqual([
      expect.stringMatching(/en\.yaml:\d+:\d+: deck mini, card eerste, field title, en: fuzzy$/),
      expect.stringMatching(/en\.yaml:\d+:\d+: deck mini, card tweede, field title, en: initial$/),
      expect.stringMatching(/en\.yaml:\d+:\d+: deck mini, card tweede, field body, en: stale$/),
    ]);
    expect(failure.message).toContain('npx kaartenset build --allow-unfinished');
    expect(await exists(path.join(project.out, 'mini', 'en', 'mini-en-cards.pdf'))).toBe(false);
  });

  it('with --allow-unfinished prints them, and the log, manifest.json and preflight.txt list them', async () => {
    const log: string[] = [];
    const summary = await buildDecks({
      root: project.root,
      out: project.out,
      previews: false,
      languages: ['en'],
      allowUnfinished: true,
      log: (line) => log.push(line),
    });
    expect(summary.warnings.filter((warning) => /, en: (fuzzy|initial|stale); /.test(warning))).toHaveLength(3);
    expect(log.join('\n')).toMatch(
      /mini \[en\]: prints 3 unfinished translation\(s\) \(--allow-unfinished\): mini:cards\.eerste\.title \(fuzzy, /,
    );
    const set = path.join(project.out, 'mini', 'en');
    const manifest = JSON.parse(await readFile(path.join(set, 'manifest.json'), 'utf8'));
    expect(manifest.unfinished).toEqual([
      { key: 'mini:cards.eerste.title', state: 'fuzzy', at: expect.stringMatching(/^deck\/mini\/locales\/en\.yaml:\d+:\d+$/) },
      { key: 'mini:cards.tweede.title', state: 'initial', at: expect.stringMatching(/en\.yaml:\d+:\d+$/) },
      { key: 'mini:cards.tweede.body', state: 'stale', at: expect.stringMatching(/en\.yaml:\d+:\d+$/) },
    ]);
    const preflight = await readFile(path.join(set, 'preflight.txt'), 'utf8');
    expect(preflight).toContain('3 unfinished translation(s) printed (built with --allow-unfinished):');
    expect(preflight).toMatch(/deck\/mini\/locales\/en\.yaml:\d+:\d+: mini:cards\.eerste\.title: fuzzy/);
  });
});
