import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { pseudoLocale } from '../../../src/deck/pseudo-locale.ts';
import type { Locale } from '../../../src/deck/schema.ts';
import { hyphenateLocale } from '../../../src/render/hyphenate.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject } from '../../support/project.ts';

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
    expect(hyphenateLocale(locale('Sozioökonomische Existenzsicherheit'), 'de').cards.eerste!.title).toBe(`So${SHY}zio${SHY}öko${SHY}no${SHY}mi${SHY}sche Exis${SHY}tenz${SHY}si${SHY}cher${SHY}heit`);
    expect(hyphenateLocale(locale('bestaanszekerheid'), 'nl').cards.eerste!.questions).toEqual([`be${SHY}staans${SHY}ze${SHY}ker${SHY}heid`]);
    expect(hyphenateLocale(locale('responsibilities'), 'en-GB').cards.eerste!.title).toContain(SHY);
    expect(hyphenateLocale(locale('responsabilités'), 'fr').cards.eerste!.title).toContain(SHY);
    expect(hyphenateLocale(locale('Sozioökonomische'), 'de')).toEqual(hyphenateLocale(locale('Sozioökonomische'), 'de'));
  });

  it('leaves short words, markup, languages without patterns and the pseudo-locale alone', () => {
    expect(hyphenateLocale(locale('Wat **zie** je?'), 'nl').cards.eerste!.title).toBe('Wat **zie** je?');
    const arabic = locale('المسؤوليات الاجتماعية');
    expect(hyphenateLocale(arabic, 'ar')).toBe(arabic);
    const pseudo = pseudoLocale(locale('Sociaal-economische bestaanszekerheid'));
    expect(hyphenateLocale(pseudo, 'pseudo')).toBe(pseudo);
  });

  it('breaks a long German compound at a syllable, with a visible hyphen, in the printed card, and leaves no soft hyphen in its text', async () => {
    const project = await tempProject(['mini']);
    try {
      const english = await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
      await writeFile(
        project.file('deck/mini/locales/de.yaml'),
        english.replace('title: First card', 'title: Sozioökonomische Existenzsicherheit').replace(/^(\s+)- (.*)$/m, '$1- Verantwortlichkeiten $2'),
      );
      await buildDecks({ root: project.root, out: project.out, previews: false, languages: ['de'] });
      const text = await tool('pdftotext', ['-f', '1', '-l', '1', path.join(project.out, 'mini', 'de', 'cards.pdf'), '-']);
      expect(text).not.toContain(SHY);
      expect(text).toContain('Verantwortlichkeiten');
      const lines = text.split('\n');
      const broken = lines.findIndex((line) => /^Sozio\S*[-\u2010]$|^Sozioökonomische \S+[-\u2010]$/.test(line));
      expect(broken, lines.join('\n')).toBeGreaterThanOrEqual(0);
      expect(`${lines[broken]!.slice(0, -1)}${lines[broken + 1]}`.replace(/\s+/g, ' ')).toBe('Sozioökonomische Existenzsicherheit');
    } finally {
      await project.cleanup();
    }
  });
});
