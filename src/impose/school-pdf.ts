import { turnKeywords, workStyleKeyword } from '../pdf/work-style.ts';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { mmToPt } from '../deck/units.ts';
import type { SheetProfile, SheetVariant } from '../deck/sheet-profile-schema.ts';
import type { CoverText } from './cover.ts';
import { imposeSheets, type ImposeInput } from './impose-sheets.ts';
import type { TextDirection } from './sheet-text.ts';
import { savePdfDocument } from '../shared/pdf-document.ts';

export type PrinterChoice = 'long-edge' | 'short-edge' | 'fold-over';

/**
 * Everything the print page needs to make a set's school PDF in the browser, written by the build
 * next to the set's files: the faces of each ink variant, the cards, the deck's school profiles,
 * the cover words for each kind of printer and the sheet font cut down to those words.
 */
export interface PrintKit {
  deck: string;
  language: string;
  /** The language's direction: right-to-left covers align right. */
  direction: TextDirection;
  title: string;
  geometry: FaceGeometry;
  cards: Array<{ id: string; title: string; front: number; back: number; count: number }>;
  /** The boxed faces document of each variant, base64: full colour always, another ink once its script has loaded. */
  faces: Partial<Record<SheetVariant, string>>;
  /** The deck's school profiles by name, lengths in points, as the build loaded them. */
  profiles: Record<string, SheetProfile>;
  slug: ImposeInput['slug'];
  covers: Record<PrinterChoice, CoverText>;
  /**
   * The PDF's title and subject in the deck's language: what a school file and a fold-over file
   * are called, each ink's name, "{sets}" sets and "{sheets}" sheets of "{cards}" cards.
   */
  fileTitles: { duplex: string; foldOver: string; inks: Partial<Record<SheetVariant, string>>; sets: string; subject: string };
  /**
   * The slug's words for the teacher's choices, in the deck's language: each kind of printer, and
   * the reading typed and the move it makes ("{x}" and "{y}" stand for the readings, signed as the
   * sheet's scale and named by their side; "{moves}" for where the backs move).
   */
  slugWords: {
    printers: Record<PrinterChoice, string>;
    correction: string;
    sides: { right: string; left: string; above: string; below: string };
    /** "{mm} mm to the left" and so on, "and" between two moves, and the words for no move. */
    moves: { left: string; right: string; up: string; down: string; and: string; none: string };
  };
  /** The sheet fonts (Source Sans 3, and fonts for other scripts where the words need them) by weight, best first, subset to every character the sheets can draw, base64. */
  fonts: Record<400 | 700, string[]>;
}

export interface SchoolChoices {
  paper: 'A4' | 'Letter';
  printer: PrinterChoice;
  /** Where the back cross sits from the front cross on the calibration sheet, mm, right and up positive. */
  offsetMm: { x: number; y: number };
  ink: SheetVariant;
  sets: number;
  /** Card ids to print; all when absent. */
  cards?: string[];
}

/** The deck's school profile for this paper and printer: a fold-over profile, or a duplex one set to the chosen flip and offset. */
export function schoolProfile(
  kit: Pick<PrintKit, 'profiles'>,
  choices: Pick<SchoolChoices, 'paper' | 'printer' | 'offsetMm'>,
): { name: string; profile: SheetProfile } {
  const foldOver = choices.printer === 'fold-over';
  const onPaper = Object.entries(kit.profiles).filter(([, profile]) => profile.kind === 'school' && profile.sheet === choices.paper);
  const exact = onPaper.find(([, profile]) => Boolean(profile.foldOver) === foldOver);
  const [name, base] = exact ?? onPaper[0] ?? [];
  if (!name || !base) throw new RangeError(`this deck has no school profile for ${choices.paper} paper`);
  if (choices.printer === 'fold-over') {
    return exact
      ? { name, profile: base }
      : { name: `${name}-fold`, profile: { ...base, duplex: undefined, foldOver: { fold: 'auto', gap: mmToPt(3) } } };
  }
  const backOffset = { x: mmToPt(choices.offsetMm.x), y: mmToPt(choices.offsetMm.y) };
  return { name, profile: { ...base, foldOver: undefined, duplex: { flip: choices.printer, plates: 'sheetwise', backOffset } } };
}

/**
 * The school PDF for the teacher's choices, imposed by the same code as the build's sheets: with
 * the default choices (the deck's A4 profile, no offset, full ink, one set, every card) every face
 * lands exactly where it does in the build's file.
 */
