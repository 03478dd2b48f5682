import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Locale } from '../deck/schema.ts';
import { cardsFileOf, type Manifest } from '../output/manifest.ts';
import { readManifest } from '../output/published.ts';
import { parse } from 'yaml';
import { pageLines, pageWords, type PageWord } from './poppler.ts';
import { fieldLabel, proofStrings } from './strings.ts';
import type { Raster } from '../shared/ppm.ts';
import { diffRasters, outline, PROOF_DPI, rasterisePages, type PixelBox, type PixelDifference } from './pixels.ts';
import { changedWordBoxes, fieldChanges, textsByField, type FaceTexts, type FieldChange, type PointBox } from './words.ts';

/** One build to compare: its output folder and, where known, the project it was built from (for naming fields). */
export interface BuildSide {
  out: string;
  root?: string;
  /** How the proof names it: the folder, or the revision. */
  label: string;
  /** The git revision it was built from, as the user named it and its commit. */
  revision?: string;
}

/** An area of a face in mm from its top left corner. */
export interface AreaMm {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One face that was added, removed or changed. */
export interface FaceChange {
  face: string;
  side: 'front' | 'back';
  /** The card, for a front; a back belongs to every card of its category. */
  card?: string;
  category: string;
  /** What the card is called in the deck's language (its title), or the category's name for a back, where the locale is known. */
  title?: string;
  /** The card's template: the kind of card the proof filters by. */
  template: string;
  change: 'added' | 'removed' | 'changed';
  /** The text that changed, field by field (for a changed face). */
  fields: FieldChange[];
  /**
   * Where the rendered faces differ at 150 dpi: the share of pixels, and the areas outlined, in mm
   * from the top left corner: on this face the words added (and changes that are not text), on the
   * earlier face the words removed.
   */
  pixels?: { changed: number; share: number; areasMm: AreaMm[]; areasBeforeMm?: AreaMm[] };
  /** Pages in each build's cards.pdf. */
  pageBefore?: number;
  pageAfter?: number;
  /** The rasters the proof shows (not in JSON). */
  images?: { before?: Raster; after?: Raster; difference?: Raster };
}

/** A deck in one language, compared. */
export interface SetChange {
  deck: string;
  language: string;
  title: string;
  languageName: string;
  direction: 'ltr' | 'rtl';
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Trim, bleed and safe zone changes, in words. */
  geometry: string[];
  /** Sheets added, removed, or printed otherwise, in words. */
  sheets: string[];
  faces: FaceChange[];
  /** The set's cards.pdf in each build, as its manifest names it. */
  cardsFile: { before?: string; after?: string };
  /** Per face, its hash in this build and in the build it was compared with: what a print shop reprints by. */
  hashes: Array<{ face: string; hash?: string; previous?: string }>;
  /** Faces whose hash differed but which print the same, pixel for pixel (markup or styles that do not show). */
  sameLook: string[];
}

export interface Comparison {
  before: string;
  after: string;
  sets: SetChange[];
  changed: boolean;
  /** Faces compared by hash alone, and faces rendered to compare their pixels. */
  counts: { faces: number; rendered: number };
  /** The manifests and folders, for the documents made from the comparison. */
  builds: { before: string; after: string };
  /** The language the decks are written in (their `sourceLanguage`), where the project is known: what the proof page speaks. */
  sourceLanguage?: string;
  /** What the earlier build was, for people: the revision it was built from, or when its folder was written (ISO date). */
  beforeBuild: { revision?: string; written?: string };
}

/** Every set an output folder holds: `<deck>/<language>/manifest.json`. */
export async function publishedSets(out: string): Promise<Map<string, Manifest>> {
  const sets = new Map<string, Manifest>();
  const decks = await readdir(out, { withFileTypes: true }).catch(() => []);
  for (const deck of decks.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))) {
    const languages = await readdir(path.join(out, deck.name), { withFileTypes: true }).catch(() => []);
    for (const language of languages.filter((entry) => entry.isDirectory())) {
      const manifest = await readManifest(path.join(out, deck.name, language.name, 'manifest.json')).catch(() => undefined);
      if (manifest?.faceHashes) sets.set(`${manifest.deck}/${manifest.language}`, manifest);
    }
  }
  return sets;
}

/** The page of cards.pdf each face is on: each card's front, then its category's back. */
function facePages(manifest: Manifest): Map<string, { page: number; category: string; template: string; card?: string }> {
  const pages = new Map<string, { page: number; category: string; template: string; card?: string }>();
  manifest.cards.list.forEach((card, index) => {
    pages.set(`${card.id}/front`, { page: 2 * index + 1, category: card.category, template: card.template, card: card.id });
    if (!pages.has(`back/${card.category}`))
      pages.set(`back/${card.category}`, { page: 2 * index + 2, category: card.category, template: 'back' });
  });
  return pages;
}

