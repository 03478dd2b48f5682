import { UI_LANGUAGES } from '../deck/ui-strings.ts';
import path from 'node:path';
import { gutterProblem, vendorBleedProblem } from '../deck/bleed-policy.ts';
import { faceGeometry } from '../deck/face-geometry.ts';
import { exists } from '../shared/file-exists.ts';
import { listFaces } from '../deck/faces.ts';
import { findDeckDirs } from '../deck/find-decks.ts';
import { loadDeck, projectPaths, type LoadedDeck, type LoadResult, type ProjectPaths } from '../deck/load-deck.ts';
import { isTranslated } from '../deck/locale-strings.ts';
import { stageUiKeys } from '../deck/ui-keys.ts';
import { loadVendorPresets, type VendorPreset } from '../deck/vendor-presets.ts';
import { problemAtPath, type YamlSource } from '../deck/yaml-source.ts';
import { planSheet } from '../impose/sheet-plan.ts';
import { DECK_STYLESHEET, FaceRenderer, faceData } from '../render/render-faces.ts';
import { checkStylesheet } from '../render/stylesheet-check.ts';
import { checkTemplates, type TemplateCheck, type UiUse } from '../render/template-check.ts';
import { fileProblem, sortProblems, type Problem } from '../shared/errors.ts';

/**
 * `check` is the build's gate: everything the build would otherwise meet late, found before
 * anything is printed, and every problem at once. `kaartenset check`, the start of every build and
 * each refresh of `dev` run this same function.
 */

export interface CheckOptions {
  /** Languages checked beside each deck's own (a language being built with --lang or viewed in dev). */
  languages?: string[];
  /** Missing translations are warnings and show the source text. */
  allowMissing?: boolean;
  /** Print-on-demand vendors the decks are made for (--vendor): each holds the deck's bleed to its own. */
  vendors?: Map<string, VendorPreset>;
  /**
   * Leave out the trial render of every face in every language: `dev` renders its one language
   * itself on each save, and checks again with the render when that render throws.
   */
  skipRender?: boolean;
}

export interface CheckedDeck {
  dir: string;
  /** The deck, when it has no errors of its own and the shared templates have none either. */
  deck?: LoadedDeck;
  /** The deck as far as it loaded (its deck.yaml and cards.yaml valid), errors or not. */
  draft?: LoadedDeck;
  problems: Problem[];
}

export interface CheckReport {
  /** Problems of the shared templates and stylesheet: every deck depends on them. */
  shared: Problem[];
  decks: CheckedDeck[];
}

/**
 * Checks the named decks (every deck under deck/ when none are named) and what they share; with
 * vendor preset ids (templates/vendors/), also whether each deck can be made for those vendors.
 */
export async function checkDecks(root: string, named: string[] = [], vendorIds: string[] = []): Promise<CheckReport> {
  const project = projectPaths(path.resolve(root));
  return checkProject(project, named, { vendors: await loadVendorPresets(project.templatesDir, vendorIds) });
}

/** The same, for a project already resolved, with the languages and allowances of a build. */
export async function checkProject(project: ProjectPaths, named: string[] = [], options: CheckOptions = {}): Promise<CheckReport> {
  const found = await findDeckDirs(project.root, named);
  const absent = await Promise.all(found.map(async (dir) => !(await exists(dir))));
  const dirs = found.filter((_, index) => !absent[index]);
  const [shared, loaded] = await Promise.all([
    checkShared(project),
    Promise.all(dirs.map(async (dir) => ({ dir, result: await loadDeck(dir, project, loadOptions(options)) }))),
  ]);
  const duplicates = duplicateIds(loaded);
  const decks = await Promise.all(
    loaded.map(async ({ dir, result }) => checkLoaded(project, dir, result, shared, duplicates.get(dir) ?? [], options.vendors)),
  );
  const unknown = absent.some(Boolean)
    ? await unknownDecks(
        project,
        named.filter((_, index) => absent[index]),
      )
    : [];
  return { shared: shared.problems, decks: [...unknown, ...decks] };
}

/** A named deck that is neither a folder under deck/ nor a folder's path: the decks there are, named. */
async function unknownDecks(project: ProjectPaths, names: string[]): Promise<CheckedDeck[]> {
  const known = (await findDeckDirs(project.root)).map((dir) => path.basename(dir));
  const choices =
    known.length > 0 ? `the decks under deck/ are ${known.join(', ')}` : 'deck/ holds no deck yet (kaartenset new <name> makes one)';
  return names.map((name) => {
    const dir = path.join(project.root, 'deck', name);
    return { dir, problems: [fileProblem('deck-not-found', dir, `no deck "${name}": ${choices}, or give the path of a deck folder`)] };
  });
}

