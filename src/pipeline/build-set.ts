import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import type { LoadedDeck, ProjectPaths } from '../deck/load-deck.ts';
import { buildWorksheet } from '../forms/build-invulblad.ts';
import { imposeSheets } from '../impose/impose-sheets.ts';
import { sheetFontFile } from '../impose/sheet-font-file.ts';
import type { SheetVariant } from '../deck/sheet-profile-schema.ts';
import { formatReports, preflightFile } from '../preflight/preflight.ts';
import { makePreviews } from '../preview/previews.ts';
import { assembleCardsPdf, boxFaces, cardFaceOrder } from '../print/box-faces.ts';
import { convertToCmyk } from '../print/cmyk.ts';
import { fitFailures, shrunkFaces } from '../print/fit-report.ts';
import { saveDeterministic } from '../print/pdf-output.ts';
import type { FitResult } from '../print/print-faces.ts';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { FaceRenderer, type RenderVariant } from '../render/render-faces.ts';
import { listFaces } from '../deck/faces.ts';
import { resolveLocale } from '../deck/resolve-locale.ts';
import { fileLabel } from './file-labels.ts';
import { coverText, printerOf, writePrintKit } from './print-kit.ts';
import { writeManifestData, type SheetSummary } from './manifest.ts';
import { sha256 } from '../shared/hash.ts';
import type { Printer } from '../print/printer.ts';

/** Everything one deck x language set needs from the build around it. */
export interface SetContext {
  deck: LoadedDeck;
  language: string;
  renderer: FaceRenderer;
  printer: Printer;
  project: ProjectPaths;
  /** The staged folder of this set: dist/<deck>/<lang>/ once the build commits. */
  outDir: string;
  /** The folder of the same set from the last build, to report what changed. */
  previousDir: string;
  workDir: string;
  chunkSize: number;
  previews: boolean;
  cmyk?: { icc?: string };
  log: (line: string) => void;
}

export interface LanguageBuild {
  deck: string;
  language: string;
  files: string[];
  shrunk: Array<{ face: string; scale: number }>;
}

/**
 * One deck in one language: cards.pdf, the sheets of every profile and variant, the worksheet,
 * previews, preflight and manifest. Returns what failed (text that cannot fit, a preflight) rather
 * than throwing, so one build reports every set's problems at once.
 */
export async function buildSet(context: SetContext): Promise<{ failures: string[]; build?: LanguageBuild }> {
  const { deck, language, outDir, log } = context;
  const name = `${deck.meta.id} [${language}]`;
  const locale = resolveLocale(deck, language);
  await mkdir(outDir, { recursive: true });
  log(`${name}: printing faces`);
  const printed = await printVariant(context, 'standard');
  const failures = fitFailures(deck.meta.id, language, printed.faces, printed.fit);
  if (failures.length > 0) return { failures };

  const order = cardFaceOrder(deck.cards, printed.faces);
  const title = locale.deck.title ?? deck.meta.id;
  const cards = await assembleCardsPdf(printed.boxed, order);
  await writeFile(path.join(outDir, 'cards.pdf'), await saveDeterministic(cards, { title, subject: 'Card faces, front then back, with bleed', language }));
  const files = ['cards.pdf'];

  const sheets: SheetSummary[] = [];
  const slug = { deck: title, language, sheet: locale.ui.sheet ?? 'sheet', front: locale.ui['front-side'] ?? 'fronts', back: locale.ui['back-side'] ?? 'backs' };
  // Each variant's faces are printed and serialised once, when the first profile needs them.
  const variantFaces = new Map<SheetVariant, Uint8Array>();
  for (const [profileName, profile] of deck.profiles) {
    for (const variant of profile.variants) {
      let source = variantFaces.get(variant);
      if (!source) {
        const faces = variant === 'standard' ? printed : await printVariant(context, variant);
        if (faces !== printed) failures.push(...fitFailures(deck.meta.id, `${language}, ${variant}`, faces.faces, faces.fit));
        source = await faces.boxed.save({ useObjectStreams: false });
        variantFaces.set(variant, source);
      }
      const imposed = await imposeSheets({
        faces: source,
        cards: order.map(({ card, front, back }) => ({ id: card.id, front, back, count: card.count })),
        geometry: printed.geometry,
        profileName,
        profile,
        slug,
        cover: coverText(locale, printerOf(profile)),
        fontFile: sheetFontFile,
      });
      const file = `sheets-${profileName}${variant === 'standard' ? '' : `-${variant}`}.pdf`;
      await writeFile(path.join(outDir, file), await saveDeterministic(imposed.doc, { title: `${title}: ${fileLabel(file, locale.ui, paperOf(deck))}`, subject: `${imposed.sheets} sheet(s), ${imposed.grid.slots.length} cards per sheet`, language }));
      files.push(file);
      const summary = { profile: profileName, variant, file, sheets: imposed.sheets, cardsPerSheet: imposed.grid.slots.length, rotated: imposed.grid.rotated, description: profile.description };
      sheets.push(summary);
      if (context.cmyk && profile.kind === 'press' && variant === 'standard') {
        const cmykFile = file.replace(/\.pdf$/, '-cmyk.pdf');
        await convertToCmyk(path.join(outDir, file), path.join(outDir, cmykFile), context.cmyk.icc);
        files.push(cmykFile);
        sheets.push({ ...summary, variant: 'cmyk', file: cmykFile });
      }
    }
  }

  if ([...deck.profiles.values()].some((profile) => profile.kind === 'school')) {
    if (!variantFaces.has('standard')) variantFaces.set('standard', await printed.boxed.save({ useObjectStreams: false }));
    files.push(...await writePrintKit(outDir, { deck, language, locale, geometry: printed.geometry, order, faces: variantFaces, slug }));
  }

  if (deck.meta.worksheet) {
    const worksheet = await buildWorksheet(context.printer, context.project, deck, language, path.join(context.workDir, 'worksheet'));
    const file = `${deck.meta.worksheet}.pdf`;
    await writeFile(path.join(outDir, file), worksheet.pdf);
    files.push(file);
  }

  if (context.previews) {
    log(`${name}: previews`);
    const pageNames = order.flatMap(({ card }, i) => {
      const prefix = String(i + 1).padStart(2, '0');
      return [`${prefix}-${card.id}-front`, `${prefix}-${card.id}-back`];
    });
    files.push((await makePreviews(path.join(outDir, 'cards.pdf'), outDir, pageNames, printed.geometry)).contactSheet);
  }

  log(`${name}: preflight`);
  // The worksheet is an office document printed edge to edge: no bleed is expected of it.
  const isWorksheet = (file: string) => file === `${deck.meta.worksheet}.pdf`;
  const foldOverFiles = new Set(sheets.filter((summary) => deck.profiles.get(summary.profile)?.foldOver).map((summary) => summary.file));
  const reports = await Promise.all(
    files.filter((file) => file.endsWith('.pdf')).map((file) => preflightFile(path.join(outDir, file), isWorksheet(file) ? { minBleed: 0 } : { singleSided: foldOverFiles.has(file) })),
  );
  await writeFile(path.join(outDir, 'preflight.txt'), `${formatReports(reports, outDir)}\n`);
  failures.push(...reports.filter((report) => !report.ok).map((report) => `${name} preflight failed:\n${formatReports([report], outDir)}`));

  const shrunk = shrunkFaces(printed.fit);
  const paper = paperOf(deck);
  const manifest = await writeManifestData({
    deck, language, outDir, geometry: printed.geometry, files, labels: (file) => fileLabel(file, locale.ui, paper),
    sheets, shrunk, fallbacks: deck.locales.get(language)?.fallbacks ?? [], preflight: reports, faceHashes: printed.faceHashes,
  });
  await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const changed = await changedFaces(path.join(context.previousDir, 'manifest.json'), printed.faceHashes);
  if (changed !== undefined) log(`${name}: ${changed} of ${printed.faceHashes.length} faces changed since the last build`);
  log(`${name}: ${files.length} files${shrunk.length ? `, ${shrunk.length} face(s) shrunk to fit` : ''}`);
  return { failures, build: { deck: deck.meta.id, language, files, shrunk } };
}

