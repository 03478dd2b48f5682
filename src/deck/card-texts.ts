import type { Problem } from '../shared/errors.ts';
import type { CardTemplate, FieldDeclaration } from './card-templates.ts';
import { describeInput, type Card, type Locale } from './schema.ts';
import { problemAtPath, type YamlSource } from './yaml-source.ts';

export interface LocaleUnderCheck {
  language: string;
  locale: Locale;
  source: YamlSource;
}

/**
 * Checks every card's texts against the fields its template declares. The source language must
 * give every required field and nothing unknown; every language must give each field its kind.
 */
export function checkCardTexts(
  cards: Array<Pick<Card, 'id' | 'template'>>,
  templates: Map<string, CardTemplate>,
  loaded: LocaleUnderCheck,
  isSource: boolean,
): Problem[] {
  const problems: Problem[] = [];
  const fieldsInUse = new Set([...templates.values()].flatMap((template) => [...template.fields.keys()]));
  const file = `locales/${loaded.language}.yaml`;
  for (const card of cards) {
    const template = templates.get(card.template);
    if (!template) continue;
    const texts = loaded.locale.cards[card.id];
    const at = ['cards', card.id];
    if (texts === undefined) {
      const required = [...template.fields.values()].filter((field) => field.required);
      if (isSource && required.length > 0) {
        problems.push(
          problemAtPath(
            'card-text-missing',
            loaded.source,
            ['cards'],
            `card "${card.id}" has no text in ${file}; template "${template.name}" needs ${listFields(required)}`,
          ),
        );
      }
      continue;
    }
    for (const [name, value] of Object.entries(texts)) {
      const field = template.fields.get(name);
      if (field) {
        problems.push(...checkKind(loaded.source, [...at, name], field, value));
      } else if (!isSource) {
      } else if (fieldsInUse.has(name)) {
        problems.push(
          problemAtPath(
            'field-not-shown',
            loaded.source,
            at,
            `cards.${card.id}.${name}: template "${template.name}" does not show "${name}", so it is not printed; its fields: ${fieldNames(template)}`,
            {
              atKey: name,
              severity: 'warning',
            },
          ),
        );
      } else {
        problems.push(
          problemAtPath(
            'unknown-field',
            loaded.source,
            at,
            `cards.${card.id}: unknown field "${name}"; template "${template.name}" has: ${fieldNames(template)}`,
            { atKey: name },
          ),
        );
      }
    }
    if (!isSource) continue;
    for (const field of template.fields.values()) {
      if (field.required && !(field.name in texts)) {
        problems.push(
          problemAtPath(
            'required-field-missing',
            loaded.source,
            ['cards'],
            `cards.${card.id}: missing required field "${field.name}" (${field.kind}) of template "${template.name}"`,
            { atKey: card.id },
          ),
        );
      }
    }
  }
  return problems;
}

function checkKind(source: YamlSource, at: Array<string | number>, field: FieldDeclaration, value: unknown): Problem[] {
  const where = at.join('.');
  if (field.kind !== 'list') {
    return value === null || typeof value === 'string'
      ? []
      : [problemAtPath('invalid-type', source, at, `${where}: expected text, got ${describeInput(value)}`)];
  }
  if (value === null) return [];
  if (!Array.isArray(value))
    return [
      problemAtPath('invalid-type', source, at, `${where}: expected a list of texts (one "- item" per line), got ${describeInput(value)}`),
    ];
  const problems = value.flatMap((item, index) =>
    item === null || typeof item === 'string'
      ? []
      : [problemAtPath('invalid-type', source, [...at, index], `${where}.${index}: expected text, got ${describeInput(item)}`)],
  );
  if (field.max !== undefined && value.length > field.max)
    problems.push(problemAtPath('too-many-items', source, at, `${where}: holds at most ${field.max} item(s)`));
  return problems;
}

function fieldNames(template: CardTemplate): string {
  const names = [...template.fields.values()].map((field) => `${field.name}${field.required ? ' (required)' : ''}`);
  return names.length > 0 ? names.join(', ') : 'no fields';
}

function listFields(fields: FieldDeclaration[]): string {
  return fields.map((field) => `"${field.name}"`).join(', ');
}
