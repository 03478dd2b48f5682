import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import type { Locale, Worksheet } from '../../../src/deck/schema.ts';
import { renderWorksheet } from '../../../src/forms/render-worksheet.ts';
import { expandFields, placeFields, type MeasuredBox } from '../../../src/forms/worksheet-fields.ts';
import { BuildError } from '../../../src/shared/errors.ts';
import { REPO } from '../../support/fixtures.ts';

const worksheet: Worksheet = {
  template: 'sheet',
  pageSize: { width: 595, height: 842 },
  tables: { rows: 2 },
  fields: {
    'header.name': 'text',
    agree: { type: 'radio', options: ['yes', 'no'] },
    'row.{rows}.level': { type: 'choice', options: [1, 2, 3] },
  },
};
const locale = { worksheet: { yes: 'Ja', no: 'Nee' }, cards: {}, language: { name: 'Nederlands', direction: 'ltr' } } as unknown as Locale;
const box = (name: string, value?: string): MeasuredBox => ({ name, value, label: name, page: 0, x: 0, top: 0, width: 10, height: 10 });

describe('the fields of deck.yaml meet the boxes of the template', () => {
  it('expands table rows and gives options in the language: radio texts from the locale, numbers as they are', () => {
    const specs = expandFields(worksheet, locale, [], 'nl');
    expect(specs.map((spec) => spec.name)).toEqual(['header.name', 'agree', 'row.1.level', 'row.2.level']);
    expect(specs[1]!.options).toEqual([
      { key: 'yes', text: 'Ja' },
      { key: 'no', text: 'Nee' },
    ]);
    expect(specs[2]!.options.map((option) => option.text)).toEqual(['1', '2', '3']);
  });

  it('names the locale file when an option has no text', () => {
    const bare = { ...locale, worksheet: {} } as Locale;
    expect(() => expandFields(worksheet, bare, [], 'de')).toThrow(/locales\/de\.yaml has no worksheet\.yes/);
  });

  it('keeps the template order, one box per field and one per radio option', () => {
    const specs = expandFields(worksheet, locale, [], 'nl');
    const placed = placeFields(
      specs,
      [box('row.2.level'), box('agree', 'no'), box('header.name'), box('agree', 'yes'), box('row.1.level')],
      'sheet',
    );
    expect(placed.map((field) => field.name)).toEqual(['row.2.level', 'agree', 'header.name', 'row.1.level']);
    expect(placed[1]!.boxes.map((b) => b.value)).toEqual(['no', 'yes']);
  });

  it('reports every mismatch at once: undeclared, missing, doubled and wrong radio buttons', () => {
    const specs = expandFields(worksheet, locale, [], 'nl');
    const attempt = () =>
      placeFields(specs, [box('header.name'), box('header.name'), box('stray'), box('agree', 'maybe'), box('row.1.level')], 'sheet');
    expect(attempt).toThrow(BuildError);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('templates/sheet.hbs does not match worksheet.fields in deck.yaml');
    expect(message).toContain('data-field="header.name" appears more than once');
    expect(message).toContain('data-field="stray" is not declared');
    expect(message).toContain('radio "agree" has data-value="maybe"; its options are yes, no');
    expect(message).toContain('radio "agree" has no button for yes, no');
    expect(message).toContain('field "row.2.level" has no element with data-field="row.2.level"');
  });
});

describe('the worksheet document', () => {
  it('escapes its title and sets the page size from deck.yaml', async () => {
    const project = projectPaths(REPO);
    const { deck } = await loadDeck(path.join(REPO, 'deck', 'swan'), project);
    const title = deck!.locales.get('en')!.locale.worksheet!;
    title.title = 'Plan <b>& "act"</b>';
    const html = await renderWorksheet(project, deck!, 'en', (file) => file);
    // Escaped, and set as the cards are: the quotes are typographic.
    expect(html).toContain('<title>Plan &#60;b&#62;&#38; “act”&#60;/b&#62;</title>');
    expect(html).toContain(
      `@page { size: ${deck!.meta.worksheet!.pageSize.width}pt ${deck!.meta.worksheet!.pageSize.height}pt; margin: 0; }`,
    );
  });
});
