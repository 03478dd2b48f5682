import path from 'node:path';
import pLimit from 'p-limit';
import { projectPaths, type LoadedDeck, type ProjectPaths } from '../deck/load-deck.ts';
import {
  BuildError,
  displayPath,
  EnvironmentError,
  formatLocation,
  formatProblemLine,
  InputError,
  type Problem,
} from '../shared/errors.ts';
import { languageCodeProblem } from '../shared/language-code.ts';
import { writeLocaleSchema } from '../deck/locale-schema-file.ts';
import type { PreflightReport } from '../preflight/preflight.ts';
import { loadFailure } from '../i18n/missing-summary.ts';
import { unfinishedFailure, unfinishedTranslations, type UnfinishedTranslation } from '../i18n/status.ts';
import { checkProject, errorsOf, type CheckOptions } from '../check/check-decks.ts';
import { outputIntentOf } from '../cmyk/output-intent.ts';
import { loadVendorPresets } from '../deck/vendor-presets.ts';
import { readFile } from 'node:fs/promises';
import { FaceRenderer } from '../render/render-faces.ts';
import { sha256 } from '../shared/hash.ts';
import { buildSet } from './build-set.ts';
import { warningText, type BuildOptions, type BuildSummary } from './build-options.ts';
import { buildInputs, type BuildInputs } from './build-inputs.ts';
import { planSet, type SetPlan } from './plan.ts';
import { StageStore } from '../shared/stage-store.ts';
import { StageClock } from '../shared/stage-timing.ts';
import { codeOf } from '../shared/code-version.ts';
import { buildDate } from '../shared/build-date.ts';
import { writeIndexPage } from '../output/index-page.ts';
import { MARKER, OutputFolder } from '../output/output-folder.ts';
import { explainFsError } from '../shared/fs-errors.ts';
import { Printer } from '../print/printer.ts';
import { startPdfReaderAhead, stopPdfReader } from '../pdf/pdf-reader.ts';
import { closeBrowser, launchBrowser } from '../print/browser.ts';
import { exists } from '../shared/file-exists.ts';
import { PRINT_PAGE_SCRIPT } from '../print-page/script-name.ts';

const DEFAULT_CHUNK_SIZE = 300;
/** The inputs recorded for a set made while its files changed: no later build's inputs equal it. */
const CHANGED_MEANWHILE = 'changed while the build ran';
/** Two sets at once, as two pages of one browser: measured 25 % faster than one at a time on 2 cores. */
const DEFAULT_JOBS = 2;

/**
 * Checks the decks, then makes each set whose inputs changed (from the stage store where they can)
 * and publishes it. `known` (the build's inputs as hashed at its start, when they could be read) is
 * recorded once all is built, so that the next build with the same inputs is over before it
 * starts. The store then keeps what the published sets were made from, and nothing else.
 */
