import type { Face } from '../deck/faces.ts';
import type { Locale } from '../deck/schema.ts';
import type { TextRun } from '../pdf/text-runs.ts';
import { fileProblem, type Problem } from '../shared/errors.ts';

/** Rounding in the PDF's numbers: a size this close to the minimum is the minimum. */
const TOLERANCE_PT = 0.05;

/** Whether text printed at `sizePt` is smaller than the deck's minimum. */
export function belowMinimum(sizePt: number, minFontPt: number): boolean {
  return sizePt < minFontPt - TOLERANCE_PT;
}

/**
 * Text printed smaller than the deck's minimum, read back from the finished faces PDF: a template
 * that sizes text without the `max(var(--min-font), …)` floor is caught here whatever its CSS says.
 * Each problem names deck, card, language, field and size (the field is found by the text it
 * holds), and is located at the template that sizes it, when `templateFile` is given.
 */
export function smallTextProblems(options: {
  deckId: string;
  language: string;
  faces: Face[];
  runs: TextRun[];
  minFontPt: number;
  locale: Locale;
  templateFile?: (face: Face) => string;
}): Problem[] {
  const { deckId, language, faces, runs, minFontPt, locale, templateFile } = options;
  const smallest = new Map<string, { face: Face; field: string; sizePt: number; text: string }>();
  for (const run of runs) {
    if (!belowMinimum(run.sizePt, minFontPt)) continue;
    const face = faces[run.page];
    if (!face) continue;
    const field = fieldOf(run.text, face, locale);
    const key = `${face.id}\u0000${field}`;
    const known = smallest.get(key);
    if (!known || run.sizePt < known.sizePt) smallest.set(key, { face, field, sizePt: run.sizePt, text: run.text.trim() });
  }
  return [...smallest.values()].map(({ face, field, sizePt, text }) => {
    const where = face.cardId ? `card ${face.cardId} (${face.side})` : `back of category ${face.category}`;
    const message = `${deckId} [${language}] ${where}: ${field} is printed at ${sizePt.toFixed(1)} pt ("${abbreviate(text)}"), below the deck's minimum of ${minFontPt.toFixed(1)} pt`;
    const hint = "size it in the template's CSS with max(var(--min-font), …)";
    return templateFile
      ? fileProblem('text-too-small', templateFile(face), message, { hint })
      : { code: 'text-too-small', severity: 'error' as const, message, hint };
  });
}

/** Which text of the face a run belongs to: a field of the card or category, a ui label, or the deck title. */
function fieldOf(run: string, face: Face, locale: Locale): string {
  // A word broken at a line end ends in the hyphen drawn there.
  const needle = normalise(run).replace(/[-\u2010]$/, '');
  const holds = (value: unknown) =>
    (Array.isArray(value) ? value : [value]).some((item) => typeof item === 'string' && normalise(item).includes(needle));
  const card = face.cardId ? locale.cards[face.cardId] : undefined;
  for (const [field, value] of Object.entries(card ?? {})) if (holds(value)) return `field "${field}"`;
  for (const [field, value] of Object.entries(locale.categories[face.category] ?? {}))
    if (holds(value)) return `field "${field}" of category ${face.category}`;
  for (const [key, value] of Object.entries(locale.ui)) if (holds(value)) return `label ui.${key}`;
  if (holds(locale.deck.title) || holds(locale.deck.subtitle)) return 'the deck title';
  return 'text';
}

/** Case, markup and soft hyphens folded, white space collapsed: CSS may upper-case a label, markup is not printed. */
function normalise(text: string): string {
  return text
    .replace(/\*+|\u00ad/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
