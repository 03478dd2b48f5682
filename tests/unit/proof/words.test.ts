import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/deck/schema.ts';
import { fieldHtml } from '../../../src/proof/proof-html.ts';
import { changedWordBoxes, diffWords, fieldChanges, textsByField, wordsOf } from '../../../src/proof/words.ts';

const locale = {
  deck: { title: 'Mini' },
  ui: { questions: 'Questions' },
  categories: { basis: { name: 'Basics' } },
  cards: { eerste: { title: 'First card', body: 'A short explanation of the card.', questions: ['What do you see?'] } },
} as unknown as Locale;

describe('the words of a changed text', () => {
  it('are divided as the language divides them, punctuation left out', () => {
    expect(wordsOf('Eerste kaart, nieuw!', 'nl')).toEqual(['Eerste', 'kaart', 'nieuw']);
    // Thai writes no spaces between words: the segmenter still finds them.
    expect(wordsOf('ภาษาไทย', 'th')).toEqual(['ภาษา', 'ไทย']);
  });

  it('show the fewest words removed and added, a replaced word as removed then added', () => {
    expect(diffWords(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([
      { op: 'same', word: 'a' },
      { op: 'removed', word: 'b' },
      { op: 'added', word: 'x' },
      { op: 'same', word: 'c' },
    ]);
    expect(diffWords([], ['new'])).toEqual([{ op: 'added', word: 'new' }]);
  });
});

describe('the texts of a face, field by field', () => {
  it('gathers each printed line in the field of the locale that shares its words, even with a word changed', () => {
    const texts = textsByField(
      ['BASICS', 'Fist card', 'A short expla-', 'nation of the card.', 'QUESTIONS', 'What do you see?'],
      locale,
      'eerste',
      'basis',
    );
    expect(Object.fromEntries(texts)).toEqual({
      'category name': 'BASICS',
      title: 'Fist card',
      body: 'A short explanation of the card.',
      'ui.questions': 'QUESTIONS',
      questions: 'What do you see?',
    });
  });

  it('drops the direction marks a PDF reader puts around Arabic, and joins the words it split', () => {
    const arabic = { deck: {}, ui: {}, categories: {}, cards: { eerste: { title: 'البطاقة الأولى الجديدة' } } } as unknown as Locale;
    // pdftotext reads "الجديدة" as "الج ديدة": a space in the middle of a shaped word.
    const texts = textsByField(['\u202bالبطاقة الأولى الج ديدة\u202c'], arabic, 'eerste', 'basis');
    expect(Object.fromEntries(texts)).toEqual({ title: 'البطاقة الأولى الجديدة' });
    expect(wordsOf(texts.get('title')!, 'ar')).toEqual(['البطاقة', 'الأولى', 'الجديدة']);
  });

  it('puts every line in one text where no locale is known', () => {
    expect(Object.fromEntries(textsByField(['First card', 'A body'], undefined, 'eerste', 'basis'))).toEqual({ text: 'First card A body' });
  });

  it('names only the fields whose words changed, with the words added and removed', () => {
    const before = new Map([
      ['title', 'First card'],
      ['body', 'A short explanation.'],
    ]);
    const after = new Map([
      ['title', 'Fist card'],
      ['body', 'A short explanation.'],
    ]);
    expect(fieldChanges(before, after, 'en')).toEqual([
      {
        field: 'title',
        added: ['Fist'],
        removed: ['First'],
        steps: [
          { op: 'removed', word: 'First' },
          { op: 'added', word: 'Fist' },
          { op: 'same', word: ' ' },
          { op: 'same', word: 'card' },
        ],
      },
    ]);
  });
});

describe('the changed sentence as the proof page shows it', () => {
  const html = (before: string, after: string) =>
    fieldHtml(fieldChanges(new Map([['body', before]]), new Map([['body', after]]), 'nl')[0]!);

  it('keeps its punctuation, the removed word in <del> and the added in <ins>', () => {
    expect(html('Jij bewaakt het proces, niet de inhoud.', 'Jij bewaart het proces, niet de inhoud.')).toBe(
      'Jij <del>bewaakt</del><ins>bewaart</ins> het proces, niet de inhoud.',
    );
  });

  it('shows only the sentences that changed, an ellipsis for those left out', () => {
    expect(html('Eerst dit. Jij bewaakt het proces. Je houdt de tijd.', 'Eerst dit. Jij bewaart het proces. Je houdt de tijd.')).toBe(
      '… Jij <del>bewaakt</del><ins>bewaart</ins> het proces. …',
    );
  });

  it('lists the words added and removed without their punctuation', () => {
    const [field] = fieldChanges(new Map([['body', 'Niet de inhoud.']]), new Map([['body', 'Niet de vorm, de inhoud!']]), 'nl');
    expect(field).toMatchObject({ added: ['vorm', 'de'], removed: [] });
  });
});

describe('the boxes of changed words', () => {
  /** Words on a line at y, each 5 pt a letter and 3 pt apart, from x = 10. */
  const line = (text: string, y: number) => {
    let x = 10;
    return text.split(' ').map((word) => {
      const box = { text: word, x, y, width: word.length * 5, height: 12 };
      x += box.width + 3;
      return box;
    });
  };

  it('outlines the changed word whole, not the words that moved after it', () => {
    const boxes = changedWordBoxes(line('Jij bewaakt het proces,', 100), line('Jij bewaart het proces,', 100));
    expect(boxes.removed).toEqual([{ x: 28, y: 100, width: 35, height: 12 }]);
    expect(boxes.added).toEqual([{ x: 28, y: 100, width: 35, height: 12 }]);
  });

  it('gives neighbouring changed words on one line one box, and a box on each line a change runs over', () => {
    const after = [...line('Jij leidt het gesprek', 100), ...line('nu en', 114)];
    const boxes = changedWordBoxes([...line('Jij bewaakt het proces,', 100)], after);
    expect(boxes.added).toEqual([
      { x: 28, y: 100, width: 25, height: 12 },
      { x: 74, y: 100, width: 35, height: 12 },
      { x: 10, y: 114, width: 23, height: 12 },
    ]);
    expect(boxes.removed).toEqual([
      { x: 28, y: 100, width: 35, height: 12 },
      { x: 84, y: 100, width: 35, height: 12 },
    ]);
  });
});
