import { mkdir, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDecks } from '../../../src/check/check-decks.ts';
import { formatProblemLine } from '../../../src/shared/errors.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
});
afterEach(() => project.cleanup());

const errors = async () =>
  (await checkDecks(project.root)).decks
    .flatMap((deck) => deck.problems)
    .filter((problem) => problem.severity === 'error')
    .map((problem) => formatProblemLine(problem, project.root));

describe('odd text in a locale is refused where it is written', () => {
  it.each([
    ['BEL', '\\a', 'U+0007'],
    ['ESC', '\\e[31m', 'U+001B'],
    ['NUL', '\\0', 'U+0000'],
    ['a C1 control', '\\x85', 'U+0085'],
  ])('refuses %s in card text at its line', async (_, written, code) => {
    await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('  title: Mini', `  title: "Mi${written}ni"`));
    expect(await errors()).toEqual([
      `deck/mini/locales/nl.yaml:4:10: the text holds the control character ${code}, which prints as nothing or as an empty box; remove it (a line break is a new line in the text)`,
    ]);
  });

  it('keeps tabs and line breaks', async () => {
    await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('  title: Mini', '  title: "Mi\\tni\\nMini"'));
    expect(await errors()).toEqual([]);
  });

  it.each(['nl', 'en'])("treats a __proto__ key among a card's texts in %s like any unknown key", async (language) => {
    await project.edit(`deck/mini/locales/${language}.yaml`, (text) =>
      text.replace(/^cards:\n( {2}\S+:\n)/m, 'cards:\n$1    __proto__: hidden\n'),
    );
    expect(await errors()).toEqual([
      expect.stringMatching(
        new RegExp(`^deck/mini/locales/${language}\\.yaml:\\d+:5: unknown key "__proto__": no setting, card or field has that name$`),
      ),
    ]);
  });

  it('treats a card id __proto__ in a locale like any unknown key', async () => {
    await project.edit('deck/mini/locales/en.yaml', (text) => text.replace(/^cards:\n/m, 'cards:\n  __proto__:\n    title: hidden\n'));
    expect(await errors()).toEqual([
      expect.stringMatching(/^deck\/mini\/locales\/en\.yaml:\d+:3: unknown key "__proto__": no setting, card or field has that name$/),
    ]);
  });
});

describe('a deck font file that is no font', () => {
  it.each([
    ['a text file', 'not a font\n', 'Unknown font format'],
    ['a cut-off TrueType file', '\0\u0001\0\0garbage', 'Trying to access beyond buffer length'],
  ])('is named at its line in deck.yaml when it is %s', async (_, content, reason) => {
    await mkdir(project.file('deck', 'mini', 'fonts'));
    await writeFile(project.file('deck', 'mini', 'fonts', 'x.ttf'), content);
    await writeFile(project.file('deck', 'mini', 'fonts', 'OFL.txt'), 'licence');
    await project.edit('deck/mini/deck.yaml', (text) => `${text}fonts:\n  - family: Bad Font\n    file: fonts/x.ttf\n`);
    expect(await errors()).toEqual([
      `deck/mini/deck.yaml:17:11: fonts/x.ttf is not a font that can be read (${reason}); give a TrueType or OpenType font file (.ttf, .otf, .woff, .woff2)`,
    ]);
  });
});
