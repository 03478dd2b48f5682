import { describe, expect, it } from 'vitest';
import { cardName } from '../../../src/deck/card-heading.ts';
import { type CardTemplate, parseCardTemplate } from '../../../src/deck/card-templates.ts';
import type { Card } from '../../../src/deck/schema.ts';

function kind(name: string, fields: string): [string, CardTemplate] {
  const { template, problems } = parseCardTemplate(name, `${name}.hbs`, `---\nfields:\n${fields}---\n`);
  if (!template) throw new Error(problems.map((problem) => problem.message).join('\n'));
  return [name, template];
}

const TEMPLATES = new Map([
  kind('note', '  title: markup\n  body: markup\n'),
  kind('figure', '  figure: { kind: text, emphasis: numeral }\n  question: markup\n  hint: { kind: markup, emphasis: hint }\n'),
  kind('tips', '  tips: list\n  hint: { kind: markup, emphasis: hint }\n'),
]);
const card = (id: string, template: string) => ({ id, template, category: 'basics', picto: 'sample' }) as Card;

describe('a card is named by its title, or else by its first text, never by its id', () => {
  it('names a titled card by its title', () => {
    expect(cardName(TEMPLATES, card('n1', 'note'), { title: 'Welkom', body: 'Lees dit eerst.' })).toBe('Welkom');
  });

  it('names a card without a title by its question, not by the numeral or the hint before it', () => {
    expect(cardName(TEMPLATES, card('q01', 'figure'), { figure: '1 op 4', question: 'Wie **betaalt**?', hint: 'Denk na.' })).toBe(
      'Wie **betaalt**?',
    );
  });

  it('falls back to the first text when a card has nothing else, and skips empty texts and lists', () => {
    expect(cardName(TEMPLATES, card('q02', 'figure'), { figure: '1 op 4', question: ' ' })).toBe('1 op 4');
    expect(cardName(TEMPLATES, card('t1', 'tips'), { tips: ['Een', 'Twee'], hint: 'Kort.' })).toBe('Kort.');
  });

  it('has no name for a card without any text', () => {
    expect(cardName(TEMPLATES, card('t2', 'tips'), { tips: ['Een'] })).toBeUndefined();
  });
});
