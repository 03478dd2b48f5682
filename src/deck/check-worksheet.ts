import path from 'node:path';
import type { Problem } from '../shared/errors.ts';
import { exists } from '../shared/file-exists.ts';
import type { Card, Worksheet } from './schema.ts';
import { problemAtPath, type YamlSource } from './yaml-source.ts';

const NEEDS_OPTIONS = new Set(['radio', 'choice']);
const FIELD_NAME = /^[a-z0-9-]+(?:\.(?:[a-z0-9-]+|\{[a-z0-9-]+\}))*$/;

/** The worksheet section of deck.yaml against the templates and cards it names. */
export async function checkWorksheet(worksheet: Worksheet, cards: Card[], templatesDir: string, source: YamlSource): Promise<Problem[]> {
  const problems: Problem[] = [];
  const at = (...rest: Array<string | number>) => ['worksheet', ...rest];
  for (const file of [`${worksheet.template}.hbs`, path.join('styles', `${worksheet.template}.css`)]) {
    if (!(await exists(path.join(templatesDir, file))))
      problems.push(
        problemAtPath('worksheet-template-missing', source, at('template'), `worksheet template templates/${file} does not exist`),
      );
  }
  const kinds = new Set(cards.map((card) => card.template));
  for (const [name, declared] of Object.entries(worksheet.fields)) {
    const field = typeof declared === 'string' ? { type: declared, options: undefined } : declared;
    if (!FIELD_NAME.test(name)) {
      problems.push(
        problemAtPath(
          'worksheet-field-name',
          source,
          at('fields'),
          `"${name}" is not a field name: use dot-separated lowercase ids, with {table} for a row number (e.g. round3.{interventions}.what)`,
          { atKey: name },
        ),
      );
    }
    if (NEEDS_OPTIONS.has(field.type) && !field.options) {
      problems.push(
        problemAtPath(
          'worksheet-options-missing',
          source,
          at('fields', name),
          `field "${name}" is a ${field.type}: give it options (a list, or { cards: <card template> })`,
        ),
      );
    }
    if (!NEEDS_OPTIONS.has(field.type) && field.options) {
      problems.push(
        problemAtPath(
          'worksheet-options-unexpected',
          source,
          at('fields', name, 'options'),
          `field "${name}" is a ${field.type}: only radio and choice fields take options`,
        ),
      );
    }
    if (field.options && !Array.isArray(field.options) && !kinds.has(field.options.cards)) {
      problems.push(
        problemAtPath(
          'worksheet-options-no-cards',
          source,
          at('fields', name, 'options', 'cards'),
          `no card uses template "${field.options.cards}"; card templates in this deck: ${[...kinds].join(', ')}`,
        ),
      );
    }
    for (const table of name.match(/(?<=\{)[a-z0-9-]+(?=\})/g) ?? []) {
      if (worksheet.tables[table] === undefined) {
        problems.push(
          problemAtPath(
            'worksheet-unknown-table',
            source,
            at('fields'),
            `field "${name}" repeats over table "${table}", which worksheet.tables does not declare`,
            { atKey: name },
          ),
        );
      }
    }
  }
  return problems;
}
