import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PreflightReport } from '../preflight/preflight.ts';
import { fitProblems, shrunkFaces } from '../fit/fit-report.ts';
import { belowMinimum, smallTextProblems } from '../fit/min-text-size.ts';
import { formatProblemLine, type Problem } from '../shared/errors.ts';
import { resolveLocale } from '../deck/resolve-locale.ts';
import { listFaces, type Face } from '../deck/faces.ts';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { contentHash } from '../shared/content-hash.ts';
import { stageKey } from '../shared/stage-store.ts';
import { renderWebEdition } from '../web/web-edition.ts';
import { buildManifest } from './build-manifest.ts';
import type { SheetSummary } from '../output/manifest.ts';
import { readManifest } from '../output/published.ts';
import type { SetPlan } from './plan.ts';
import type { LanguageBuild } from './build-options.ts';
import { endPdfLane, startPdfReader } from '../pdf/pdf-reader.ts';
import { prepareSubsetting } from '../assets/font-subset.ts';
import type { StageContext } from './stages/context.ts';
import { prepareFaces, sourceLanguageKeys, type PreparedFaces } from './stages/faces.ts';
import { worksheetKey, worksheetStage } from './stages/worksheet.ts';

/** What one set needs from the build around it, besides its plan. */
export interface SetContext extends StageContext {
  /** The staged folder of this set: dist/<deck>/<lang>/ once the build publishes it. */
  outDir: string;
  /** The published folder of the same set, from the last build. */
  previousDir: string;
  /** The inputs key of the published set, when one is published with all its files as written. */
  publishedInputs?: string;
  cmyk?: { icc?: string; iccHash?: string };
  /** The shop's profile (with or without --cmyk), for vendors that take CMYK PDFs. */
  icc: { icc?: string; iccHash?: string };
  log: (line: string) => void;
  /** Called once this set will print nothing more, so the browser can close while the rest is made. */
  printingOver: () => void;
}

export interface SetResult {
  /** What failed: text that cannot fit or is too small, a preflight check of a file. */
  problems: Problem[];
  /** The preflight report of each file that failed one, named by where it would be published. */
  failedPreflights: PreflightReport[];
  build?: LanguageBuild;
  /** A hash of every input of the set; when it equals the published set's, nothing was made again. */
  inputs: string;
  /** True when the published set is current and was kept as it is. */
  unchanged: boolean;
  /** Each file written into the set's folder (relative to it) with its content hash, when it was made. */
  files?: Record<string, string>;
}

/**
 * One deck in one language: faces (render + print), cards.pdf, the sheets of every profile and
 * variant, the worksheet, previews, preflight and manifest, each a cached stage. Returns what failed
 * (text that cannot fit, a preflight) rather than throwing, so one build reports every set's problems.
 */
