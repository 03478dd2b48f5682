import { z } from 'zod';
import { SheetProfileSchema } from './sheet-profile-schema.ts';
import { CardsFileSchema, DeckSchema, LocaleSchema } from './schema.ts';

/** JSON Schemas for editors (deck files and sheet profiles), by file name under schema/. */
export function deckJsonSchemas(): Record<string, unknown> {
  const entries: Array<[string, z.ZodType]> = [
    ['deck.schema.json', DeckSchema],
    ['cards.schema.json', CardsFileSchema],
    ['locale.schema.json', LocaleSchema],
    ['sheet.schema.json', SheetProfileSchema],
  ];
  return Object.fromEntries(entries.map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })]));
}
