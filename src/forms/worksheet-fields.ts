import type { Card, Locale, Worksheet } from '../deck/schema.ts';
import { BuildError } from '../shared/errors.ts';

export type FieldType = 'text' | 'multiline' | 'checkbox' | 'radio' | 'choice';

/** One option of a radio or choice field (a checkbox has one: ticked), the key the template uses and the text the form stores. */
export interface FieldOption {
  key: string;
  text: string;
}

/** A field of deck.yaml with its row number filled in and its options in the worksheet's language. */
export interface FieldSpec {
  name: string;
  type: FieldType;
  options: FieldOption[];
}

/** A box the template marks with data-field, as measured in the print layout (points from its page's top left). */
export interface MeasuredBox {
  name: string;
  /** The option key of a radio button (data-value). */
  value?: string;
  /** The visible label that names the box: the tooltip a screen reader speaks. */
  label: string;
  page: number;
  x: number;
  top: number;
  width: number;
  height: number;
}

/** A field and its boxes (one, or one per radio option), in the template's reading order. */
export interface PlacedField extends FieldSpec {
  boxes: MeasuredBox[];
}

/** Expands {table} row placeholders and resolves options to the worksheet's language. */
export function expandFields(worksheet: Worksheet, locale: Locale, cards: Card[], language: string): FieldSpec[] {
  const labels = locale.worksheet ?? {};
  const specs: FieldSpec[] = [];
  for (const [pattern, declared] of Object.entries(worksheet.fields)) {
    const field = typeof declared === 'string' ? { type: declared, options: undefined } : declared;
    const optionText = (key: string) => {
      const text = labels[key];
      if (!text)
        throw new BuildError(
          `worksheet field "${pattern}" stores worksheet.${key} when chosen, but locales/${language}.yaml has no worksheet.${key}`,
        );
      return text;
    };
    const options: FieldOption[] =
      field.type === 'checkbox'
        ? [{ key: 'yes', text: optionText('yes') }]
        : !field.options
          ? []
          : Array.isArray(field.options)
            ? field.options.map((option) => {
                if (typeof option === 'number') return { key: String(option), text: String(option) };
                return { key: option, text: optionText(option) };
              })
            : cards
                .filter((card) => card.template === (field.options as { cards: string }).cards)
                .map((card) => ({ key: card.id, text: String(locale.cards[card.id]?.title ?? card.id) }));
    for (const name of expandRows(pattern, worksheet.tables)) specs.push({ name, type: field.type, options });
  }
  return specs;
}

function expandRows(pattern: string, tables: Record<string, number>): string[] {
  const match = /\{([a-z0-9-]+)\}/.exec(pattern);
  if (!match) return [pattern];
  const rows = tables[match[1]!] ?? 0;
  return Array.from({ length: rows }, (_, i) => pattern.replace(match[0], String(i + 1))).flatMap((name) => expandRows(name, tables));
}

/**
 * Joins the declared fields with the boxes the template placed, in the template's order (the
 * reading order, which becomes the tab order). Every declared field needs its box (a radio one
 * per option) and every box a declared field; all mismatches are reported at once.
 */
export function placeFields(specs: FieldSpec[], boxes: MeasuredBox[], template: string): PlacedField[] {
  const problems: string[] = [];
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const placed = new Map<string, PlacedField>();
  for (const box of boxes) {
    const spec = byName.get(box.name);
    if (!spec) {
      problems.push(`data-field="${box.name}" is not declared under worksheet.fields in deck.yaml`);
      continue;
    }
    const field = placed.get(box.name) ?? { ...spec, boxes: [] };
    placed.set(box.name, field);
    if (spec.type === 'radio' && !spec.options.some((option) => option.key === box.value)) {
      problems.push(
        `radio "${box.name}" has data-value="${box.value ?? ''}"; its options are ${spec.options.map((option) => option.key).join(', ')}`,
      );
    } else if (field.boxes.some((other) => other.value === box.value)) {
      problems.push(`data-field="${box.name}"${box.value ? ` data-value="${box.value}"` : ''} appears more than once`);
    } else field.boxes.push(box);
  }
  for (const spec of specs) {
    const field = placed.get(spec.name);
    if (!field) problems.push(`field "${spec.name}" has no element with data-field="${spec.name}"`);
    else if (spec.type === 'radio') {
      const missing = spec.options.filter((option) => !field.boxes.some((box) => box.value === option.key));
      if (missing.length > 0) problems.push(`radio "${spec.name}" has no button for ${missing.map((option) => option.key).join(', ')}`);
    }
  }
  if (problems.length > 0)
    throw new BuildError(`templates/${template}.hbs does not match worksheet.fields in deck.yaml:\n  ${problems.join('\n  ')}`);
  return [...placed.values()];
}
