import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findDeckDirs } from '../deck/find-decks.ts';
import { loadDeck, projectPaths, type LoadedDeck, type ProjectPaths } from '../deck/load-deck.ts';
import { BuildError, EnvironmentError, InputError, formatProblem, type Problem } from '../deck/problems.ts';
import { assembleCardsPdf, boxFaces, cardFaceOrder } from '../print/box-faces.ts';
import { fitFailures, shrunkFaces } from '../print/fit-report.ts';
import { saveDeterministic } from '../print/pdf-output.ts';
import { hasPdftoppm } from '../preview/rasterise.ts';
import { makePreviews } from '../preview/previews.ts';
import { FaceRenderer, listFaces, type RenderVariant } from '../render/render-faces.ts';
import type { FaceGeometry } from '../render/face-geometry.ts';
import type { FitResult } from '../print/print-faces.ts';
import { PDFDocument } from 'pdf-lib';
import { pathToFileURL } from 'node:url';
import { PrintCache, sha256 } from './print-cache.ts';
import { Printer } from './printer.ts';
import { resolveLocale } from '../render/resolve-language.ts';
import { Staging } from './staging.ts';
import { writeManifestData, type SheetSummary } from './manifest.ts';
import { fileLabel } from './file-labels.ts';
import { writeIndexPage } from './index-page.ts';
import { buildWorksheet } from '../forms/build-invulblad.ts';
import { convertToCmyk, hasGhostscript } from '../print/cmyk.ts';
import { formatReports, preflightFile } from '../preflight/preflight.ts';
import type { CoverText } from '../impose/cover.ts';
import { imposeSheets } from '../impose/impose-sheets.ts';
import type { SheetProfile, SheetVariant } from '../impose/profile-schema.ts';
import type { Locale } from '../deck/schema.ts';

export const DEFAULT_CHUNK_SIZE = 300;

export interface BuildOptions {
  root: string;
  out: string;
  decks?: string[];
  languages?: string[];
  previews?: boolean;
  /** Also write CMYK PDF/X-3 versions of the press sheets (needs Ghostscript); `icc` is the shop's profile. */
  cmyk?: boolean;
  icc?: string;
  /** Build languages with missing strings, showing the source text there (listed in the manifest). */
  allowMissing?: boolean;
  /** Print every document again instead of reusing unchanged prints from dist/.cache. */
  force?: boolean;
  /** Faces per Chromium print: large decks print in chunks, so memory stays bounded and a crash costs one chunk. */
  chunkSize?: number;
  log?: (line: string) => void;
}

export interface LanguageBuild {
  deck: string;
  language: string;
  files: string[];
  shrunk: Array<{ face: string; scale: number }>;
}

export interface BuildSummary {
  out: string;
  builds: LanguageBuild[];
  warnings: string[];
  /** Chromium prints made, and prints reused from the cache because nothing in them changed. */
  prints: { printed: number; reused: number };
}