export async function fullBuild(options: BuildOptions, known: BuildInputs | undefined): Promise<BuildSummary> {
  const inputs = known?.hash;
  const log = options.log ?? (() => undefined);
  const project = projectPaths(path.resolve(options.root));
  const warnings: Problem[] = [];
  // A first build into --out (or --force) prints: Chromium starts now, while the decks are checked,
  // rendered and keyed, and is closed if the checks fail.
  const firstBuild = options.force || !(await exists(path.join(path.resolve(options.out), MARKER)));
  const launch = new AbortController();
  const browser = firstBuild ? launchBrowser({ signal: launch.signal }) : undefined;
  browser?.catch(() => undefined);
  if (firstBuild) startPdfReaderAhead();
  const clock = new StageClock();
  const { decks, sets, output } = await clock
    .time('check + plan', () => prepareBuild(project, options, warnings, log))
    .catch(async (error: unknown) => {
      // Chromium is stopped, not waited for: a deck error is told as soon as it is known.
      launch.abort();
      await Promise.all([browser?.then(closeBrowser, () => undefined), stopPdfReader()]);
      throw error;
    });
  const store = StageStore.open(output.cache(), { reuse: !options.force, clock });
  const printer = new Printer(store, browser);
  let closing: Promise<void> | undefined;
  try {
    // Every PDF and manifest carries the document date (SOURCE_DATE_EPOCH): a new one makes them anew.
    const date = buildDate().toISOString();
    const codes = new Map<string, Promise<string>>();
    const code = (module: string) => {
      let hash = codes.get(module);
      if (!hash) codes.set(module, (hash = codeOf(module).then((hash) => `${hash} ${date}`)));
      return hash;
    };
    // Hashed with the build's inputs, when they could be read.
    const iccHash = options.icc ? (known?.icc ?? sha256(await readFile(options.icc))) : undefined;
    const icc = { icc: options.icc, iccHash };
    const cmyk = options.cmyk ? icc : undefined;
    const renderers = new Map(await Promise.all(decks.map(async (deck) => [deck, await FaceRenderer.create(project, deck)] as const)));
    const limit = pLimit(options.jobs ?? DEFAULT_JOBS);
    // Chromium closes once every set has printed what it prints, while sheets and readings are still being made.
    let printing = sets.length;
    const printingOver = () => {
      if (--printing === 0) closing = printer.close();
    };
    // Each set uses the store through a view of its own, which notes the entries the set is made from.
    const views = sets.map(() => store.view());
    // Every set runs to its end before the build goes on or fails: none may still be writing into
    // the staging folder when it is removed.
    const settled = await Promise.allSettled(
      sets.map((plan, index) =>
        limit(async () => {
          const over = once(printingOver);
          try {
            return await buildSet(
              {
                store: views[index]!,
                code,
                renderer: renderers.get(plan.deck)!,
                printer: printer.using(views[index]!),
                project,
                outDir: output.stagedSet(plan.deck.meta.id, plan.language),
                previousDir: path.join(output.out, plan.deck.meta.id, plan.language),
                publishedInputs: options.force ? undefined : output.publishedInputs(plan.deck.meta.id, plan.language),
                workDir: output.work(plan.deck.meta.id, plan.language),
                chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
                cmyk,
                icc,
                log,
                printingOver: over,
              },
              plan,
            );
          } finally {
            over();
          }
        }),
      ),
    );
    const rejected = settled.find((result) => result.status === 'rejected');
    if (rejected) throw rejected.reason;
    const results = settled.map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof buildSet>>>).value);
    const problems = results.flatMap((result) => result.problems);
    if (problems.length > 0) throw new BuildError(problems, { message: await printLayoutFailure(sets, results) });
    // A file edited while the build ran was read before or after the edit, stage by stage: nothing
    // made now is kept as made from the files as they are, so the next build makes it again.
    const changedMeanwhile = inputs !== undefined && (await buildInputs(options))?.hash !== inputs;
    if (changedMeanwhile) {
      await store.forgetWritten();
      warnings.push({
        code: 'inputs-changed',
        severity: 'warning',
        message: "the project's files changed while the build ran, so what it made may mix their old and new versions",
        hint: 'build again',
      });
    }
    await clock.time('publish', () =>
      output.publishSets(
        sets.flatMap(({ deck, language }, index) => {
          const result = results[index]!;
          if (result.unchanged) return [];
          const made = [...views[index]!.used];
          return [
            { deck: deck.meta.id, language, inputs: changedMeanwhile ? CHANGED_MEANWHILE : result.inputs, files: result.files!, made },
          ];
        }),
      ),
    );
    const index = path.relative(output.out, await writeIndexPage(output.out));
    await output.record(index);
    if (inputs && !changedMeanwhile) {
      await output.recordCompleted({
        inputs,
        sets: sets.map(({ deck, language, manifest }) => ({
          deck: deck.meta.id,
          language,
          manifest: path.join(deck.meta.id, language, manifest.file),
        })),
        files: [index, ...((await exists(path.join(output.out, PRINT_PAGE_SCRIPT))) ? [PRINT_PAGE_SCRIPT] : [])],
        problems: warnings,
      });
    }
    // What no published set was made from goes: entries of outputs no longer made, a killed build's leftovers.
    await store.sweep(output.madeFrom()).catch(() => undefined);
    const builds = results.flatMap((result) => (result.build ? [result.build] : []));
    const unchanged = results.filter((result) => result.unchanged).length;
    const { work } = store;
    return {
      out: output.out,
      builds,
      warnings: warnings.map(warningText),
      problems: warnings,
      prints: { printed: work.done.print ?? 0, reused: work.reused.print ?? 0 },
      stages: work,
      profile: clock.report(),
      unchanged,
    };
  } catch (error) {
    throw explainFsError(error, output.out);
  } finally {
    await Promise.all([Promise.all([closing, printer.close()]).finally(() => output.release()), stopPdfReader()]);
  }
}

