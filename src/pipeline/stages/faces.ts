import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FaceGeometry } from '../../deck/face-geometry.ts';
import { listFaces } from '../../deck/faces.ts';
import type { SheetVariant } from '../../deck/sheet-profile-schema.ts';
import type { FitResult } from '../../fit/fit-result.ts';
import type { RenderVariant } from '../../render/render-faces.ts';
import { prepareHyphenation } from '../../render/hyphenate.ts';
import { faceHashes as faceHashesOf } from '../../render/face-hash.ts';
import { stageKey, type StageOutput } from '../../shared/stage-store.ts';
import type { SetPlan } from '../plan.ts';
import type { StageContext } from './context.ts';

/*
 * What decides whether a set's faces must be made again: their key, the printed documents' keys,
 * known before anything is printed. The modules that make them (pdf-lib, pdf.js) load only when
 * they are: a build that finds every set current never loads them.
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

/**
 * The keys whose text on this set's faces is the source language's: the fallbacks of a missing
 * translation (--allow-missing) and the unconfirmed copies of the source (--allow-unfinished).
 */
export function sourceLanguageKeys(plan: Pick<SetPlan, 'fallbacks' | 'unfinished'>): string[] {
  const copies = plan.unfinished.filter(({ state }) => state === 'same as source').map(({ key }) => key.slice(key.indexOf(':') + 1));
  return [...plan.fallbacks, ...copies];
}

/**
 * Faces (render + print): one variant of a language's faces, printed on first use, in chunks of
 * `chunkSize` faces, boxed and joined. The standard faces are rendered now: their key is the
 * printed documents' keys. A low-ink or grayscale variant is rendered from the same inputs by the
 * same code, so its key is the standard faces' key and its name, and it is rendered only when
 * printed: a build that finds the set current renders each language once. Each print is an entry
 * of the store of its own, kept with the faces made from it.
 */
export async function prepareFaces(
  context: StageContext,
  plan: SetPlan,
  variant: SheetVariant,
  standard?: PreparedFaces,
): Promise<PreparedFaces> {
  const { deck, language, locale } = plan;
  const all = listFaces(deck.cards);
  const chunks = Array.from({ length: Math.ceil(all.length / context.chunkSize) }, (_, i) =>
    all.slice(i * context.chunkSize, (i + 1) * context.chunkSize),
  );
  const deckFonts = deck.fonts.map((font) => font.file);
  const renderVariant: RenderVariant = { lowInk: variant === 'low-ink', grayscale: variant === 'grayscale' };
  await prepareHyphenation(locale, language);
  const sourceTexts = sourceLanguageKeys(plan);
  const render = () =>
    Promise.all(
      chunks.map(async (only, index) => {
        const rendered = context.renderer.render(deck, {
          locale,
          language,
          variant: renderVariant,
          assetUrl: (file) => pathToFileURL(file).href,
          only,
          sourceTexts,
        });
        return {
          rendered,
          slot: `${deck.meta.id}.${language}.${variant}${chunks.length > 1 ? `.${index + 1}` : ''}`,
          key: await context.printer.keyOf(rendered.html, plan.fit, deckFonts),
        };
      }),
    );
  const rendered = standard ? undefined : await render();
  const code = await context.code(import.meta.url);
  // The documents' keys hold what rendering made of the deck; the geometry is kept beside them.
  const key = standard
    ? stageKey('faces', code, standard.key, variant)
    : stageKey(
        'faces',
        code,
        rendered!.map((document) => [document.key, document.rendered.geometry]),
      );
  let loaded: Promise<StageOutput<FacesResult>> | undefined;
  const load = () =>
    context.store.run('faces', key, async (store) => {
      const [{ boxedFacesDocument }, { readAhead }] = await Promise.all([
        import('../../pdf-write/box-pages.ts'),
        import('../../pdf/read-pages.ts'),
      ]);
      // The prints are kept through this entry's view, so they are kept as long as it is.
      const printer = context.printer.using(store);
      const documents = rendered ?? (await render());
      const fit: FitResult = { fontErrors: [], faces: [] };
      const faceHashes: FacesResult['faceHashes'] = [];
      const prints: Array<{ pdf: Uint8Array; geometry: FaceGeometry }> = [];
      const { fonts } = await context.printer.environment(deckFonts);
      for (const { rendered, slot, key } of documents) {
        const print = await printer.print(rendered.html, path.join(context.workDir, `${slot}.html`), plan.fit, deckFonts, key);
        // Read at once, in the set's reader thread: cards.pdf and the sheets draw these pages again.
        readAhead(print.pdf, plan.name);
        fit.fontErrors.push(...print.fit.fontErrors);
        fit.faces.push(...print.fit.faces);
        faceHashes.push(...faceHashesOf(rendered, fonts));
        prints.push({ pdf: print.pdf, geometry: rendered.geometry });
      }
      const geometry = documents[0]!.rendered.geometry;
      return { result: { fit, faceHashes, geometry }, files: { 'faces.pdf': await boxedFacesDocument(prints) } };
    });
  return { key, load: () => (loaded ??= load()) };
}