/** Loads, validates and builds decks × languages into `out`; all or nothing. */
export async function buildDecks(options: BuildOptions): Promise<BuildSummary> {
  const log = options.log ?? (() => undefined);
  const project = projectPaths(path.resolve(options.root));
  const warnings: string[] = [];
  const decks = await loadDecksOrFail(project, options.decks ?? [], options.languages ?? [], Boolean(options.allowMissing), warnings);
  if (options.cmyk && !(await hasGhostscript())) {
    throw new EnvironmentError('--cmyk needs Ghostscript: install it (Debian/Ubuntu: sudo apt-get install ghostscript), or build without --cmyk');
  }
  const previews = (options.previews ?? true) && (await hasPdftoppm());
  if ((options.previews ?? true) && !previews) warnings.push('previews skipped: pdftoppm not found (install poppler-utils)');

  const staging = await Staging.open(path.resolve(options.out));
  const printer = new Printer(new PrintCache(path.join(staging.out, '.cache', 'print'), !options.force));
  try {
    const builds: LanguageBuild[] = [];
    const failures: string[] = [];
    for (const deck of decks) {
      const renderer = await FaceRenderer.create(project, deck.cards.map((card) => card.template));
      for (const language of languagesOf(deck, options.languages)) {
        log(`${deck.meta.id} [${language}]: printing faces`);
        const context: LanguageContext = { deck, language, renderer, staging, printer, chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE, workDir: staging.path('.work', deck.meta.id, language), project, cmyk: options.cmyk ? { icc: options.icc } : undefined };
        const result = await buildLanguage(context);
        failures.push(...result.failures);
        if (result.failures.length > 0) continue;
        const outDir = staging.path(deck.meta.id, language);
        if (previews) {
          log(`${deck.meta.id} [${language}]: previews`);
          const set = await makePreviews(path.join(outDir, 'cards.pdf'), outDir, result.pageNames, result.geometry);
          result.build.files.push(set.contactSheet);
        }
        log(`${deck.meta.id} [${language}]: preflight`);
        // The worksheet is an office document printed edge to edge: no bleed is expected of it.
        const isWorksheet = (file: string) => file === `${deck.meta.worksheet}.pdf`;
        const reports = await Promise.all(
          result.build.files.filter((file) => file.endsWith('.pdf')).map((file) => preflightFile(path.join(outDir, file), isWorksheet(file) ? { minBleed: 0 } : {})),
        );
        await writeFile(path.join(outDir, 'preflight.txt'), `${formatReports(reports, outDir)}\n`);
        failures.push(...reports.filter((report) => !report.ok).map((report) => `${deck.meta.id} [${language}] preflight failed:\n${formatReports([report], outDir)}`));
        const ui = resolveLocale(deck, language).ui;
        const paper = new Map([...deck.profiles].map(([name, profile]) => [name, { kind: profile.kind, paper: typeof profile.sheet === 'string' ? profile.sheet : name }]));
        const manifest = await writeManifestData({
          deck, language, outDir, geometry: result.geometry, files: result.build.files, labels: (file) => fileLabel(file, ui, paper),
          sheets: result.sheets, shrunk: result.build.shrunk, fallbacks: deck.locales.get(language)?.fallbacks ?? [], preflight: reports,
          faceHashes: result.faceHashes,
        });
        const changed = await changedFaces(path.join(staging.out, deck.meta.id, language, 'manifest.json'), result.faceHashes);
        if (changed !== undefined) log(`${deck.meta.id} [${language}]: ${changed} of ${result.faceHashes.length} faces changed since the last build`);
        await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        builds.push(result.build);
        log(`${deck.meta.id} [${language}]: ${result.build.files.length} files${result.build.shrunk.length ? `, ${result.build.shrunk.length} face(s) shrunk to fit` : ''}`);
      }
    }
    if (failures.length > 0) throw new BuildError(`${failures.length} problem(s) in the print layout:\n${failures.map((f) => `  ${f}`).join('\n')}`);
    await staging.commit(decks.map((deck) => deck.meta.id));
    await writeIndexPage(staging.out);
    return { out: staging.out, builds, warnings, prints: { printed: printer.printed, reused: printer.reused } };
  } finally {
    await printer.close();
    await staging.discard();
  }
}

interface LanguageContext {
  deck: LoadedDeck;
  language: string;
  renderer: FaceRenderer;
  staging: Staging;
  printer: Printer;
  chunkSize: number;
  workDir: string;
  project: ProjectPaths;
  cmyk?: { icc?: string };
}

