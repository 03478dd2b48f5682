import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDecks } from '../../../src/index.ts';
import { REPO } from '../../support/fixtures.ts';

describe('the real decks are themselves a test', () => {
  it('finds both decks under deck/', async () => {
    const results = (await checkDecks(REPO)).decks;
    expect(results.map((result) => path.basename(result.dir))).toEqual(['besluitmodellen', 'swan']);
  });

  it('validates them without a single problem or warning', async () => {
    const report = await checkDecks(REPO);
    expect(report.shared).toEqual([]);
    for (const result of report.decks) {
      expect(result.problems, path.basename(result.dir)).toEqual([]);
      expect(result.deck).toBeDefined();
    }
  });

  it('gives SWAN every card the content brief lists, with text in nl and en', async () => {
    const [swan] = (await checkDecks(REPO, ['swan'])).decks;
    const ids = swan!.deck!.cards.map((card) => card.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'intro-how',
        'intro-facilitator',
        'intro-scribe',
        'intro-situation',
        'r1-question',
        'r1-security',
        'r1-inclusion',
        'r1-cohesion',
        'r1-empowerment',
        'r2-question',
        'r2-resident',
        'r2-professional',
        'r2-team',
        'r2-organisation',
        'r2-environment',
        'r2-dilemma',
        'r3-question',
        'r3-level-1',
        'r3-level-2',
        'r3-level-3',
        'r3-signals',
        'r3-signalling',
        'r3-sequence',
        'wrap-up',
      ]),
    );
    for (const language of ['nl', 'en']) {
      const locale = swan!.deck!.locales.get(language)!.locale;
      for (const id of ids) expect(locale.cards[id]?.title, `${language} ${id}`).toBeTruthy();
    }
  });
});