/** One deck and the shared templates: what `dev` re-checks on every save. */
export async function checkDeck(project: ProjectPaths, dir: string, options: CheckOptions = {}): Promise<CheckReport> {
  const [shared, result] = await Promise.all([checkShared(project), loadDeck(dir, project, loadOptions(options))]);
  return {
    shared: shared.problems,
    decks: [await checkLoaded(project, path.resolve(dir), result, shared, [], undefined, options.skipRender)],
  };
}

/** Every error of a report, shared ones first. */
export function errorsOf(report: CheckReport): Problem[] {
  return [...report.shared, ...report.decks.flatMap((deck) => deck.problems)].filter((problem) => problem.severity === 'error');
}

function loadOptions(options: CheckOptions) {
  const languages = options.languages ?? [];
  return { extraLanguages: languages, allowMissing: options.allowMissing, building: languages.length > 0 ? languages : undefined };
}

interface SharedCheck extends TemplateCheck {
  ok: boolean;
}

async function checkShared(project: ProjectPaths): Promise<SharedCheck> {
  const [templates, styles] = await Promise.all([
    checkTemplates(project.templatesDir),
    checkStylesheet(path.join(project.templatesDir, 'styles', 'cards.css')),
  ]);
  const problems = sortProblems([...templates.problems, ...styles]);
  return { problems, uiUses: templates.uiUses, ok: !problems.some((problem) => problem.severity === 'error') };
}

async function checkLoaded(
  project: ProjectPaths,
  dir: string,
  result: LoadResult,
  shared: SharedCheck,
  extra: Problem[],
  vendors: Map<string, VendorPreset> = new Map(),
  skipRender = false,
): Promise<CheckedDeck> {
  const own = (await exists(path.join(dir, 'templates')))
    ? await checkTemplates(project.templatesDir, path.join(dir, 'templates'))
    : undefined;
  const stylesheet = path.join(dir, DECK_STYLESHEET);
  const styles = (await exists(stylesheet)) ? await checkStylesheet(stylesheet) : [];
  const problems = [...result.problems, ...extra, ...(own?.problems ?? []), ...styles];
  const deck = result.deck;
  if (result.draft) {
    if (result.identity)
      problems.push(
        ...layoutProblems(result.draft, result.identity.source),
        ...bleedProblems(result.draft, result.identity.source, vendors),
      );
    problems.push(...uiProblems(result.draft, (own ?? shared).uiUses));
  }
  if (deck && shared.ok && !skipRender && !problems.some((problem) => problem.severity === 'error'))
    problems.push(...(await renderProblems(project, deck)));
  const sorted = sortProblems(problems);
  const usable = shared.ok && !sorted.some((problem) => problem.severity === 'error');
  return { dir, deck: usable ? deck : undefined, draft: result.draft, problems: sorted };
}

/** Two deck folders with one id would build into one dist/<id>/: each copy after the first is named. */
function duplicateIds(loaded: Array<{ dir: string; result: LoadResult }>): Map<string, Problem[]> {
  const first = new Map<string, string>();
  const problems = new Map<string, Problem[]>();
  for (const { dir, result } of loaded) {
    const identity = result.identity;
    if (!identity) continue;
    const earlier = first.get(identity.id);
    if (earlier === undefined) {
      first.set(identity.id, dir);
      continue;
    }
    const message = `deck id "${identity.id}" is also the id of ${path.join(earlier, 'deck.yaml')}; each deck needs its own id (it names the output folder dist/${identity.id}/)`;
    problems.set(dir, [problemAtPath('duplicate-deck-id', identity.source, ['id'], message)]);
  }
  return problems;
}

/**
 * Cards that cannot be laid out on a profile's sheet, said before anything is printed: the
 * imposer's own plan of the sheet (grid, fold-over, work-and-turn) says why by throwing.
 */
function layoutProblems(deck: LoadedDeck, deckSource: YamlSource): Problem[] {
  const geometry = faceGeometry(deck.meta);
  return [...deck.profiles].flatMap(([name, profile]) => {
    try {
      planSheet(profile, geometry);
      return [];
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return [
        problemAtPath(
          'sheet-layout',
          deckSource,
          ['cardSize'],
          `sheet profile "${name}" (templates/sheets/${name}.yaml): ${error.message}`,
        ),
      ];
    }
  });
}

/**
 * Where the deck's bleed cannot be printed in full: a chosen sheet profile whose gutter is too
 * narrow for it (a warning: those sheets are made with what fits, and say so), and a vendor that
 * asks more bleed than the faces carry (an error: the vendor would cut inside the trim).
 */
