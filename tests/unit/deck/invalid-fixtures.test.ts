import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { formatProblem } from '../../../src/shared/errors.ts';
import { deckCopy, FIXTURES, REPO } from '../../support/fixtures.ts';

const cases = (await readdir(path.join(FIXTURES, 'invalid'))).sort();

describe('an invalid deck is reported at the exact file:line:col, every problem at once', () => {
  it('has at least 15 invalid-input fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)('%s', async (name) => {
    const caseDir = path.join(FIXTURES, 'invalid', name);
    const expected = (await readFile(path.join(caseDir, 'expected.txt'), 'utf8')).trim().split('\n');
    const copy = await deckCopy('mini', caseDir);
    try {
      const result = await loadDeck(copy.dir, projectPaths(REPO));
      const messages = result.problems.map((problem) => formatProblem(problem, copy.dir).split('\n')[0]);
      expect(messages).toEqual(expected);
      const hasError = result.problems.some((problem) => problem.severity === 'error');
      expect(result.deck === undefined).toBe(hasError);
    } finally {
      await copy.cleanup();
    }
  });
});

describe('a problem shows the offending line under its message', () => {
  it('prints the source line and a caret under the column', async () => {
    const copy = await deckCopy('mini', path.join(FIXTURES, 'invalid', 'bad-unit'));
    try {
      const [problem] = (await loadDeck(copy.dir, projectPaths(REPO))).problems;
      expect(formatProblem(problem!, copy.dir)).toBe(
        [
          'deck.yaml:3:10: cardSize.width: "63px" is not a length: write a number and a unit (pt, in, mm, cm), e.g. 63mm, 0.125in, 12pt',
          '  3 |   width: 63px',
          '    |          ^',
        ].join('\n'),
      );
    } finally {
      await copy.cleanup();
    }
  });
});
