import { sheetSize } from '../../deck/sheet-size.ts';
import { ptToMm } from '../../deck/units.ts';
import { turnKeywords } from '../../pdf/work-style.ts';
import { dieLinePdf } from '../../impose/die-line.ts';
import { imposeSheets } from '../../impose/impose-sheets.ts';
import { printedBleed } from '../../impose/layout.ts';
import { sheetFontFiles } from '../../impose/sheet-font-file.ts';
import { convertToCmyk } from '../../cmyk/cmyk.ts';
import type { SheetSummary } from '../../output/manifest.ts';
import { CUT_CONTOUR } from '../../pdf/spot-colours.ts';
import { saveDeterministic } from '../../pdf-write/save-pdf.ts';
import { coverText, printerOf, schoolSlugName } from '../../print-page/print-kit.ts';
import { stageKey, type StageOutput } from '../../shared/stage-store.ts';
import type { PlannedSheets, SetPlan } from '../plan.ts';
import type { StageContext } from './context.ts';
import { faceOrder } from './face-order.ts';
import type { PreparedFaces } from './faces.ts';
import { throughFiles } from './through-files.ts';

/** Imposed sheets of one profile and variant, and their CMYK press version when planned. */
export async function sheetsStage(
  context: StageContext,
  plan: SetPlan,
  sheet: PlannedSheets,
  faces: PreparedFaces,
  cmyk: { icc?: string; iccHash?: string } | undefined,
): Promise<StageOutput<SheetSummary[]>> {
  const { locale, language } = plan;
  const { slug } = plan;
  const cover = coverText(plan.locale, printerOf(sheet.profile));
  const cards = faceOrder(plan).map(({ card, front, back }) => ({ id: card.id, front, back, count: card.count }));
  const direction = locale.language.direction ?? 'ltr';
  // A teacher reads a school sheet's slug: it names paper and printer in words, not the profile's id.
  const slugName = sheet.profile.kind === 'school' ? schoolSlugName(locale, language, sheet.profile) : sheet.profileName;
  const key = stageKey(
    'sheets',
    await context.code(import.meta.url),
    faces.key,
    sheet.file,
    sheet.title,
    slugName,
    sheet.profile,
    slug,
    cover,
    direction,
    cards,
    sheet.cmyk ? (cmyk?.iccHash ?? 'default') : null,
    sheet.die ? [sheet.die, plan.deck.meta.cornerRadius] : null,
  );
  return context.store.run('sheets', key, async () => {
    const loaded = await faces.load();
    const imposed = await imposeSheets({
      faces: loaded.files['faces.pdf']!,
      cards,
      geometry: loaded.result.geometry,
      profileName: slugName,
      profile: sheet.profile,
      slug,
      cover,
      fontFiles: sheetFontFiles(plan.deck.fonts),
      direction,
    });
    const imposition = sheet.profile.foldOver ? 'fold-over' : (sheet.profile.duplex?.plates ?? 'sheetwise');
    const workStyle = ({ 'fold-over': 'Simplex', sheetwise: 'WorkAndBack', 'work-and-turn': 'WorkAndTurn' } as const)[imposition];
    const printed = printedBleed(plan.deck.meta.bleed, sheet.profile.gutter, sheet.profile.bleed);
    const bleed = printed < plan.deck.meta.bleed ? { bleed: printed } : {};
    const duplex = sheet.profile.foldOver ? undefined : sheet.profile.duplex;
    const turn = duplex ? turnKeywords(duplex.flip, duplex.backOffset) : [];
    const pdf = await saveDeterministic(imposed.doc, {
      title: sheet.title,
      subject: `${imposed.sheets} sheet(s), ${imposed.cardsPerSheet} cards per sheet`,
      language,
      workStyle,
      ...bleed,
      minText: { pt: plan.deck.meta.minFontSize, scope: 'faces' },
      keywords: turn,
    });
    const summary: SheetSummary = {
      profile: sheet.profileName,
      variant: sheet.variant,
      file: sheet.file,
      sheets: imposed.sheets,
      cardsPerSheet: imposed.cardsPerSheet,
      imposition,
      rotated: imposed.grid.rotated,
      description: sheet.profile.description,
      ...(duplex
        ? { turnEdge: duplex.flip, backOffsetMm: { x: round(ptToMm(duplex.backOffset.x)), y: round(ptToMm(duplex.backOffset.y)) } }
        : {}),
    };
    const files: Record<string, Uint8Array> = { [sheet.file]: pdf };
    const summaries = [summary];
    if (sheet.cmyk) {
      files[sheet.cmyk.file] = await throughFiles(context.workDir, pdf, (input, output) =>
        convertToCmyk(input, output, { icc: cmyk?.icc, pdfx: sheet.profile.pdfx }),
      );
      summaries.push({ ...summary, variant: 'cmyk', file: sheet.cmyk.file });
    }
    if (sheet.die) {
      const die = await dieLinePdf({
        sheet: sheetSize(sheet.profile),
        grid: imposed.grid,
        cuts: imposed.cuts,
        radius: plan.deck.meta.cornerRadius ?? 0,
        marks: imposed.marks,
        markWeight: sheet.profile.marks.weight,
      });
      files[sheet.die.file] = await saveDeterministic(die, {
        title: `${sheet.title}: ${sheet.die.label}`,
        subject: `Die line: the cut contour of ${imposed.cuts.length} cards in the spot colour ${CUT_CONTOUR}`,
        language,
        workStyle: 'Simplex',
        ...bleed,
      });
      summaries.push({ ...summary, variant: 'die', file: sheet.die.file, sheets: 1 });
    }
    return { result: summaries, files };
  });
}

function round(mm: number): number {
  return Number(mm.toFixed(2));
}