/**
 * Compares two builds face by face and language by language. A face whose hash is the same in
 * both is the same and is never rendered; a face whose hash differs is rendered from each build's
 * cards.pdf at 150 dpi and compared pixel by pixel, and its text read back field by field.
 */
export async function compareBuilds(before: BuildSide, after: BuildSide): Promise<Comparison> {
  const [old, now] = await Promise.all([publishedSets(before.out), publishedSets(after.out)]);
  const keys = [...new Set([...now.keys(), ...old.keys()])].sort();
  const sets: SetChange[] = [];
  const counts = { faces: 0, rendered: 0 };
  for (const key of keys) {
    const a = old.get(key);
    const b = now.get(key);
    const m = (b ?? a)!;
    const set: SetChange = {
      deck: m.deck,
      language: m.language,
      title: m.title,
      languageName: m.languageName,
      direction: m.direction,
      change: !a ? 'added' : !b ? 'removed' : 'unchanged',
      geometry: a && b ? geometryChanges(a, b) : [],
      sheets: a && b ? sheetChanges(a, b) : [],
      faces: [],
      cardsFile: { ...(a ? { before: cardsFileOf(a) } : {}), ...(b ? { after: cardsFileOf(b) } : {}) },
      hashes: [],
      sameLook: [],
    };
    const previous = new Map((a?.faceHashes ?? []).map((face) => [face.face, face.hash]));
    const current = new Map((b?.faceHashes ?? []).map((face) => [face.face, face.hash]));
    for (const face of new Set([...current.keys(), ...previous.keys()]))
      set.hashes.push({ face, hash: current.get(face), previous: previous.get(face) });
    counts.faces += set.hashes.length;
    if (a && b) {
      const rendered = await compareFaces(set, { manifest: a, side: before }, { manifest: b, side: after });
      counts.rendered += rendered;
    }
    if (set.change === 'unchanged' && (set.faces.length > 0 || set.geometry.length > 0 || set.sheets.length > 0)) set.change = 'changed';
    sets.push(set);
  }
  const written = async () => {
    const times = await Promise.all(
      [...old.values()].map((m) =>
        stat(path.join(before.out, m.deck, m.language, 'manifest.json')).then(
          (file) => file.mtimeMs,
          () => 0,
        ),
      ),
    );
    const newest = Math.max(0, ...times);
    return newest > 0 ? new Date(newest).toISOString() : undefined;
  };
  const firstDeck = sets[0]?.deck;
  const sourceLanguage = firstDeck ? (await deckMeta(after.root, firstDeck))?.sourceLanguage : undefined;
  return {
    ...(typeof sourceLanguage === 'string' ? { sourceLanguage } : {}),
    beforeBuild: before.revision ? { revision: before.revision } : { written: await written() },
    before: before.label,
    after: after.label,
    sets,
    changed: sets.some((set) => set.change !== 'unchanged'),
    counts,
    builds: { before: before.out, after: after.out },
  };
}

interface Built {
  manifest: Manifest;
  side: BuildSide;
}

