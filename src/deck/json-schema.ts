import { z } from 'zod';
import type { FieldDeclaration } from './card-templates.ts';
import { SheetProfileSchema } from './sheet-profile-schema.ts';
import { VendorPresetSchema } from './vendor-presets.ts';
import { CardsFileSchema, DeckSchema, LocaleSchema, Slug, Text } from './schema.ts';

/**
 * JSON Schemas for editors (deck files and sheet profiles), by file name under schema/. The card
 * texts a locale accepts follow from the fields the card templates declare.
 */
export function deckJsonSchemas(cardFields: FieldDeclaration[]): Record<string, unknown> {
  const locale = LocaleSchema.extend({ cards: z.record(Slug, cardTextSchema(cardFields)).describe('The texts of each card, by card id: the fields its template declares') });
  const entries: Array<[string, z.ZodType]> = [
    ['deck.schema.json', DeckSchema],
    ['cards.schema.json', CardsFileSchema],
    ['locale.schema.json', locale],
    ['sheet.schema.json', SheetProfileSchema],
    ['vendor.schema.json', VendorPresetSchema],
  ];
  return Object.fromEntries(entries.map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })]));
}

/** One card's texts: every declared field, each optional (which are required depends on the card's template). */
function cardTextSchema(fields: FieldDeclaration[]): z.ZodType {
  const byName = new Map<string, z.ZodType>();
  for (const field of fields) {
    const kind = field.kind === 'list' ? z.array(Text).max(field.max ?? Number.MAX_SAFE_INTEGER) : Text;
    const described = field.description ? kind.describe(field.description) : kind;
    const earlier = byName.get(field.name);
    byName.set(field.name, earlier ? z.union([earlier, described]) : described);
  }
  return z.strictObject(Object.fromEntries([...byName].map(([name, schema]) => [name, schema.optional()]))).describe('Every string of one card');
}
