import { createHash } from 'node:crypto';
import { escapeHtml } from '../shared/escape-html.ts';
import type { Comparison, FaceChange, SetChange } from './compare.ts';
import type { Raster } from '../shared/ppm.ts';
import { encodePng } from './pixels.ts';
import { formatDate, formatMm, proofStrings, type ProofStrings } from './strings.ts';
import type { FieldChange } from './words.ts';

/*
 * proof/index.html: one self-contained page (images as data: URLs, its style and script inline,
 * nothing fetched) with, for each changed face, before | after | difference, the words that
 * changed, and filters by deck, language and kind. j/k and the arrow keys move between changes.
 */

const CSS = `
:root { color-scheme: light; font-family: system-ui, sans-serif; color: #1a1a1a; background: #f5f4f0; }
body { margin: 0; }
.page { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
.lead { margin: 0 0 1rem; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; margin: 1rem 0; padding: 0.75rem; background: #fff; border: 1px solid #bbb; border-radius: 6px; }
.filters label { display: flex; flex-direction: column; gap: 0.25rem; font-weight: 600; }
select { font: inherit; padding: 0.25rem; }
.notes { background: #fff; border: 1px solid #bbb; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
article.change { background: #fff; border: 1px solid #bbb; border-radius: 6px; padding: 0.75rem 1rem; margin: 1rem 0; }
article.change:focus { outline: 3px solid #0b57d0; outline-offset: 2px; }
article.change h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
.tag { display: inline-block; padding: 0 0.4rem; border-radius: 4px; background: #e8e8e8; font-size: 0.9rem; font-weight: 600; }
.tag.added { background: #d6f0dc; } .tag.removed { background: #f8d7da; } .tag.changed { background: #fff0c2; }
.faces { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem; margin: 0.5rem 0; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 0.25rem; }
figure img { width: 100%; max-width: 20rem; height: auto; border: 1px solid #999; display: block; }
ins { background: #c9efcf; text-decoration: underline; color: #0a3d14; }
del { background: #f9cfd3; color: #5c0a12; }
del + ins { margin-left: 0.25em; }
.fields dt { font-weight: 600; margin-top: 0.5rem; }
.fields dd { margin: 0.25rem 0 0 0; }
small.id { font-weight: 400; font-size: 0.8rem; color: #555; }
p.set { margin: 0 0 0.5rem; color: #444; }
[hidden] { display: none !important; }
`;

const SCRIPT = `(() => {
  const changes = Array.from(document.querySelectorAll('article.change'));
  const filters = Array.from(document.querySelectorAll('select[data-filter]'));
  const status = document.getElementById('shown');
  const apply = () => {
    let shown = 0;
    for (const change of changes) {
      const visible = filters.every((select) => select.value === '' || change.dataset[select.dataset.filter] === select.value);
      change.hidden = !visible;
      if (visible) shown++;
    }
    if (status) status.textContent = status.dataset.template.replace('{n}', String(shown));
  };
  for (const select of filters) select.addEventListener('change', apply);
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target instanceof HTMLSelectElement) return;
    const step = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[event.key];
    if (!step) return;
    const visible = changes.filter((change) => !change.hidden);
    if (visible.length === 0) return;
    const index = visible.indexOf(document.activeElement);
    const next = index < 0 ? (step > 0 ? 0 : visible.length - 1) : Math.min(visible.length - 1, Math.max(0, index + step));
    event.preventDefault();
    visible[next].focus();
    visible[next].scrollIntoView({ block: 'start' });
  });
  apply();
})();`;

function cspHash(source: string): string {
  return `sha256-${createHash('sha256').update(source).digest('base64')}`;
}

const dataUrl = (raster: Raster) => `data:image/png;base64,${Buffer.from(encodePng(raster)).toString('base64')}`;

/** How a face is named for people: the card and side, or the back of a category. */
export function faceName(face: FaceChange, words: ProofStrings): string {
  return face.card
    ? `${face.title ?? face.card} (${face.side === 'front' ? words.front : words.back})`
    : words.backOf(face.title ?? face.category);
}