async function compareFaces(set: SetChange, before: Built, after: Built): Promise<number> {
  const pagesBefore = facePages(before.manifest);
  const pagesAfter = facePages(after.manifest);
  const candidates = set.hashes.filter((face) => face.hash !== face.previous);
  if (candidates.length === 0) return 0;
  const folder = (built: Built) => path.join(built.side.out, set.deck, set.language);
  const cards = (built: Built) => path.join(folder(built), cardsFileOf(built.manifest));
  const wanted = (pages: typeof pagesBefore, which: 'hash' | 'previous') =>
    candidates.filter((face) => face[which] !== undefined && pages.has(face.face)).map((face) => pages.get(face.face)!.page);
  const [rastersBefore, rastersAfter] = await Promise.all([
    rasterisePages(cards(before), wanted(pagesBefore, 'previous')),
    rasterisePages(cards(after), wanted(pagesAfter, 'hash')),
  ]);
  // The earlier build's fields are named by its own project where known, else by this one's.
  const localeAfter = await localeOf(after.side.root, set.deck, set.language);
  const localeBefore = before.side.root ? await localeOf(before.side.root, set.deck, set.language) : localeAfter;
  const words = proofStrings(set.language);
  const titleOf = (card: string | undefined, category: string): string | undefined => {
    for (const locale of [localeAfter, localeBefore]) {
      const title = card ? locale?.cards?.[card]?.title : locale?.categories?.[category]?.name;
      if (typeof title === 'string') return title.replace(/\*+|\u00ad/g, '');
    }
    return undefined;
  };
  const changed: FaceChange[] = [];
  const pixelBoxes = new Map<FaceChange, { before: Raster; after: Raster; difference: PixelDifference }>();
  for (const { face, hash, previous } of candidates) {
    const where = pagesAfter.get(face) ?? pagesBefore.get(face);
    if (!where) continue;
    const pageBefore = previous !== undefined ? pagesBefore.get(face)?.page : undefined;
    const pageAfter = hash !== undefined ? pagesAfter.get(face)?.page : undefined;
    const entry: FaceChange = {
      face,
      side: face.endsWith('/front') ? 'front' : 'back',
      card: where.card,
      title: titleOf(where.card, where.category),
      category: where.category,
      template: where.template,
      change: previous === undefined ? 'added' : hash === undefined ? 'removed' : 'changed',
      fields: [],
      pageBefore,
      pageAfter,
      images: {
        before: pageBefore ? rastersBefore.get(pageBefore) : undefined,
        after: pageAfter ? rastersAfter.get(pageAfter) : undefined,
      },
    };
    const { before: was, after: is } = entry.images!;
    if (entry.change === 'changed' && was && is) {
      const difference = diffRasters(was, is);
      if (difference.changed === 0) {
        set.sameLook.push(face);
        continue;
      }
      entry.pixels = {
        changed: difference.changed,
        share: Math.round((difference.changed / (difference.image.width * difference.image.height)) * 10000) / 10000,
        areasMm: difference.boxes.map((box) => areaMm(box, 1 / PROOF_DPI)),
      };
      entry.images = {
        before: was,
        after: outline(is, difference.boxes),
        difference: outline(difference.image, difference.boxes),
      };
      pixelBoxes.set(entry, { before: was, after: is, difference });
    }
    changed.push(entry);
  }
  const texts = changed.filter((face) => face.change === 'changed');
  if (texts.length > 0) {
    const [linesBefore, linesAfter, wordsBefore, wordsAfter] = await Promise.all([
      pageLines(
        cards(before),
        texts.map((face) => face.pageBefore!),
      ),
      pageLines(
        cards(after),
        texts.map((face) => face.pageAfter!),
      ),
      pageWords(
        cards(before),
        texts.map((face) => face.pageBefore!),
      ),
      pageWords(
        cards(after),
        texts.map((face) => face.pageAfter!),
      ),
    ]);
    for (const face of texts) {
      const read = (lines: Map<number, string[]>, page: number, locale: Locale | undefined): FaceTexts =>
        textsByField(lines.get(page) ?? [], locale, face.card, face.category);
      face.fields = fieldChanges(
        read(linesBefore, face.pageBefore!, localeBefore),
        read(linesAfter, face.pageAfter!, localeAfter),
        set.language,
      ).map((field) => ({ ...field, label: fieldLabel(field.field, localeAfter?.ui as Record<string, unknown> | undefined, words) }));
      const raw = pixelBoxes.get(face);
      if (raw) outlineWords(face, raw, wordsBefore.get(face.pageBefore!) ?? [], wordsAfter.get(face.pageAfter!) ?? []);
    }
  }
  set.faces = changed;
  return candidates.length;
}

const PT = 1 / 72;
const round = (mm: number) => Math.round(mm * 10) / 10;
/** A box in mm, from one in units of `inches` (1/150 for pixels at 150 dpi, 1/72 for points). */
const areaMm = (box: PointBox, inches: number): AreaMm => ({
  x: round(box.x * inches * 25.4),
  y: round(box.y * inches * 25.4),
  width: round(box.width * inches * 25.4),
  height: round(box.height * inches * 25.4),
});

/**
 * The areas a changed face's proof outlines: the words added (on this face) and removed (on the
 * earlier one) where its words changed, so the word is marked and not the pixels of the words that
 * merely moved; the boxes of changed pixels that touch no word are kept, as changes that are not
 * text. A face whose words are the same keeps its pixel boxes (a colour, a picture, a rule).
 */
function outlineWords(
  face: FaceChange,
  raw: { before: Raster; after: Raster; difference: PixelDifference },
  before: PageWord[],
  after: PageWord[],
): void {
  const { difference } = raw;
  const words = changedWordBoxes(before, after);
  if (words.added.length + words.removed.length === 0) return;
  const px = PROOF_DPI / 72;
  const touches = (box: PixelBox, word: PointBox) =>
    box.x < (word.x + word.width) * px &&
    word.x * px < box.x + box.width &&
    box.y < (word.y + word.height) * px &&
    word.y * px < box.y + box.height;
  const notText = difference.boxes.filter((box) => !after.some((word) => touches(box, word)) && !before.some((word) => touches(box, word)));
  const inPixels = (box: PointBox): PixelBox => ({
    x: Math.floor(box.x * px),
    y: Math.floor(box.y * px),
    width: Math.ceil(box.width * px),
    height: Math.ceil(box.height * px),
  });
  face.pixels!.areasMm = [...words.added.map((box) => areaMm(box, PT)), ...notText.map((box) => areaMm(box, 1 / PROOF_DPI))];
  face.pixels!.areasBeforeMm = words.removed.map((box) => areaMm(box, PT));
  const boxesAfter = [...words.added.map(inPixels), ...notText];
  face.images = {
    before: outline(raw.before, words.removed.map(inPixels)),
    after: outline(raw.after, boxesAfter),
    difference: outline(difference.image, boxesAfter),
  };
}