export async function schoolPdf(kit: PrintKit, choices: SchoolChoices, onSheet?: ImposeInput['onSheet']): Promise<Uint8Array> {
  const { profile } = schoolProfile(kit, choices);
  const faces = kit.faces[choices.ink];
  if (!faces) throw new RangeError(`this build has no ${choices.ink} faces`);
  const wanted = choices.cards ? new Set(choices.cards) : undefined;
  const sets = Math.max(1, Math.floor(choices.sets));
  const set = kit.cards
    .filter((card) => !wanted || wanted.has(card.id))
    .map((card) => ({ id: card.id, front: card.front, back: card.back, count: profile.copies ? card.count : 1 }));
  if (set.length === 0) throw new RangeError('choose at least one card');
  // Set after set: the cards come off the printer as whole sets, none to sort by hand.
  const cards = Array.from({ length: sets }, () => set).flat();
  const fonts = { 400: kit.fonts[400].map(fromBase64), 700: kit.fonts[700].map(fromBase64) };
  const imposed = await imposeSheets({
    faces: fromBase64(faces),
    cards,
    geometry: kit.geometry,
    profileName: slugLabel(kit, choices),
    profile: { ...profile, copies: true },
    slug: kit.slug,
    cover: kit.covers[choices.printer],
    fontFiles: async (weight) => fonts[weight],
    direction: kit.direction,
    onSheet,
  });
  const date = new Date('2021-09-01T00:00:00Z');
  const words = kit.fileTitles;
  const made = [slugLabel(kit, choices), words.inks[choices.ink] ?? choices.ink, words.sets.replace('{sets}', String(sets))];
  imposed.doc.setTitle(`${kit.title}: ${profile.foldOver ? words.foldOver : words.duplex} (${made.join(' \u00b7 ')})`, {
    showInWindowTitleBar: true,
  });
  imposed.doc.setSubject(words.subject.replace('{sheets}', String(imposed.sheets)).replace('{cards}', String(imposed.grid.slots.length)));
  imposed.doc.setLanguage(kit.language);
  // What a preflight of the teacher's file holds it to: how it turns, and the offset the teacher measured.
  imposed.doc.setKeywords(
    profile.duplex && !profile.foldOver
      ? [workStyleKeyword('WorkAndBack'), ...turnKeywords(profile.duplex.flip, profile.duplex.backOffset)]
      : [workStyleKeyword('Simplex')],
  );
  imposed.doc.setCreator('kaartenset print page');
  imposed.doc.setProducer('kaartenset (pdf-lib)');
  imposed.doc.setCreationDate(date);
  imposed.doc.setModificationDate(date);
  return savePdfDocument(imposed.doc);
}

/**
 * What the slug calls the teacher's sheets: the paper, the printer and, for duplex, the reading
 * typed with its side and where it moved the backs ("afgelezen +2 (rechts) / 0 · achterkanten 2 mm
 * naar links"): the reading is what the sheet showed, the move is the other way.
 */
export function slugLabel(
  kit: Pick<PrintKit, 'language' | 'slugWords'>,
  choices: { paper: string; printer: PrinterChoice; offsetMm: { x: number; y: number } },
): string {
  const words = [choices.paper, kit.slugWords.printers[choices.printer]];
  if (choices.printer !== 'fold-over') {
    const { x, y } = choices.offsetMm;
    const { sides, moves } = kit.slugWords;
    const read = (value: number, plus: string, minus: string) =>
      value === 0 ? signedMm(value, kit.language) : `${signedMm(value, kit.language)} (${value > 0 ? plus : minus})`;
    const move = (template: string, value: number) => template.replace('{mm}', formatMm(value, kit.language));
    const moved = [
      x > 0 ? move(moves.left, x) : x < 0 ? move(moves.right, x) : undefined,
      y > 0 ? move(moves.down, y) : y < 0 ? move(moves.up, y) : undefined,
    ].filter((part): part is string => part !== undefined);
    words.push(
      kit.slugWords.correction
        .replace('{x}', read(x, sides.right, sides.left))
        .replace('{y}', read(y, sides.above, sides.below))
        .replace('{moves}', moved.length > 0 ? moved.join(` ${moves.and} `) : moves.none),
    );
  }
  return words.filter(Boolean).join(' \u00b7 ');
}

/** A length as the deck's language writes it, without sign: "1,5" in Dutch, "1.5" in English. */
export function formatMm(value: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(Math.abs(value));
}

/** A signed reading as the calibration sheet labels its scale: "+1,5", "\u22120,5", "0". */
export function signedMm(value: number, language: string): string {
  return `${value > 0 ? '+' : value < 0 ? '\u2212' : ''}${formatMm(value, language)}`;
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
