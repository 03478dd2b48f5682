import type { FaceGeometry } from '../deck/face-geometry.ts';
import { backFaceId, listFaces, type Face } from '../deck/faces.ts';
import type { ProjectPaths } from '../deck/load-deck.ts';
import type { Card, CardText } from '../deck/schema.ts';
import type { SheetProfile } from '../deck/sheet-profile-schema.ts';
import path from 'node:path';
import { checkDeck, errorsOf } from '../check/check-decks.ts';
import { formatProblem, InputError } from '../shared/errors.ts';
import { exists } from '../shared/file-exists.ts';
import { PSEUDO_LANGUAGE } from '../shared/language-code.ts';
import { DECK_STYLESHEET, FaceRenderer, type RenderedFaces } from '../render/render-faces.ts';
import { faceHashes } from '../render/face-hash.ts';
import { checkStylesheet } from '../render/stylesheet-check.ts';
import { BUNDLED_FONTS } from '../assets/fonts.ts';
import { lastBuildHashes, type FontHashes } from './last-build.ts';
import type { ServedFonts } from './served-fonts.ts';

export type DevUpdate =
  | {
      kind: 'faces';
      version: number;
      faces: Array<{ id: string; html: string }>;
      css?: string;
      pageCss?: string;
      cards: CardEntry[];
      changedSinceBuild: string[] | null;
    }
  | { kind: 'problem'; message: string }
  | { kind: 'reload' }
  | { kind: 'ok' }
  | { kind: 'none' };

/** A card as the jump box lists it: its id, its title in this language (plain text) and its template. */
export interface CardEntry {
  id: string;
  title: string;
  template: string;
}

/** The last good render of one deck in one language: what the dev pages are made of. */
export interface DevRender {
  /** The document up to its <body>: fonts, page and card styles. */
  head: string;
  bodyClass: string;
  /** The shared and deck stylesheets, and the page geometry's custom properties: swapped live when they change. */
  cardsCss: string;
  pageCss: string;
  direction: 'ltr' | 'rtl';
  faces: Face[];
  /** Each face's markup by face id. */
  sections: Map<string, string>;
  cards: Card[];
  index: CardEntry[];
  geometry: FaceGeometry;
  profiles: Map<string, SheetProfile>;
  /** Whether deck.yaml declares a worksheet: the dev server shows it at /worksheet. */
  worksheet: boolean;
  fit: { minFontPt: number; bleedPt: number; safePt: number };
  title: string;
  deckId: string;
  /** Each face's hash as the build computes it, by the build's face id (one back per category). */
  hashes: Map<string, string>;
  /** The faces whose hash differs from the last build's manifest.json; null when this set was never built. */
  changedSinceBuild: string[] | null;
  /** What the hashes are taken of besides the stylesheets: the fronts and the build's backs, and the fonts' hashes. */
  hashed: { fronts: Faces; backs: Faces; fontHashes: string[] };
  /** The deck's source language, and whether this language shows some of its texts (untranslated, or the pseudo-locale). */
  sourceLanguage: string;
  borrowsSource: boolean;
  /** Corner radius of the cut cards in pt, when the deck rounds them: the die line the guides show. */
  cornerRadius?: number;
}

type Faces = Pick<RenderedFaces, 'faces' | 'sections' | 'pageCss'>;

/** Where dev finds the last build to compare with, and the font hashes it keeps between refreshes. */
export interface BuildComparison {
  out: string;
  fontHashes: FontHashes;
}

/**
 * One deck in one language as the designer sees it. Each refresh renders everything in memory
 * (milliseconds) and compares face by face, so only faces whose markup changed go to the browser.
 */
export class DevSession {
  version = 0;
  private problem?: string;
  private last?: DevRender;
  /** The compiled templates and stylesheets of the last render, kept while no save touches them. */
  private renderer?: FaceRenderer;

  constructor(
    private readonly project: ProjectPaths,
    readonly deckDir: string,
    readonly language: string,
    private readonly fonts: ServedFonts,
    private readonly build: BuildComparison,
  ) {}

  /** What a browser that connects now must be told: the open problem, if any. */
  get currentProblem(): string | undefined {
    return this.problem;
  }

  /** The last good render; undefined until the deck has rendered once. */
  get rendered(): DevRender | undefined {
    return this.last;
  }

  /**
   * Compares the last render with the build in the output folder again, without rendering: a
   * build made while dev runs clears its marks when a page is opened or reloaded.
   */
  async recheckBuild(): Promise<DevUpdate> {
    const last = this.last;
    if (!last) return { kind: 'none' };
    const built = await lastBuildHashes(this.build.out, last.deckId, this.language);
    const changedSinceBuild = built ? changedFaces(last.faces, last.hashes, built) : null;
    // A save rendered the deck again meanwhile: that render compared with the build itself.
    if (this.last !== last) return { kind: 'none' };
    if (JSON.stringify(changedSinceBuild) === JSON.stringify(last.changedSinceBuild)) return { kind: 'none' };
    this.last = { ...last, changedSinceBuild };
    this.version++;
    return { kind: 'faces', version: this.version, faces: [], cards: last.index, changedSinceBuild };
  }

