import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printedBleed } from '../../impose/layout.ts';
import { preflightFile, reportAs, type PreflightReport } from '../../preflight/preflight.ts';
import { contentHash } from '../../shared/content-hash.ts';
import { stageKey } from '../../shared/stage-store.ts';
import type { SetPlan } from '../plan.ts';
import type { StageContext } from './context.ts';

/**
 * A print shop's preflight of one finished PDF. The worksheet, an office document printed edge to
 * edge, carries no bleed. How sheets pair up (one side, sheetwise, work-and-turn) preflight reads
 * from the file's work style.
 */
export async function preflightStage(context: StageContext, plan: SetPlan, file: string, pdf: Uint8Array): Promise<PreflightReport> {
  // Each file is held to the bleed it is made with: a sheet to what its profile prints (less than
  // the deck's where it butts or clips the cards), a vendor's upload to the vendor's, the rest to the deck's.
  const sheet = plan.sheets.find((candidate) =>
    [candidate.file, candidate.cmyk?.file, candidate.die?.file, candidate.printAndCut?.file, candidate.printAndCutCmyk?.file].includes(
      file,
    ),
  );
  const vendor = plan.vendors.find((candidate) => candidate.file === file)?.preset;
  const bleed = sheet
    ? printedBleed(plan.deck.meta.bleed, sheet.profile.gutter, sheet.profile.bleed)
    : (vendor?.bleed ?? plan.deck.meta.bleed);
  // The CMYK files are held to their press's ink limit; the RGB files have no ink until separated.
  const inkLimit =
    sheet && (sheet.cmyk?.file === file || sheet.printAndCutCmyk?.file === file)
      ? { inkLimit: sheet.profile.inkLimit }
      : vendor?.output.kind === 'pdf'
        ? { inkLimit: vendor.output.inkLimit }
        : {};
  const options = file === plan.worksheet?.file ? { minBleed: 0 } : { minBleed: bleed, ...inkLimit };
  const key = stageKey('preflight', await context.code(import.meta.url), contentHash(pdf), options);
  const kind = sheet
    ? file === sheet.cmyk?.file
      ? 'cmyk sheets'
      : file === sheet.die?.file
        ? 'die lines'
        : 'sheets'
    : vendor
      ? 'vendor'
      : file === plan.worksheet?.file
        ? 'worksheet'
        : 'cards';
  const output = await context.store.run(
    'preflight',
    key,
    async () => {
      const dir = path.join(context.workDir, 'preflight');
      await mkdir(dir, { recursive: true });
      const copy = path.join(dir, file);
      await writeFile(copy, pdf);
      try {
        // The bytes in hand, not read back from the copy (which Ghostscript measures the ink of).
        const report = await preflightFile(copy, options, pdf);
        return { result: reportAs(report, file), files: {} };
      } finally {
        await rm(copy, { force: true });
      }
    },
    kind,
  );
  return output.result;
}
