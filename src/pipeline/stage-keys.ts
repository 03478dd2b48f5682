import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { listFaces } from '../deck/faces.ts';
import type { ProjectPaths } from '../deck/load-deck.ts';
import type { SheetVariant } from '../deck/sheet-profile-schema.ts';
import type { FitResult } from '../fit/fit-result.ts';
import type { Printer } from '../print/printer.ts';
import type { FaceRenderer, RenderVariant } from '../render/render-faces.ts';
import { prepareHyphenation } from '../render/hyphenate.ts';
import { folderHash, sha256 } from '../shared/hash.ts';
import { LOCALE_SCHEMA_FILE } from '../deck/locale-schema-name.ts';
import type { SetPlan } from './plan.ts';
import { stageKey, type StageCache, type StageOutput } from './stage-cache.ts';

/*
 * What decides whether a set must be made again: the faces' keys (their documents rendered in
 * memory) and the worksheet's key. Kept apart from the stages that make outputs, which load
 * pdf-lib, pdf.js and puppeteer: a build that finds every set current never loads them.
 */

/** Output of the faces stage: every distinct face once, boxed, with what the fit pass found. */
export interface FacesResult {
  fit: FitResult;
  faceHashes: Array<{ face: string; hash: string }>;
  geometry: FaceGeometry;
}

export interface PreparedFaces {
  key: string;
  /** The boxed faces PDF and fit result, printed (or reused) on first use. */
  load: () => Promise<StageOutput<FacesResult>>;
}

export interface StageContext {
  cache: StageCache;
  /** A hash of the code that makes outputs: another version never reuses this one's outputs. */
  code: string;
  printer: Printer;
  renderer: FaceRenderer;
  project: ProjectPaths;
  workDir: string;
  chunkSize: number;
}

/**
 * Faces (render + print): one variant of a language's faces, printed on first use, in chunks of
 * `chunkSize` faces, boxed and joined. The standard faces are rendered now: their key is the
 * printed documents' keys. A low-ink or grayscale variant is rendered from the same inputs by the
 * same code, so its key is the standard faces' key and its name, and it is rendered only when
 * printed: a build that finds the set current renders each language once.
 */
export async function prepareFaces(context: StageContext, plan: SetPlan, variant: SheetVariant, standard?: PreparedFaces): Promise<PreparedFaces> {
  const { deck, language, locale } = plan;
  const all = listFaces(deck.cards);
  const chunks = Array.from({ length: Math.ceil(all.length / context.chunkSize) }, (_, i) => all.slice(i * context.chunkSize, (i + 1) * context.chunkSize));
  const deckFonts = deck.fonts.map((font) => font.file);
  const renderVariant: RenderVariant = { lowInk: variant === 'low-ink', grayscale: variant === 'grayscale' };
  await prepareHyphenation(locale, language);
  const render = () =>
    chunks.map((only, index) => ({
      rendered: context.renderer.render(deck, { locale, language, variant: renderVariant, assetUrl: (file) => pathToFileURL(file).href, only }),
      slot: `${deck.meta.id}.${language}.${variant}${chunks.length > 1 ? `.${index + 1}` : ''}`,
    }));
  const rendered = standard ? undefined : render();
  const key = standard
    ? stageKey(context.code, standard.key, variant)
    : stageKey(context.code, await Promise.all(rendered!.map(({ rendered: { html } }) => context.printer.keyOf(html, plan.fit, deckFonts))));
  let loaded: Promise<StageOutput<FacesResult>> | undefined;
  const load = () =>
    context.cache.run('faces', `${deck.meta.id}.${language}.${variant}`, key, async () => {
      const [{ boxedFacesDocument }, { readAhead }] = await Promise.all([import('../pdf-write/box-pages.ts'), import('../pdf/read-pages.ts')]);
      const documents = rendered ?? render();
      const fit: FitResult = { fontErrors: [], faces: [] };
      const faceHashes: FacesResult['faceHashes'] = [];
      const prints: Array<{ pdf: Uint8Array; geometry: FaceGeometry }> = [];
      for (const { rendered, slot } of documents) {
        const print = await context.printer.print(slot, rendered.html, path.join(context.workDir, `${slot}.html`), plan.fit, deckFonts);
        // Read at once, in the set's reader thread: cards.pdf and the sheets draw these pages again.
        readAhead(print.pdf, plan.name);
        fit.fontErrors.push(...print.fit.fontErrors);
        fit.faces.push(...print.fit.faces);
        faceHashes.push(...rendered.faces.map((face, i) => ({ face: face.id, hash: sha256(rendered.sections[i]!).slice(0, 16) })));
        prints.push({ pdf: print.pdf, geometry: rendered.geometry });
      }
      const geometry = documents[0]!.rendered.geometry;
      return { result: { fit, faceHashes, geometry }, files: { 'faces.pdf': await boxedFacesDocument(prints) } };
    });
  return { key, load: () => (loaded ??= load()) };
}

/**
 * The key of the worksheet: the project's and the deck's templates and files, the deck's data and
 * fonts, this language's texts (not the other languages' files), the bundled fonts and the browser.
 */
export async function worksheetKey(context: StageContext, plan: SetPlan): Promise<string> {
  const { deck } = plan;
  const fonts = await Promise.all(deck.fonts.map(async (font) => sha256(await readFile(font.file))));
  return stageKey(context.code, await folderHash(context.project.templatesDir), await folderHash(deck.dir, ['locales'], [LOCALE_SCHEMA_FILE]), deck.meta, deck.cards, plan.locale, [...deck.pictos], plan.fit, fonts, await context.printer.environment());
}