  /**
   * Renders again after a save (`saved`: the files written, absolute; none at the start). A save of
   * stylesheets only swaps them, without loading the deck; a save that leaves the templates and
   * stylesheets alone keeps their compiled form.
   */
  async refresh(saved?: ReadonlySet<string>): Promise<DevUpdate> {
    try {
      const last = this.last;
      const files = saved ? [...saved] : undefined;
      if (last && this.renderer && this.problem === undefined && files?.every((file) => this.isStylesheet(file)))
        return await this.restyle(last, this.renderer);
      // The build's own gate: YAML, pictos, templates, partials, helpers, stylesheet, layout, ui strings.
      // Its trial render of every language is left to this session's own render of its one language.
      const options = { languages: [this.language], allowMissing: true };
      const report = await checkDeck(this.project, this.deckDir, { ...options, skipRender: true });
      const deck = report.decks[0]?.deck;
      if (!deck) throw new InputError(errorsOf(report));
      const loaded = deck.locales.get(this.language)!;
      const locale = loaded.locale;
      const keep = this.renderer && files && !files.some((file) => this.drawsTemplates(file));
      const renderer = keep ? this.renderer! : await FaceRenderer.create(this.project, deck);
      const renderOptions = { locale, language: this.language, assetUrl: this.fonts.url };
      let rendered: RenderedFaces;
      try {
        rendered = renderer.render(deck, { ...renderOptions, arrangement: 'pairs' });
      } catch (error) {
        // The check's own trial render names the template and the cards that fail.
        const checked = await checkDeck(this.project, this.deckDir, options);
        if (!checked.decks[0]?.deck) throw new InputError(errorsOf(checked));
        throw error;
      }
      this.renderer = renderer;
      const [built, fontHashes] = await Promise.all([
        lastBuildHashes(this.build.out, deck.meta.id, this.language),
        this.build.fontHashes.of([...BUNDLED_FONTS, ...deck.fonts].map((font) => font.file)),
      ]);
      // The build prints one back per category, without a card's data: its hashes are of those.
      const backs = renderer.render(deck, { ...renderOptions, only: listFaces(deck.cards).filter((face) => face.side === 'back') });
      const hashed = { fronts: rendered, backs, fontHashes };
      const hashes = buildHashes(hashed, rendered.css);
      const bodyAt = rendered.html.indexOf('<body');
      const next: DevRender = {
        head: rendered.html.slice(0, bodyAt),
        bodyClass: /<body class="([^"]*)"/.exec(rendered.html)?.[1] ?? '',
        cardsCss: rendered.css,
        pageCss: rendered.pageCss,
        direction: locale.language.direction,
        faces: rendered.faces,
        sections: new Map(rendered.faces.map((face, i) => [face.id, rendered.sections[i]!])),
        cards: deck.cards,
        index: deck.cards.map((card) => ({ id: card.id, title: plainTitle(locale.cards[card.id]), template: card.template })),
        geometry: rendered.geometry,
        profiles: deck.profiles,
        worksheet: deck.meta.worksheet !== undefined,
        fit: { minFontPt: deck.meta.minFontSize, bleedPt: deck.meta.bleed, safePt: deck.meta.safeZone },
        title: locale.deck.title ?? deck.meta.id,
        deckId: deck.meta.id,
        hashes,
        changedSinceBuild: built ? changedFaces(rendered.faces, hashes, built) : null,
        hashed,
        sourceLanguage: deck.meta.sourceLanguage,
        borrowsSource: loaded.fallbacks.length > 0 || this.language === PSEUDO_LANGUAGE,
        cornerRadius: deck.meta.cornerRadius || undefined,
      };
      return this.advance(next);
    } catch (error) {
      // dev never dies: whatever goes wrong is shown over the page until a save fixes it.
      this.problem =
        error instanceof InputError
          ? error.problems.map((p) => formatProblem(p, this.project.root)).join('\n\n')
          : `${(error as Error).name}: ${(error as Error).message}`;
      return { kind: 'problem', message: this.problem };
    }
  }

  /**
   * Whether a save of these locale files (by language) can change what this session shows: its
   * own, and the source language's when this language shows some source texts. A session showing a
   * problem renders again on any save, as the problem may be in any of the deck's files.
   */
  readsLocales(languages: ReadonlySet<string>): boolean {
    if (languages.has(this.language) || this.problem !== undefined || !this.last) return true;
    return this.last.borrowsSource && languages.has(this.last.sourceLanguage);
  }

  private isStylesheet(file: string): boolean {
    return file === path.join(this.project.templatesDir, 'styles', 'cards.css') || file === path.join(this.deckDir, DECK_STYLESHEET);
  }

  /** A file the compiled templates or the stylesheets are made of: the project's templates, the deck's own, its deck.css. */
  private drawsTemplates(file: string): boolean {
    const inside = (dir: string) => !path.relative(dir, file).startsWith('..');
    return inside(this.project.templatesDir) || inside(path.join(this.deckDir, 'templates')) || this.isStylesheet(file);
  }

  /** A stylesheet saved: the page swaps it in; no face's markup changes, every face's hash does. */
  private async restyle(last: DevRender, renderer: FaceRenderer): Promise<DevUpdate> {
    const own = path.join(this.deckDir, DECK_STYLESHEET);
    const sheets = [path.join(this.project.templatesDir, 'styles', 'cards.css'), ...((await exists(own)) ? [own] : [])];
    const problems = (await Promise.all(sheets.map(checkStylesheet))).flat();
    const errors = problems.filter((problem) => problem.severity === 'error');
    if (errors.length > 0) throw new InputError(errors);
    const css = await FaceRenderer.stylesheet(this.project, this.deckDir, last.deckId);
    if (css === last.cardsCss) return { kind: 'none' };
    this.renderer = renderer.withStylesheet(css);
    const hashes = buildHashes(last.hashed, css);
    const built = await lastBuildHashes(this.build.out, last.deckId, this.language);
    return this.advance({
      ...last,
      // A page loaded from now on (a reload, another view or language) gets the saved stylesheet too.
      head: withCardsCss(last.head, css),
      cardsCss: css,
      hashes,
      changedSinceBuild: built ? changedFaces(last.faces, hashes, built) : null,
    });
  }

  /** Makes `next` the last render and says what the open pages must change. */
  private advance(next: DevRender): DevUpdate {
    const previous = this.last;
    const recovered = this.problem !== undefined;
    this.problem = undefined;
    this.last = next;
    this.version++;
    // A card added, removed, moved or given another template changes the page's layout and labels.
    // So does a die line drawn or rounded otherwise.
    const structure = (render: DevRender) => [render.cornerRadius, ...render.faces.map((face) => `${face.id}:${face.template}`)].join('|');
    if (previous && structure(previous) !== structure(next)) return { kind: 'reload' };
    const changed = next.faces
      .filter((face) => previous?.sections.get(face.id) !== next.sections.get(face.id))
      .map((face) => ({ id: face.id, html: next.sections.get(face.id)! }));
    const css = next.cardsCss !== previous?.cardsCss ? next.cardsCss : undefined;
    const pageCss = next.pageCss !== previous?.pageCss ? next.pageCss : undefined;
    const marks = (render?: DevRender) => JSON.stringify(render?.changedSinceBuild);
    if (changed.length === 0 && css === undefined && pageCss === undefined && marks(previous) === marks(next))
      return { kind: recovered ? 'ok' : 'none' };
    return {
      kind: 'faces',
      version: this.version,
      faces: changed,
      css,
      pageCss,
      cards: next.index,
      changedSinceBuild: next.changedSinceBuild,
    };
  }
}

