import { readFileSync } from 'node:fs';
import type { Face } from '../deck/faces.ts';
import type { SheetProfile } from '../deck/sheet-profile-schema.ts';
import { hasDieLine } from '../deck/ui-keys.ts';
import { ptToMm } from '../deck/units.ts';
import { FIT_SCRIPT } from '../print/print-faces.ts';
import { browserScript } from '../print/browser-script.ts';
import { withContentSecurityPolicy } from '../shared/content-security-policy.ts';
import { escapeHtml } from '../shared/escape-html.ts';
import type { DevRender, DevSession } from './dev-session.ts';
import { sheetViewLayout, type PlacedFace, type SheetSide } from './sheet-layout.ts';

const DEV_CSS = readFileSync(new URL('./dev-view.css', import.meta.url), 'utf8');
const CLIENT = browserScript(new URL('./dev-client.browser.js', import.meta.url));

/** A page of the dev navigation: the cards, the sheets of one profile, the worksheet. */
export interface DevView {
  path: string;
  label: string;
}

export interface DevPageOptions {
  /** Which view: every card front beside back, or the imposed sheets of one profile. */
  show: { cards: true } | { profile: string };
  /** A second language shown beside the first, card by card (cards view only). */
  compare?: DevSession;
  languages: string[];
  views: DevView[];
  path: string;
  /** The output folder the marks compare with, as the toolbar names it. */
  out: string;
}

/** One dev page, with the live-reload client, the toolbar's state and the open problem over it. */
export function devPage(session: DevSession, options: DevPageOptions): string {
  const render = session.rendered;
  const compare = 'cards' in options.show ? options.compare : undefined;
  const body = !render
    ? ''
    : 'cards' in options.show
      ? cardList(render, [session, ...(compare ? [compare] : [])])
      : sheetList(render, options.show.profile, session.language);
  const client = {
    language: session.language,
    compare: compare?.language ?? null,
    languages: options.languages,
    title: render?.title ?? '',
    fit: render?.fit ?? { minFontPt: 7.5, bleedPt: 0, safePt: 0 },
    versions: Object.fromEntries([session, ...(compare ? [compare] : [])].map((each) => [each.language, each.version])),
    problem: session.currentProblem ?? compare?.currentProblem ?? null,
    cards: render?.index ?? [],
    views: options.views,
    path: options.path,
    out: options.out,
    changedSinceBuild: render?.changedSinceBuild ?? null,
    dieLine: render ? dieRadius(render, 'profile' in options.show ? options.show.profile : undefined) !== undefined : false,
  };
  const head = render?.head ?? '<!doctype html><html><head><meta charset="utf-8"></head>';
  const scripts = [
    `window.kaartensetFit = ${FIT_SCRIPT};`,
    `document.addEventListener('DOMContentLoaded', () => (${CLIENT})(${JSON.stringify(client).replace(/</g, '\\u003c')}));`,
  ];
  const extra = [`<style>${DEV_CSS}</style>`, ...scripts.map((script) => `<script>${script}</script>`)].join('\n');
  const html = `${head.replace('</head>', `${extra}</head>`)}<body class="${render?.bodyClass ?? ''}">\n${body}\n</body>\n</html>\n`;
  return withContentSecurityPolicy(html, { origin: "'self'", liveStyles: true, scripts });
}

/** Every card in deck order: its front and back, and beside them the same card in the compared language. */
function cardList(render: DevRender, sessions: DevSession[]): string {
  const renders = sessions.flatMap((session) => (session.rendered ? [{ language: session.language, render: session.rendered }] : []));
  const rows = render.cards.map((card) => {
    const sets = renders.map(({ language, render: each }) => {
      const faces = each.faces.filter((face) => face.cardId === card.id);
      const tag = renders.length > 1 ? language : undefined;
      const slots = faces.map((face) => slot(face, each.sections.get(face.id) ?? '', changedSince(each, face), each.cornerRadius, tag));
      return `<div class="lang-set" data-lang="${escapeHtml(language)}" lang="${escapeHtml(language)}" dir="${each.direction}">${slots.join('')}</div>`;
    });
    return `<div class="card-row" id="card-${escapeHtml(card.id)}" data-card="${escapeHtml(card.id)}">${sets.join('')}</div>`;
  });
  return `<main class="card-list${renders.length > 1 ? ' compare' : ''}">\n${rows.join('\n')}\n</main>`;
}

function slot(face: Face, section: string, changed: boolean, cornerRadius?: number, language?: string): string {
  return `<div class="slot${changed ? ' changed' : ''}" data-mark="${escapeHtml(face.id)}">${label(face.cardId ?? face.category, face.side, face.template, language)}${CHANGED_MARK}${section}${dieGuide(cornerRadius)}</div>`;
}

/**
 * The radius of the die line the view shows: every face's in the cards view; on a profile's
 * sheets only where the build makes a die file (press sheets, not fold-over): school sheets are
 * cut straight along their lines.
 */
function dieRadius(render: DevRender, profile?: string | SheetProfile): number | undefined {
  if (render.cornerRadius === undefined || profile === undefined) return render.cornerRadius;
  const sheet = typeof profile === 'string' ? render.profiles.get(profile) : profile;
  return sheet && hasDieLine({ cornerRadius: render.cornerRadius }, sheet) ? render.cornerRadius : undefined;
}

/** The die line over a face, a guide: the trim with the deck's rounded corners, where the cutter goes. */
function dieGuide(cornerRadius?: number): string {
  return cornerRadius === undefined
    ? ''
    : `<span class="die-guide" aria-hidden="true" style="border-radius:${cornerRadius.toFixed(3)}pt"></span>`;
}

