import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { listFaces, type Face } from '../deck/faces.ts';
import type { SheetVariant } from '../deck/sheet-profile-schema.ts';
import { sheetSize } from '../deck/sheet-size.ts';
import { buildWorksheet } from '../forms/build-worksheet.ts';
import { dieLinePdf } from '../impose/die-line.ts';
import { CUT_CONTOUR } from '../pdf/spot-colours.ts';
import { imposeSheets } from '../impose/impose-sheets.ts';
import { printedBleed } from '../impose/layout.ts';
import { sheetFontFiles } from '../impose/sheet-font-file.ts';
import { vendorPages } from '../impose/vendor-pages.ts';
import { preflightFile, reportAs, type PreflightReport } from '../preflight/preflight.ts';
import { rasteriseToSize } from '../preview/rasterise.ts';
import { assembleCardsPdf, cardFaceOrder } from '../cards/cards-pdf.ts';
import { convertToCmyk } from '../cmyk/cmyk.ts';
import { saveDeterministic } from '../pdf-write/save-pdf.ts';
import { pageFacts } from '../pdf/page-facts.ts';
import { sha256 } from '../shared/hash.ts';
import type { SheetSummary } from '../output/manifest.ts';
import type { PlannedSheets, PlannedVendor, SetPlan } from './plan.ts';
import { coverText, printerOf, writePrintKit } from '../print-page/print-kit.ts';
import { stageKey, type StageOutput } from './stage-cache.ts';
import type { PreparedFaces, StageContext } from './stage-keys.ts';

// Each stage: declared inputs, a key over their content, and named outputs. A stage's key uses the
// keys of the stages before it, so whether it must run is known before anything upstream is made.

/** The faces' page numbers for each card, in print order. */
function faceOrder(plan: SetPlan) {
  return cardFaceOrder(plan.deck.cards, listFaces(plan.deck.cards));
}

/** The face on each page of cards.pdf. */
export function cardsPdfFaces(plan: SetPlan): Face[] {
  const faces = listFaces(plan.deck.cards);
  return faceOrder(plan).flatMap(({ front, back }) => [faces[front]!, faces[back]!]);
}

/** cards.pdf: one page per face, front then back for each card. */
export async function cardsStage(context: StageContext, plan: SetPlan, faces: PreparedFaces): Promise<Uint8Array> {
  const key = stageKey(context.code, faces.key, plan.cards, plan.title, plan.language);
  const output = await context.cache.run('cards', `${plan.deck.meta.id}.${plan.language}`, key, async () => {
    const cards = await assembleCardsPdf((await faces.load()).files['faces.pdf']!, faceOrder(plan));
    const pdf = await saveDeterministic(cards, {
      title: plan.title,
      subject: 'Card faces, front then back, with bleed',
      language: plan.language,
      minText: { pt: plan.deck.meta.minFontSize, scope: 'all' },
    });
    return { result: null, files: { [plan.cards.file]: pdf } };
  });
  return output.files[plan.cards.file]!;
}

