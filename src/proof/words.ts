import type { Locale } from '../deck/schema.ts';

/** One step of a text's change: a word kept, added or removed. */
export interface WordStep {
  op: 'same' | 'added' | 'removed';
  word: string;
}

/** What changed in one field of a face: its words added and removed, and the whole text, punctuation and spaces too, as steps. */
export interface FieldChange {
  /** The locale key of the text (`title`, `body`, `category name`, `ui.questions`), or `text` where none holds it. */
  field: string;
  /** What the proof calls the field, in the deck's language (`Tekst` for `body` in Dutch). */
  label?: string;
  added: string[];
  removed: string[];
  steps: WordStep[];
}

/** The words of a text as the language divides them (Intl.Segmenter): Thai, Japanese or Arabic as well as Dutch. */
export function wordsOf(text: string, language: string): string[] {
  const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
  return [...segmenter.segment(text)].filter((segment) => segment.isWordLike).map((segment) => segment.segment);
}

/** A text in the pieces the language divides it into: its words, and the spaces and punctuation between them. */
export function segmentsOf(text: string, language: string): string[] {
  return [...new Intl.Segmenter(language, { granularity: 'word' }).segment(text)].map((segment) => segment.segment);
}

/** The shortest edit from one list of words to another (longest common subsequence). */
export function diffWords(before: string[], after: string[]): WordStep[] {
  const n = before.length;
  const m = after.length;
  const common = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      common[i]![j] = before[i] === after[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const steps: WordStep[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      steps.push({ op: 'same', word: before[i++]! });
      j++;
    } else if (i < n && (j === m || common[i + 1]![j]! >= common[i]![j + 1]!)) steps.push({ op: 'removed', word: before[i++]! });
    else steps.push({ op: 'added', word: after[j++]! });
  }
  return steps;
}

/** The texts of one face's fields that the locale can name, as `field → its text`. */
export type FaceTexts = Map<string, string>;

/**
 * The text a face prints, read back from the PDF as lines, gathered by the field of the locale
 * that holds each line (the field whose words it shares most, so a line with a changed word still
 * finds its field). A line broken by hyphenation is joined again.
 */
export function textsByField(lines: string[], locale: Locale | undefined, cardId: string | undefined, category: string): FaceTexts {
  const candidates: Array<[string, string]> = [];
  if (locale) {
    const add = (prefix: string, record: Record<string, unknown> | undefined) => {
      for (const [key, value] of Object.entries(record ?? {}))
        for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') candidates.push([`${prefix}${key}`, item]);
    };
    if (cardId) add('', locale.cards?.[cardId] as Record<string, unknown> | undefined);
    add('category ', locale.categories?.[category] as Record<string, unknown> | undefined);
    add('deck ', { title: locale.deck?.title, subtitle: locale.deck?.subtitle });
    add('ui.', locale.ui);
  }
  const folded = candidates.map(([field, text]) => [field, new Set(fold(text).split(' '))] as const);
  const vocabulary = new Set(folded.flatMap(([, words]) => [...words]));
  const texts: FaceTexts = new Map();
  let previous = '';
  for (const raw of lines) {
    const line = mendSplitWords(raw.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim(), vocabulary);
    if (!line) continue;
    const words = fold(line).split(' ');
    let best = 'text';
    let score = 0;
    for (const [field, known] of folded) {
      const shared = words.filter((word) => known.has(word)).length / words.length;
      if (shared > score) [best, score] = [field, shared];
    }
    const field = score > 0 ? best : previous || 'text';
    const before = texts.get(field);
    // A word broken at a line end ends in the hyphen drawn there.
    texts.set(field, before === undefined ? line : /[-\u2010]$/.test(before) ? `${before.slice(0, -1)}${line}` : `${before} ${line}`);
    previous = field;
  }
  return texts;
}

/** The marks pdftotext puts around right-to-left runs: direction, not text. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A line with the words that a PDF reader split joined again: poppler reads a space into the
 * middle of shaped Arabic words ("الج ديدة"). Two neighbours are joined where together they are a
 * word of the locale and apart they are not both words of it.
 */
function mendSplitWords(line: string, vocabulary: Set<string>): string {
  const words = line.split(' ');
  const mended: string[] = [];
  for (const word of words) {
    const last = mended.at(-1);
    if (last !== undefined && vocabulary.has(fold(last + word)) && !(vocabulary.has(fold(last)) && vocabulary.has(fold(word))))
      mended[mended.length - 1] = last + word;
    else mended.push(word);
  }
  return mended.join(' ');
}

/** Each field whose words changed, in the order the face shows them. */
export function fieldChanges(before: FaceTexts, after: FaceTexts, language: string): FieldChange[] {
  const fields = [...new Set([...after.keys(), ...before.keys()])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const steps = diffWords(segmentsOf(before.get(field) ?? '', language), segmentsOf(after.get(field) ?? '', language));
    const words = (op: WordStep['op']) =>
      wordsOf(
        steps
          .filter((step) => step.op === op)
          .map((step) => step.word)
          .join(' '),
        language,
      );
    const added = words('added');
    const removed = words('removed');
    if (added.length > 0 || removed.length > 0) changes.push({ field, added, removed, steps });
  }
  return changes;
}

/** Case, markup and soft hyphens folded, punctuation dropped: CSS may upper-case a label, markup is not printed. */
function fold(text: string): string {
  return text
    .replace(/\*+|\u00ad/g, '')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A box in points from a face's top left corner. */
export interface PointBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The boxes of the words a face no longer prints (on the earlier face) and newly prints (on this
 * one), as the word by word difference of the two pages finds them: the word itself, punctuation
 * and all, not the pixels that happen to differ. Neighbouring changed words on one line share a box.
 */
export function changedWordBoxes(
  before: Array<PointBox & { text: string }>,
  after: Array<PointBox & { text: string }>,
): { removed: PointBox[]; added: PointBox[] } {
  const steps = diffWords(
    before.map((word) => word.text),
    after.map((word) => word.text),
  );
  const removed: PointBox[] = [];
  const added: PointBox[] = [];
  // The box each side's run of changed words grows, until a kept word ends the run.
  const open = new Map<WordStep['op'], PointBox>();
  let [i, j] = [0, 0];
  for (const step of steps) {
    const word = step.op === 'added' ? after[j++]! : before[i++]!;
    if (step.op === 'same') {
      j++;
      open.clear();
      continue;
    }
    const last = open.get(step.op);
    if (last && Math.abs(last.y - word.y) < word.height / 2 && word.x >= last.x) {
      const right = Math.max(last.x + last.width, word.x + word.width);
      const bottom = Math.max(last.y + last.height, word.y + word.height);
      last.y = Math.min(last.y, word.y);
      last.width = right - last.x;
      last.height = bottom - last.y;
    } else {
      const box = { x: word.x, y: word.y, width: word.width, height: word.height };
      (step.op === 'added' ? added : removed).push(box);
      open.set(step.op, box);
    }
  }
  return { removed, added };
}
