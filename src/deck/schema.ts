import { z } from 'zod';
import { LENGTH_UNITS, parseLength } from './units.ts';
import { LANGUAGE_CODE } from '../shared/language-code.ts';

/*
 * The schema is the type, the validator and the documentation of every deck file. Keys equal the
 * TypeScript property names, so a validation path reads like the type.
 */

export const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
  error: (issue) => `"${String(issue.input)}" is not a valid id: use lowercase letters, digits and single hyphens (e.g. r1-security)`,
});

export const LanguageCode = z
  .string()
  .regex(LANGUAGE_CODE, {
    error: (issue) => `"${String(issue.input)}" is not a language code: use ISO 639 (nl, en, de, ar, pt-BR)`,
  })
  .describe('ISO 639 language code, optionally with a region: nl, en, de, pt-BR');

/** A length with its unit, converted once to points. */
export const Length = z
  .string({ error: (issue) => `expected a length with a unit such as 63mm, 0.125in or 12pt, got ${describeInput(issue.input)}` })
  .refine((text) => parseLength(text) !== undefined, {
    error: (issue) =>
      `"${String(issue.input)}" is not a length: write a number and a unit (${LENGTH_UNITS.join(', ')}), e.g. 63mm, 0.125in, 12pt`,
  })
  .transform((text) => parseLength(text)!)
  .describe(`A length with a unit (${LENGTH_UNITS.join(', ')}), e.g. 63mm, 3mm, 0.125in, 12pt`);

export const Colour = z
  .string({ error: (issue) => `expected a colour such as "#2a6f97", got ${describeInput(issue.input)}` })
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, {
    error: (issue) => `"${String(issue.input)}" is not a colour: write #rgb or #rrggbb in quotes, e.g. "#2a6f97"`,
  })
  .describe('sRGB colour as "#rrggbb" (quote it in YAML: # starts a comment)');

/**
 * A mapping by id, kept in a null-prototype object: looking up an id such as `constructor` or
 * `toString` finds only what the file defines, never a property every object inherits.
 */
function dictionary<V extends z.ZodType>(key: z.ZodType<string>, value: V) {
  return z.record(key, value).transform((entries) => Object.assign(Object.create(null) as Record<string, z.output<V>>, entries));
}

export const CategorySchema = z
  .strictObject({
    color: Colour.describe('The category colour: card header, back and picto colour'),
    picto: Slug.describe('Picto on the back of the cards of this category: a file pictos/<picto>.svg'),
    round: z.number().int().min(1).max(9).optional().describe('The conversation round this category belongs to, printed on its backs'),
  })
  .describe('A group of cards sharing a colour and a back');

export const CardSizeSchema = z.strictObject({
  width: Length.describe('Trim width of a card'),
  height: Length.describe('Trim height of a card'),
});

export const DeckFontSchema = z
  .strictObject({
    family: z
      .string()
      .regex(/^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} ._-]*$/u, {
        message:
          'a font family is a name of letters, digits, spaces, "-", "_" and "." (no quotes, "<", ">", "\\" or ";"), such as "Noto Sans JP"',
      })
      .describe('The font-family name the deck stylesheet uses'),
    file: z
      .string()
      .min(1)
      .describe('The font file (.ttf, .otf, .woff, .woff2): inside the deck folder with its licence beside it, or inside `package`'),
    package: z.string().min(1).optional().describe('An installed npm package that holds the file'),
    weight: z.number().int().min(100).max(900).default(400).describe('CSS font-weight this file provides'),
    style: z.enum(['normal', 'italic']).default('normal').describe('CSS font-style this file provides'),
  })
  .describe('A font of this deck beside the bundled ones');

export const WorksheetFieldType = z
  .enum(['text', 'multiline', 'checkbox', 'radio', 'choice'])
  .describe(
    'text: one line; multiline: a box of lines; checkbox: ticked or not; radio: one of its options (one printed circle per option); choice: a dropdown of its options',
  );

export const WorksheetFieldSchema = z
  .strictObject({
    type: WorksheetFieldType,
    options: z
      .union([
        z
          .array(z.union([z.number().int(), Slug]))
          .min(2)
          .describe('Numbers stand for themselves; a word is a label key under worksheet: in each locale'),
        z.strictObject({ cards: Slug.describe('A card template: the titles of the cards of that kind, in card order') }),
      ])
      .optional()
      .describe(
        'The options of a radio or choice field; the export value of a radio is the text of the option in the language of the worksheet',
      ),
  })
  .describe('A field with options');

export const WorksheetSchema = z
  .strictObject({
    template: Slug.describe('templates/<template>.hbs with templates/styles/<template>.css; the built file is <template>.pdf'),
    pageSize: z
      .strictObject({ width: Length.describe('Paper width'), height: Length.describe('Paper height') })
      .describe('The paper the worksheet is designed for, e.g. 210mm x 297mm (A4) or 8.5in x 11in (Letter)'),
    tables: z
      .record(Slug, z.number().int().min(1).max(40))
      .default({})
      .describe('Repeated rows: the template gets tables.<name> as the list 1..N, and {name} in a field name stands for the row number'),
    fields: z
      .record(
        z.string().describe('Dot-separated ids, with {table} for a row number, e.g. round3.{interventions}.what'),
        z.union([WorksheetFieldType, WorksheetFieldSchema]),
      )
      .describe(
        'Every fillable field, by name: the template marks its box with data-field (a radio button also with data-value); the order of the template is the tab order',
      ),
  })
  .describe('The fillable worksheet of the deck');

