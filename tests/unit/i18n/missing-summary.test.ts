import { describe, expect, it } from 'vitest';
import { loadFailure, MissingTranslationsError } from '../../../src/i18n/missing-summary.ts';
import { lineProblem } from '../../../src/shared/errors.ts';

describe('the summary of missing translations', () => {
  it('groups by code and by the locale file the deck names, not by reading its messages', () => {
    const de = '/p/deck/mini/locales/de.yaml';
    const problems = [
      // Worded as no message of the loader is: the summary must not depend on the words.
      lineProblem('translation-missing', de, 3, 'cards.a.title is not translated yet'),
      lineProblem('translation-missing', de, 9, 'cards.b.title is not translated yet'),
      lineProblem('unknown-key', '/p/deck/mini/cards.yaml', 2, 'unknown key "x"'),
    ];
    const decks = [
      { dir: '/p/deck/mini', draft: { locales: new Map([['de', { language: 'de', file: de }]]) as never } },
      { dir: '/p/deck/other', draft: { locales: new Map() as never } },
    ];
    const error = loadFailure(problems, decks);
    expect(error).toBeInstanceOf(MissingTranslationsError);
    expect(error.problems).toEqual(problems);
    const lines = error.message.split('\n');
    expect(lines[0]).toMatch(/cards\.yaml:2: unknown key "x"$/);
    expect(lines[1]).toBe('missing translations, so nothing was built:');
    expect(lines[2]).toMatch(/^ {2}mini {2}de {2}2 strings missing in .*de\.yaml$/);
    expect(error.message).toContain('npx kaartenset build --lang de --deck other');
  });

  it('is the plain list when nothing is missing', () => {
    const problems = [lineProblem('unknown-key', '/p/deck/mini/cards.yaml', 2, 'unknown key "x"')];
    const error = loadFailure(problems, [{ dir: '/p/deck/mini' }]);
    expect(error).not.toBeInstanceOf(MissingTranslationsError);
    expect(error.problems).toEqual(problems);
  });
});