/** Everything before the first set is made: the decks checked, the tools probed, the sets planned, --out claimed. */
async function prepareBuild(
  project: ProjectPaths,
  options: BuildOptions,
  warnings: Problem[],
  log: (line: string) => void,
): Promise<{ decks: LoadedDeck[]; sets: SetPlan[]; output: OutputFolder }> {
  // A language is a code before it is a file name: `../x` would name a locale and a set folder elsewhere.
  const notCodes = (options.languages ?? []).flatMap((language) => languageCodeProblem(language) ?? []);
  if (notCodes.length > 0) throw new InputError(notCodes.map((message) => ({ code: 'language-code', severity: 'error', message })));
  const vendors = await loadVendorPresets(project.templatesDir, options.vendors ?? []);
  const { decks, writeSchemas } = await loadDecksOrFail(
    project,
    options.decks ?? [],
    { languages: options.languages ?? [], allowMissing: Boolean(options.allowMissing), vendors },
    warnings,
    log,
  );
  // Probed through their modules only when asked for: the modules load pdf-lib and sharp.
  const hasGhostscript = async () => (await import('../cmyk/cmyk.ts')).hasGhostscript();
  if (options.cmyk && !(await hasGhostscript())) {
    throw new EnvironmentError(
      '--cmyk needs Ghostscript: install it (Debian/Ubuntu: sudo apt-get install ghostscript), or build without --cmyk',
      { code: 'tool-missing' },
    );
  }
  const needsGhostscript = options.cmyk ? '--cmyk' : [...vendors.values()].find((vendor) => vendor.output.kind === 'pdf')?.name;
  if (needsGhostscript && !options.cmyk && !(await hasGhostscript())) {
    throw new EnvironmentError(
      `${needsGhostscript}'s CMYK PDF needs Ghostscript: install it (Debian/Ubuntu: sudo apt-get install ghostscript), or leave that vendor out`,
      { code: 'tool-missing' },
    );
  }
  // A profile that is no CMYK printer profile is refused before anything is printed.
  if (needsGhostscript && options.icc) await outputIntentOf(options.icc);
  const previews = (options.previews ?? true) && (await (await import('../preview/rasterise.ts')).hasPdftoppm());
  if ((options.previews ?? true) && !previews)
    warnings.push({
      code: 'tool-missing',
      severity: 'warning',
      message: 'previews skipped: pdftoppm not found',
      hint: 'install poppler-utils',
    });

  const unfinished = await unfinishedOfSets(decks, options, warnings);
  const sets = decks.flatMap((deck) =>
    languagesOf(deck, options.languages).map((language) =>
      planSet(deck, language, {
        previews,
        cmyk: Boolean(options.cmyk),
        vendors,
        unfinished: unfinished.get(`${deck.meta.id}\0${language}`),
      }),
    ),
  );
  const output = await OutputFolder.claim({
    out: options.out,
    sources: [
      path.join(project.root, 'deck'),
      project.templatesDir,
      project.pictosDir,
      path.join(project.root, 'src'),
      ...decks.map((deck) => deck.dir),
    ],
    sets: sets.map(({ deck, language }) => ({ deck: deck.meta.id, language })),
    waitMs: (options.waitSeconds ?? 0) * 1000,
    onWait: log,
  });
  await writeSchemas();
  return { decks, sets, output };
}

