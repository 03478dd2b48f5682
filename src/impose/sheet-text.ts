import fontkit from '@pdf-lib/fontkit';
import bidiModule from 'bidi-js';
import {
  beginText,
  concatTransformationMatrix,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFillingColor,
  setFontAndSize,
  setTextRise,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  PDFString,
  type Color,
  type PDFContext,
  type PDFDocument,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import { keptResults } from '../shared/kept-results.ts';
import { contentTag } from '../shared/subset-tag.ts';

export type SheetWeight = 400 | 700;
export type TextDirection = 'ltr' | 'rtl';

/**
 * The font files a sheet's words may be set in, for one weight, best first (the sheet font, then
 * fonts for other scripts: the bundled Arabic, the deck's own), each cut down to the sheet's words.
 */
export type SheetFontFiles = (weight: SheetWeight, text: string) => Promise<Uint8Array[]>;

type FontkitFont = ReturnType<typeof fontkit.create>;
type GlyphRun = ReturnType<FontkitFont['layout']>;

/** fontkit's layout as it runs: its types leave out the script, language and direction it takes. */
type Layout = (
  text: string,
  features: string[] | undefined,
  script: string | undefined,
  language: string | undefined,
  direction: TextDirection,
) => GlyphRun;

/**
 * fontkit keeps one Glyph object per glyph id and hands it out with the code points of its first
 * use, so a glyph shared by two letters (after Arabic shaping one dotless form serves beh and noon)
 * would read as the first letter everywhere. Its layout passes each glyph's own code points to
 * getGlyph: this font returns them with the shared glyph, per call.
 */
function withOwnCodePoints(font: FontkitFont): FontkitFont {
  const shared = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints?: number[]) => Object.create(shared(id, codePoints), { codePoints: { value: codePoints ?? [] } });
  return font;
}

// bidi-js is CommonJS whose module.exports is the factory; its types describe it as an ES default export.
const bidi = (bidiModule as unknown as typeof bidiModule.default)();

/**
 * One embedded copy of a font file. A PDF maps each glyph to one text, but after shaping one glyph
 * can stand for several letters (Noto Sans Arabic draws beh and noon with one dotless form and a
 * dot); such a glyph's second meaning goes to another copy, which shares the font program.
 */
class FontCopy {
  readonly ref: PDFRef;
  /** Glyph id -> the text it stands for and its advance in 1/1000 em. */
  readonly used = new Map<number, { text: string; width: number }>();

  constructor(
    readonly key: PDFName,
    doc: PDFDocument,
  ) {
    this.ref = doc.context.nextRef();
  }

  /** Whether the glyph can mean `text` in this copy; records it if so. An empty text (a mark such as an Arabic dot) means nothing of its own. */
  take(id: number, text: string, width: number): boolean {
    const known = this.used.get(id);
    if (known?.text && text && known.text !== text) return false;
    if (!known?.text) this.used.set(id, { text, width });
    return true;
  }
}

/** A glyph as drawn: its id, the copy of its font that maps it to its text, its advance (as in the font's widths). */
interface PlacedGlyph {
  id: number;
  copy: FontCopy;
  /** 1/1000 em. */
  advance: number;
}

/**
 * A glyph run as fontkit lays it out, as far as the sheets use it: each glyph with the text it
 * stands for and its advance, and the shaped positions, in 1/1000 em.
 */
interface LaidOut {
  glyphs: Array<{ id: number; meaning: string; advance: number }>;
  positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }>;
}

/** A font file parsed by fontkit, with every run it laid out: the same for every document that embeds the file. */
interface ParsedFont {
  /** Tells this parse from every other in the process, for what is kept by the fonts it was set in. */
  id: number;
  font: FontkitFont;
  layout: (text: string, direction: TextDirection) => LaidOut;
  covers: (codePoint: number) => boolean;
  /** A character's advance alone, unshaped, in 1/1000 em: a guess at what it adds to a line. */
  charAdvance: (codePoint: number) => number;
  toThousandths: (units: number) => number;
}

