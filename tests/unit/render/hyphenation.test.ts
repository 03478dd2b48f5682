import { describe, expect, it } from 'vitest';
import { pseudoLocale } from '../../../src/deck/pseudo-locale.ts';
import type { Locale } from '../../../src/deck/schema.ts';
import { hyphenateLocale, keepFragments } from '../../../src/render/hyphenate.ts';

const SHY = '\u00AD';
const locale = (title: string): Locale => ({
  language: { name: 'x', direction: 'ltr' },
  deck: { title: 'Mini' },
  categories: {},
  cards: { eerste: { title, questions: [title] } },
  ui: {},
});

describe('hyphenation at render time', () => {
  it('puts soft hyphens into the long words of nl, en, de and fr, the same every time', () => {
    expect(hyphenateLocale(locale('Sozioökonomische Existenzsicherheit'), 'de').cards.eerste!.title).toBe(
      `Sozio${SHY}öko${SHY}no${SHY}mi${SHY}sche Exis${SHY}tenz${SHY}si${SHY}cher${SHY}heit`,
    );
    expect(hyphenateLocale(locale('bestaanszekerheid'), 'nl').cards.eerste!.questions).toEqual([`bestaans${SHY}ze${SHY}ker${SHY}heid`]);
    expect(hyphenateLocale(locale('responsibilities'), 'en-GB').cards.eerste!.title).toContain(SHY);
    expect(hyphenateLocale(locale('responsabilités'), 'fr').cards.eerste!.title).toContain(SHY);
    expect(hyphenateLocale(locale('Sozioökonomische'), 'de')).toEqual(hyphenateLocale(locale('Sozioökonomische'), 'de'));
  });

  it('leaves at least three letters on each side of every break', () => {
    expect(hyphenateLocale(locale('professional'), 'en').cards.eerste!.title).toBe(`pro${SHY}fes${SHY}sional`);
    expect(hyphenateLocale(locale('verantwoorden informeren'), 'nl').cards.eerste!.title).toBe(
      `ver${SHY}ant${SHY}woor${SHY}den infor${SHY}me${SHY}ren`,
    );
    expect(keepFragments(`So${SHY}zio${SHY}öko${SHY}no${SHY}mi${SHY}sche pro${SHY}fes${SHY}sion${SHY}al`)).toBe(
      `Sozio${SHY}öko${SHY}no${SHY}mi${SHY}sche pro${SHY}fes${SHY}sional`,
    );
  });

  it('leaves short words, markup, languages without patterns and the pseudo-locale alone', () => {
    expect(hyphenateLocale(locale('Wat **zie** je?'), 'nl').cards.eerste!.title).toBe('Wat **zie** je?');
    const arabic = locale('المسؤوليات الاجتماعية');
    expect(hyphenateLocale(arabic, 'ar')).toBe(arabic);
    const pseudo = pseudoLocale(locale('Sociaal-economische bestaanszekerheid'));
    expect(hyphenateLocale(pseudo, 'pseudo')).toBe(pseudo);
  });
});
