import { z } from 'zod';
import type { CardTemplate, FieldDeclaration } from './card-templates.ts';
import { SheetProfileSchema } from './sheet-profile-schema.ts';
import { VendorPresetSchema } from './vendor-presets.ts';
import { UI_STRINGS } from './ui-strings.ts';
import { CardsFileSchema, DeckSchema, LocaleSchema, Slug, Text, type Card } from './schema.ts';

/**
 * JSON Schemas for editors (deck files and sheet profiles), by file name under schema/. The card
 * texts a locale accepts follow from the fields the card templates declare.
 */
export function deckJsonSchemas(cardFields: FieldDeclaration[]): Record<string, unknown> {
  const locale = LocaleSchema.extend({
    cards: z.record(Slug, cardTextSchema(cardFields)).describe('The texts of each card, by card id: the fields its template declares'),
    ui: uiSchema(),
  });
  const entries: Array<[string, z.ZodType]> = [
    ['deck.schema.json', DeckSchema],
    ['cards.schema.json', CardsFileSchema],
    ['locale.schema.json', locale],
    ['sheet.schema.json', SheetProfileSchema],
    ['vendor.schema.json', VendorPresetSchema],
  ];
  return Object.fromEntries(entries.map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })]));
}

/**
 * The locale JSON Schema of one deck, for its locales' modeline: each card's texts are exactly the
 * fields of its own template (the deck's templates first), the required ones required.
 */
export function deckLocaleJsonSchema(cards: Card[], templates: Map<string, CardTemplate>): unknown {
  const perCard = cards.map((card) => {
    const fields = [...(templates.get(card.template)?.fields.values() ?? [])];
    return [
      card.id,
      cardTextSchema(fields, (field) => field.required).describe(
        `The texts of card ${card.id}: the fields of its template ${card.template}`,
      ),
    ] as const;
  });
  const locale = LocaleSchema.extend({
    cards: z.strictObject(Object.fromEntries(perCard)).describe('The texts of each card of this deck, by card id'),
    ui: uiSchema(),
  });
  return z.toJSONSchema(locale, { io: 'input', unrepresentable: 'any' });
}

/**
 * The ui block as an editor shows it: every shipped string optional, described by what it labels
 * and the words kaartenset ships, and any other key for a deck's own template labels.
 */
function uiSchema(): z.ZodType {
  const shipped = UI_STRINGS.map(({ key, labels, text }) => {
    const words = Object.entries(text).map(([language, value]) => `${language}: "${value}"`);
    return [key, Text.optional().describe(`${labels}. Shipped: ${words.join('; ')}`)] as const;
  });
  return z
    .object(Object.fromEntries(shipped))
    .catchall(Text)
    .optional()
    .describe(
      "The words of labels, sheets, the print page and the web edition. kaartenset ships them in nl and en (docs/ui-strings.md): write only those this deck says otherwise, every one in a language kaartenset has no words for, and its own templates' labels",
    );
}

/** One card's texts: the declared fields, optional unless `required` says so. */
function cardTextSchema(fields: FieldDeclaration[], required: (field: FieldDeclaration) => boolean = () => false): z.ZodType {
  const byName = new Map<string, z.ZodType>();
  for (const field of fields) {
    const kind = field.kind === 'list' ? z.array(Text).max(field.max ?? Number.MAX_SAFE_INTEGER) : Text;
    const described = field.description ? kind.describe(field.description) : kind;
    const earlier = byName.get(field.name);
    const schema = earlier ? z.union([earlier, described]) : described;
    byName.set(field.name, required(field) ? schema : schema.optional());
  }
  return z.strictObject(Object.fromEntries(byName)).describe('Every string of one card');
}
