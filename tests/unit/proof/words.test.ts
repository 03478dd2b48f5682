import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/deck/schema.ts';
import { diffWords, fieldChanges, textsByField, wordsOf } from '../../../src/proof/words.ts';

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
          { op: 'same', word: 'card' },
        ],
      },
    ]);
  });
});
