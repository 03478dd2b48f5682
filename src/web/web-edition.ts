import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { BUNDLED_FONTS, type FontFace } from '../assets/fonts.ts';
import { subsetTrueType } from '../assets/font-subset.ts';
import type { LoadedDeck } from '../deck/load-deck.ts';
import { PSEUDO_LANGUAGE } from '../deck/pseudo-locale.ts';
import { declaredFields, headingField } from '../deck/card-heading.ts';
import type { FieldDeclaration } from '../deck/card-templates.ts';
import type { Card, Locale } from '../deck/schema.ts';
import { contrastRatio, mix } from '../shared/colours.ts';
import { formatText, TextInLanguage } from '../render/helpers/text.ts';
import { withSourceTexts } from '../render/source-texts.ts';
import { fieldHyphenationRules, hyphenateLocale } from '../render/hyphenate.ts';
import { typesetAll } from '../typography/typography.ts';
import { cachedText } from '../shared/disk-cache.ts';
import { BuildError } from '../shared/errors.ts';
import { escapeHtml } from '../shared/escape-html.ts';
import { WEB_CSS } from './web-styles.ts';

/*
 * The web edition: every card of one deck in one language as a single self-contained HTML page,
 * for screen readers, keyboards and e-learning platforms. Semantic markup carries the structure
 * (a region per category, an article per card, headings, lists); the pictos are inline SVG named by
 * their text alternative from the locale. No file, font or script is fetched: the page works
 * offline, opened from disk, in an iframe or copied into a learning platform's folder.
 */

const PAGE_BACKGROUND = '#f5f4f0';
const CARD_BACKGROUND = '#ffffff';

/** The file of the web edition inside a set's folder, as the manifest and the print page name it. */
export const WEB_EDITION_FILE = 'web/index.html';

/**
 * Arrow keys, Page Up/Down, Home and End move between cards (Tab already does); Enter on a card, or
 * the present button, shows one card at a time on the whole screen, where the same keys (and a
 * presenter's clicker, which sends Page Up/Down) turn the cards and Escape ends it.
 */
const KEYBOARD_SCRIPT = `(() => {
  const cards = Array.from(document.querySelectorAll('article.card'));
  const rtl = document.documentElement.dir === 'rtl';
  const steps = { ArrowDown: 1, ArrowUp: -1, PageDown: 1, PageUp: -1, ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 };
  const bar = document.getElementById('presenter');
  const position = document.getElementById('presenter-position');
  let shown = -1;
  // The shown card's text is made as large as the screen allows, and no larger: nothing to scroll.
  const fit = () => {
    if (shown < 0) return;
    const card = cards[shown];
    const fits = () => card.scrollHeight <= card.clientHeight && card.scrollWidth <= card.clientWidth;
    card.style.fontSize = '';
    if (fits()) return;
    let [small, large] = [4, parseFloat(getComputedStyle(card).fontSize)];
    while (large - small > 0.25) {
      const size = (small + large) / 2;
      card.style.fontSize = size + 'px';
      if (fits()) small = size;
      else large = size;
    }
    card.style.fontSize = small + 'px';
  };
  const show = (index) => {
    if (shown >= 0) {
      cards[shown].classList.remove('current');
      cards[shown].style.fontSize = '';
    }
    shown = Math.min(cards.length - 1, Math.max(0, index));
    cards[shown].classList.add('current');
    position.textContent = (shown + 1) + ' / ' + cards.length;
    fit();
    cards[shown].focus();
  };
  window.addEventListener('resize', fit);
  const present = (index) => {
    if (!bar || shown >= 0) return;
    document.body.classList.add('presenting');
    bar.hidden = false;
    show(index);
    if (document.fullscreenEnabled && !document.fullscreenElement) document.documentElement.requestFullscreen().catch(() => {});
  };
  const stop = () => {
    if (shown < 0) return;
    const card = cards[shown];
    card.classList.remove('current');
    card.style.fontSize = '';
    shown = -1;
    document.body.classList.remove('presenting');
    bar.hidden = true;
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    card.focus();
    card.scrollIntoView({ block: 'nearest' });
  };
  document.addEventListener('fullscreenchange', () => { if (!document.fullscreenElement) stop(); });
  document.addEventListener('click', (event) => {
    const control = event.target.closest('[data-present], [data-step], [data-stop]');
    if (!control) return;
    if (control.hasAttribute('data-present')) present(0);
    else if (control.hasAttribute('data-stop')) stop();
    else show(shown + Number(control.dataset.step));
  });
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const index = shown >= 0 ? shown : cards.indexOf(event.target);
    if (shown >= 0 && event.key === 'Escape') return void stop();
    if (index < 0) return;
    if (shown < 0 && event.key === 'Enter' && bar) { event.preventDefault(); return void present(index); }
    let target;
    if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = cards.length - 1;
    else if (event.key in steps) target = index + steps[event.key];
    else return;
    event.preventDefault();
    if (shown >= 0) show(target);
    else cards[Math.min(cards.length - 1, Math.max(0, target))].focus();
  });
})();`;