/**
 * Translations that are unfinished (fuzzy, new, initial …), stale or an unconfirmed copy of the
 * source stop the build before anything is printed, each named; with --allow-unfinished they
 * print, each a warning, and the plan of its set lists them for the manifest and preflight.txt.
 */
async function unfinishedOfSets(
  decks: LoadedDeck[],
  options: BuildOptions,
  warnings: Problem[],
): Promise<Map<string, Array<{ key: string; state: string; at: string }>>> {
  const found = new Map<string, UnfinishedTranslation[]>();
  for (const deck of decks)
    for (const language of languagesOf(deck, options.languages)) {
      const unfinished = await unfinishedTranslations(deck, language);
      if (unfinished.length > 0) found.set(`${deck.meta.id}\0${language}`, unfinished);
    }
  const all = [...found.values()].flat();
  if (all.length > 0 && !options.allowUnfinished) throw unfinishedFailure(all);
  warnings.push(...all.map(({ problem }) => ({ ...problem, severity: 'warning' as const, source: undefined })));
  return new Map(
    [...found].map(([set, unfinished]) => [
      set,
      unfinished.map(({ key, state, problem }) => ({
        key,
        state,
        at: problem.location ? formatLocation(problem.location, path.resolve(options.root)) : '',
      })),
    ]),
  );
}

function languagesOf(deck: LoadedDeck, requested: string[] | undefined): string[] {
  return !requested || requested.length === 0 ? deck.meta.languages : requested;
}

/** The build's gate: the same check as `kaartenset check`, so a build never fails on what it could have known. */
async function loadDecksOrFail(
  project: ProjectPaths,
  named: string[],
  options: CheckOptions,
  warnings: Problem[],
  log: (line: string) => void,
): Promise<{ decks: LoadedDeck[]; writeSchemas: () => Promise<void> }> {
  const report = await checkProject(project, named, options);
  // The schema editors check a deck's locales with follows its templates: the build keeps it current
  // (check writes nothing), also for a deck with errors, as it helps to mend them. A build that goes
  // on writes them once it holds the output folder: one refused there writes nothing at all.
  const writeSchemas = async () => {
    for (const { draft } of report.decks) {
      const written = draft ? await writeLocaleSchema(draft) : undefined;
      if (written) log(`wrote ${displayPath(written)}: the fields its templates declare, for editors`);
    }
  };
  const problems = [...report.shared, ...report.decks.flatMap((deck) => deck.problems)];
  warnings.push(...problems.filter((p) => p.severity === 'warning').map((p) => ({ ...p, source: undefined })));
  const errors = errorsOf(report);
  if (errors.length > 0) {
    await writeSchemas();
    throw loadFailure(errors, report.decks);
  }
  const decks = report.decks.flatMap((deck) => (deck.deck ? [deck.deck] : []));
  if (decks.length === 0) throw new BuildError('no decks to build: a deck folder under deck/ holds deck.yaml');
  return { decks, writeSchemas };
}

/**
 * What a failed build says: each problem of the print layout on a line, and for a file that failed
 * preflight, its whole report (which checks passed tells as much as which did not).
 */
async function printLayoutFailure(
  sets: SetPlan[],
  results: Array<{ problems: Problem[]; failedPreflights: PreflightReport[] }>,
): Promise<string> {
  const { formatReports } = await import('../preflight/preflight.ts');
  const lines: string[] = [];
  for (const [index, result] of results.entries()) {
    const preflight = new Set(result.failedPreflights.flatMap((report) => report.problems));
    lines.push(...result.problems.filter((problem) => !preflight.has(problem)).map((problem) => `  ${formatProblemLine(problem)}`));
    for (const report of result.failedPreflights)
      lines.push(`  ${sets[index]!.name} preflight failed:\n${formatReports([report], path.dirname(report.file))}`);
  }
  return `${lines.length} problem(s) in the print layout:\n${lines.join('\n')}`;
}

/** `fn` on the first call, nothing on later ones. */
function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}
