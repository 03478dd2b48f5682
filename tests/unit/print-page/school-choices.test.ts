import { describe, expect, it } from 'vitest';
import {
  MAX_SETS,
  offsetEffect,
  offsetKey,
  readMillimetres,
  readSets,
  recalledReading,
  schoolFileName,
  type ChoiceWords,
  type FileWords,
} from '../../../src/print-page/school-choices.ts';
import { shippedUi } from '../../../src/deck/ui-strings.ts';

// The decks take the shipped words of the print page: their locales write none of their own.
const ui = async (language: string) => shippedUi(language) as unknown as ChoiceWords;

describe('a correction typed in millimetres', () => {
  it.each([
    ['1,5', 1.5],
    ['1.5', 1.5],
    [' 1,5 ', 1.5],
    ['-1,5', -1.5],
    ['\u22121,5', -1.5],
    ['+2', 2],
    ['1,50', 1.5],
    [',5', 0.5],
    ['0', 0],
    ['-0', 0],
    ['', 0],
    ['5', 5],
    ['-5,0', -5],
  ])('reads %j as %d mm, in any browser locale', (typed, mm) => {
    expect(readMillimetres(typed)).toEqual({ ok: true, value: mm });
  });

  it.each(['1.234,5', '1,234.5', 'abc', '1,5,0', '1.5mm', '15 mm', '1e1', '--1', '.', ','])('refuses %j instead of guessing', (typed) => {
    expect(readMillimetres(typed)).toEqual({ ok: false });
  });

  it.each(['5,1', '-6', '\u22126', '20'])('refuses %j as too far, which the page explains as a scaled calibration sheet', (typed) => {
    expect(readMillimetres(typed)).toEqual({ ok: false, tooFar: true });
  });
});

describe('the reading remembered for a printer', () => {
  it('is kept apart per printer name, per flip and per paper', () => {
    const keys = [
      offsetKey('Kopieerhok', 'long-edge', 'A4'),
      offsetKey('Kopieerhok', 'short-edge', 'A4'),
      offsetKey('Kopieerhok', 'long-edge', 'Letter'),
      offsetKey('Lerarenkamer', 'long-edge', 'A4'),
    ];
    expect(new Set(keys).size).toBe(4);
    expect(offsetKey(' Kopieerhok ', 'long-edge', 'A4')).toBe(keys[0]);
  });

  it('is the saved reading when one is saved', () => {
    expect(recalledReading(JSON.stringify({ x: 2, y: -0.5 }))).toEqual({ x: 2, y: -0.5, saved: true });
  });

  it.each([null, 'null', '{"x":2}', 'not json'])(
    "is 0 / 0 and not saved for %j: a new printer never inherits the last one's reading",
    (stored) => {
      expect(recalledReading(stored)).toEqual({ x: 0, y: 0, saved: false });
    },
  );
});

describe('the number of sets', () => {
  it.each([
    ['1', 1],
    [' 6 ', 6],
    [String(MAX_SETS), MAX_SETS],
  ])('reads %j as %d', (typed, sets) => {
    expect(readSets(typed)).toEqual({ ok: true, value: sets });
  });

  it.each(['0', '-3', '500', String(MAX_SETS + 1), 'zes', '', ' ', '2,5', '2.5'])('refuses %j', (typed) => {
    expect(readSets(typed)).toEqual({ ok: false });
  });
});

describe('what the correction does, in words', () => {
  it('says the backs move the other way from where the back cross was seen, in Dutch and English', async () => {
    const [nl, en] = [await ui('nl'), await ui('en')];
    expect(offsetEffect({ x: 1.5, y: 0 }, nl, 'nl')).toBe(
      'Wat de pagina doet: de achterkanten schuiven 1,5 mm naar links, gezien vanaf de voorkant.',
    );
    expect(offsetEffect({ x: 1.5, y: -0.5 }, en, 'en')).toBe(
      'What the page will do: the backs move 1.5 mm to the left and 0.5 mm up, as seen from the front.',
    );
    expect(offsetEffect({ x: -2, y: 1 }, en, 'en')).toBe(
      'What the page will do: the backs move 2 mm to the right and 1 mm down, as seen from the front.',
    );
    expect(offsetEffect({ x: 0, y: 0 }, nl, 'nl')).toBe('Geen correctie: de achterkanten blijven waar ze staan.');
  });
});

describe('the name of the PDF the page makes', () => {
  const base = { deck: 'swan', language: 'nl', paper: 'A4', ink: 'low-ink', sets: 6 } as const;
  const fileWords = async (language: string): Promise<FileWords> => {
    const words = (await ui(language)) as unknown as Record<string, string>;
    return {
      printers: {
        'long-edge': words['print-slug-long-edge']!,
        'short-edge': words['print-slug-short-edge']!,
        'fold-over': words['print-slug-fold-over']!,
      },
      inks: { standard: words['page-ink-standard']!, 'low-ink': words['page-ink-low']!, grayscale: words['page-ink-gray']! },
      backs: words['page-file-backs']!,
      moves: words as unknown as FileWords['moves'],
    };
  };

  it('says in Dutch on the Dutch page, in ASCII: deck, language, paper, printer, ink, sets and where the backs move', async () => {
    const nl = await fileWords('nl');
    expect(schoolFileName({ ...base, printer: 'long-edge', offsetMm: { x: 2, y: 0 } }, nl)).toBe(
      'swan-nl-a4-dubbelzijdig-lange-zijde-zuinig-met-inkt-6-sets-achterkanten-2-mm-naar-links.pdf',
    );
    expect(schoolFileName({ ...base, printer: 'short-edge', offsetMm: { x: -1.5, y: -0.5 } }, nl)).toBe(
      'swan-nl-a4-dubbelzijdig-korte-zijde-zuinig-met-inkt-6-sets-achterkanten-1,5-mm-naar-rechts-0,5-mm-omhoog.pdf',
    );
    expect(schoolFileName({ ...base, printer: 'fold-over', sets: 1, offsetMm: { x: 0, y: 0 } }, nl)).toBe(
      'swan-nl-a4-vouwvel-zuinig-met-inkt-1-set.pdf',
    );
  });

  it('says in English on the English page', async () => {
    expect(schoolFileName({ ...base, language: 'en', printer: 'long-edge', offsetMm: { x: 1.5, y: 0.5 } }, await fileWords('en'))).toBe(
      'swan-en-a4-double-sided-long-edge-low-ink-6-sets-backs-1.5-mm-to-the-left-0.5-mm-down.pdf',
    );
  });

  it('differs when only the correction differs, zero included', async () => {
    const nl = await fileWords('nl');
    const names = [
      { x: 0, y: 0 },
      { x: 1.5, y: 0 },
      { x: -1.5, y: 0 },
      { x: 0, y: 1.5 },
    ].map((offsetMm) => schoolFileName({ ...base, printer: 'long-edge', offsetMm }, nl));
    expect(new Set(names).size).toBe(names.length);
  });
});