/**
 * Fonts parsed, by their bytes: the sheet files of a set are given the same subset (the same
 * array, font-subset.ts) wherever they set the same characters, and set the same lines (a cover,
 * a slug measured at each size), so each is parsed and each line shaped once, not once a file.
 */
const parsedFonts = new WeakMap<Uint8Array, ParsedFont>();
let parsedCount = 0;

function parsedFont(bytes: Uint8Array): ParsedFont {
  let parsed = parsedFonts.get(bytes);
  if (!parsed) {
    const font = withOwnCodePoints(fontkit.create(bytes));
    const { unitsPerEm } = font;
    const toThousandths = (units: number) => (units * 1000) / unitsPerEm;
    const runs = new Map<string, LaidOut>();
    const layout = (text: string, direction: TextDirection) => {
      const key = `${direction} ${text}`;
      let run = runs.get(key);
      if (!run) {
        const laid = (font.layout as unknown as Layout).call(font, text, undefined, undefined, undefined, direction);
        run = {
          glyphs: laid.glyphs.map((glyph) => ({
            id: glyph.id,
            // A bracket of right-to-left text was shaped as its mirror image: it still means itself.
            meaning: [...String.fromCodePoint(...glyph.codePoints)]
              .map((c) => (direction === 'rtl' ? (bidi.getMirroredCharacter(c) ?? c) : c))
              .join(''),
            advance: toThousandths(glyph.advanceWidth),
          })),
          positions: laid.positions.map(({ xAdvance, xOffset, yOffset }) => ({
            xAdvance: toThousandths(xAdvance),
            xOffset: toThousandths(xOffset),
            yOffset: toThousandths(yOffset),
          })),
        };
        runs.set(key, run);
      }
      return run;
    };
    const covered = new Map<number, boolean>();
    const covers = (codePoint: number) => {
      let has = covered.get(codePoint);
      if (has === undefined) {
        has = font.hasGlyphForCodePoint(codePoint);
        covered.set(codePoint, has);
      }
      return has;
    };
    const advances = new Map<number, number>();
    const charAdvance = (codePoint: number) => {
      let advance = advances.get(codePoint);
      if (advance === undefined) {
        advance = toThousandths(font.glyphForCodePoint(codePoint).advanceWidth);
        advances.set(codePoint, advance);
      }
      return advance;
    };
    parsed = { id: ++parsedCount, font, layout, covers, charAdvance, toThousandths };
    parsedFonts.set(bytes, parsed);
  }
  return parsed;
}

/** One font file: shapes text with fontkit and embeds itself once per copy its glyphs need. */
class SheetFont {
  private readonly copies: FontCopy[] = [];

  constructor(
    private readonly parsed: ParsedFont,
    private readonly bytes: Uint8Array,
    private readonly doc: PDFDocument,
    private readonly nextKey: () => PDFName,
  ) {}

  get font(): FontkitFont {
    return this.parsed.font;
  }

  get parsedId(): number {
    return this.parsed.id;
  }

  covers(codePoint: number): boolean {
    return this.parsed.covers(codePoint);
  }

  charAdvance(codePoint: number): number {
    return this.parsed.charAdvance(codePoint);
  }

  /** One run's shaped width in 1/1000 em, recording nothing in the document. */
  advance(text: string, direction: TextDirection): number {
    return this.parsed.layout(text, direction).positions.reduce((sum, position) => sum + position.xAdvance, 0);
  }

  /** Shapes one run in one direction: glyphs in the order they are seen, and their shaped positions in 1/1000 em. */
  shape(text: string, direction: TextDirection): Omit<ShapedRun, 'width'> {
    const run = this.parsed.layout(text, direction);
    const glyphs = run.glyphs.map(({ id, meaning, advance }) => {
      let copy = this.copies.find((candidate) => candidate.take(id, meaning, advance));
      if (!copy) {
        copy = new FontCopy(this.nextKey(), this.doc);
        copy.take(id, meaning, advance);
        this.copies.push(copy);
      }
      return { id, copy, advance };
    });
    return { glyphs, positions: run.positions };
  }

