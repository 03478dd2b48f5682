import path from 'node:path';
import { BUNDLED_FONTS, fallbackFamilies, fontFaceCss, type FontFace } from '../assets/fonts.ts';
import type { LoadedDeck, ProjectPaths } from '../deck/load-deck.ts';
import type { Card, Locale } from '../deck/schema.ts';
import { inkOn, mix, toGrey } from '../shared/colours.ts';
import { faceGeometry, type FaceGeometry } from '../deck/face-geometry.ts';
import { compileSource, compileTemplate, createHandlebars, type Template } from './handlebars-env.ts';
import { exists } from '../shared/file-exists.ts';
import { pictoHelper } from './helpers/picto.ts';
import { readFile } from 'node:fs/promises';
import { escapeHtml } from '../shared/escape-html.ts';
import { styleElementText } from '../shared/style-text.ts';
import { listFacePairs, listFaces, type Face } from '../deck/faces.ts';
import { fieldHyphenationRules, hyphenateLocale } from './hyphenate.ts';
import { typesetAll } from '../typography/typography.ts';
import { withSourceTexts } from './source-texts.ts';

export interface RenderVariant {
  /** No full-bleed fills, colour in lines and text only. */
  lowInk?: boolean;
  grayscale?: boolean;
}

export interface RenderOptions {
  locale: Locale;
  language: string;
  variant?: RenderVariant;
  /** How the browser reaches a local file (a font): a file URL for print, an HTTP path in dev. */
  assetUrl: (file: string) => string;
  /** Extra markup at the end of <head> (dev: guides and live reload). */
  headExtra?: string;
  /** print: fronts, then one back per category; pairs: each front followed by its back (the dev view). */
  arrangement?: 'print' | 'pairs';
  /** Render only these faces (a chunk of a large deck). */
  only?: Face[];
  /** Soft hyphens in long words (default true); `check` renders without, as they cannot make a template fail. */
  hyphenate?: boolean;
  /**
   * Keys (cards.<id>.<field>, ui.<name> …) whose text is the deck's source language's: hyphenated,
   * typeset and marked as that language. By default the locale's fallbacks (--allow-missing).
   */
  sourceTexts?: readonly string[];
}

export interface RenderedFaces {
  html: string;
  faces: Face[];
  geometry: FaceGeometry;
  /** The markup of each face, in `faces` order: what the dev server diffs to push only changes. */
  sections: string[];
  css: string;
  pageCss: string;
}

/** Extra room around each face on the browser's page: Chromium rounds page sizes, never the content. */
export const PAGE_SLACK_PT = 4;

/** A deck's own stylesheet, in its folder, layered after the shared templates/styles/cards.css. */
export const DECK_STYLESHEET = 'deck.css';

/** The cascade layer that holds the shared cards.css, below every rule of a deck's deck.css. */
export const SHARED_LAYER = 'kaartenset';

export class FaceRenderer {
  private constructor(
    private readonly templates: Map<string, Template>,
    private readonly css: string,
  ) {}

  /**
   * The templates a deck's cards use (its own templates/ first, then the project's), the back, and
   * the stylesheets: the shared cards.css in the layer `kaartenset`, then the deck's own deck.css,
   * unlayered, so its rules always win.
   */
  static async create(project: ProjectPaths, deck: LoadedDeck): Promise<FaceRenderer> {
    const deckTemplates = path.join(deck.dir, 'templates');
    const env = await createHandlebars(project.templatesDir, [path.join(deckTemplates, 'partials')]);
    const templates = new Map<string, Template>();
    for (const template of deck.templates.values()) templates.set(template.name, compileSource(env, template.file, template.body));
    const back = (await exists(path.join(deckTemplates, 'cards', 'back.hbs')))
      ? path.join(deckTemplates, 'cards', 'back.hbs')
      : path.join(project.templatesDir, 'cards', 'back.hbs');
    templates.set('back', await compileTemplate(env, back));
    return new FaceRenderer(templates, await FaceRenderer.stylesheet(project, deck.dir, deck.meta.id));
  }

  /** The stylesheets as the faces get them: the shared cards.css in the layer `kaartenset`, then the deck's deck.css. */
  static async stylesheet(project: ProjectPaths, deckDir: string, deckId: string): Promise<string> {
    const shared = await readFile(path.join(project.templatesDir, 'styles', 'cards.css'), 'utf8');
    const own = await readFile(path.join(deckDir, DECK_STYLESHEET), 'utf8').catch(() => undefined);
    // The shared rules sit in a cascade layer: any unlayered rule of the deck's own wins, whatever its specificity.
    const layered = `@layer ${SHARED_LAYER} {\n${shared}\n}`;
    return styleElementText(own === undefined ? layered : `${layered}\n/* ${deckId}/${DECK_STYLESHEET} */\n${own}`);
  }

