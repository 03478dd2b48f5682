// What a teacher types into the print page, read the same way in every browser locale, and the
// words and file name that say what the page will make. Pure: the page's script and the tests
// share it.
import { formatMm } from '../impose/school-pdf.ts';

/** The most sets one PDF may hold: stated on the page, and the field refuses more. */
export const MAX_SETS = 60;
/** The largest back correction, mm either way: an office printer drifts 1-2 mm; more is a typing slip. */
export const MAX_OFFSET_MM = 5;

/**
 * A refused reading; `tooFar` when it is a number beyond ±MAX_OFFSET_MM (the sheet's scale runs to
 * ±6, but that much means the calibration sheet was scaled, not that the printer is off).
 */
export type Reading<T> = { ok: true; value: T } | { ok: false; tooFar?: true };

/**
 * A length in millimetres as a person types it: a decimal comma or point ("1,5", "1.5", "1,50"),
 * a sign (ASCII, or the minus sign the calibration sheet prints), spaces around it; empty is 0.
 * Anything else ("1.234,5", "abc", "1,5,0") is refused rather than guessed, and so is a value
 * beyond ±MAX_OFFSET_MM. The browser's own number parsing is not used: it depends on its locale.
 */
export function readMillimetres(typed: string): Reading<number> {
  const text = typed.trim().replace(/^[\u2212\u2013]/, '-');
  if (text === '') return { ok: true, value: 0 };
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) return { ok: false };
  const value = Number(text.replace(',', '.'));
  if (!Number.isFinite(value)) return { ok: false };
  if (Math.abs(value) > MAX_OFFSET_MM) return { ok: false, tooFar: true };
  return { ok: true, value: Math.round(value * 100) / 100 || 0 };
}

/** Where the page's browser storage keeps the readings, one key per printer, flip and paper. */
export const OFFSET_KEY = 'kaartenset.printer-offset.';

/**
 * The storage key of the reading taken on one printer with one flip and paper: a printer drifts
 * differently when it turns the sheet on its long or its short edge, and with another paper size.
 */
export function offsetKey(printerName: string, printer: string, paper: string): string {
  return `${OFFSET_KEY}${JSON.stringify([printerName.trim(), printer, paper])}`;
}

/**
 * The reading to put in the fields for what storage holds under a printer's key: the saved one, or
 * 0 / 0 and `saved: false` when nothing (or nothing readable) is saved, so a new printer never
 * inherits the last printer's reading.
 */
export function recalledReading(stored: string | null): { x: number; y: number; saved: boolean } {
  const none = { x: 0, y: 0, saved: false };
  if (stored === null) return none;
  try {
    const value = JSON.parse(stored) as { x?: unknown; y?: unknown } | null;
    return typeof value?.x === 'number' && typeof value.y === 'number' ? { x: value.x, y: value.y, saved: true } : none;
  } catch {
    return none;
  }
}

/** A whole number of sets from 1 to MAX_SETS; empty, 0, negative, fractions and letters are refused. */
export function readSets(typed: string): Reading<number> {
  const text = typed.trim();
  if (!/^\d+$/.test(text)) return { ok: false };
  const value = Number(text);
  return value >= 1 && value <= MAX_SETS ? { ok: true, value } : { ok: false };
}

/** The page's words used here, in its language. */
export interface ChoiceWords {
  'page-offset-none': string;
  /** "The backs move {moves}, as seen from the front." */
  'page-offset-effect': string;
  'page-move-left': string;
  'page-move-right': string;
  'page-move-up': string;
  'page-move-down': string;
  'page-and': string;
}

/**
 * What the correction read from the calibration sheet does, in words: the back cross seen 1.5 mm
 * right of the front cross moves every back 1.5 mm to the left, as seen from the front.
 */
export function offsetEffect(reading: { x: number; y: number }, words: ChoiceWords, language: string): string {
  const moves = backMoves(reading, words, language);
  if (moves.length === 0) return words['page-offset-none'];
  return words['page-offset-effect'].replace('{moves}', moves.join(` ${words['page-and']} `));
}

/** Where the backs move for a reading, in words: the other way from where the back cross was seen. */
function backMoves(reading: { x: number; y: number }, words: FileWords['moves'], language: string): string[] {
  const move = (key: keyof FileWords['moves'], value: number) => words[key].replace('{mm}', formatMm(value, language));
  return [
    reading.x > 0 ? move('page-move-left', reading.x) : reading.x < 0 ? move('page-move-right', reading.x) : undefined,
    reading.y > 0 ? move('page-move-down', reading.y) : reading.y < 0 ? move('page-move-up', reading.y) : undefined,
  ].filter((part): part is string => part !== undefined);
}

export interface FileChoices {
  deck: string;
  language: string;
  paper: string;
  printer: 'long-edge' | 'short-edge' | 'fold-over';
  ink: string;
  sets: number;
  offsetMm: { x: number; y: number };
}

/** The words a file name is made of, in the page's language. */
export interface FileWords {
  /** The printer as the slug names it ("dubbelzijdig, lange zijde"). */
  printers: Record<FileChoices['printer'], string>;
  /** The ink as the page names it ("Zuinig met inkt"), by ink. */
  inks: Record<string, string>;
  /** What moves ("achterkanten"), before the moves. */
  backs: string;
  moves: Pick<ChoiceWords, 'page-move-left' | 'page-move-right' | 'page-move-up' | 'page-move-down'>;
}

/** Words as a file name may hold them: lower case ASCII letters, digits and a decimal sign between digits, joined by hyphens. */
function fileWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/(?<!\d)[,.]|[,.](?!\d)/g, ' ')
    .replace(/[^a-z0-9,.]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The name of the PDF the page makes, in the page's language: deck, language, paper, printer, ink,
 * sets and, for duplex, where the backs move ("achterkanten-2-mm-naar-links"), so two files made
 * with different choices never share a name and none says a sign that could be read either way.
 */
export function schoolFileName(choices: FileChoices, words: FileWords): string {
  const moves = backMoves(choices.offsetMm, words.moves, choices.language);
  const correction = choices.printer === 'fold-over' || moves.length === 0 ? [] : [words.backs, ...moves];
  return `${[
    choices.deck,
    choices.language,
    choices.paper,
    words.printers[choices.printer],
    words.inks[choices.ink] ?? choices.ink,
    `${choices.sets} ${choices.sets === 1 ? 'set' : 'sets'}`,
    ...correction,
  ]
    .map(fileWord)
    .join('-')}.pdf`;
}

/** How a paper and printer lay cards out: read from the deck's profiles by the build. */
export interface SchoolLayout {
  perSheet: number;
  /** 2 for duplex (fronts page, backs page), 1 for fold-over. */
  pagesPerSheet: 1 | 2;
  /** Whether a cover sheet comes first (with the calibration page for duplex). */
  cover: boolean;
  /** Whether a set holds each card as often as its count says (else once). */
  copies: boolean;
}

/** How many sheets and pages a PDF of `cards` cards holds, its cover included. */
export function schoolPageCount(layout: SchoolLayout, cards: number): { sheets: number; pages: number } {
  const sheets = Math.ceil(cards / layout.perSheet) + (layout.cover ? 1 : 0);
  return { sheets, pages: sheets * layout.pagesPerSheet };
}