  /** Each copy as a Type 0 font (Identity-H, glyph ids as codes) with the widths and text of every glyph it drew; one font program for all. */
  finish(): void {
    if (this.copies.length === 0) return;
    const { context } = this.doc;
    const font = this.font;
    const name = `${contentTag(this.bytes)}+${font.postscriptName ?? 'Font'}`;
    const scale = (value: number) => Math.round(this.parsed.toThousandths(value));
    const file = context.register(context.stream(deflated(this.bytes, context), { Filter: 'FlateDecode', Length1: this.bytes.length }));
    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: name,
        Flags: 4,
        FontBBox: [font.bbox.minX, font.bbox.minY, font.bbox.maxX, font.bbox.maxY].map(scale),
        ItalicAngle: font.italicAngle,
        Ascent: scale(font.ascent),
        Descent: scale(font.descent),
        CapHeight: scale(font.capHeight || font.ascent),
        StemV: 80,
        FontFile2: file,
      }),
    );
    for (const copy of this.copies) {
      const glyphs = [...copy.used].sort(([a], [b]) => a - b);
      const descendant = context.register(
        context.obj({
          Type: 'Font',
          Subtype: 'CIDFontType2',
          BaseFont: name,
          CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
          FontDescriptor: descriptor,
          W: glyphs.flatMap(([id, { width }]) => [id, [Math.round(width * 100) / 100]]),
          CIDToGIDMap: 'Identity',
        }),
      );
      const toUnicode = context.register(
        context.flateStream(unicodeCMap(glyphs.filter(([, glyph]) => glyph.text).map(([id, glyph]) => [id, glyph.text]))),
      );
      context.assign(
        copy.ref,
        context.obj({
          Type: 'Font',
          Subtype: 'Type0',
          BaseFont: name,
          Encoding: 'Identity-H',
          DescendantFonts: [descendant],
          ToUnicode: toUnicode,
        }),
      );
    }
  }
}

/** Font files compressed, by their bytes: every sheet file of a set embeds the same subset. */
const deflatedFonts = new WeakMap<Uint8Array, Uint8Array>();

function deflated(bytes: Uint8Array, context: PDFContext): Uint8Array {
  let compressed = deflatedFonts.get(bytes);
  if (!compressed) {
    compressed = context.flateStream(bytes).getContents();
    deflatedFonts.set(bytes, compressed);
  }
  return compressed;
}

