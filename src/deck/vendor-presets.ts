import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { z } from 'zod';
import { BuildError, InputError, type Problem } from '../shared/errors.ts';
import { exists } from '../shared/file-exists.ts';
import { Length } from './schema.ts';
import { PdfxVersion } from './sheet-profile-schema.ts';
import { ptToMm } from './units.ts';
import { readValidated } from './validate.ts';

const CardSize = z.strictObject({ width: Length, height: Length });

/**
 * A print-on-demand card vendor's upload format, as data: templates/vendors/<id>.yaml. Every
 * number comes from the vendor's published file guide, named in `source`.
 */
export const VendorPresetSchema = z
  .strictObject({
    name: z.string().describe('The vendor, as the download page and errors name it'),
    source: z.array(z.string()).min(1).describe('Where the vendor publishes these numbers (its file guide or templates)'),
    bleed: Length.describe('Bleed the vendor asks beyond the trim, on every side'),
    sizes: z.record(z.string(), CardSize).describe('The card sizes the vendor offers (trim), by its own names'),
    output: z
      .discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('pdf').describe('One PDF per deck, one page per printed card side'),
          pdfx: PdfxVersion.describe('The PDF/X version the vendor asks'),
          inkLimit: z.number().min(100).max(400).describe('Total area coverage the vendor allows, in percent'),
          order: z.enum(['front-back', 'back-front']).describe('Which side of each card comes first'),
          copies: z.boolean().describe('Repeat each card as many times as its count: the pages are the printed deck'),
        }),
        z.strictObject({
          kind: z.literal('png').describe('One PNG per face, RGB'),
          dpi: z.number().int().min(150).max(1200).describe('Pixels per inch of the PNGs'),
        }),
      ])
      .describe('What the vendor takes'),
  })
  .describe("templates/vendors/<vendor>.yaml: a print-on-demand vendor's upload format");

export type VendorPreset = z.infer<typeof VendorPresetSchema>;

/** A deck's trim matches a vendor size when each side is within this much (63 x 88 mm is poker, 2.5 x 3.5 in). */
const SIZE_TOLERANCE_MM = 1.5;

/** The vendor size the deck's trim is (within 1.5 mm a side), or an error naming the sizes the vendor offers. */
export function vendorSizeFor(
  vendor: VendorPreset,
  deckId: string,
  cardSize: { width: number; height: number },
): { name: string; width: number; height: number } {
  const sizes = Object.entries(vendor.sizes);
  const match = sizes.find(
    ([, size]) =>
      Math.abs(ptToMm(size.width - cardSize.width)) <= SIZE_TOLERANCE_MM &&
      Math.abs(ptToMm(size.height - cardSize.height)) <= SIZE_TOLERANCE_MM,
  );
  if (match) return { name: match[0], ...match[1] };
  const mm = (pt: number) => ptToMm(pt).toFixed(1).replace(/\.0$/, '');
  const offered = sizes.map(([name, size]) => `${name} (${mm(size.width)} x ${mm(size.height)} mm)`).join(', ');
  throw new BuildError(
    `${vendor.name} does not print deck ${deckId}'s ${mm(cardSize.width)} x ${mm(cardSize.height)} mm cards: it offers ${offered}. Change cardSize in deck/${deckId}/deck.yaml to one of these, or choose another vendor`,
  );
}

/** Loads the named presets from templates/vendors/, each validated like a deck file; an unknown name lists the known ones. */
export async function loadVendorPresets(templatesDir: string, names: string[]): Promise<Map<string, VendorPreset>> {
  const dir = path.join(templatesDir, 'vendors');
  const presets = new Map<string, VendorPreset>();
  const problems: Problem[] = [];
  for (const name of names) {
    const file = path.join(dir, `${name}.yaml`);
    if (!/^[a-z0-9-]+$/.test(name) || !(await exists(file))) {
      const known = (await readdir(dir).catch(() => []))
        .filter((entry) => entry.endsWith('.yaml'))
        .map((entry) => entry.slice(0, -5))
        .sort();
      throw new BuildError(`--vendor ${name}: no such preset; templates/vendors/ has ${known.join(', ') || 'none'}`);
    }
    const validated = await readValidated(file, VendorPresetSchema);
    problems.push(...validated.problems);
    if (validated.value) presets.set(name, validated.value);
  }
  if (problems.length > 0) throw new InputError(problems);
  return presets;
}
