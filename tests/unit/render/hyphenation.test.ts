import { describe, expect, it } from 'vitest';
import { pseudoLocale } from '../../../src/deck/pseudo-locale.ts';
import { parseCardTemplate } from '../../../src/deck/card-templates.ts';
import type { Card, Locale } from '../../../src/deck/schema.ts';
import { DEFAULT_HYPHENATION, fieldHyphenationRules, hyphenateLocale, limitHyphens } from '../../../src/render/hyphenate.ts';

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
    expect(limitHyphens(`So${SHY}zio${SHY}öko${SHY}no${SHY}mi${SHY}sche pro${SHY}fes${SHY}sion${SHY}al`, DEFAULT_HYPHENATION)).toBe(
      `Sozio${SHY}öko${SHY}no${SHY}mi${SHY}sche pro${SHY}fes${SHY}sional`,
    );
  });

  it('leaves short words, markup, languages without patterns and the pseudo-locale alone', () => {
    expect(hyphenateLocale(locale('Wat **zie** je?'), 'nl').cards.eerste!.title).toBe('Wat **zie** je?');
    const arabic = locale('المسؤوليات الاجتماعية');
    expect(hyphenateLocale(arabic, 'ar')).toEqual(arabic);
    const pseudo = pseudoLocale(locale('Sociaal-economische bestaanszekerheid'));
    expect(hyphenateLocale(pseudo, 'pseudo')).toEqual(pseudo);
  });

  it('breaks a [word]{lang=xx} by the patterns of xx, not of the text around it', () => {
    const show = (text: string) => text.replaceAll(SHY, '-');
    // German patterns break the Dutch word as "verantwo-orden"; Dutch ones never split "oo".
    expect(show(hyphenateLocale(locale('verantwoorden'), 'de').cards.eerste!.title as string)).toBe('ver-ant-wo-or-den');
    expect(show(hyphenateLocale(locale('Sie müssen [verantwoorden]{lang=nl} können'), 'de').cards.eerste!.title as string)).toBe(
      'Sie müssen [ver-ant-woor-den]{lang=nl} können',
    );
    expect(show(hyphenateLocale(locale('الكلمة [verantwoordelijkheid]{lang=nl}'), 'ar').cards.eerste!.title as string)).toBe(
      'الكلمة [ver-ant-woor-de-lijk-heid]{lang=nl}',
    );
    // A run of a language without patterns gets no breaks rather than the text's.
    expect(hyphenateLocale(locale('Existenzsicherheit [Existenzsicherheit]{lang=tr}'), 'de').cards.eerste!.title).toBe(
      `Exis${SHY}tenz${SHY}si${SHY}cher${SHY}heit [Existenzsicherheit]{lang=tr}`,
    );
  });
});

describe('hyphenation per field, as the template declares it', () => {
  const texts = (body: string): Locale => ({
    language: { name: 'x', direction: 'ltr' },
    deck: { title: 'Mini' },
    categories: {},
    cards: { eerste: { question: body, body, hint: body } },
    ui: {},
  });
  const kind = (fields: string) => {
    const { template, problems } = parseCardTemplate('vraag', 'vraag.hbs', `---\nfields:\n${fields}---\n`);
    if (!template) throw new Error(problems.map((problem) => problem.message).join('\n'));
    return fieldHyphenationRules({ cards: [{ id: 'eerste', template: 'vraag' } as Card], templates: new Map([['vraag', template]]) });
  };
  const show = (text: unknown) => String(text).replaceAll(SHY, '-');

  it('breaks every field where the patterns allow, in words of 10 letters or more, 3 letters from either end, when the template says nothing', () => {
    const card = hyphenateLocale(texts('supervisor kaartspel'), 'nl', kind('  question: markup\n')).cards.eerste!;
    expect(show(card.question)).toBe('super-vi-sor kaartspel');
  });

  it('never breaks a word in a field with hyphenate: false, and still breaks the others', () => {
    const rules = kind('  question: { kind: markup, hyphenate: false }\n  body: markup\n');
    const card = hyphenateLocale(texts('Wie is de supervisor van de stagebegeleider?'), 'nl', rules).cards.eerste!;
    expect(card.question).toBe('Wie is de supervisor van de stagebegeleider?');
    expect(show(card.body)).toBe('Wie is de super-vi-sor van de sta-ge-be-ge-lei-der?');
  });

  it('holds a field to its limits: the minimum word length and the fewest letters before and after a break', () => {
    const rules = kind(
      '  question: { kind: markup, hyphenate: { before: 3, after: 4 } }\n  body: { kind: markup, hyphenate: { word: 6, before: 2 } }\n  hint: { kind: markup, hyphenate: { word: 11 } }\n',
    );
    const card = hyphenateLocale(texts('supervisor kaartspel'), 'nl', rules).cards.eerste!;
    expect(show(card.question)).toBe('super-visor kaartspel');
    expect(show(card.body)).toBe('su-per-vi-sor kaart-spel');
    expect(show(card.hint)).toBe('supervisor kaartspel');
  });

  it('refuses a minimum word length below 5 at the template, saying what it accepts', () => {
    const { problems } = parseCardTemplate('vraag', 'vraag.hbs', '---\nfields:\n  body: { kind: markup, hyphenate: { word: 2 } }\n---\n');
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/^fields\.body\.hyphenate\.word: .*>=5/)]);
    expect(problems[0]?.location).toMatchObject({ file: 'vraag.hbs', line: 3 });
  });
});
