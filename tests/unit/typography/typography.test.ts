import { describe, expect, it } from 'vitest';
import { typeset, typesetAll } from '../../../src/typography/typography.ts';

const NBSP = '\u00A0';
const SHY = '\u00AD';

describe('typography by rule', () => {
  it('turns every straight apostrophe into U+2019, also a Dutch elision at the start of a word', () => {
    expect(typeset("Met z'n tweeën, collega's en 's avonds", 'nl')).toBe('Met z’n tweeën, collega’s en ’s avonds');
    expect(typeset("Movisie's model, the residents' association, the child's interest", 'en')).toBe(
      'Movisie’s model, the residents’ association, the child’s interest',
    );
  });

  it('opens and closes single and double quotes, also next to markup and brackets', () => {
    expect(typeset("zet 'aanpassen aan pagina' uit", 'nl')).toBe('zet ‘aanpassen aan pagina’ uit');
    expect(typeset('de handreiking "Betere besluiten" (Movisie)', 'nl')).toBe('de handreiking “Betere besluiten” (Movisie)');
    expect(typeset("model 'The Decisive Professional' (*De beslissende professional*)", 'en-GB')).toBe(
      'model ‘The Decisive Professional’ (*De beslissende professional*)',
    );
    expect(typeset('*"Quoted"*', 'en')).toBe('*“Quoted”*');
  });

  it('sets a [run]{lang=xx} by the rules of xx, and the text around it by its own', () => {
    expect(typeset('50 % of the [50 % regel]{lang=nl}', 'en')).toBe(`50% of the [50${NBSP}% regel]{lang=nl}`);
    expect(typeset("[z'n 's avonds]{lang=nl} 's", 'en')).toBe('[z’n ’s avonds]{lang=nl} ‘s');
    expect(typeset('the "[Sociaal Domein]{lang=nl}" model', 'en')).toBe('the “[Sociaal Domein]{lang=nl}” model');
  });

  it('sets an en dash in a range of numbers and leaves a date alone', () => {
    expect(typeset('HAN en Movisie (2019-2021)', 'nl')).toBe('HAN en Movisie (2019–2021)');
    expect(typeset('pages 4-6', 'en')).toBe('pages 4–6');
    expect(typeset('built on 2026-12-07', 'en')).toBe('built on 2026-12-07');
    expect(typeset('Sociaal-economische zekerheid', 'nl')).toBe('Sociaal-economische zekerheid');
  });

  it('keeps a number with its percent sign and unit by the language convention', () => {
    expect(typeset('Kies schaal 100 % en 100%', 'nl')).toBe(`Kies schaal 100${NBSP}% en 100${NBSP}%`);
    expect(typeset('Choose 100 % scale', 'en')).toBe('Choose 100% scale');
    expect(typeset('3 mm bleed, 9 pt text, 5 min, € 20', 'en')).toBe(`3${NBSP}mm bleed, 9${NBSP}pt text, 5${NBSP}min, €${NBSP}20`);
    expect(typeset('3 mensen', 'nl')).toBe('3 mensen');
  });

  it('keeps a no-break term on one line, without its soft hyphens, in any case and language', () => {
    const hyphenated = `uit het model De be${SHY}slis${SHY}sen${SHY}de pro${SHY}fes${SHY}si${SHY}o${SHY}nal (Movisie)`;
    expect(typeset(hyphenated, 'nl', ['De beslissende professional'])).toBe(
      `uit het model De${NBSP}beslissende${NBSP}professional (Movisie)`,
    );
    expect(typeset('The decisive professional', 'en', ['The Decisive Professional'])).toBe(`The${NBSP}decisive${NBSP}professional`);
    expect(typeset('Dé beslissende professionals', 'nl', ['De beslissende professional'])).toBe('Dé beslissende professionals');
  });

  it('sets every string of a locale, keeps its shape and gives the same object for the same input', () => {
    const locale = { language: { name: 'Nederlands', direction: 'ltr' }, cards: { a: { steps: ["z'n", '2019-2021'], count: 3 } } };
    const set = typesetAll(locale, 'nl');
    expect(set).toEqual({ language: { name: 'Nederlands', direction: 'ltr' }, cards: { a: { steps: ['z’n', '2019–2021'], count: 3 } } });
    expect(typesetAll(locale, 'nl')).toBe(set);
    expect(typesetAll(locale, 'en')).not.toBe(set);
  });
});