function bleedProblems(deck: LoadedDeck, deckSource: YamlSource, vendors: Map<string, VendorPreset>): Problem[] {
  const bleed = deck.meta.bleed;
  // Located at the bleed: deck.yaml may name no profiles (the default ones), and the bleed is the deck's choice.
  const gutters = [...deck.profiles].flatMap(([name, profile]) => {
    const message = profile.bleed ? gutterProblem(name, profile.gutter, bleed) : undefined;
    return message ? [problemAtPath('gutter-narrower-than-bleed', deckSource, ['bleed'], message, { severity: 'warning' })] : [];
  });
  const vendorProblems = [...vendors.values()].flatMap((vendor) => {
    const message = vendorBleedProblem(vendor.name, vendor.bleed, bleed);
    return message ? [problemAtPath('bleed-less-than-vendor', deckSource, ['bleed'], message)] : [];
  });
  return [...gutters, ...vendorProblems];
}

/**
 * The `ui` strings this deck prints, asked of its source language (the loader holds every
 * translation to the source's keys): those its templates print for its
 * faces (a label under `{{#if t.example}}` only when some card has an example) and those its
 * sheets, cover and download page print.
 */
function uiProblems(deck: LoadedDeck, templateUses: Map<string, UiUse[]>): Problem[] {
  const problems: Problem[] = [];
  for (const [language, loaded] of deck.locales) {
    // Translations are held to the source language's keys by the loader (each missing one named there).
    if (language !== deck.meta.sourceLanguage) continue;
    const needed = new Set(stageUiKeys(deck.meta, deck.profiles.values()));
    for (const face of listFaces(deck.cards)) {
      const data = faceData(deck, face, loaded.locale);
      for (const use of templateUses.get(face.template) ?? []) {
        if (use.guards.every((guard) => isTruthy(valueAt(data, guard)))) needed.add(use.key);
      }
    }
    const ui = loaded.locale.ui;
    // Labels a template declares in its front matter are reported by the deck loader already.
    const declared = new Set([...deck.templates.values()].flatMap((template) => template.ui));
    const missing = [...needed].filter((key) => !declared.has(key) && !(Object.hasOwn(ui, key) && isTranslated(ui[key])));
    if (missing.length === 0) continue;
    problems.push(
      problemAtPath(
        'ui-label-missing',
        loaded.source,
        ['ui'],
        `ui: ${missing.length} string(s) that the templates, sheets, cover or download page print are missing: ${missing.join(', ')}`,
        {
          hint: `kaartenset ships them in ${UI_LANGUAGES.join(' and ')} only: write them in ${language} (docs/ui-strings.md says what each labels)`,
        },
      ),
    );
  }
  return problems;
}

function valueAt(data: unknown, path: string[]): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Truthy as Handlebars' if and each take it: empty text and empty lists render nothing. */
function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/**
 * Renders every face of every language in memory, as the build will (milliseconds): whatever a
 * template or helper throws at render time is found here, named by card, language and template.
 */
async function renderProblems(project: ProjectPaths, deck: LoadedDeck): Promise<Problem[]> {
  const renderer = await FaceRenderer.create(project, deck);
  // One problem per template and error, however many faces and languages meet it.
  const failures = new Map<string, { file: string; message: string; faces: string[]; languages: Set<string> }>();
  for (const [language, loaded] of deck.locales) {
    const render = (only?: ReturnType<typeof listFaces>) =>
      renderer.render(deck, { locale: loaded.locale, language, assetUrl: () => '', only, hyphenate: false });
    try {
      render();
    } catch {
      for (const face of listFaces(deck.cards)) {
        try {
          render([face]);
        } catch (error) {
          const file = deck.templates.get(face.template)?.file ?? path.join(project.templatesDir, 'cards', `${face.template}.hbs`);
          const message = (error as Error).message.split('\n')[0]!;
          const failure = failures.get(`${file}\0${message}`) ?? { file, message, faces: [], languages: new Set<string>() };
          failures.set(`${file}\0${message}`, failure);
          const what = face.cardId ? `card "${face.cardId}"` : `the back of category "${face.category}"`;
          if (!failure.faces.includes(what)) failure.faces.push(what);
          failure.languages.add(language);
        }
      }
    }
  }
  return [...failures.values()].map(({ file, message, faces, languages }) => {
    const named = faces.length > 3 ? `${faces.slice(0, 3).join(', ')} and ${faces.length - 3} more` : faces.join(', ');
    const where = `${named} in ${[...languages].join(', ')}`;
    return fileProblem('render-failed', file, `rendering ${where} fails (in this template or a partial it calls): ${message}`);
  });
}