/** The page head with `css` as the faces' stylesheet (the renderer's `<style id="cards-css">`, whose text cannot hold a closing tag). */
function withCardsCss(head: string, css: string): string {
  const open = '<style id="cards-css">';
  const start = head.indexOf(open);
  const end = head.indexOf('</style>', start);
  if (start < 0 || end < 0) throw new Error('the rendered page head has no <style id="cards-css">');
  return `${head.slice(0, start + open.length)}${css}${head.slice(end)}`;
}

/**
 * Each face's hash as the build computes it, by the build's face id. The build prints one back per
 * category (`back/<category>`, without a card's data); the dev view shows a back beside every card
 * (`<card>/back`), so the backs are rendered once more as the build renders them (`backs`). The
 * fronts are the build's markup.
 */
function buildHashes({ fronts, backs, fontHashes }: DevRender['hashed'], css: string): Map<string, string> {
  const front = faceHashes({ ...fronts, css }, fontHashes).filter((_, i) => fronts.faces[i]!.side === 'front');
  return new Map([...front, ...faceHashes({ ...backs, css }, fontHashes)].map(({ face, hash }) => [face, hash]));
}

/** The faces of the dev view whose hash differs from the last build's; a card's back when its category's back changed. */
function changedFaces(faces: Face[], hashes: Map<string, string>, built: Map<string, string>): string[] {
  const asBuilt = (face: Face) => (face.side === 'back' ? backFaceId(face.category) : face.id);
  return faces.filter((face) => built.get(asBuilt(face)) !== hashes.get(asBuilt(face))).map((face) => face.id);
}

/** The card's title as plain text for the jump box: its title field, else its first text, without markup. */
function plainTitle(texts: CardText | undefined): string {
  const fields = Object.values(texts ?? {});
  const title = texts?.title ?? fields.find((value) => typeof value === 'string');
  return typeof title === 'string' ? title.replace(/[*_]/g, '').replace(/\s+/g, ' ').trim() : '';
}
