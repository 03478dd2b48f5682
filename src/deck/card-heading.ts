import type { CardTemplate, FieldDeclaration } from './card-templates.ts';
import type { Card } from './schema.ts';

/*
 * How a card is named wherever a reader picks or reads it (the web edition's heading, the print
 * page's card picker): by its title, or else by its first text that is neither a numeral nor a
 * hint (a question), or else by its first text at all; never by its id, which no reader knows.
 */

/** The fields of a card's kind in the order it declares them; the card's own texts when the kind is unknown. */
export function declaredFields(templates: Map<string, CardTemplate>, card: Card, texts: Record<string, unknown>): FieldDeclaration[] {
  const template = templates.get(card.template);
  if (template) return [...template.fields.values()];
  return Object.keys(texts).map((name) => ({ name, kind: Array.isArray(texts[name]) ? 'list' : 'markup', required: false }));
}

/** The field that names a card, among the given fields and the card's texts in one language. */
export function headingField(fields: FieldDeclaration[], texts: Record<string, unknown>): FieldDeclaration | undefined {
  const filled = fields.filter(
    (field) => field.kind !== 'list' && typeof texts[field.name] === 'string' && String(texts[field.name]).trim(),
  );
  return (
    filled.find((field) => field.name === 'title') ??
    filled.find((field) => field.emphasis !== 'numeral' && field.emphasis !== 'hint') ??
    filled[0]
  );
}

/** The text that names a card in one language (markup as written), or undefined when it has no text at all. */
export function cardName(templates: Map<string, CardTemplate>, card: Card, texts: Record<string, unknown>): string | undefined {
  const field = headingField(declaredFields(templates, card, texts), texts);
  return field ? String(texts[field.name]) : undefined;
}

/**
 * The words that name a card, without the markup a translator writes (**bold**, *italic*, line
 * breaks, [words]{lang=xx}): for a plain-text list such as the print page's card picker.
 */
export function plainCardName(templates: Map<string, CardTemplate>, card: Card, texts: Record<string, unknown>): string | undefined {
  const name = cardName(templates, card, texts);
  return name
    ?.replace(/\[([^\]\n]+)\]\{lang=[^}]*\}/g, '$1')
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '$1')
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, '$1')
    .replace(/\s*\r?\n\s*/g, ' ');
}