/** The changed areas of a face in words, its numbers as the language writes them. */
export function areasText(face: FaceChange, language: string, words: ProofStrings): string {
  const mm = (value: number) => formatMm(value, language);
  return (face.pixels?.areasMm ?? []).map((area) => words.area(mm(area.width), mm(area.height), mm(area.x), mm(area.y))).join('; ');
}

/** What the proof compares with, in words: the earlier build's date or the revision. */
export function comparedWith(comparison: Comparison, language: string, words: ProofStrings): string {
  const { revision, written } = comparison.beforeBuild;
  if (revision) return words.comparedWithRevision(revision);
  return written ? words.comparedWithBuild(formatDate(new Date(written), language)) : comparison.before;
}

/** A step that ends a sentence: its full stop, question or exclamation mark, as kept or added. */
const SENTENCE_END = /^[.!?…。！？؟]+$/u;

/**
 * The sentences of a field that changed, as the face prints them (punctuation and all), the words
 * removed in <del> and added in <ins>; the sentences left out between them are an ellipsis.
 */
export function fieldHtml(field: FieldChange): string {
  const sentences: FieldChange['steps'][] = [[]];
  for (const step of field.steps) {
    sentences.at(-1)!.push(step);
    if (step.op !== 'removed' && SENTENCE_END.test(step.word)) sentences.push([]);
  }
  const html = (steps: FieldChange['steps']) =>
    steps
      .map((step) =>
        step.op === 'same'
          ? escapeHtml(step.word)
          : step.op === 'added'
            ? `<ins>${escapeHtml(step.word)}</ins>`
            : `<del>${escapeHtml(step.word)}</del>`,
      )
      .join('')
      .trim();
  const shown = sentences.map((steps, index) => (steps.some((step) => step.op !== 'same') ? index : -1));
  const parts: string[] = [];
  shown.forEach((index, at) => {
    if (index < 0) return;
    if (parts.length > 0 ? shown[at - 1]! < 0 : at > 0) parts.push('…');
    parts.push(html(sentences[index]!));
  });
  const last = Math.max(...shown);
  if (sentences.slice(last + 1).some((steps) => steps.some((step) => step.word.trim() !== ''))) parts.push('…');
  return parts.join(' ');
}

function faceArticle(set: SetChange, face: FaceChange, index: number): string {
  const words = proofStrings(set.language);
  const name = faceName(face, words);
  const figure = (caption: string, raster: Raster | undefined, alt: string) =>
    raster
      ? `<figure><figcaption>${escapeHtml(caption)}</figcaption><img src="${dataUrl(raster)}" alt="${escapeHtml(alt)}" width="${raster.width}" height="${raster.height}"></figure>`
      : `<figure><figcaption>${escapeHtml(caption)}</figcaption><p>—</p></figure>`;
  const fields =
    face.fields.length > 0
      ? `<dl class="fields">${face.fields
          .map(
            (field) =>
              `<dt>${escapeHtml(field.label ?? field.field)}</dt><dd lang="${escapeHtml(set.language)}" dir="${set.direction}">${fieldHtml(field)}</dd>`,
          )
          .join('')}</dl>`
      : '';
  const areas = face.pixels ? `<p>${escapeHtml(words.look)}: ${escapeHtml(areasText(face, set.language, words))}</p>` : '';
  const id = `change-${index}`;
  return `<article class="change" id="${id}" tabindex="0" aria-labelledby="${id}-title" data-deck="${escapeHtml(set.deck)}" data-language="${escapeHtml(set.language)}" data-kind="${escapeHtml(face.template)}">
<h2 id="${id}-title"><bdi lang="${escapeHtml(set.language)}" dir="${set.direction}">${escapeHtml(name)}</bdi>${face.card ? ` <small class="id">${escapeHtml(face.card)}</small>` : ''} <span class="tag ${face.change}">${escapeHtml(words[face.change])}</span></h2>
<p class="set"><bdi lang="${escapeHtml(set.language)}" dir="${set.direction}">${escapeHtml(set.title)}</bdi>, ${escapeHtml(set.languageName)}</p>
<div class="faces">
${figure(words.before, face.images?.before, `${words.before}: ${name}`)}
${figure(words.after, face.images?.after, `${words.after}: ${name}`)}
${face.images?.difference ? figure(words.difference, face.images.difference, `${words.difference}: ${name}`) : `<figure><figcaption>${escapeHtml(words.difference)}</figcaption><p>—</p></figure>`}
</div>
${fields}${areas}
</article>`;
}

