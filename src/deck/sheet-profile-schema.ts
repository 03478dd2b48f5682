import { z } from 'zod';
import { MAX_BACK_OFFSET_PT, MIN_LINE_WIDTH_PT } from './press-limits.ts';
import { Length } from './schema.ts';
import { ptToMm } from './units.ts';
import { SHEET_SIZES, sheetSize } from './sheet-size.ts';

export const Variant = z
  .enum(['standard', 'low-ink', 'grayscale'])
  .describe('standard: full colour; low-ink: no full-bleed fills, lighter backs; grayscale: colours as greys');

/** Total area coverage (percent) a press takes when its profile names none: the common limit for coated offset stock. */
export const DEFAULT_INK_LIMIT = 300;

export const PdfxVersion = z.enum(['PDF/X-3:2002', 'PDF/X-1a:2003']);
export type PdfxVersion = z.infer<typeof PdfxVersion>;

const Offset = z.strictObject({
  x: Length.default(0).describe('Right is positive'),
  y: Length.default(0).describe('Up is positive'),
});

export const SheetProfileSchema = z
  .strictObject({
    description: z.string().describe('What the profile is for, shown in the download page'),
    kind: z
      .enum(['press', 'school'])
      .describe('press: for a print shop (--cmyk converts it); school: sheets a school prints on an office printer'),
    pdfx: PdfxVersion.default('PDF/X-3:2002').describe(
      'The PDF/X version of the CMYK press file (--cmyk): X-1a:2003 for shops that ask for it (CMYK only, no transparency), X-3 otherwise',
    ),
    inkLimit: z
      .number()
      .min(100)
      .max(400)
      .default(DEFAULT_INK_LIMIT)
      .describe(
        "Total area coverage the press takes, in percent (C + M + Y + K at any point): preflight checks the CMYK file's raster against it",
      ),
    sheet: z
      .union([z.enum(Object.keys(SHEET_SIZES) as [keyof typeof SHEET_SIZES]), z.strictObject({ width: Length, height: Length })])
      .describe(`Paper: ${Object.keys(SHEET_SIZES).join(', ')}, or { width, height }`),
    margin: Length.describe('Unprintable edge and room for marks, on every side'),
    gutter: Length.describe('Space between the trims of neighbouring cards; 2 x bleed keeps every bleed, 0 means shared cuts'),
    bleed: z.boolean().default(true).describe('Print each card with its bleed (false: cards are clipped at the trim)'),
    grid: z
      .strictObject({
        columns: z.number().int().min(1).optional(),
        rows: z.number().int().min(1).optional(),
        rotate: z
          .union([z.literal('auto'), z.boolean()])
          .default('auto')
          .describe('Turn cards 90 degrees; auto picks whatever fits more'),
      })
      .default({ rotate: 'auto' })
      .describe('Fix the grid, or leave it to the most cards per sheet'),
    marks: z
      .strictObject({
        kind: z.enum(['crop', 'cut']).describe('crop: short marks for a guillotine; cut: long lines for scissors or a paper cutter'),
        length: Length.default(5 * (72 / 25.4)).describe('Length of a crop mark'),
        offset: Length.describe('Distance from the trim; at least the bleed, so a mark never enters a card'),
        weight: Length.default(0.25).describe('Line width (0.25pt is the thinnest a press holds)'),
        colour: z.enum(['registration', 'black']).describe('registration: on every separation (offset press); black: 100 % K'),
      })
      .describe('Marks that show where to cut'),
    slug: z.boolean().default(true).describe('A line in the margin naming deck, language, sheet and side'),
    gripper: z
      .strictObject({
        edge: z
          .enum(['top', 'bottom', 'left', 'right'])
          .describe('The edge of the fronts page (as a viewer shows it) the press grips the sheet by'),
        depth: Length.describe('How far in from that edge nothing is printed: typically 10-12mm'),
      })
      .optional()
      .describe('Press sheets: the gripper margin, kept free of cards, marks and slug on both sides of the sheet'),
    duplex: z
      .strictObject({
        flip: z.enum(['long-edge', 'short-edge']).describe('How the sheet turns between sides'),
        plates: z
          .enum(['sheetwise', 'work-and-turn'])
          .default('sheetwise')
          .describe(
            'sheetwise: fronts on one page, backs on the next (two plate sets); work-and-turn: each front beside its back on one page, printed, turned over the flip edge and printed again from the same plate (one plate set; every sheet yields each card on it twice)',
          ),
        backOffset: Offset.default({ x: 0, y: 0 }).describe(
          'Where the back lands relative to the front, measured on the calibration sheet; the build moves the backs back by this much',
        ),
      })
      .optional()
      .describe('Fronts and backs on the two sides of one sheet'),
    foldOver: z
      .strictObject({
        fold: z
          .enum(['auto', 'vertical', 'horizontal'])
          .default('auto')
          .describe(
            'The fold line: vertical (fronts left, backs right), horizontal (fronts above, backs below), or auto: whichever holds more cards',
          ),
        gap: Length.default(3 * (72 / 25.4)).describe('Room between the fold line and the nearest bleed'),
      })
      .optional()
      .describe('For printers without duplex: each front beside its back on one side, fold along the line, then cut'),
    cover: z.boolean().default(false).describe('A first page with printing and cutting instructions, and a calibration sheet'),
    copies: z.boolean().default(true).describe('Place each card as many times as its count'),
    variants: z.array(Variant).min(1).default(['standard']).describe('One file per variant'),
  })
  .refine((profile) => Boolean(profile.duplex) !== Boolean(profile.foldOver), {
    message: 'give either duplex (fronts and backs on the two sides) or foldOver (side by side on one side), not both or neither',
  })
  .refine((profile) => !profile.gripper || profile.kind === 'press', {
    message: 'a gripper belongs to a press sheet (kind: press)',
    path: ['gripper'],
  })
  .refine((profile) => profile.marks.weight >= MIN_LINE_WIDTH_PT - 0.001, {
    message: `thinner than ${MIN_LINE_WIDTH_PT}pt, the thinnest line a press holds (preflight fails thinner marks): write ${MIN_LINE_WIDTH_PT}pt or more`,
    path: ['marks', 'weight'],
  })
  .refine(
    (profile) => !profile.duplex || Math.hypot(profile.duplex.backOffset.x, profile.duplex.backOffset.y) <= MAX_BACK_OFFSET_PT + 0.01,
    {
      message: `moves the backs more than the ${ptToMm(MAX_BACK_OFFSET_PT).toFixed(0)} mm a printer's calibration corrects (preflight fails backs that miss their fronts by more): measure again on the calibration sheet, in mm`,
      path: ['duplex', 'backOffset'],
    },
  )
  .refine(
    (profile) => profile.duplex?.plates !== 'work-and-turn' || (profile.duplex.backOffset.x === 0 && profile.duplex.backOffset.y === 0),
    {
      message: 'work-and-turn prints both sides from one plate: there is no back to move, so backOffset must be 0',
      path: ['duplex', 'backOffset'],
    },
  )
  .superRefine((profile, context) => {
    if (profile.duplex?.plates !== 'work-and-turn' || !profile.gripper) return;
    const kept = keptEdges(sheetSize(profile), profile.duplex.flip);
    if (kept.includes(profile.gripper.edge)) return;
    context.addIssue({
      code: 'custom',
      path: ['gripper', 'edge'],
      message: `work-and-turn keeps its gripper edge, and turning this sheet on its ${profile.duplex.flip} keeps only its ${kept.join(' and ')} edges: grip there, or turn on the other edge (that would be work-and-tumble)`,
    });
  })
  .describe('templates/sheets/<profile>.yaml: how cards are laid out on printed sheets');

export type SheetProfile = z.infer<typeof SheetProfileSchema>;
export type SheetVariant = z.infer<typeof Variant>;

/** The two edges of a sheet that stay where they are when it turns over for its back: those along the flip axis's ends. */
export function keptEdges(
  sheet: { width: number; height: number },
  flip: 'long-edge' | 'short-edge',
): Array<'top' | 'bottom' | 'left' | 'right'> {
  const flipsLeftRight = flip === 'long-edge' ? sheet.height >= sheet.width : sheet.width > sheet.height;
  return flipsLeftRight ? ['top', 'bottom'] : ['left', 'right'];
}