/**
 * The page's links: the print page of the download folder (dist/index.html, at this set's place)
 * and the same edition in each other language the deck is built in.
 */
function links(deck: LoadedDeck, language: string, locale: Locale): string {
  const ui = locale.ui;
  const others = deck.meta.languages.filter((other) => other !== language && deck.locales.has(other));
  const items = [
    ui['web-print-page']
      ? `<li><a href="../../../index.html#${escapeHtml(`${deck.meta.id}-${language}`)}">${text(ui['web-print-page'])}</a></li>`
      : '',
    ...others.map((other) => {
      const name = deck.locales.get(other)!.locale.language.name ?? other;
      return `<li><a href="../../${escapeHtml(other)}/web/index.html" hreflang="${escapeHtml(other)}" lang="${escapeHtml(other)}">${escapeHtml(name)}</a></li>`;
    }),
  ].filter(Boolean);
  return items.length > 0 ? `<nav class="links"><ul>${items.join('')}</ul></nav>` : '';
}

/** The bar shown while presenting: where the class is, the keys, and buttons for a mouse or a touch screen. */
function presenterBar(locale: Locale): string {
  const ui = locale.ui;
  if (!ui['web-present']) return '';
  const button = (attributes: string, label: string | null | undefined, symbol: string) =>
    `<button type="button" ${attributes} aria-label="${escapeHtml(label ?? symbol)}"><span aria-hidden="true">${symbol}</span></button>`;
  const [back, forward] = locale.language.direction === 'rtl' ? ['→', '←'] : ['←', '→'];
  return `<section class="presenter" id="presenter" aria-label="${escapeHtml(plain(ui['web-present']))}" hidden>
${button('data-step="-1"', ui['web-previous'], back)}
<p class="presenter-position" id="presenter-position"></p>
${button('data-step="1"', ui['web-next'], forward)}
${ui['web-present-keys'] ? `<p class="presenter-keys">${text(ui['web-present-keys'])}</p>` : ''}
${button('data-stop', ui['web-stop'], '×')}
</section>`;
}

/**
 * `sourceTexts`: the keys whose text is the source language's (by default the locale's fallbacks);
 * a card's such text is set and marked as that language, as on the printed card.
 */