/** Whether a face looks otherwise than in the last build: its hash differs from the one in manifest.json. */
function changedSince(render: DevRender, face: Face): boolean {
  return render.changedSinceBuild?.includes(face.id) ?? false;
}

/** The badge over a face that changed since the last build; shown (and read out) only on a `.changed` face. */
const CHANGED_MARK = '<span class="changed-mark">changed since the last build</span>';

/** The dev-only tag over a face: which card, which side, which template (and language, beside another). Never printed. */
function label(cardId: string, side: string, template: string, language?: string): string {
  return `<span class="face-label"><b>${escapeHtml(cardId)}</b> ${side} · ${escapeHtml(template)}${language ? ` · ${escapeHtml(language)}` : ''}</span>`;
}

/** The imposed sheets of one profile at true size: the live faces where the print puts them, and the cut lines. */
function sheetList(render: DevRender, profileName: string, language: string): string {
  const profile = render.profiles.get(profileName)!;
  let layout: ReturnType<typeof sheetViewLayout>;
  try {
    layout = sheetViewLayout(profile, render.geometry, render.cards);
  } catch (error) {
    return `<main class="sheet-list"><p class="sheet-summary">${escapeHtml(profileName)}: ${escapeHtml((error as Error).message)}</p></main>`;
  }
  const mm = (pt: number) => `${ptToMm(pt).toFixed(1).replace(/\.0$/, '')} mm`;
  const facts = [
    profile.description,
    `${layout.perSheet} cards per sheet${layout.rotated ? ', turned' : ''}`,
    `${layout.sheets} sheet${layout.sheets === 1 ? '' : 's'}`,
    `${mm(layout.bleed)} bleed printed`,
    profile.cover ? 'the print adds a cover (and a calibration sheet for duplex) first' : undefined,
  ].filter(Boolean);
  const pages = layout.pages.map((page) => sheetPage(render, profile, layout.size, page, layout.sheets));
  return `<main class="sheet-list" data-lang="${escapeHtml(language)}">
<p class="sheet-summary"><b>${escapeHtml(profileName)}</b> · ${facts.map((fact) => escapeHtml(fact!)).join(' · ')}</p>
${pages.join('\n')}
</main>`;
}

function sheetPage(
  render: DevRender,
  profile: SheetProfile,
  size: { width: number; height: number },
  page: SheetSide,
  sheets: number,
): string {
  const pt = (value: number) => `${value.toFixed(3)}pt`;
  const side =
    page.side === 'fold-over'
      ? 'fronts and backs (fold, then cut)'
      : page.side === 'work-and-turn'
        ? 'fronts and backs on one plate (print, turn on the long edge, print again)'
        : page.side === 'front'
          ? 'fronts'
          : 'backs, as printed on the other side';
  const faces = page.faces.map((placed) => placedFace(render, placed, size.height));
  const line = (segment: { x1: number; y1: number; x2: number; y2: number }, className: string) =>
    `<line class="${className}" x1="${segment.x1.toFixed(2)}" y1="${(size.height - segment.y1).toFixed(2)}" x2="${segment.x2.toFixed(2)}" y2="${(size.height - segment.y2).toFixed(2)}"/>`;
  const radius = dieRadius(render, profile);
  // The die line of each card, a guide like the face's: the trim with its corners rounded.
  const dies =
    radius === undefined
      ? []
      : page.faces.map(
          ({ trim }) =>
            `<rect class="die-line" x="${trim.x.toFixed(2)}" y="${(size.height - trim.y - trim.height).toFixed(2)}" width="${trim.width.toFixed(2)}" height="${trim.height.toFixed(2)}" rx="${radius.toFixed(2)}"/>`,
        );
  const lines = [
    ...page.marks.map((mark) => line(mark, `cut-line ${profile.marks.kind}`)),
    ...(page.fold ? [line(page.fold, 'fold-line')] : []),
    ...dies,
  ];
  return `<figure class="sheet-page" data-sheet="${page.sheet}" data-side="${page.side}">
<figcaption>sheet ${page.sheet} of ${sheets} · ${side}</figcaption>
<div class="sheet" style="width:${pt(size.width)};height:${pt(size.height)}">${faces.join('')}<svg class="sheet-lines" viewBox="0 0 ${size.width.toFixed(2)} ${size.height.toFixed(2)}" style="width:${pt(size.width)};height:${pt(size.height)}">${lines.join('')}</svg></div>
</figure>`;
}

/** A face in its printed bleed box; the full face is centred in it, turned as the imposer turns it, and clipped. */
function placedFace(render: DevRender, placed: PlacedFace, sheetHeight: number): string {
  const pt = (value: number) => `${value.toFixed(3)}pt`;
  const { rect } = placed;
  const face = render.faces.find((each) => each.cardId === placed.cardId && each.side === placed.side)!;
  const { width, height } = render.geometry;
  const box = `left:${pt(rect.x)};top:${pt(sheetHeight - rect.y - rect.height)};width:${pt(rect.width)};height:${pt(rect.height)}`;
  // PDF turns counter-clockwise, CSS clockwise.
  const turn = `left:${pt((rect.width - width) / 2)};top:${pt((rect.height - height) / 2)};width:${pt(width)};height:${pt(height)};transform:rotate(${-placed.rotation}deg)`;
  return `<div class="placed${changedSince(render, face) ? ' changed' : ''}" data-card="${escapeHtml(placed.cardId)}" data-mark="${escapeHtml(face.id)}" style="${box}"><div class="turn" dir="${render.direction}" style="${turn}">${render.sections.get(face.id) ?? ''}</div>${label(placed.cardId, placed.side, face.template)}${CHANGED_MARK}</div>`;
}