/**
 * The texts a deck's faces were made from, where the project that built it is known: its locale
 * file read as it is (the fields are named by it; nothing is checked, as the build checked it).
 */
async function localeOf(root: string | undefined, deck: string, language: string): Promise<Locale | undefined> {
  const meta = await deckMeta(root, deck);
  if (!meta) return undefined;
  const text = await readFile(path.join(meta.dir, 'locales', `${language}.yaml`), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (parse(text) as Locale);
}

/** A deck's deck.yaml as it is, and its folder, found by the deck's id in the project at `root`. */
async function deckMeta(root: string | undefined, deck: string): Promise<(Record<string, unknown> & { dir: string }) | undefined> {
  if (!root) return undefined;
  const dirs = [
    path.join(root, 'deck', deck),
    ...(await readdir(path.join(root, 'deck')).catch(() => [] as string[])).map((name) => path.join(root, 'deck', name)),
  ];
  for (const dir of dirs) {
    const meta = await readFile(path.join(dir, 'deck.yaml'), 'utf8').then(parse, () => undefined);
    if (meta?.id === deck) return { ...meta, dir };
  }
  return undefined;
}

function geometryChanges(a: Manifest, b: Manifest): string[] {
  const lines: string[] = [];
  const size = (m: Manifest) => `${m.trimMm.width} × ${m.trimMm.height} mm`;
  if (size(a) !== size(b)) lines.push(`trim size ${size(a)} → ${size(b)}`);
  if (a.bleedMm !== b.bleedMm) lines.push(`bleed ${a.bleedMm} mm → ${b.bleedMm} mm`);
  if (a.safeZoneMm !== b.safeZoneMm) lines.push(`safe zone ${a.safeZoneMm} mm → ${b.safeZoneMm} mm`);
  const die = (m: Manifest) => m.files.some((file) => file.file.endsWith('-die.pdf'));
  if (die(a) !== die(b)) lines.push(die(b) ? 'rounded corners: die-cut files added' : 'rounded corners: die-cut files removed');
  else {
    const dieHash = (m: Manifest) =>
      m.files
        .filter((file) => file.file.endsWith('-die.pdf'))
        .map((file) => file.sha256)
        .join();
    if (die(a) && dieHash(a) !== dieHash(b)) lines.push('the die line changed (corner radius or card size)');
  }
  if (a.cards.distinct !== b.cards.distinct || a.cards.printed !== b.cards.printed)
    lines.push(`cards ${a.cards.distinct} → ${b.cards.distinct} distinct, ${a.cards.printed} → ${b.cards.printed} printed`);
  return lines;
}

function sheetChanges(a: Manifest, b: Manifest): string[] {
  const lines: string[] = [];
  // By profile and variant, not file name: a build from before the names carried deck and language is the same file.
  const before = new Map(a.sheets.map((sheet) => [`${sheet.profile}/${sheet.variant}`, sheet]));
  const after = new Map(b.sheets.map((sheet) => [`${sheet.profile}/${sheet.variant}`, sheet]));
  const pages = (m: Manifest, file: string) => m.files.find((entry) => entry.file === file)?.pages;
  for (const [key, sheet] of after) {
    const old = before.get(key);
    if (!old) {
      lines.push(`${sheet.file}: new, ${sheet.sheets} sheet(s) of ${sheet.cardsPerSheet} cards`);
      continue;
    }
    const parts: string[] = [];
    if (old.sheets !== sheet.sheets) parts.push(`${old.sheets} → ${sheet.sheets} sheet(s)`);
    const [was, is] = [pages(a, old.file), pages(b, sheet.file)];
    if (was !== undefined && is !== undefined && was !== is) parts.push(`${was} → ${is} pages`);
    if (old.cardsPerSheet !== sheet.cardsPerSheet) parts.push(`${old.cardsPerSheet} → ${sheet.cardsPerSheet} cards a sheet`);
    if (old.imposition !== sheet.imposition) parts.push(`${old.imposition} → ${sheet.imposition}`);
    if (old.rotated !== sheet.rotated) parts.push(sheet.rotated ? 'cards now turned a quarter' : 'cards no longer turned');
    if (parts.length > 0) lines.push(`${sheet.file}: ${parts.join(', ')}`);
  }
  for (const [key, sheet] of before) if (!after.has(key)) lines.push(`${sheet.file}: no longer made`);
  return lines;
}
