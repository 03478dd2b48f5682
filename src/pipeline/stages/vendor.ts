import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { convertToCmyk } from '../../cmyk/cmyk.ts';
import { vendorPages } from '../../impose/vendor-pages.ts';
import { saveDeterministic } from '../../pdf-write/save-pdf.ts';
import { rasteriseToSize } from '../../preview/rasterise.ts';
import { contentHash } from '../../shared/content-hash.ts';
import { stageKey } from '../../shared/stage-store.ts';
import type { PlannedVendor, SetPlan } from '../plan.ts';
import type { StageContext } from './context.ts';
import { throughFiles } from './through-files.ts';

/**
 * A print-on-demand vendor's upload, made from cards.pdf: the faces on the vendor's page size and
 * bleed, in its order; then, for a PDF vendor, converted to CMYK in the PDF/X version it asks, or,
 * for an image vendor, one RGB PNG per face at its resolution.
 */
export async function vendorStage(
  context: StageContext,
  plan: SetPlan,
  vendor: PlannedVendor,
  cardsPdf: Uint8Array,
  cmyk: { icc?: string; iccHash?: string } | undefined,
): Promise<Record<string, Uint8Array>> {
  const { output, bleed } = vendor.preset;
  const key = stageKey(
    'vendor',
    await context.code(import.meta.url),
    contentHash(cardsPdf),
    vendor,
    plan.title,
    output.kind === 'pdf' ? (cmyk?.iccHash ?? 'default') : null,
  );
  const result = await context.store.run('vendor', key, async () => {
    const { doc } = await vendorPages(cardsPdf, vendor.pages, plan.deck.meta.bleed, { trim: vendor.size, bleed });
    const pdf = await saveDeterministic(doc, {
      title: `${plan.title}: ${vendor.label}`,
      subject: `${vendor.pages.length} pages for ${vendor.preset.name}`,
      language: plan.language,
      bleed,
    });
    if (output.kind === 'pdf') {
      return {
        result: null,
        files: {
          [vendor.file]: await throughFiles(context.workDir, pdf, async (input, out) => {
            await convertToCmyk(input, out, { icc: cmyk?.icc, pdfx: output.pdfx });
          }),
        },
      };
    }
    const dir = path.join(context.workDir, `vendor-${contentHash(pdf).slice(0, 12)}`);
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(path.join(dir, 'pages.pdf'), pdf);
      const inches = (pt: number) => pt / 72;
      const pixels = (pt: number) => Math.round(inches(pt + 2 * bleed) * output.dpi);
      const pngs = await rasteriseToSize(
        path.join(dir, 'pages.pdf'),
        { width: pixels(vendor.size.width), height: pixels(vendor.size.height) },
        output.dpi,
      );
      if (pngs.length !== vendor.pngNames!.length)
        throw new Error(`pdftoppm wrote ${pngs.length} images for ${vendor.pngNames!.length} faces`);
      return { result: null, files: Object.fromEntries(pngs.map((png, i) => [`${vendor.file}/${vendor.pngNames![i]}`, png])) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return result.files;
}