async function buildLanguage(context: LanguageContext) {
  const { deck, language, staging } = context;
  const locale = resolveLocale(deck, language);
  const outDir = staging.path(deck.meta.id, language);
  await mkdir(outDir, { recursive: true });
  const printed = await printVariant(context, 'standard');
  const failures = fitFailures(deck.meta.id, language, printed.faces, printed.fit);
  const geometry = printed.geometry;
  if (failures.length > 0) return { failures, build: undefined as never, pageNames: [], geometry, sheets: [], faceHashes: [] };

  const faces = printed.boxed;
  const order = cardFaceOrder(deck.cards, printed.faces);
  const cards = await assembleCardsPdf(faces, order);
  const title = locale.deck.title ?? deck.meta.id;
  await writeFile(path.join(outDir, 'cards.pdf'), await saveDeterministic(cards, { title, subject: 'Card faces, front then back, with bleed', language }));
  const files = ['cards.pdf'];
  const sheets: SheetSummary[] = [];

  const variantFaces = new Map<SheetVariant, Uint8Array>([['standard', await faces.save({ useObjectStreams: false })]]);
  for (const [profileName, profile] of deck.profiles) {
    for (const variant of profile.variants) {
      let source = variantFaces.get(variant);
      if (!source) {
        const variantPrint = await printVariant(context, variant);
        failures.push(...fitFailures(deck.meta.id, `${language}, ${variant}`, variantPrint.faces, variantPrint.fit));
        source = await variantPrint.boxed.save({ useObjectStreams: false });
        variantFaces.set(variant, source);
      }
      const imposed = await imposeSheets({
        faces: source,
        cards: order.map(({ card, front, back }) => ({ id: card.id, front, back, count: card.count })),
        geometry,
        profileName,
        profile,
        slug: { deck: title, language, sheet: locale.ui.sheet ?? 'sheet', front: locale.ui['front-side'] ?? 'fronts', back: locale.ui['back-side'] ?? 'backs' },
        cover: coverText(locale, profile),
      });
      const file = `sheets-${profileName}${variant === 'standard' ? '' : `-${variant}`}.pdf`;
      await writeFile(path.join(outDir, file), await saveDeterministic(imposed.doc, { title: `${title}: ${profile.description}`, subject: `${imposed.sheets} sheet(s), ${imposed.grid.slots.length} cards per sheet`, language }));
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
  const pageNames = order.flatMap(({ card }, i) => {
    const prefix = String(i + 1).padStart(2, '0');
    return [`${prefix}-${card.id}-front`, `${prefix}-${card.id}-back`];
  });
  if (deck.meta.worksheet) {
    const worksheet = await buildWorksheet(context.printer, context.project, deck, language, path.join(context.workDir, 'worksheet'));
    const file = `${deck.meta.worksheet}.pdf`;
    await writeFile(path.join(outDir, file), worksheet.pdf);
    files.push(file);
  }
  return {
    failures,
    geometry,
    pageNames,
    sheets,
    faceHashes: printed.faceHashes,
    build: { deck: deck.meta.id, language, files, shrunk: shrunkFaces(printed.fit) } satisfies LanguageBuild,
  };
}

/**
 * Renders one variant of a language's faces and prints it (reusing unchanged prints), in chunks of
 * `chunkSize` faces for large decks; the chunks are boxed and joined into one faces document.
 */
async function printVariant(context: LanguageContext, variant: SheetVariant) {
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
    });
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

function renderVariantOf(variant: SheetVariant): RenderVariant {
  return { lowInk: variant === 'low-ink', grayscale: variant === 'grayscale' };
}

function coverText(locale: Locale, profile: SheetProfile): CoverText {
  const ui = locale.ui;
  const flip = profile.duplex.flip === 'long-edge' ? ui['print-duplex-long-edge'] : ui['print-duplex-short-edge'];
  return {
    title: locale.deck.title ?? '',
    subtitle: locale.deck.subtitle ?? '',
    heading: ui['print-heading'] ?? '',
    steps: [flip, ui['print-scale'], ui['print-calibrate'], ui['print-cut']].filter((step): step is string => Boolean(step)),
    calibration: ui['print-calibration'] ?? '',
  };
}

function languagesOf(deck: LoadedDeck, requested: string[] | undefined): string[] {
  return !requested || requested.length === 0 ? deck.meta.languages : requested;
}

async function loadDecksOrFail(project: ProjectPaths, named: string[], languages: string[], allowMissing: boolean, warnings: string[]): Promise<LoadedDeck[]> {
  const dirs = await findDeckDirs(project.root, named);
  const problems: Problem[] = [];
  const decks: LoadedDeck[] = [];
  for (const dir of dirs) {
    const result = await loadDeck(dir, project, { extraLanguages: languages, allowMissing });
    problems.push(...result.problems.filter((p) => p.severity === 'error'));
    warnings.push(...result.problems.filter((p) => p.severity === 'warning').map((p) => formatProblem(p).split('\n')[0]!.replace(': warning: ', ': ')));
    if (result.deck) decks.push(result.deck);
  }
  if (problems.length > 0) throw new InputError(problems);
  if (decks.length === 0) throw new BuildError('no decks to build: a deck folder under deck/ holds deck.yaml');
  return decks;
}