export async function renderWebEdition(
  deck: LoadedDeck,
  language: string,
  texts: Locale,
  sourceTexts: readonly string[] = deck.locales.get(language)?.fallbacks ?? [],
): Promise<string> {
  const lang = language === PSEUDO_LANGUAGE ? deck.meta.sourceLanguage : language;
  const source = deck.meta.sourceLanguage;
  // Card texts only: the other strings of a page (its title, labels, attributes) are plain text.
  const cardTexts = sourceTexts.filter((key) => key.startsWith('cards.'));
  const setIn = (language: string, hyphenated: boolean) =>
    typesetAll(hyphenated ? hyphenateLocale(texts, language, fieldHyphenationRules(deck)) : texts, language, deck.meta.noBreak);
  // Set as the cards are: hyphenated first, then typography, which keeps no-break terms whole.
  const locale = withSourceTexts(setIn(lang, false), cardTexts, () => setIn(source, false), source);
  const title = locale.deck.title ?? deck.meta.id;
  const alt = pictoTexts(deck, language, locale);
  const shown = withSourceTexts(setIn(lang, true), cardTexts, () => setIn(source, true), source);
  const sections = runsOfCategory(deck.cards)
    .map((run, index) => categorySection(deck, locale, shown, alt, run, index))
    .join('\n');
  const hint = locale.ui['web-keys'];
  const present = locale.ui['web-present'];
  const body = `<div class="page">
<header class="deck-head">
<h1>${text(locale.deck.title ?? deck.meta.id)}</h1>
${locale.deck.subtitle ? `<p class="subtitle">${text(locale.deck.subtitle)}</p>` : ''}
${links(deck, language, locale)}
${present ? `<p class="present"><button type="button" data-present>${text(present)}</button></p>` : ''}
${hint ? `<p class="hint">${text(hint)}</p>` : ''}
</header>
<main>
${sections}
</main>
${locale.deck.credit ? `<footer class="deck-foot"><p>${text(locale.deck.credit)}</p></footer>` : ''}
</div>
${presenterBar(locale)}`;
  const css = `${await embeddedFonts(body)}\n${WEB_CSS}\n${categoryCss(deck)}`;
  const csp = [
    "default-src 'none'",
    `style-src '${cspHash(css)}'`,
    'font-src data:',
    `script-src '${cspHash(KEYBOARD_SCRIPT)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="${escapeHtml(lang)}" dir="${locale.language.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
<script>${KEYBOARD_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The deck's fonts, in the page itself: each bundled face cut to the letters the page shows (in
 * both cases, for the uppercase labels), as WOFF2 data, so the page looks like the cards offline
 * and on a classroom computer that has none of them. A face for a script the page does not use
 * (Arabic on a Dutch page) is left out.
 */
async function embeddedFonts(html: string, fonts: FontFace[] = BUNDLED_FONTS): Promise<string> {
  const shown = unescapeHtml(html.replace(/<[^>]*>/g, ' '));
  const letters = [...new Set(`${shown}${shown.toLocaleUpperCase()} !"'()*,-./:;?0123456789·×←→`)].join('');
  const arabic = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/.test(letters);
  const used = fonts.filter((font) => arabic || font.family !== 'Noto Sans Arabic');
  const faces = await Promise.all(
    used.map(async (font) => {
      const { size, mtimeMs } = await stat(font.file);
      // Kept between builds: cutting five faces is most of the time a web edition takes.
      const woff2 = await cachedText(
        'web-font',
        [font.file, String(size), String(mtimeMs), letters],
        async () => Buffer.from(await subsetTrueType(font.file, letters, 'woff2')).toString('base64'),
        (base64) => (base64.length > 0 ? base64 : undefined),
      );
      return `@font-face { font-family: "${font.family}"; font-weight: ${font.weight}; font-style: ${font.style}; font-display: block; src: url("data:font/woff2;base64,${woff2}") format("woff2"); }`;
    }),
  );
  return faces.join('\n');
}

/** Consecutive cards of one category: each run is one region of the page under its heading. */
function runsOfCategory(cards: Card[]): Array<{ category: string; cards: Card[] }> {
  const runs: Array<{ category: string; cards: Card[] }> = [];
  for (const card of cards) {
    const last = runs.at(-1);
    if (last && last.category === card.category) last.cards.push(card);
    else runs.push({ category: card.category, cards: [card] });
  }
  return runs;
}

function categorySection(
  deck: LoadedDeck,
  locale: Locale,
  shown: Locale,
  alt: Map<string, string>,
  run: { category: string; cards: Card[] },
  index: number,
): string {
  const category = deck.meta.categories[run.category]!;
  const name = locale.categories[run.category]?.name ?? run.category;
  const headingId = `category-${index + 1}`;
  const cards = run.cards.map((card) => cardArticle(deck, locale, shown, alt, card)).join('\n');
  return `<section class="category cat-${run.category}" aria-labelledby="${headingId}">
<h2 id="${headingId}">${picto(deck, alt, category.picto, true)}<span>${text(name)}</span></h2>
<div class="cards">
${cards}
</div>
</section>`;
}

/** The label above a field the shared templates show: a ui key. */
const LABELS: Record<string, string> = { when: 'when', steps: 'steps', questions: 'questions', example: 'example' };

function cardArticle(deck: LoadedDeck, locale: Locale, shown: Locale, alt: Map<string, string>, card: Card): string {
  const t = locale.cards[card.id] ?? {};
  // Soft hyphens where print has them: a long compound breaks at a syllable on a phone, as on a card.
  const hyphenated = shown.cards[card.id] ?? {};
  const ui = locale.ui;
  const position = deck.cards.indexOf(card) + 1;
  const categoryName = locale.categories[card.category]?.name;
  const kicker = [categoryName, card.number !== undefined && ui.level ? `${ui.level} ${card.number}` : undefined]
    .filter((part): part is string => Boolean(part))
    .map(text)
    .join(' · ');
  const headingId = `card-${card.id}-title`;
  const fields = declaredFields(deck.templates, card, t);
  const head = headingField(fields, t);
  // A title stays whole, as printed; a question that heads a card breaks like the card's text.
  const headText = head ? (head.name === 'title' ? textOf(t.title) : textOf(hyphenated[head.name])) : undefined;
  const headHtml = headText
    ? `<span${emphasisClass(head!)}>${text(headText)}</span>`
    : text(`${categoryName ?? card.category} ${position}`);
  const question = head?.name === 'title' ? textOf(hyphenated.question) : undefined;
  const heading = question ? `${headHtml}<span class="visually-hidden">: </span><span class="question">${text(question)}</span>` : headHtml;
  // Chromium puts a space before the hidden colon in the name of the heading: the name is given whole.
  const name = question
    ? ` aria-label="${escapeHtml(`${plain(headText ?? `${categoryName ?? card.category} ${position}`)}: ${plain(question)}`.replaceAll('\u00ad', ''))}"`
    : '';
  // Level cards list example interventions, not steps to follow: the printed card says so too.
  const labelOf = (field: string) =>
    field === 'steps' && card.template === 'level' ? ui.interventions : LABELS[field] ? ui[LABELS[field]] : undefined;
  const parts = fields
    .filter((field) => field.name !== head?.name && !(question && field.name === 'question'))
    .map((field) => {
      const value = hyphenated[field.name];
      if (field.name === 'origin' && textOf(value)) return `<p class="origin">${text(ui.origin ?? '')}: ${text(textOf(value))}</p>`;
      // Steps are done in their order; a level card's examples and the questions have none.
      if (Array.isArray(value))
        return block(labelOf(field.name), list(field.name === 'steps' && card.template !== 'level' ? 'ol' : 'ul', value));
      const single = textOf(value);
      if (!single) return '';
      const classes = [field.name === 'example' ? 'example' : '', field.emphasis ? `field-${field.emphasis}` : '']
        .filter(Boolean)
        .join(' ');
      return block(labelOf(field.name), `<p${classes ? ` class="${classes}"` : ''}>${text(single)}</p>`);
    });
  return `<article class="card cat-${card.category}" id="card-${card.id}" tabindex="0" aria-labelledby="${headingId}">
<div class="card-head">${picto(deck, alt, card.picto)}<p class="kicker">${kicker} <span class="position">${position}/${deck.cards.length}</span></p></div>
<h3 id="${headingId}"${name}>${heading}</h3>
${parts.filter(Boolean).join('\n')}
</article>`;
}

function emphasisClass(field: FieldDeclaration): string {
  return field.emphasis ? ` class="field-${field.emphasis}"` : '';
}

function textOf(value: unknown): CardText | undefined {
  if (value instanceof TextInLanguage) return value;
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function block(label: string | null | undefined, content: string): string {
  if (!content) return '';
  return label ? `<h4>${text(label)}</h4>\n${content}` : content;
}

function list(tag: 'ol' | 'ul', items: unknown[]): string {
  const filled = items.map(textOf).filter((item) => item !== undefined);
  return filled.length ? `<${tag}>${filled.map((item) => `<li>${text(item)}</li>`).join('')}</${tag}>` : '';
}

/**
 * A picto as an image with its text alternative; the SVG inside is hidden from assistive
 * technology. Beside a heading that says the same (a category's), the picto is decoration: hidden,
 * so the heading is named by its text only.
 */
function picto(deck: LoadedDeck, alt: Map<string, string>, name: string, decorative = false): string {
  // The loader already gave the <svg> aria-hidden and focusable="false" (src/assets/pictos.ts).
  const svg = deck.pictos.get(name) ?? '';
  if (decorative) return `<span class="picto" aria-hidden="true">${svg}</span>`;
  return `<span class="picto" role="img" aria-label="${escapeHtml(alt.get(name) ?? '')}">${svg}</span>`;
}

/** Every picto the page shows needs its text alternative: without it a screen reader says nothing. */
function pictoTexts(deck: LoadedDeck, language: string, locale: Locale): Map<string, string> {
  const shown = new Set([
    ...Object.values(deck.meta.categories).map((category) => category.picto),
    ...deck.cards.map((card) => card.picto),
  ]);
  const texts = new Map<string, string>();
  const missing: string[] = [];
  for (const name of shown) {
    const value = locale.pictos?.[name];
    if (value?.trim()) texts.set(name, value);
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new BuildError(
      `${deck.meta.id} [${language}]: no text alternative for picto(s) ${missing.join(', ')}: add them under pictos: in locales/${language}.yaml`,
    );
  }
  return texts;
}

/** Each category's colour, and a darker ink of it that reads at WCAG AA on every background it meets. */
function categoryCss(deck: LoadedDeck): string {
  return Object.entries(deck.meta.categories)
    .map(([id, category]) => {
      const tint = mix(category.color, '#ffffff', 0.1);
      const ink = readableInk(category.color, [CARD_BACKGROUND, PAGE_BACKGROUND, tint]);
      return `.cat-${id} { --cat: ${category.color}; --cat-ink: ${ink}; --cat-tint: ${tint}; }`;
    })
    .join('\n');
}

/** The colour, darkened just enough for a 4.5:1 contrast (text) against each background. */
export function readableInk(colour: string, backgrounds: string[], minimum = 4.5): string {
  for (let weight = 1; weight > 0; weight -= 0.05) {
    const ink = mix(colour, '#000000', weight);
    if (backgrounds.every((background) => contrastRatio(ink, background) >= minimum)) return ink;
  }
  return '#000000';
}

/** A card's text: a string, or the source language's text where the translation is missing. */
type CardText = string | TextInLanguage;

function text(value: CardText | null | undefined): string {
  return formatText(value ?? '').toString();
}

/** The words of a text without its markup, for an attribute. */
function plain(value: CardText | null | undefined): string {
  return unescapeHtml(text(value).replace(/<[^>]*>/g, ''));
}

function unescapeHtml(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);
}

function cspHash(source: string): string {
  return `sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}`;
}