/** A filter of the changes, each option a value and its name; none where there is only one value to choose. */
function select(label: string, filter: string, values: Map<string, string>, words: ProofStrings): string {
  if (values.size < 2) return '';
  const id = `filter-${filter}`;
  return `<label for="${id}">${escapeHtml(label)}<select id="${id}" data-filter="${filter}"><option value="">${escapeHtml(words.all)}</option>${[
    ...values,
  ]
    .map(([value, name]) => `<option value="${escapeHtml(value)}">${escapeHtml(name)}</option>`)
    .join('')}</select></label>`;
}

/** The decks' source language where the sets shown are in it, else the language most of them are in: what the page speaks. */
function pageLanguage(sets: SetChange[], sourceLanguage: string | undefined): string {
  if (sourceLanguage && sets.some((set) => set.language === sourceLanguage)) return sourceLanguage;
  const counts = new Map<string, number>();
  for (const set of sets) counts.set(set.language, (counts.get(set.language) ?? 0) + 1);
  return [...counts].reduce<[string, number]>((best, entry) => (entry[1] > best[1] ? entry : best), ['en', 0])[0];
}

/** The proof page of a comparison, in the language of its first changed set. */
export function proofHtml(comparison: Comparison): string {
  const changed = comparison.sets.filter((set) => set.change !== 'unchanged');
  const language = pageLanguage(changed.length > 0 ? changed : comparison.sets, comparison.sourceLanguage);
  const words = proofStrings(language);
  const faces = changed.flatMap((set) => set.faces.map((face) => ({ set, face })));
  const notes = changed.flatMap((set) =>
    [
      set.change === 'added' || set.change === 'removed' ? `${words[set.change]}` : '',
      ...set.geometry.map((line) => `${words.geometry}: ${line}`),
      ...set.sheets.map((line) => `${words.sheets}: ${line}`),
    ]
      .filter(Boolean)
      .map((line) => `<li>${escapeHtml(`${set.title}, ${set.languageName}: ${line}`)}</li>`),
  );
  const css = CSS;
  const csp = [
    "default-src 'none'",
    'img-src data:',
    `style-src '${cspHash(css)}'`,
    `script-src '${cspHash(SCRIPT)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const decks = [...new Set((changed.length > 0 ? changed : comparison.sets).map((set) => set.title))].join(', ');
  const title = `${words.proof}${decks ? `: ${decks}` : ''}, ${comparedWith(comparison, language, words)}`;
  const filters = [
    select(words.deck, 'deck', new Map(faces.map(({ set }) => [set.deck, set.title])), words),
    select(words.language, 'language', new Map(faces.map(({ set }) => [set.language, set.languageName])), words),
    select(words.kind, 'kind', new Map(faces.map(({ face }) => [face.template, words.kinds[face.template] ?? face.template])), words),
  ].filter(Boolean);
  return `<!doctype html>
<html lang="${words.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<div class="page">
<header>
<h1>${escapeHtml(title)}</h1>
<p class="lead">${escapeHtml(comparison.changed ? `${words.changes(faces.length + notes.length)}.` : words.nothingChanged)}</p>
${faces.length > 1 ? `<p class="lead">${escapeHtml(words.keys)}</p>` : ''}
</header>
<main>
${
  filters.length > 0
    ? `<form class="filters" aria-label="${escapeHtml(words.filter)}">
${filters.join('\n')}
<p id="shown" role="status" data-template="${escapeHtml(words.shown(faces.length))}"></p>
</form>`
    : ''
}
${notes.length > 0 ? `<section class="notes" aria-label="${escapeHtml(`${words.geometry}, ${words.sheets}`)}"><ul>${notes.join('')}</ul></section>` : ''}
${faces.map(({ set, face }, index) => faceArticle(set, face, index)).join('\n')}
</main>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