/** Imposed sheets of one profile and variant, and their CMYK press version when planned. */
export async function sheetsStage(
  context: StageContext,
  plan: SetPlan,
  sheet: PlannedSheets,
  faces: PreparedFaces,
  cmyk: { icc?: string; iccHash?: string } | undefined,
): Promise<StageOutput<SheetSummary[]>> {
  const { locale, language } = plan;
  const slug = { deck: plan.title, language, sheet: locale.ui.sheet ?? 'sheet', front: locale.ui['front-side'] ?? 'fronts', back: locale.ui['back-side'] ?? 'backs' };
  const cover = coverText(plan.locale, printerOf(sheet.profile));
  const cards = faceOrder(plan).map(({ card, front, back }) => ({ id: card.id, front, back, count: card.count }));
  const direction = locale.language.direction ?? 'ltr';
  const key = stageKey(context.code, faces.key, sheet.file, sheet.title, sheet.profileName, sheet.profile, slug, cover, direction, cards, sheet.cmyk ? (cmyk?.iccHash ?? 'default') : null, sheet.die ? [sheet.die, plan.deck.meta.cornerRadius] : null);
  return context.cache.run('sheets', `${plan.deck.meta.id}.${language}.${sheet.file}`, key, async () => {
    const loaded = await faces.load();
    const imposed = await imposeSheets({ faces: loaded.files['faces.pdf']!, cards, geometry: loaded.result.geometry, profileName: sheet.profileName, profile: sheet.profile, slug, cover, fontFiles: sheetFontFiles(plan.deck.fonts), direction });
    const imposition = sheet.profile.foldOver ? 'fold-over' : (sheet.profile.duplex?.plates ?? 'sheetwise');
    const workStyle = ({ 'fold-over': 'Simplex', sheetwise: 'WorkAndBack', 'work-and-turn': 'WorkAndTurn' } as const)[imposition];
    const printed = printedBleed(plan.deck.meta.bleed, sheet.profile.gutter, sheet.profile.bleed);
    const bleed = printed < plan.deck.meta.bleed ? { bleed: printed } : {};
    const pdf = await saveDeterministic(imposed.doc, {
      title: sheet.title,
      subject: `${imposed.sheets} sheet(s), ${imposed.cardsPerSheet} cards per sheet`,
      language,
      workStyle,
      ...bleed,
      minText: { pt: plan.deck.meta.minFontSize, scope: 'faces' },
    });
    const summary: SheetSummary = { profile: sheet.profileName, variant: sheet.variant, file: sheet.file, sheets: imposed.sheets, cardsPerSheet: imposed.cardsPerSheet, imposition, rotated: imposed.grid.rotated, description: sheet.profile.description };
    const files: Record<string, Uint8Array> = { [sheet.file]: pdf };
    const summaries = [summary];
    if (sheet.cmyk) {
      files[sheet.cmyk.file] = await throughFiles(context.workDir, pdf, (input, output) => convertToCmyk(input, output, { icc: cmyk?.icc, pdfx: sheet.profile.pdfx }));
      summaries.push({ ...summary, variant: 'cmyk', file: sheet.cmyk.file });
    }
    if (sheet.die) {
      const die = await dieLinePdf({ sheet: sheetSize(sheet.profile), grid: imposed.grid, cuts: imposed.cuts, radius: plan.deck.meta.cornerRadius ?? 0, marks: imposed.marks, markWeight: sheet.profile.marks.weight });
      files[sheet.die.file] = await saveDeterministic(die, { title: `${sheet.title}: ${sheet.die.label}`, subject: `Die line: the cut contour of ${imposed.cuts.length} cards in the spot colour ${CUT_CONTOUR}`, language, workStyle: 'Simplex', ...bleed });
      summaries.push({ ...summary, variant: 'die', file: sheet.die.file, sheets: 1 });
    }
    return { result: summaries, files };
  });
}

/**
 * A print-on-demand vendor's upload, made from cards.pdf: the faces on the vendor's page size and
 * bleed, in its order; then, for a PDF vendor, converted to CMYK in the PDF/X version it asks, or,
 * for an image vendor, one RGB PNG per face at its resolution.
 */