export async function buildSet(context: SetContext, plan: SetPlan): Promise<SetResult> {
  const { log } = context;
  const faces = new Map<string, PreparedFaces>();
  const standard = await prepareFaces(context, plan, 'standard');
  for (const variant of plan.variants)
    faces.set(variant, variant === 'standard' ? standard : await prepareFaces(context, plan, variant, standard));
  const worksheet = plan.worksheet ? await worksheetKey(context, plan) : undefined;
  // Rendered up front, as it is cheap and pure: its text (picto descriptions too) keys the set.
  const { clock } = context.store;
  const web = new TextEncoder().encode(
    await clock.time('web edition', () => renderWebEdition(plan.deck, plan.language, plan.locale, sourceLanguageKeys(plan))),
  );
  // This module's code is all the code that makes a set: every stage is loaded from here.
  const inputs = stageKey(
    'set',
    await context.code(import.meta.url),
    contentHash(web),
    plan.title,
    plan.cards,
    plan.sheets,
    plan.vendors,
    plan.worksheet,
    plan.previews,
    plan.fallbacks,
    plan.unfinished,
    [...faces.values()].map((f) => f.key),
    worksheet,
    context.cmyk?.iccHash ?? Boolean(context.cmyk),
    plan.vendors.length ? context.icc.iccHash : null,
  );
  // The output folder gives a set's inputs only while each of its files is as the build wrote it.
  if (inputs === context.publishedInputs) {
    const manifest = await readManifest(path.join(context.previousDir, plan.manifest.file));
    if (manifest) {
      log(`${plan.name}: unchanged`);
      return {
        problems: [],
        failedPreflights: [],
        inputs,
        unchanged: true,
        build: { deck: manifest.deck, language: manifest.language, files: manifest.files.map((f) => f.file), shrunk: manifest.shrunkToFit },
      };
    }
  }

  if (plan.unfinished.length > 0)
    log(
      `${plan.name}: prints ${plan.unfinished.length} unfinished translation(s) (--allow-unfinished): ${plan.unfinished.map((u) => `${u.key} (${u.state}, ${u.at})`).join('; ')}`,
    );
  log(`${plan.name}: faces`);
  // The stages that make outputs load pdf-lib, pdf.js, Ghostscript's wrapper and sharp: only now.
  const [
    { cardsPdfFaces, cardsStage, pdfFactsStage, printKitStage, preflightStage, previewsStage, sheetsStage, vendorStage },
    { formatReports, reportAs },
    { readAhead, readPages },
    { textRuns },
  ] = await Promise.all([
    import('./stages/index.ts'),
    import('../preflight/preflight.ts'),
    import('../pdf/read-pages.ts'),
    import('../pdf/text-runs.ts'),
  ]);
  // pdf.js loads in its own thread, and HarfBuzz compiles for the sheets' words, while Chromium prints.
  startPdfReader(plan.name);
  if (plan.sheets.length > 0) prepareSubsetting();
  const printed = await clock.time('faces (waited for)', () => standard.load());
  const loadedLocale = plan.deck.locales.get(plan.language);
  const templateFile = (face: Face) =>
    plan.deck.templates.get(face.template)?.file ?? path.join(context.project.templatesDir, 'cards', `${face.template}.hbs`);
  const problems = fitProblems(
    plan.deck.meta.id,
    plan.language,
    listFaces(plan.deck.cards),
    printed.result.fit,
    loadedLocale,
    templateFile,
  );
  const contents = new Map<string, Uint8Array>();
  // Each PDF is preflighted from the moment it is made, so the checks that do not wait for its
  // reading run while the main thread would otherwise wait for one.
  const preflights = new Map<string, Promise<PreflightReport>>();
  // Work the set runs beside its stages: a set that fails waits for it, so nothing of the set still
  // writes into the stage store or the staging folder once the build has cleaned them up.
  const beside: Promise<unknown>[] = [];
  const made = (file: string, bytes: Uint8Array) => {
    contents.set(file, bytes);
    if (file.endsWith('.pdf')) {
      const report = preflightStage(context, plan, file, bytes);
      report.catch(() => undefined);
      preflights.set(file, report);
      beside.push(report);
    }
  };
  try {
    const cardsPdf = await cardsStage(context, plan, standard);
    // Every text's size as a PDF reader sees it in cards.pdf, whatever the CSS asked for; read (in the
    // PDF reader's thread, where there is one) while the sheets are imposed, and kept for preflight.
    const cardsReading = readPages(cardsPdf, plan.name);
    cardsReading.catch(() => undefined);
    beside.push(cardsReading);
    made(plan.cards.file, cardsPdf);

    made(plan.web.file, web);
    // What else prints (the other variants' faces, the worksheet) prints now, while cards.pdf is
    // read; then Chromium can close.
    for (const [variant, variantFaces] of faces) {
      if (variantFaces === standard) continue;
      const { result } = await variantFaces.load();
      // A text that overflows in every ink is said once, for the standard faces.
      const said = new Set(problems.map((problem) => formatProblemLine(problem)));
      const plain = fitProblems(plan.deck.meta.id, plan.language, listFaces(plan.deck.cards), result.fit, loadedLocale, templateFile);
      const named = fitProblems(
        plan.deck.meta.id,
        `${plan.language}, ${variant}`,
        listFaces(plan.deck.cards),
        result.fit,
        loadedLocale,
        templateFile,
      );
      problems.push(...named.filter((_, index) => !said.has(formatProblemLine(plain[index]!))));
    }
    const worksheetPdf = plan.worksheet ? await worksheetStage(context, plan, worksheet!) : undefined;
    context.printingOver();
    const sheets: SheetSummary[] = [];
    for (const sheet of plan.sheets) {
      const variantFaces = faces.get(sheet.variant)!;
      const output = await sheetsStage(context, plan, sheet, variantFaces, context.cmyk);
      sheets.push(...output.result);
      for (const [file, bytes] of Object.entries(output.files)) {
        // Read for preflight while the next sheets are made.
        if (file.endsWith('.pdf')) readAhead(bytes, plan.name);
        made(file, bytes);
      }
    }
    for (const vendor of plan.vendors) {
      log(`${plan.name}: ${vendor.preset.name}`);
      for (const [file, bytes] of Object.entries(await vendorStage(context, plan, vendor, cardsPdf, context.icc))) made(file, bytes);
    }
    if (plan.printKit) {
      const kitFaces = new Map(plan.variants.map((variant) => [variant, faces.get(variant)!] as const));
      for (const [file, bytes] of Object.entries(await printKitStage(context, plan, kitFaces))) made(file, bytes);
    }
    if (plan.worksheet) made(plan.worksheet.file, worksheetPdf!);
    // The words of a page with text below the minimum are read to name the field.
    const small = (await clock.time('reading cards.pdf (waited for)', () => cardsReading)).filter((page) =>
      // Packed three numbers a run, the size first (PackedRuns).
      page.textSizes.some((value, index) => index % 3 === 0 && belowMinimum(value, plan.deck.meta.minFontSize)),
    );
    const runs =
      small.length > 0
        ? await textRuns(
            cardsPdf,
            small.map((page) => page.page - 1),
          )
        : [];
    problems.push(
      ...smallTextProblems({
        deckId: plan.deck.meta.id,
        language: plan.language,
        faces: cardsPdfFaces(plan),
        runs,
        minFontPt: plan.deck.meta.minFontSize,
        locale: resolveLocale(plan.deck, plan.language),
        templateFile,
      }),
    );
    if (problems.length > 0) {
      await Promise.allSettled(beside);
      return { problems, failedPreflights: [], inputs, unchanged: false };
    }
    // Every PDF of the set is made and being read: once read, the set's reader thread can go.
    void Promise.allSettled([cardsReading, ...preflights.values()]).then(() => endPdfLane(plan.name));
    if (plan.previews) {
      log(`${plan.name}: previews`);
      for (const [file, bytes] of Object.entries(await previewsStage(context, plan, cardsPdf, printed.result.geometry))) made(file, bytes);
    }

    log(`${plan.name}: preflight`);
    const reports: PreflightReport[] = await clock.time('preflight (waited for)', () => Promise.all(preflights.values()));
    // Reports name files relative to the set folder, wherever that folder is.
    const located = reports.map((report) => ({ ...report, file: path.join(context.outDir, report.file) }));
    // A failed check is told where its file would be published: the staging folder is removed.
    const failedPreflights = reports
      .filter((report) => !report.ok)
      .map((report) => reportAs(report, path.join(context.previousDir, report.file)));
    problems.push(...failedPreflights.flatMap((report) => report.problems));

    const shrunk = shrunkFaces(printed.result.fit);
    const manifest = await clock.time('manifest', () =>
      buildManifest({
        plan,
        geometry: printed.result.geometry,
        contents,
        pdfFacts: (pdf) => pdfFactsStage(context, pdf),
        sheets,
        shrunk,
        preflight: reports,
        faceHashes: printed.result.faceHashes,
      }),
    );

    contents.set(plan.preflight.file, new TextEncoder().encode(`${formatReports(located, context.outDir)}\n${unfinishedSection(plan)}`));
    contents.set(plan.manifest.file, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
    const files = await clock.time('write set', () => writeSet(context.outDir, contents));

    const previous = await readManifest(path.join(context.previousDir, plan.manifest.file));
    if (previous) {
      const before = new Map(previous.faceHashes.map((face) => [face.face, face.hash]));
      const changed = manifest.faceHashes.filter((face) => before.get(face.face) !== face.hash).length;
      log(`${plan.name}: ${changed} of ${manifest.faceHashes.length} faces changed since the last build`);
    }
    log(`${plan.name}: ${manifest.files.length} files${shrunk.length ? `, ${shrunk.length} face(s) shrunk to fit` : ''}`);
    return {
      problems,
      failedPreflights,
      inputs,
      unchanged: false,
      files,
      build: { deck: manifest.deck, language: manifest.language, files: manifest.files.map((f) => f.file), shrunk },
    };
  } catch (error) {
    await Promise.allSettled(beside);
    throw error;
  }
}

/** Writes each file into the set's folder; returns each with its content hash, which the output folder records as published. */
async function writeSet(outDir: string, contents: Map<string, Uint8Array>): Promise<Record<string, string>> {
  await mkdir(outDir, { recursive: true });
  const files: Record<string, string> = {};
  for (const [file, bytes] of contents) {
    await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
    await writeFileAtomic(path.join(outDir, file), bytes);
    // Hashed once, for the manifest or here.
    files[file] = contentHash(bytes);
  }
  return files;
}

/** preflight.txt's word on text: the translations printed unfinished, so whoever checks the files sees them. */
function unfinishedSection(plan: SetPlan): string {
  if (plan.unfinished.length === 0) return '';
  const lines = plan.unfinished.map((u) => `  ${u.at}: ${u.key}: ${u.state}`);
  return `\n${plan.unfinished.length} unfinished translation(s) printed (built with --allow-unfinished):\n${lines.join('\n')}\n`;
}