  /** The same templates with other stylesheets (`stylesheet`'s text): dev swaps them without compiling a template again. */
  withStylesheet(css: string): FaceRenderer {
    return new FaceRenderer(this.templates, css);
  }

  /** Every face of one deck in one language: fronts in card order, then one back per category in use. */
  render(deck: LoadedDeck, options: RenderOptions): RenderedFaces {
    const geometry = faceGeometry(deck.meta);
    const faces = options.only ?? (options.arrangement === 'pairs' ? listFacePairs(deck.cards) : listFaces(deck.cards));
    const picto = pictoHelper(deck.pictos);
    const setIn = (language: string) =>
      typesetAll(
        options.hyphenate === false ? options.locale : hyphenateLocale(options.locale, language, fieldHyphenationRules(deck)),
        language,
        deck.meta.noBreak,
      );
    const sourceTexts = options.sourceTexts ?? deck.locales.get(options.language)?.fallbacks ?? [];
    const locale = withSourceTexts(setIn(options.language), sourceTexts, () => setIn(deck.meta.sourceLanguage), deck.meta.sourceLanguage);
    const sections = faces.map((face) => {
      const category = deck.meta.categories[face.category]!;
      const colour = options.variant?.grayscale ? toGrey(category.color) : category.color;
      const body = this.templates.get(face.template)!(faceData(deck, face, locale), { helpers: { picto } });
      const ink = inkOn(colour);
      const style = `--cat:${colour};--cat-ink:${ink};--cat-soft:${mix(ink, colour, 0.72)};--cat-tint:${mix(colour, '#ffffff', 0.1)};--cat-deep:${mix(colour, '#000000', 0.82)}`;
      return `<section class="face face--${face.side}" data-face="${face.id}" data-template="${face.template}" style="${style}">${body}</section>`;
    });
    const direction = locale.language.direction;
    const bodyClass = options.variant?.lowInk ? 'ink-low' : 'ink-full';
    const html = `<!doctype html>
<html lang="${options.language}" dir="${direction}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.locale.deck.title ?? deck.meta.id)}</title>
<style>${styleElementText(fontFaceCss(options.assetUrl, [...BUNDLED_FONTS, ...deck.fonts]))}</style>
<style id="page-css">${pageCss(geometry, deck.meta.minFontSize, deck.fonts)}</style>
<style id="cards-css">${this.css}</style>
${options.headExtra ?? ''}
</head>
<body class="${bodyClass}">
${sections.join('\n')}
</body>
</html>
`;
    return { html, faces, geometry, sections, css: this.css, pageCss: pageCss(geometry, deck.meta.minFontSize, deck.fonts) };
  }
}

/** What a face template sees: the deck's and category's texts, the card and its texts, the ui strings. */
export function faceData(deck: LoadedDeck, face: Face, locale: Locale) {
  return {
    deck: { title: locale.deck.title, subtitle: locale.deck.subtitle, credit: locale.deck.credit },
    ui: locale.ui,
    category: { id: face.category, ...deck.meta.categories[face.category], ...locale.categories[face.category] },
    card: face.cardId ? cardData(deck.cards, face.cardId) : undefined,
    t: face.cardId ? locale.cards[face.cardId] : undefined,
  };
}

function cardData(cards: Card[], id: string) {
  const index = cards.findIndex((card) => card.id === id);
  return { ...cards[index]!, position: index + 1, total: cards.length };
}

function pageCss(geometry: FaceGeometry, minFontPt: number, fonts: FontFace[]): string {
  const pt = (value: number) => `${value.toFixed(3)}pt`;
  return `:root { --bleed-w: ${pt(geometry.width)}; --bleed-h: ${pt(geometry.height)}; --trim-w: ${pt(geometry.trimWidth)}; --trim-h: ${pt(geometry.trimHeight)}; --bleed: ${pt(geometry.bleed)}; --safe: ${pt(geometry.safe)}; --min-font: ${pt(minFontPt)}; --fallback-fonts: ${fallbackFamilies(fonts)}; }
@page { size: ${pt(geometry.width + PAGE_SLACK_PT)} ${pt(geometry.height + PAGE_SLACK_PT)}; margin: 0; }`;
}