/**
 * Renders one variant of a language's faces and prints it (reusing unchanged prints), in chunks of
 * `chunkSize` faces for large decks; the chunks are boxed and joined into one faces document.
 */
async function printVariant(context: SetContext, variant: SheetVariant) {
  const { deck, language, renderer } = context;
  const locale = resolveLocale(deck, language);
  const all = listFaces(deck.cards);
  const chunks = Array.from({ length: Math.ceil(all.length / context.chunkSize) }, (_, i) => all.slice(i * context.chunkSize, (i + 1) * context.chunkSize));
  const boxed = await PDFDocument.create({ updateMetadata: false });
  const fit: FitResult = { fontErrors: [], faces: [] };
  const faceHashes: Array<{ face: string; hash: string }> = [];
  let geometry: FaceGeometry | undefined;
  for (const [index, only] of chunks.entries()) {
    const rendered = renderer.render(deck, { locale, language, variant: renderVariantOf(variant), assetUrl: (file) => pathToFileURL(file).href, only });
    const slot = `${deck.meta.id}.${language}.${variant}${chunks.length > 1 ? `.${index + 1}` : ''}`;
    const print = await context.printer.print(slot, rendered.html, path.join(context.workDir, `${slot}.html`), {
      minFontPt: deck.meta.minFontSize,
      bleedPt: deck.meta.bleed,
      safePt: deck.meta.safeZone,
    }, deck.fonts.map((font) => font.file));
    geometry = rendered.geometry;
    fit.fontErrors.push(...print.fit.fontErrors);
    fit.faces.push(...print.fit.faces);
    faceHashes.push(...rendered.faces.map((face, i) => ({ face: face.id, hash: sha256(rendered.sections[i]!).slice(0, 16) })));
    const chunk = await boxFaces(print.pdf, rendered.geometry);
    for (const page of await boxed.copyPages(chunk, chunk.getPageIndices())) boxed.addPage(page);
  }
  return { boxed, fit, faces: all, geometry: geometry!, faceHashes };
}

/** How many faces differ from the previous build's manifest; undefined when there is none. */
async function changedFaces(previousManifest: string, hashes: Array<{ face: string; hash: string }>): Promise<number | undefined> {
  const text = await readFile(previousManifest, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const before = new Map(((JSON.parse(text) as { faceHashes?: typeof hashes }).faceHashes ?? []).map((f) => [f.face, f.hash]));
  return hashes.filter((f) => before.get(f.face) !== f.hash).length;
}

/** Each profile's kind and paper name, for the files' names in the deck's language. */
function paperOf(deck: LoadedDeck): Map<string, { kind: string; paper: string; foldOver: boolean }> {
  return new Map([...deck.profiles].map(([profileName, profile]) => [profileName, { kind: profile.kind, paper: typeof profile.sheet === 'string' ? profile.sheet : profileName, foldOver: Boolean(profile.foldOver) }]));
}

function renderVariantOf(variant: SheetVariant): RenderVariant {
  return { lowInk: variant === 'low-ink', grayscale: variant === 'grayscale' };
}
