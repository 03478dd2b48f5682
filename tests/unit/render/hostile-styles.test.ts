import { writeFile } from 'node:fs/promises';
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

describe('check refuses markup where a deck styles its cards', () => {
  it('refuses a tag in deck.css, in a comment or a string, at its line', async () => {
    await writeFile(
      project.file('deck', 'mini', 'deck.css'),
      '.face { color: red; }\n/* </style><script>alert(1)</script> */\n.title::after { content: "<img src=x>"; }\n.ok::before { content: "\\3c"; }\n',
    );
    expect(await errors()).toEqual([
      'deck/mini/deck.css:2:4: "</style" is markup, not CSS: a stylesheet holds no tags, not even in a comment or a string (write \\3c for a "<" in a string)',
      'deck/mini/deck.css:2:12: "<script" is markup, not CSS: a stylesheet holds no tags, not even in a comment or a string (write \\3c for a "<" in a string)',
      'deck/mini/deck.css:2:28: "</script" is markup, not CSS: a stylesheet holds no tags, not even in a comment or a string (write \\3c for a "<" in a string)',
      'deck/mini/deck.css:3:27: "<img" is markup, not CSS: a stylesheet holds no tags, not even in a comment or a string (write \\3c for a "<" in a string)',
    ]);
  });

  it('accepts a plain deck.css, with grammar placeholders in its comments', async () => {
    await writeFile(
      project.file('deck', 'mini', 'deck.css'),
      '/* size it as max(var(--min-font), <n>em), a <length> */\n.face { color: red; }\n.title::after { content: "a < b"; }\n',
    );
    expect(await errors()).toEqual([]);
  });

  it('refuses a font family that is not a plain name, at its line in deck.yaml', async () => {
    await project.edit(
      'deck/mini/deck.yaml',
      (text) => `${text}fonts:\n  - family: 'Evil</style><script>alert(1)</script>'\n    file: fonts/evil.ttf\n`,
    );
    expect(await errors()).toEqual([
      expect.stringMatching(/^deck\/mini\/deck\.yaml:16:13: fonts\.0\.family: a font family is a name of letters, digits, spaces/),
    ]);
  });
});
