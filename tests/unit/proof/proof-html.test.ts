import { describe, expect, it } from 'vitest';
import type { Comparison, FaceChange, SetChange } from '../../../src/proof/compare.ts';
import { proofHtml } from '../../../src/proof/proof-html.ts';

/* proof/index.html speaks to the client in the deck's language: cards by their titles, fields and kinds by their names, numbers as the language writes them. */

const face = (card: string, title: string, template: string): FaceChange => ({
  face: `${card}/front`,
  side: 'front',
  card,
  title,
  category: 'intro',
  template,
  change: 'changed',
  fields: [
    {
      field: 'body',
      label: 'Tekst',
      added: ['bewaart'],
      removed: ['bewaakt'],
      steps: [
        { op: 'same', word: 'Jij' },
        { op: 'same', word: ' ' },
        { op: 'removed', word: 'bewaakt' },
        { op: 'added', word: 'bewaart' },
        { op: 'same', word: ' ' },
        { op: 'same', word: 'het' },
        { op: 'same', word: '.' },
      ],
    },
  ],
  pixels: { changed: 100, share: 0.01, areasMm: [{ x: 11.8, y: 37.7, width: 11.2, height: 4.6 }] },
});

const set = (faces: FaceChange[]): SetChange => ({
  deck: 'swan',
  language: 'nl',
  title: 'Sociaal Werk op Alle Niveaus',
  languageName: 'Nederlands',
  direction: 'ltr',
  change: faces.length > 0 ? 'changed' : 'unchanged',
  geometry: [],
  sheets: [],
  faces,
  cardsFile: { before: 'swan-nl-cards.pdf', after: 'swan-nl-cards.pdf' },
  hashes: [],
  sameLook: [],
});

const comparison = (faces: FaceChange[], beforeBuild: Comparison['beforeBuild']): Comparison => ({
  before: '../dist-before',
  after: 'dist',
  sets: [set(faces)],
  changed: faces.length > 0,
  counts: { faces: 50, rendered: faces.length },
  builds: { before: '/a', after: '/b' },
  beforeBuild,
});

/** The page's text, tags removed. */
const text = (html: string) =>
  html
    .replace(/<script>[\s\S]*<\/script>|<style>[\s\S]*<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('the proof page of a Dutch deck', () => {
  const page = proofHtml(
    comparison([face('intro-facilitator', 'Gespreksleider', 'role'), face('intro-scribe', 'Schrijver', 'instruction')], {
      written: '2026-12-06T15:00:00Z',
    }),
  );

  it('names the build it compares with by its date, not by its folder', () => {
    expect(page).toContain('<h1>Drukproef: Sociaal Werk op Alle Niveaus, vergeleken met de build van 6 december 2026</h1>');
    expect(page).not.toContain('dist-before');
  });

  it('names the card by its title, its id in small print, and the field and language by their Dutch names', () => {
    expect(page).toContain('Gespreksleider (voorkant)</bdi> <small class="id">intro-facilitator</small>');
    expect(page).toContain('<dt>Tekst</dt>');
    expect(text(page)).toContain('Sociaal Werk op Alle Niveaus , Nederlands');
    expect(page).not.toMatch(/\[nl\]|<dt>body/);
  });

  it('names the kinds of card in Dutch in the filter, and leaves out a filter with one value', () => {
    expect(page).toContain('<option value="role">rol</option><option value="instruction">uitleg</option>');
    expect(page).not.toContain('id="filter-language"');
    expect(page).not.toContain('id="filter-deck"');
  });

  it('says where the change is in Dutch words and numbers', () => {
    expect(text(page)).toContain('Gemarkeerd: een gebied van 11,2 × 4,6 mm, 11,8 mm van links en 37,7 mm van boven');
    expect(page).not.toContain('@');
  });
});

describe('the proof page when nothing changed', () => {
  const both = comparison([], { revision: 'v1.2' });
  const page = proofHtml({ ...both, sets: [{ ...set([]), language: 'en', languageName: 'English' }, ...both.sets], sourceLanguage: 'nl' });

  it("says so in the decks' own language (not the first in the alphabet), without filters or key hints", () => {
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('Drukproef: Sociaal Werk op Alle Niveaus, vergeleken met versie v1.2');
    expect(page).toContain('Er is niets veranderd.');
    expect(page).not.toContain('<select');
    expect(page).not.toContain('Toetsen');
  });
});