export const DeckSchema = z
  .strictObject({
    id: Slug.describe('Stable id of the deck; the output folder is dist/<id>/'),
    order: z
      .number()
      .int()
      .optional()
      .describe('Where the deck comes on the print page, which opens on the first: lower first; decks without one follow, by id'),
    cardSize: CardSizeSchema.describe('Trim size of every card'),
    bleed: Length.describe('Artwork beyond the trim on every side (3mm in Europe, 0.125in in the US)'),
    safeZone: Length.describe('Distance from the trim that text and pictos must keep'),
    cornerRadius: Length.optional().describe(
      'Corner radius of the cut cards (0mm for square corners). Given, every press profile also gets a die file: the cut contour of each card as a CutContour spot line, for die-cutting and digital cutters. The artwork itself is never rounded',
    ),
    minFontSize: Length.refine((pt) => pt >= 7, { error: 'the smallest text may not go below 7pt' })
      .default(7.5)
      .describe('Shrink-to-fit never makes text smaller than this (at least 7pt)'),
    sourceLanguage: LanguageCode.describe('The language translators translate from'),
    languages: z.array(LanguageCode).min(1).describe('Languages built by default; each has locales/<code>.yaml'),
    categories: dictionary(Slug, CategorySchema).describe('Card categories by id'),
    fonts: z
      .array(DeckFontSchema)
      .default([])
      .describe("The deck's own fonts, for letters the bundled fonts lack or a look of its own (see docs/templates.md)"),
    worksheet: WorksheetSchema.optional().describe('A worksheet built as a fillable PDF per language'),
    noBreak: z
      .array(z.string().min(1))
      .default([])
      .describe("Names and terms that never break across lines nor hyphenate, in any language (e.g. a model's name)"),
    profiles: z
      .array(Slug)
      .default(['press-sra3', 'school-a4', 'school-letter', 'school-a4-fold', 'school-letter-fold'])
      .describe('Sheet profiles from templates/sheets/ that the build imposes this deck on'),
  })
  .describe('deck.yaml: metadata of one card deck');

export const CardSchema = z
  .strictObject({
    id: Slug.describe('Stable key of the card; its texts live under cards.<id> in each locale'),
    template: Slug.describe('Card kind: a template templates/cards/<template>.hbs'),
    category: Slug.describe('A category id from deck.yaml'),
    picto: Slug.describe('A file pictos/<picto>.svg'),
    order: z.number().int().optional().describe('Sort key; cards without one keep their place in the list'),
    number: z.number().int().min(0).max(99).optional().describe('A number the template shows, e.g. the level of intervention'),
    count: z.number().int().min(1).max(99).default(1).describe('How many copies a printed set holds'),
  })
  .describe('One card: language-neutral facts only');

/** What names a card and its kind, read from a card that may be wrong in its other keys. */
export const CardNameSchema = z.object({ id: CardSchema.shape.id, template: CardSchema.shape.template });

export const CardsFileSchema = z
  .strictObject({ cards: z.array(CardSchema).min(1).describe('The cards of the deck, in reading order') })
  .describe('cards.yaml: the cards of one deck');

/** A translatable string; empty or null means "not translated yet". */
export const Text = z
  .string({ error: (issue) => `expected text, got ${describeInput(issue.input)}` })
  .nullable()
  .describe('Text; **bold**, *italic* and line breaks are the only markup');

/**
 * Every string of one card. Which fields a card has is declared by its template (see
 * card-templates.ts); the deck loader checks each card against its own template's fields.
 */
export const CardTextSchema = z.record(z.string(), z.unknown()).describe('Every string of one card: the fields its template declares');

export const LocaleSchema = z
  .strictObject({
    language: z.strictObject({
      name: Text.describe('The language name in that language, e.g. Nederlands'),
      direction: z.enum(['ltr', 'rtl']).default('ltr').describe('Text direction'),
    }),
    deck: z.strictObject({
      title: Text.describe('Deck title'),
      subtitle: Text.optional(),
      credit: Text.optional().describe('Makers and licence line, printed on the cover'),
    }),
    categories: dictionary(Slug, z.strictObject({ name: Text, back: Text.optional().describe('Line under the picto on the back') })),
    cards: dictionary(Slug, CardTextSchema),
    ui: dictionary(Slug, Text)
      .default({})
      .describe(
        "The words of labels, sheets, the print page and the web edition: kaartenset ships them in nl and en (docs/ui-strings.md); write only those this deck says otherwise, and its own templates' labels",
      ),
    pictos: dictionary(Slug, Text)
      .optional()
      .describe('Text alternative of each picto by name: what a screen reader says instead of the picture (the web edition)'),
    worksheet: dictionary(Slug, Text).optional().describe('Labels of the worksheet'),
  })
  .describe('locales/<lang>.yaml: every string of one deck in one language');

export type Deck = z.infer<typeof DeckSchema>;
export type Category = z.infer<typeof CategorySchema>;
export type Card = z.infer<typeof CardSchema>;
export type CardsFile = z.infer<typeof CardsFileSchema>;
export type CardText = z.infer<typeof CardTextSchema>;
export type Locale = z.infer<typeof LocaleSchema>;
export type Worksheet = z.infer<typeof WorksheetSchema>;
export type WorksheetField = z.infer<typeof WorksheetFieldSchema>;

export function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'an empty value';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return `${typeof input} ${JSON.stringify(input)}`;
}
