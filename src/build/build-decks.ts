import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLED_FONTS } from '../assets/fonts.ts';
import { findDeckDirs } from '../deck/find-decks.ts';
import { loadDeck, projectPaths, type LoadedDeck, type ProjectPaths } from '../deck/load-deck.ts';
import { BuildError, EnvironmentError, InputError, type Problem } from '../deck/problems.ts';
import { assembleCardsPdf, boxFaces, cardFaceOrder } from '../print/box-faces.ts';
import { closeBrowser, launchBrowser, type Browser } from '../print/browser.ts';
import { fitFailures, shrunkFaces } from '../print/fit-report.ts';
import { saveDeterministic } from '../print/pdf-output.ts';
import { printFaces, type PrintedFaces, type PrintRequest } from '../print/print-faces.ts';
import { hasPdftoppm } from '../preview/rasterise.ts';
import { makePreviews } from '../preview/previews.ts';
import { FaceRenderer, type RenderVariant } from '../render/render-faces.ts';
import { resolveLocale } from '../render/resolve-language.ts';
import { Staging } from './staging.ts';

export interface BuildOptions {
  root: string;
  out: string;
  decks?: string[];
  languages?: string[];
  previews?: boolean;
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
}

/** Loads, validates and builds decks × languages into `out`; all or nothing. */
export async function buildDecks(options: BuildOptions): Promise<BuildSummary> {
  const log = options.log ?? (() => undefined);
  const project = projectPaths(path.resolve(options.root));
  const decks = await loadDecksOrFail(project, options.decks ?? [], options.languages ?? []);
  const warnings: string[] = [];
  const previews = (options.previews ?? true) && (await hasPdftoppm());
  if ((options.previews ?? true) && !previews) warnings.push('previews skipped: pdftoppm not found (install poppler-utils)');

  const staging = await Staging.open(path.resolve(options.out));
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const builds: LanguageBuild[] = [];
    const failures: string[] = [];
    for (const deck of decks) {
      const renderer = await FaceRenderer.create(project, deck.cards.map((card) => card.template));
      for (const language of languagesOf(deck, options.languages)) {
        log(`${deck.meta.id} [${language}]: printing faces`);
        const context: LanguageContext = { deck, language, renderer, staging, workDir: staging.path('.work', deck.meta.id, language) };
        const result = await buildLanguage(context, () => browser!, async () => {
          await closeBrowser(browser!);
          browser = await launchBrowser();
        });
        failures.push(...result.failures);
        if (result.failures.length > 0) continue;
        if (previews) {
          log(`${deck.meta.id} [${language}]: previews`);
          const set = await makePreviews(context.staging.path(deck.meta.id, language, 'cards.pdf'), staging.path(deck.meta.id, language), result.pageNames, result.geometry);
          result.build.files.push(set.contactSheet);
        }
        builds.push(result.build);
        log(`${deck.meta.id} [${language}]: ${result.build.files.length} files${result.build.shrunk.length ? `, ${result.build.shrunk.length} face(s) shrunk to fit` : ''}`);
      }
    }
    if (failures.length > 0) throw new BuildError(`${failures.length} problem(s) in the print layout:\n${failures.map((f) => `  ${f}`).join('\n')}`);
    await staging.commit(decks.map((deck) => deck.meta.id));
    return { out: staging.out, builds, warnings };
  } finally {
    if (browser) await closeBrowser(browser);
    await staging.discard();
  }
}

interface LanguageContext {
  deck: LoadedDeck;
  language: string;
  renderer: FaceRenderer;
  staging: Staging;
  workDir: string;
}

async function buildLanguage(context: LanguageContext, browser: () => Browser, relaunch: () => Promise<void>) {
  const { deck, language, staging } = context;
  const locale = resolveLocale(deck, language);
  const outDir = staging.path(deck.meta.id, language);
  await mkdir(outDir, { recursive: true });
  const printed = await printVariant(context, {}, browser, relaunch);
  const failures = fitFailures(deck.meta.id, language, printed.faces, printed.print.fit);
  const geometry = printed.geometry;
  if (failures.length > 0) return { failures, build: undefined as never, pageNames: [], geometry };

  const faces = await boxFaces(printed.print.pdf, geometry);
  const order = cardFaceOrder(deck.cards, printed.faces);
  const cards = await assembleCardsPdf(faces, order);
  const title = locale.deck.title ?? deck.meta.id;
  await writeFile(path.join(outDir, 'cards.pdf'), await saveDeterministic(cards, { title, subject: 'Card faces, front then back, with bleed', language }));
  const pageNames = order.flatMap(({ card }, i) => {
    const prefix = String(i + 1).padStart(2, '0');
    return [`${prefix}-${card.id}-front`, `${prefix}-${card.id}-back`];
  });
  return {
    failures,
    geometry,
    pageNames,
    build: { deck: deck.meta.id, language, files: ['cards.pdf'], shrunk: shrunkFaces(printed.print.fit) } satisfies LanguageBuild,
  };
}

/** Renders and prints one variant of a language's faces; a crashed browser is relaunched and tried once more. */
async function printVariant(context: LanguageContext, variant: RenderVariant, browser: () => Browser, relaunch: () => Promise<void>) {
  const { deck, language, renderer } = context;
  const locale = resolveLocale(deck, language);
  await mkdir(context.workDir, { recursive: true });
  const rendered = renderer.render(deck, { locale, language, variant, assetUrl: (file) => new URL(`file://${file}`).href });
  const htmlFile = path.join(context.workDir, `faces${variant.lowInk ? '-low-ink' : ''}${variant.grayscale ? '-grey' : ''}.html`);
  await writeFile(htmlFile, rendered.html);
  const request: PrintRequest = {
    htmlFile,
    allowedFiles: BUNDLED_FONTS.map((font) => font.file),
    minFontPt: deck.meta.minFontSize,
    bleedPt: deck.meta.bleed,
    safePt: deck.meta.safeZone,
  };
  let print: PrintedFaces;
  try {
    print = await printFaces(browser(), request);
  } catch (error) {
    // A crashed or disconnected browser is worth one more try; a real problem in the input is not.
    if (error instanceof BuildError || error instanceof EnvironmentError) throw error;
    await relaunch();
    print = await printFaces(browser(), request);
  }
  return { print, faces: rendered.faces, geometry: rendered.geometry };
}

function languagesOf(deck: LoadedDeck, requested: string[] | undefined): string[] {
  return !requested || requested.length === 0 ? deck.meta.languages : requested;
}

async function loadDecksOrFail(project: ProjectPaths, named: string[], languages: string[]): Promise<LoadedDeck[]> {
  const dirs = await findDeckDirs(project.root, named);
  const problems: Problem[] = [];
  const decks: LoadedDeck[] = [];
  for (const dir of dirs) {
    const result = await loadDeck(dir, project, { extraLanguages: languages });
    problems.push(...result.problems.filter((p) => p.severity === 'error'));
    if (result.deck) decks.push(result.deck);
  }
  if (problems.length > 0) throw new InputError(problems);
  if (decks.length === 0) throw new BuildError('no decks to build: a deck folder under deck/ holds deck.yaml');
  return decks;
}