/** A ToUnicode CMap: each glyph id to the characters it draws (two for a ligature such as "ff"). */
function unicodeCMap(entries: Array<[number, string]>): string {
  const hex = (value: number, digits = 4) => value.toString(16).toUpperCase().padStart(digits, '0');
  const utf16 = (text: string) =>
    [...text]
      .flatMap((character) => {
        const code = character.codePointAt(0)!;
        if (code < 0x10000) return [hex(code)];
        const offset = code - 0x10000;
        return [hex(0xd800 + (offset >> 10)), hex(0xdc00 + (offset & 0x3ff))];
      })
      .join('');
  const blocks: string[] = [];
  for (let start = 0; start < entries.length; start += 100) {
    const block = entries.slice(start, start + 100);
    blocks.push(`${block.length} beginbfchar\n${block.map(([id, text]) => `<${hex(id)}> <${utf16(text)}>`).join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** A stretch of one line in one font and one direction, shaped, its glyphs in the order they are seen. */
interface ShapedRun {
  glyphs: PlacedGlyph[];
  /** Shaped positions, 1/1000 em. */
  positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }>;
  /** Advance, 1/1000 em. */
  width: number;
}

export interface DrawTextOptions {
  x: number;
  y: number;
  size: number;
  weight?: SheetWeight;
  color: Color;
  /** `end`: `x` is where the line ends (its right edge), as right-to-left text aligns. */
  align?: 'start' | 'end';
  /** The line's own direction where it is not the language's: a scale's signed numbers read left to right. */
  direction?: TextDirection;
  /** Turned counter-clockwise about its origin: 90 runs the line up the page (a slug along a side margin). */
  rotate?: 0 | 90;
}

/**
 * Sets the words of sheets (covers, slugs, scale labels) as a typesetter would: each character in
 * the first of the sheet's fonts that has it (so Arabic comes in an Arabic font whatever the sheet
 * font is), each line ordered by the Unicode bidirectional algorithm (bidi-js), each run shaped by
 * fontkit (ligatures, kerning, Arabic joining forms, mark positions) and drawn glyph by glyph where
 * shaping put it. Every glyph maps to the letters it stands for (ToUnicode), so extracting and
 * copying give the words as written.
 */
export class SheetText {
  private readonly shaped = new Map<string, ShapedRun[]>();

  private constructor(
    private readonly stacks: Partial<Record<SheetWeight, SheetFont[]>>,
    readonly direction: TextDirection,
  ) {}

  static async create(
    doc: PDFDocument,
    files: SheetFontFiles,
    text: string,
    direction: TextDirection,
    weights: SheetWeight[],
  ): Promise<SheetText> {
    // Named after an object number: unique in the document, whoever else draws text on the page.
    const nextKey = () => PDFName.of(`KsSheet${doc.context.nextRef().objectNumber}`);
    const stacks: Partial<Record<SheetWeight, SheetFont[]>> = {};
    for (const weight of weights) {
      stacks[weight] = (await files(weight, text)).map((bytes) => new SheetFont(parsedFont(bytes), bytes, doc, nextKey));
    }
    return new SheetText(stacks, direction);
  }

  /**
   * The width of one line of `text` set at `size`, in points. Measuring draws nothing: the document's
   * fonts get the glyphs of the lines drawn, whatever was measured before and in which file.
   */
  width(text: string, size: number, weight: SheetWeight = 400, direction = this.direction): number {
    const thousandths = measuredLines(`${this.fontsOf(weight)} ${weight} ${direction} ${text}`, () => {
      const runs = this.spansOf(text, weight, direction).map((span) => ({
        level: span.level,
        width: span.font.advance(span.text, span.level % 2 ? 'rtl' : 'ltr'),
      }));
      // Added up in the order drawn, as draw adds them.
      return visualOrder(runs).reduce((sum, run) => sum + run.width, 0);
    });
    return (thousandths * size) / 1000;
  }

  /** Breaks text into lines that fit `measure` at `size`, at spaces and line breaks. */
  lines(text: string, size: number, measure: number, weight: SheetWeight = 400): string[] {
    // The sheets of a set break the same cover at each paper's measure, in the same fonts.
    return [
      ...brokenLines(`${this.fontsOf(weight)} ${weight} ${this.direction} ${size} ${measure} ${text}`, () =>
        this.breakLines(text, size, measure, weight),
      ),
    ];
  }

  private breakLines(text: string, size: number, measure: number, weight: SheetWeight): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      const words = paragraph.split(/\s+/).filter(Boolean);
      if (words.length === 0) lines.push('');
      for (let start = 0; start < words.length; ) {
        const end = this.lineEnd(words, start, size, measure, weight);
        lines.push(words.slice(start, end).join(' '));
        start = end;
      }
    }
    return lines;
  }

  /**
   * Where the line that starts at `words[start]` ends: after the most words whose line fits the
   * measure, and after one word at least. A line's width grows with each word it takes (a word
   * adds a space and its letters, which no kerning takes back), so the answer is where a line fits
   * and one word more does not. Shaping a line is the cost: its characters' own advances guess the
   * end, and whole lines are shaped only next to it, two for most lines where trying each word in
   * turn shaped ten.
   */
  private lineEnd(words: string[], start: number, size: number, measure: number, weight: SheetWeight): number {
    const fits = (end: number) => end === start + 1 || this.width(words.slice(start, end).join(' '), size, weight) <= measure;
    const room = (measure * 1000) / size;
    let end = start + 1;
    for (let guessed = this.unshapedWidth(words[start]!, weight); end < words.length; end++) {
      guessed += this.unshapedWidth(` ${words[end]}`, weight);
      if (guessed > room) break;
    }
    if (!fits(end)) {
      do end--;
      while (!fits(end));
      return end;
    }
    while (end < words.length && fits(end + 1)) end++;
    return end;
  }

  /** The sum of the characters' advances, each in the first font that has it, in 1/1000 em: no shaping, no kerning. */
  private unshapedWidth(text: string, weight: SheetWeight): number {
    const fonts = this.stacks[weight] ?? this.stacks[400] ?? [];
    let width = 0;
    for (const character of text) {
      const codePoint = character.codePointAt(0)!;
      const font = fonts.find((candidate) => candidate.covers(codePoint)) ?? fonts[0];
      width += font?.charAdvance(codePoint) ?? 0;
    }
    return width;
  }

  /** The fonts a weight is set in, by the parse of each: what measured and broken lines are kept by. */
  private fontsOf(weight: SheetWeight): string {
    return (this.stacks[weight] ?? this.stacks[400] ?? []).map((font) => font.parsedId).join(',');
  }

  /** Draws one line at a baseline. */
  draw(page: PDFPage, text: string, options: DrawTextOptions): void {
    if (!text) return;
    const { size } = options;
    const runs = this.shapeLine(text, options.weight ?? 400, options.direction ?? this.direction);
    const total = (runs.reduce((sum, run) => sum + run.width, 0) * size) / 1000;
    // A turned line is set at the origin of a coordinate system turned about its baseline's start.
    const turned = options.rotate === 90;
    const origin = turned ? { x: 0, y: 0 } : { x: options.x, y: options.y };
    let x = options.align === 'end' ? origin.x - total : origin.x;
    const operators: PDFOperator[] = [
      pushGraphicsState(),
      ...(turned ? [concatTransformationMatrix(0, 1, -1, 0, options.x, options.y)] : []),
      beginText(),
      setFillingColor(options.color),
    ];
    for (const run of runs) {
      operators.push(...showRun(page, run, x, origin.y, size));
      x += (run.width * size) / 1000;
    }
    operators.push(endText(), popGraphicsState());
    page.pushOperators(...operators);
  }

  /** Writes every font the sheets drew with into the document; once, after the last draw. */
  finish(): void {
    for (const font of Object.values(this.stacks).flat()) font.finish();
  }

  /**
   * A line's runs, shaped into this document's fonts, left to right as seen; each line once, as a
   * slug is drawn on every sheet.
   */
  private shapeLine(text: string, weight: SheetWeight, direction: TextDirection): ShapedRun[] {
    const key = `${weight} ${direction} ${text}`;
    let runs = this.shaped.get(key);
    if (!runs) {
      runs = this.shapeAnew(text, weight, direction);
      this.shaped.set(key, runs);
    }
    return runs;
  }

  private shapeAnew(text: string, weight: SheetWeight, direction: TextDirection): ShapedRun[] {
    const runs = this.spansOf(text, weight, direction).map((span) => {
      const shaped = span.font.shape(span.text, span.level % 2 ? 'rtl' : 'ltr');
      return { level: span.level, run: { ...shaped, width: shaped.positions.reduce((sum, position) => sum + position.xAdvance, 0) } };
    });
    return visualOrder(runs).map((entry) => entry.run);
  }

  /** A line split where its font or its direction changes: each font's stretch of text, mirrored where it runs right to left. */
  private spansOf(text: string, weight: SheetWeight, direction: TextDirection): Array<{ text: string; level: number; font: SheetFont }> {
    const fonts = this.stacks[weight] ?? this.stacks[400] ?? [];
    const { levels } = bidi.getEmbeddingLevels(text, direction);
    // Brackets and the like face the other way inside right-to-left text: "(" is drawn as ")".
    let mirrored = text;
    for (const [index, character] of bidi.getMirroredCharactersMap(text, levels)) {
      mirrored = mirrored.slice(0, index) + character + mirrored.slice(index + 1);
    }
    const spans: Array<{ start: number; end: number; level: number; font: SheetFont }> = [];
    for (let index = 0; index < mirrored.length; ) {
      const codePoint = mirrored.codePointAt(index)!;
      const length = codePoint > 0xffff ? 2 : 1;
      const last = spans.at(-1);
      const level = levels[index]!;
      const font =
        last && last.level === level && last.font.covers(codePoint) ? last.font : fonts.find((candidate) => candidate.covers(codePoint));
      if (!font)
        throw new RangeError(
          `no sheet font has a glyph for "${String.fromCodePoint(codePoint)}" (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}) in "${text}"`,
        );
      if (last && last.level === level && last.font === font) last.end = index + length;
      else spans.push({ start: index, end: index + length, level, font });
      index += length;
    }
    return spans.map((span) => ({ text: mirrored.slice(span.start, span.end), level: span.level, font: span.font }));
  }
}

/** Widths (1/1000 em) and lines broken in this process, by the fonts, weight, direction, size, measure and text: the same in every file that sets them. */
const measuredLines = keptResults<number>(8192);
const brokenLines = keptResults<string[]>(1024);

/** Rule L2 of the bidirectional algorithm on runs: from the highest level down to the lowest odd one, reverse every stretch at that level or above. */
function visualOrder<T extends { level: number }>(runs: T[]): T[] {
  const order = [...runs];
  const highest = Math.max(0, ...runs.map((run) => run.level));
  const lowestOdd = Math.min(...runs.map((run) => (run.level % 2 ? run.level : run.level + 1)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let start = 0; start < order.length; ) {
      if (order[start]!.level < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < order.length && order[end]!.level >= level) end++;
      order.splice(start, end - start, ...order.slice(start, end).reverse());
      start = end;
    }
  }
  return order;
}

/**
 * The operators that put each glyph of a run where shaping placed it: a text matrix at the run's
 * start, then TJ arrays whose numbers move each glyph from where its font's width would leave it
 * to its shaped place (kerning, marks), a text rise where a mark sits higher or lower, and a font
 * change where a glyph's meaning needs another copy of the font.
 */
function showRun(page: PDFPage, run: ShapedRun, x: number, y: number, size: number): PDFOperator[] {
  const { context } = page.doc;
  const operators: PDFOperator[] = [
    PDFOperator.of(
      PDFOperatorNames.SetTextMatrix,
      [1, 0, 0, 1, x, y].map((n) => PDFNumber.of(Math.round(n * 1000) / 1000)),
    ),
  ];
  let parts: Array<PDFHexString | PDFNumber> = [];
  let copy: FontCopy | undefined;
  let rise = 0;
  let pen = 0;
  let current = 0;
  const flush = () => {
    if (parts.length) operators.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [context.obj(parts)]));
    parts = [];
  };
  run.glyphs.forEach((glyph, index) => {
    const position = run.positions[index]!;
    if (glyph.copy !== copy || position.yOffset !== rise) flush();
    if (glyph.copy !== copy) {
      copy = glyph.copy;
      page.node.setFontDictionary(copy.key, copy.ref);
      operators.push(setFontAndSize(copy.key, size));
    }
    if (position.yOffset !== rise) {
      rise = position.yOffset;
      operators.push(setTextRise(Math.round(rise * size) / 1000));
    }
    const target = pen + position.xOffset;
    const shift = target - current;
    if (Math.abs(shift) > 0.001) parts.push(PDFNumber.of(Math.round(-shift * 1000) / 1000));
    parts.push(PDFHexString.of(glyph.id.toString(16).padStart(4, '0')));
    current = target + glyph.advance;
    pen += position.xAdvance;
  });
  flush();
  if (rise !== 0) operators.push(setTextRise(0));
  return operators;
}
