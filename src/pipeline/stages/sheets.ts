import { sheetSize } from '../../deck/sheet-size.ts';
import { ptToMm } from '../../deck/units.ts';
import { turnKeywords } from '../../pdf/work-style.ts';
import { dieLinePdf, PRINT_AND_CUT_KEYWORD, printAndCutPdf } from '../../impose/die-line.ts';
import { imposeSheets } from '../../impose/impose-sheets.ts';
import { printedBleed } from '../../impose/layout.ts';
import { sheetFontFiles } from '../../impose/sheet-font-file.ts';
import { convertToCmyk } from '../../cmyk/cmyk.ts';
import type { JobTicket, SheetSummary } from '../../output/manifest.ts';
import type { OutputIntent } from '../../cmyk/output-intent.ts';
import type { ImposedSheets } from '../../impose/impose-sheets.ts';
import { CUT_CONTOUR } from '../../pdf/spot-colours.ts';
import { saveDeterministic } from '../../pdf-write/save-pdf.ts';
import { coverText, printerOf, schoolSlugName } from '../../print-page/print-kit.ts';
import { stageKey, type StageOutput } from '../../shared/stage-store.ts';
import type { PlannedSheets, SetPlan } from '../plan.ts';
import type { StageContext } from './context.ts';
import { faceOrder } from './face-order.ts';
import type { PreparedFaces } from './faces.ts';
import { throughFiles } from './through-files.ts';
import { typesetAll } from '../../typography/typography.ts';

/** Imposed sheets of one profile and variant, and their CMYK press version when planned. */
export async function sheetsStage(
  context: StageContext,
  plan: SetPlan,
  sheet: PlannedSheets,
  faces: PreparedFaces,
  cmyk: { icc?: string; iccHash?: string } | undefined,
): Promise<StageOutput<SheetSummary[]>> {
  const { language } = plan;
  // The sheets' words (cover, slug) are set as the cards are: typographic quotes, no-break terms.
  const locale = typesetAll(plan.locale, language, plan.deck.meta.noBreak);
  const { slug } = plan;
  const cover = coverText(locale, printerOf(sheet.profile));
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
    sheet.die ? [sheet.die, sheet.printAndCut, sheet.printAndCutCmyk, plan.deck.meta.cornerRadius] : null,
  );
  return context.store.run(
    'sheets',
    key,
    async () => {
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
      const bleed = printedBleed(plan.deck.meta.bleed, sheet.profile.gutter, sheet.profile.bleed);
      const duplex = sheet.profile.foldOver ? undefined : sheet.profile.duplex;
      const turn = duplex ? turnKeywords(duplex.flip, duplex.backOffset) : [];
      const pdf = await saveDeterministic(imposed.doc, {
        title: sheet.title,
        subject: `${imposed.sheets} sheet(s), ${imposed.cardsPerSheet} cards per sheet`,
        language,
        workStyle,
        bleed,
        minText: { pt: plan.deck.meta.minFontSize, scope: 'faces' },
        keywords: turn,
      });
      const ticket = jobTicket(plan, sheet, imposed, cards, imposition, duplex?.flip);
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
        ticket,
      };
      const files: Record<string, Uint8Array> = { [sheet.file]: pdf };
      const summaries = [summary];
      /** A file separated by Ghostscript for the shop's profile, as the PDF/X the sheet profile asks for, and its ticket's colour. */
      const separated = async (rgb: Uint8Array): Promise<{ pdf: Uint8Array; colour: JobTicket['colour'] }> => {
        let intent: OutputIntent | undefined;
        const converted = await context.store.clock.time('cmyk (within sheets)', () =>
          throughFiles(context.workDir, rgb, async (input, output) => {
            intent = await convertToCmyk(input, output, { icc: cmyk?.icc, pdfx: sheet.profile.pdfx });
          }),
        );
        const colour: JobTicket['colour'] = {
          model: 'CMYK',
          pdfx: sheet.profile.pdfx,
          outputIntent: { identifier: intent!.identifier, condition: intent!.condition, profile: intent!.info },
          inkLimitPercent: sheet.profile.inkLimit,
        };
        return { pdf: converted, colour };
      };
      if (sheet.cmyk) {
        const { pdf: converted, colour } = await separated(pdf);
        files[sheet.cmyk.file] = converted;
        summaries.push({ ...summary, variant: 'cmyk', file: sheet.cmyk.file, ticket: { ...ticket, colour } });
      }
      const radius = plan.deck.meta.cornerRadius ?? 0;
      if (sheet.die) {
        const die = await dieLinePdf({
          sheet: sheetSize(sheet.profile),
          grid: imposed.grid,
          cuts: imposed.cuts,
          radius,
          marks: imposed.marks,
          markWeight: sheet.profile.marks.weight,
        });
        files[sheet.die.file] = await saveDeterministic(die, {
          title: `${plan.title}: ${sheet.die.label}`,
          subject: `Die line: the cut contour of ${imposed.cuts.flat().length} cards on ${imposed.sheets} sheet(s) in the spot colour ${CUT_CONTOUR}`,
          language,
          workStyle: 'Simplex',
          bleed,
        });
        // One side, lines only: no ink, no turn, and it is the die itself.
        const dieTicket: JobTicket = {
          product: ticket.product,
          imposition: { method: 'single-sided', ...(ticket.imposition.gripper ? { gripper: ticket.imposition.gripper } : {}) },
          colour: { model: 'spot' },
          finishing: { cut: 'die', cornerRadiusMm: ticket.finishing.cornerRadiusMm },
          pageOrder: imposed.cuts.map(
            (cuts, index) =>
              `sheet ${index + 1}: the cut contour (${CUT_CONTOUR}) of the ${cuts.length} cards it holds, with its crop marks`,
          ),
        };
        // Lines, no artwork: the sheets' description of fronts and backs is not this file's.
        const dieDescription = `Die line for ${sheet.file}: the cut contour (${CUT_CONTOUR}) of each of its ${imposed.cuts.flat().length} cards with their ${cornerWords(radius)}, where they lie on the printed sheets, with their crop marks to register it; no artwork`;
        summaries.push({ ...summary, variant: 'die', file: sheet.die.file, description: dieDescription, ticket: dieTicket });
      }
      if (sheet.printAndCut) {
        const cutSheet = await printAndCutPdf(pdf, imposed.frontPages, imposed.cuts, radius);
        files[sheet.printAndCut.file] = await saveDeterministic(cutSheet, {
          title: `${plan.title}: ${sheet.printAndCut.label}`,
          subject: `${imposed.sheets} sheet(s), ${imposed.cardsPerSheet} cards per sheet; the cut contour of every card in the spot colour ${CUT_CONTOUR} on the fronts`,
          language,
          workStyle,
          bleed,
          minText: { pt: plan.deck.meta.minFontSize, scope: 'faces' },
          keywords: [...turn, PRINT_AND_CUT_KEYWORD],
        });
        const cutTicket: JobTicket = {
          ...ticket,
          finishing: { cut: 'cut-contour', cornerRadiusMm: ticket.finishing.cornerRadiusMm },
          pageOrder: ticket.pageOrder.map((page) =>
            page.endsWith(': fronts') || imposition === 'work-and-turn' ? `${page}, with the cut contour (${CUT_CONTOUR})` : page,
          ),
        };
        const cutDescription = `${summary.description}; the cut contour (${CUT_CONTOUR}) of every card with its ${cornerWords(radius)} on the fronts, for a printer that cuts`;
        summaries.push({
          ...summary,
          variant: 'print-and-cut',
          file: sheet.printAndCut.file,
          description: cutDescription,
          ticket: cutTicket,
        });
        if (sheet.printAndCutCmyk) {
          // Ghostscript keeps the CutContour separation and its overprint: the cutter's line survives the conversion.
          const { pdf: converted, colour } = await separated(files[sheet.printAndCut.file]!);
          files[sheet.printAndCutCmyk.file] = converted;
          summaries.push({
            ...summary,
            variant: 'print-and-cut-cmyk',
            file: sheet.printAndCutCmyk.file,
            description: cutDescription,
            ticket: { ...cutTicket, colour },
          });
        }
      }
      return { result: summaries, files };
    },
    sheet.profile.kind,
  );
}

