import { describe, expect, it } from 'vitest';
import { sourceLanguageKeys } from '../../../src/pipeline/stages/faces.ts';

describe('the texts a set prints in the source language', () => {
  it('are the fallbacks and the unconfirmed copies of the source, not the stale or fuzzy translations', () => {
    expect(
      sourceLanguageKeys({
        fallbacks: ['cards.eerste.example', 'ui.example'],
        unfinished: [
          { key: 'mini:cards.tweede.title', state: 'same as source', at: 'deck/mini/locales/de.yaml:20' },
          { key: 'mini:cards.tweede.body', state: 'stale', at: 'deck/mini/locales/de.yaml:21' },
          { key: 'mini:cards.eerste.title', state: 'fuzzy', at: 'deck/mini/locales/de.yaml:12' },
        ],
      }),
    ).toEqual(['cards.eerste.example', 'ui.example', 'cards.tweede.title']);
  });
});