export async function vendorStage(context: StageContext, plan: SetPlan, vendor: PlannedVendor, cardsPdf: Uint8Array, cmyk: { icc?: string; iccHash?: string } | undefined): Promise<Record<string, Uint8Array>> {
  const { output, bleed } = vendor.preset;
  const key = stageKey(context.code, sha256(cardsPdf), vendor, plan.title, output.kind === 'pdf' ? (cmyk?.iccHash ?? 'default') : null);
  const result = await context.cache.run('vendor', `${plan.deck.meta.id}.${plan.language}.${vendor.file}`, key, async () => {
    const { doc } = await vendorPages(cardsPdf, vendor.pages, plan.deck.meta.bleed, { trim: vendor.size, bleed });
    const pdf = await saveDeterministic(doc, { title: `${plan.title}: ${vendor.label}`, subject: `${vendor.pages.length} pages for ${vendor.preset.name}`, language: plan.language });
    if (output.kind === 'pdf') {
      return { result: null, files: { [vendor.file]: await throughFiles(context.workDir, pdf, (input, out) => convertToCmyk(input, out, { icc: cmyk?.icc, pdfx: output.pdfx })) } };
    }
    const dir = path.join(context.workDir, `vendor-${sha256(pdf).slice(0, 12)}`);
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(path.join(dir, 'pages.pdf'), pdf);
      const inches = (pt: number) => pt / 72;
      const pixels = (pt: number) => Math.round(inches(pt + 2 * bleed) * output.dpi);
      const pngs = await rasteriseToSize(path.join(dir, 'pages.pdf'), { width: pixels(vendor.size.width), height: pixels(vendor.size.height) }, output.dpi);
      if (pngs.length !== vendor.pngNames!.length) throw new Error(`pdftoppm wrote ${pngs.length} images for ${vendor.pngNames!.length} faces`);
      return { result: null, files: Object.fromEntries(pngs.map((png, i) => [`${vendor.file}/${vendor.pngNames![i]}`, png])) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return result.files;
}

/** Runs a file-to-file tool (Ghostscript) on bytes. */
async function throughFiles(workDir: string, input: Uint8Array, tool: (input: string, output: string) => Promise<void>): Promise<Uint8Array> {
  const dir = path.join(workDir, `tool-${sha256(input).slice(0, 12)}`);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(path.join(dir, 'in.pdf'), input);
    await tool(path.join(dir, 'in.pdf'), path.join(dir, 'out.pdf'));
    return new Uint8Array(await readFile(path.join(dir, 'out.pdf')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The print page's kit: every variant's faces, school profiles, covers and fonts, for sheets made in the browser. */
export async function printKitStage(context: StageContext, plan: SetPlan, faces: Map<SheetVariant, PreparedFaces>): Promise<Record<string, Uint8Array>> {
  const { locale, language } = plan;
  const slug = { deck: plan.title, language, sheet: locale.ui.sheet ?? 'sheet', front: locale.ui['front-side'] ?? 'fronts', back: locale.ui['back-side'] ?? 'backs' };
  const order = faceOrder(plan);
  const key = stageKey(context.code, [...faces].map(([variant, prepared]) => [variant, prepared.key]), plan.title, locale, plan.deck.meta.order, plan.deck.meta.languages, [...plan.deck.profiles], order.map(({ card, front, back }) => [card.id, card.count, front, back]), slug);
  const output = await context.cache.run('print-kit', `${plan.deck.meta.id}.${language}`, key, async () => {
    const bytes = new Map<SheetVariant, Uint8Array>();
    let geometry: FaceGeometry | undefined;
    for (const [variant, prepared] of faces) {
      const loaded = await prepared.load();
      bytes.set(variant, loaded.files['faces.pdf']!);
      geometry ??= loaded.result.geometry;
    }
    const dir = path.join(context.workDir, 'print-kit');
    await mkdir(dir, { recursive: true });
    try {
      const names = await writePrintKit(dir, { deck: plan.deck, language, locale, geometry: geometry!, order, faces: bytes, slug });
      return { result: null, files: Object.fromEntries(await Promise.all(names.map(async (name) => [name, new Uint8Array(await readFile(path.join(dir, name)))] as const))) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return output.files;
}

/** The fillable worksheet (forms/), printed through the same Chromium. */
export async function worksheetStage(context: StageContext, plan: SetPlan, key: string): Promise<Uint8Array> {
  const file = plan.worksheet!.file;
  const output = await context.cache.run('worksheet', `${plan.deck.meta.id}.${plan.language}`, key, async () => {
    const built = await buildWorksheet(context.printer, context.project, plan.deck, plan.language, path.join(context.workDir, 'worksheet'));
    return { result: null, files: { [file]: built.pdf } };
  });
  return output.files[file]!;
}

/** PNG and WebP per face and the contact sheet, rasterised from cards.pdf. */
export async function previewsStage(context: StageContext, plan: SetPlan, cardsPdf: Uint8Array, geometry: FaceGeometry): Promise<Record<string, Uint8Array>> {
  const previews = plan.previews!;
  const key = stageKey(context.code, sha256(cardsPdf), previews, geometry);
  const output = await context.cache.run('previews', `${plan.deck.meta.id}.${plan.language}`, key, async () => {
    const dir = path.join(context.workDir, 'previews');
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(path.join(dir, 'cards.pdf'), cardsPdf);
      // sharp (native code) loads only for a build that makes previews.
      const { makePreviews } = await import('../preview/previews.ts');
      const made = await makePreviews(path.join(dir, 'cards.pdf'), path.join(dir, 'out'), previews.faceNames, geometry);
      const names = [...made.pngs, ...made.thumbs, made.contactSheet];
      const files = Object.fromEntries(await Promise.all(names.map(async (name) => [name.split(path.sep).join('/'), new Uint8Array(await readFile(path.join(dir, 'out', name)))] as const)));
      if (made.contactSheet !== previews.contactSheet.file) throw new Error(`previews wrote ${made.contactSheet}, the plan names ${previews.contactSheet.file}`);
      return { result: null, files };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return output.files;
}

/**
 * A print shop's preflight of one finished PDF. The worksheet, an office document printed edge to
 * edge, carries no bleed. How sheets pair up (one side, sheetwise, work-and-turn) preflight reads
 * from the file's work style.
 */
export async function preflightStage(context: StageContext, plan: SetPlan, file: string, pdf: Uint8Array): Promise<PreflightReport> {
  // A sheet is held to the bleed its profile prints: less than the deck's where it butts or clips the cards.
  const sheet = plan.sheets.find((candidate) => file === candidate.file || file === candidate.cmyk?.file || file === candidate.die?.file);
  const bleed = sheet ? printedBleed(plan.deck.meta.bleed, sheet.profile.gutter, sheet.profile.bleed) : plan.deck.meta.bleed;
  // The CMYK files are held to their press's ink limit; the RGB files have no ink until separated.
  const vendor = plan.vendors.find((candidate) => candidate.file === file)?.preset.output;
  const inkLimit = sheet?.cmyk?.file === file ? { inkLimit: sheet.profile.inkLimit } : vendor?.kind === 'pdf' ? { inkLimit: vendor.inkLimit } : {};
  const options = file === plan.worksheet?.file ? { minBleed: 0 } : { ...(bleed < plan.deck.meta.bleed ? { minBleed: bleed } : {}), ...inkLimit };
  const key = stageKey(context.code, sha256(pdf), options);
  const output = await context.cache.run('preflight', `${plan.deck.meta.id}.${plan.language}.${file}`, key, async () => {
    const dir = path.join(context.workDir, 'preflight');
    await mkdir(dir, { recursive: true });
    const copy = path.join(dir, file);
    await writeFile(copy, pdf);
    try {
      const report = await preflightFile(copy, options);
      return { result: reportAs(report, file), files: {} };
    } finally {
      await rm(copy, { force: true });
    }
  });
  return output.result;
}

/** Page count and first page size of a PDF, for the manifest. */
export async function pdfFactsStage(context: StageContext, plan: SetPlan, file: string, pdf: Uint8Array): Promise<{ pages: number; pageSizeMm: [number, number] }> {
  const output = await context.cache.run('pdf-facts', `${plan.deck.meta.id}.${plan.language}.${file}`, stageKey(context.code, sha256(pdf)), async () => {
    return { result: await pageFacts(pdf), files: {} };
  });
  return output.result;
}

