import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { exportLanguage, lockLanguage } from '../../../src/i18n/commands.ts';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { measureTextRooms } from '../../../src/pipeline/text-room.ts';
import { exists } from '../../../src/shared/file-exists.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * What a translator reads beside each card string: where it prints, how long it may be at the
 * deck's minimum size (measured in its box by Chromium), and the preview of its face. The length
 * is held to what a build does with a text of that length.
 */

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
});
afterEach(async () => {
  await project.cleanup();
});

const roomsOf = async () => {
  const deck = (await loadDeck(project.file('deck', 'mini'), projectPaths(project.root))).deck!;
  return measureTextRooms(project.root, [deck]);
};

describe('the room of each card text', () => {
  it('is stated in the PO, XLIFF and CSV notes with the preview of its face; the PO still passes msgfmt and pofilter', async () => {
    const rooms = await roomsOf();
    const measure = async () => rooms;
    const po = await exportLanguage(project.root, 'en', [], 'po', '1.2', measure);
    const body = po.match(/#\. card eerste \(condition\), body; fits about (\d+) characters at ([\d.]+) pt; preview (\S+)\n/);
    expect(body).not.toBeNull();
    expect(Number(body![1])).toBeGreaterThan(60);
    expect(Number(body![2])).toBeCloseTo(7.5, 0);
    expect(body![3]).toBe('previews/01-eerste-front.png');
    expect(po).toMatch(/#\. card tweede \(prompt\), title; fits about \d+ characters at [\d.]+ pt; preview previews\/02-tweede-front\.png/);
    expect(po).toMatch(/#\. card eerste \(condition\), questions 1; fits about \d+ characters/);
    const file = project.file('en.po');
    await writeFile(file, po);
    const msgfmt = spawnSync('msgfmt', ['--check', '-o', '/dev/null', file], { encoding: 'utf8' });
    expect([msgfmt.status, msgfmt.stderr]).toEqual([0, '']);
    const checks = ['escapes', 'newlines', 'printf', 'pythonbraceformat', 'tabs', 'brackets', 'variables', 'xmltags', 'doublequoting'];
    const flagged = project.file('flagged.po');
    spawnSync('pofilter', [...checks.flatMap((check) => ['-t', check]), '--progress=none', file, flagged]);
    expect(await exists(flagged)).toBe(false);
    const xliff = await exportLanguage(project.root, 'en', [], 'xliff', '2.0', measure);
    expect(xliff).toContain(`card eerste (condition), body; fits about ${body![1]} characters`);
    const csv = await exportLanguage(project.root, 'en', [], 'csv', '1.2', measure);
    expect(csv).toContain(`card eerste (condition), body; fits about ${body![1]} characters`);

    // The command as the docs give it measures too.
    const cli = await runCli(['--root', project.root, 'i18n', 'export', 'en', '--out', 'cli.po'], { cwd: project.root });
    expect(cli.code).toBe(0);
    expect(await readFile(project.file('cli.po'), 'utf8')).toContain(`card eerste (condition), body; fits about ${body![1]} characters`);

    // The preview named is the one a build writes.
    await buildDecks({ root: project.root, out: project.out, languages: ['en'] });
    expect(await exists(path.join(project.out, 'mini', 'en', body![3]!))).toBe(true);
  });

  it('is larger in a larger box, fits when built at its length, and a text twice as long does not', async () => {
    const before = (await roomsOf()).get('mini:cards.eerste.body')!;
    await project.edit('deck/mini/deck.yaml', (text) => text.replace('height: 88mm', 'height: 120mm'));
    const taller = (await roomsOf()).get('mini:cards.eerste.body')!;
    expect(taller.characters).toBeGreaterThan(before.characters * 1.3);
    await project.edit('deck/mini/deck.yaml', (text) => text.replace('height: 120mm', 'height: 88mm'));

    // Its own words, as measured, to the stated length.
    const words = (length: number) => {
      let text = 'Een korte uitleg.';
      while (text.length < length) text = `${text} Een korte uitleg.`;
      return text.slice(0, length).trimEnd();
    };
    const translate = async (body: string) => {
      await project.edit('deck/mini/locales/en.yaml', (text) => text.replace(/ {4}body: .*\n/, `    body: "${body}"\n`));
      await lockLanguage(project.root, 'en', ['mini'], ['mini:cards.eerste.body']);
    };
    await translate(words(before.characters));
    const fits = await buildDecks({ root: project.root, out: project.out, languages: ['en'], previews: false });
    expect(fits.problems.filter((problem) => problem.code === 'text-overflow')).toEqual([]);

    await translate(words(before.characters * 2));
    const overflow = await buildDecks({ root: project.root, out: project.out, languages: ['en'], previews: false }).then(
      (summary) => summary.problems,
      (error: { problems?: Array<{ code: string; message: string }> }) => error.problems ?? [],
    );
    expect(overflow.map((problem) => problem.code)).toContain('text-overflow');
  });
});