/** "3 mm rounded corners", or "square corners" for a radius of 0. */
function cornerWords(radius: number): string {
  return radius > 0 ? `${round(ptToMm(radius))} mm rounded corners` : 'square corners';
}

function round(mm: number): number {
  return Number(mm.toFixed(2));
}

/** The job ticket of the sheets file as imposed (an RGB file; the CMYK and die files change colour and page order). */
function jobTicket(
  plan: SetPlan,
  sheet: PlannedSheets,
  imposed: ImposedSheets,
  cards: Array<{ count: number }>,
  method: SheetSummary['imposition'],
  turnEdge: JobTicket['imposition']['turnEdge'],
): JobTicket {
  const { profile } = sheet;
  const size = sheetSize(profile);
  const cardsPerSet = cards.reduce((sum, card) => sum + (profile.copies ? card.count : 1), 0);
  // Work-and-turn prints each card on both halves of the plate: a file printed once gives two sets.
  const setsInFile = method === 'work-and-turn' ? 2 : 1;
  const cover = profile.cover ? (method === 'fold-over' ? ['cover'] : ['cover', 'calibration back of the cover']) : [];
  const sides = {
    sheetwise: ['fronts', 'backs'],
    'work-and-turn': ['fronts and backs side by side, printed on both sides (work-and-turn)'],
    'fold-over': ['fronts beside their backs, folded'],
  }[method];
  return {
    product: {
      cardMm: { width: round(ptToMm(plan.deck.meta.cardSize.width)), height: round(ptToMm(plan.deck.meta.cardSize.height)) },
      sheetMm: { width: round(ptToMm(size.width)), height: round(ptToMm(size.height)) },
      cardsPerSet,
      cardsPerSheet: imposed.cardsPerSheet,
      sheetsInFile: imposed.sheets,
      setsInFile,
      setsPerSheet: round(setsInFile / imposed.sheets),
      sheetsPerSet: round(imposed.sheets / setsInFile),
    },
    imposition: {
      method,
      ...(turnEdge ? { turnEdge } : {}),
      ...(profile.gripper ? { gripper: { edge: profile.gripper.edge, depthMm: round(ptToMm(profile.gripper.depth)) } } : {}),
    },
    colour: { model: 'RGB', inkLimitPercent: profile.inkLimit },
    finishing: {
      cut: profile.marks.kind === 'crop' ? 'crop-marks' : 'cut-lines',
      cornerRadiusMm: round(ptToMm(plan.deck.meta.cornerRadius ?? 0)),
      ...(sheet.die ? { dieFile: sheet.die.file } : {}),
      ...(sheet.printAndCut ? { printAndCutFile: sheet.printAndCut.file } : {}),
    },
    pageOrder: [
      ...cover,
      ...Array.from({ length: imposed.sheets }, (_, index) => sides.map((side) => `sheet ${index + 1}: ${side}`)).flat(),
    ],
  };
}
