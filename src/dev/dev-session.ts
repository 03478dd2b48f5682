import { readFileSync } from 'node:fs';
import { BUNDLED_FONTS } from '../assets/fonts.ts';
import type { ProjectPaths } from '../deck/load-deck.ts';
import { checkDeck, errorsOf } from '../pipeline/check-decks.ts';
import { formatProblem, InputError } from '../shared/errors.ts';
import { FIT_SCRIPT } from '../print/print-faces.ts';
import { browserScript } from '../print/browser-script.ts';
import { withContentSecurityPolicy } from '../render/content-security-policy.ts';
import { FaceRenderer } from '../render/render-faces.ts';

const DEV_CSS = readFileSync(new URL('./dev-view.css', import.meta.url), 'utf8');
const CLIENT = browserScript(new URL('./dev-client.browser.js', import.meta.url));

export type DevUpdate =
  | { kind: 'faces'; version: number; faces: Array<{ id: string; html: string }>; css?: string; pageCss?: string }
  | { kind: 'problem'; message: string }
  | { kind: 'reload' }
  | { kind: 'ok' }
  | { kind: 'none' };

export function fontUrl(file: string): string {
  return `/fonts/${BUNDLED_FONTS.findIndex((font) => font.file === file)}.ttf`;
}

/**
 * One deck in one language as the designer sees it. Each refresh renders everything in memory
 * (milliseconds) and compares face by face, so only faces whose markup changed go to the browser.
 */
export class DevSession {
  version = 0;
  private sections = new Map<string, string>();
  private order: string[] = [];
  private css = '';
  private pageCss = '';
  private html?: string;
  private fit = { minFontPt: 7.5, bleedPt: 0, safePt: 0 };
  private problem?: string;
  deckTitle = '';

  constructor(
    private readonly project: ProjectPaths,
    readonly deckDir: string,
    readonly language: string,
    readonly languages: () => string[],
  ) {}

  /** What a browser that connects now must be told: the open problem, if any. */
  get currentProblem(): string | undefined {
    return this.problem;
  }

  /** The full page: the last good render, with the current problem (if any) shown over it. */
  page(): string {
    const html = this.html ?? '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>';
    return withContentSecurityPolicy(html.replace('</head>', `${this.headExtra()}</head>`), { origin: "'self'", liveStyles: true });
  }

  async refresh(): Promise<DevUpdate> {
    let rendered;
    try {
      // The build's own gate: YAML, pictos, templates, partials, helpers, stylesheet, layout, ui strings.
      const report = await checkDeck(this.project, this.deckDir, { languages: [this.language], allowMissing: true });
      const deck = report.decks[0]?.deck;
      if (!deck) throw new InputError(errorsOf(report));
      const locale = deck.locales.get(this.language)!.locale;
      this.deckTitle = locale.deck.title ?? deck.meta.id;
      const renderer = await FaceRenderer.create(this.project, deck);
      rendered = renderer.render(deck, { locale, language: this.language, assetUrl: fontUrl, arrangement: 'pairs' });
      this.fit = { minFontPt: deck.meta.minFontSize, bleedPt: deck.meta.bleed, safePt: deck.meta.safeZone };
      const recovered = this.problem !== undefined;
      this.problem = undefined;
      const ids = rendered.faces.map((face) => face.id);
      const changed = rendered.faces.map((face, i) => ({ id: face.id, html: rendered!.sections[i]! })).filter((face) => this.sections.get(face.id) !== face.html);
      const structureChanged = ids.join('|') !== this.order.join('|');
      const css = rendered.css !== this.css ? rendered.css : undefined;
      const pageCss = rendered.pageCss !== this.pageCss ? rendered.pageCss : undefined;
      this.sections = new Map(rendered.faces.map((face, i) => [face.id, rendered!.sections[i]!]));
      this.order = ids;
      this.css = rendered.css;
      this.pageCss = rendered.pageCss;
      this.version++;
      this.html = rendered.html;
      if (structureChanged && this.version > 1) return { kind: 'reload' };
      if (changed.length === 0 && css === undefined && pageCss === undefined) return { kind: recovered ? 'ok' : 'none' };
      return { kind: 'faces', version: this.version, faces: changed, css, pageCss };
    } catch (error) {
      // dev never dies: whatever goes wrong is shown over the page until a save fixes it.
      this.problem = error instanceof InputError
        ? error.problems.map((p) => formatProblem(p, this.project.root)).join('\n\n')
        : `${(error as Error).name}: ${(error as Error).message}`;
      return { kind: 'problem', message: this.problem };
    }
  }

  private headExtra(): string {
    const options = { language: this.language, languages: this.languages(), title: this.deckTitle, fit: this.fit, version: this.version, problem: this.problem ?? null };
    return [
      `<style>${DEV_CSS}</style>`,
      `<script>window.kaartensetFit = ${FIT_SCRIPT};</script>`,
      `<script>document.addEventListener('DOMContentLoaded', () => (${CLIENT})(${JSON.stringify(options).replace(/</g, '\\u003c')}));</script>`,
    ].join('\n');
  }
}
