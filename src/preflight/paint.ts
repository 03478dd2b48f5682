import { PDFArray, PDFBool, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { ContentSyntaxError, type Operand, type Operation } from '../pdf/content-syntax.ts';
import { apply, IDENTITY, multiply, type Matrix } from '../pdf/matrix.ts';
import { pageOperations, streamOperations } from '../pdf/stream-operations.ts';

/*
 * What a RIP paints, colour by colour: pdf.js hands its readers RGB and ignores overprint, so the
 * colour spaces and the overprint of every painting operation are read here from the content
 * streams themselves (the complete parser of content-syntax.ts), following each form it paints.
 */

/** What a colour space separates into, as a CMYK-only output judges it. */
export type ColourFamily = 'gray' | 'cmyk' | 'rgb' | 'lab' | 'spot' | 'pattern';

/** One painting operation worth a preflight's notice: its colour space and where it lands. */
export interface Paint {
  page: number;
  kind: 'fill' | 'stroke' | 'text' | 'image' | 'shading';
  /** The colour space as the file names it: DeviceRGB, ICCBased RGB, Lab, Separation PANTONE 185 C, … */
  space: string;
  family: ColourFamily;
  /** Where it lands, in points on the page (the first point of its path, its text's origin, its image's corner). */
  at: { x: number; y: number };
  /** The form XObject it is drawn in (its resource name on the page), or the page's own content. */
  object: string;
}

export interface PaintReading {
  /** The first painting per page, kind and colour space: enough to name every space a page uses, and where. */
  paints: Paint[];
  /** Paper-white objects that overprint: they vanish on press. */
  whiteOverprints: Paint[];
  /** Content the parser refused (inline images): not read. */
  unread: string[];
  /** Where each font object (by its reference, `12 0 R`) first shows text: a font is located where it prints. */
  fonts: Map<string, { page: number; at: { x: number; y: number }; object: string }>;
}

interface Colour {
  space: string;
  family: ColourFamily;
  components: number[];
}

interface State {
  ctm: Matrix;
  fill: Colour;
  stroke: Colour;
  fillOverprint: boolean;
  strokeOverprint: boolean;
  textMode: number;
  /** The font set by Tf, by its reference. */
  font?: string;
}

const GRAY: Colour = { space: 'DeviceGray', family: 'gray', components: [0] };

const FILL = new Set(['f', 'F', 'f*']);
const STROKE = new Set(['S', 's']);
const BOTH = new Set(['B', 'B*', 'b', 'b*']);
const SHOW = new Set(['Tj', 'TJ', "'", '"']);
/** Text rendering modes that fill the glyphs (the others stroke them or only clip). */
const FILLING_TEXT_MODES = new Set([0, 2, 4, 6]);

/** Reads every page's paintings: once per distinct form and state it is painted in, moved to where it lands. */
export function readPaint(doc: PDFDocument): PaintReading {
  const reading: PaintReading = { paints: [], whiteOverprints: [], unread: [], fonts: new Map() };
  doc.getPages().forEach((page, index) => {
    const start: State = {
      ctm: IDENTITY,
      fill: GRAY,
      stroke: GRAY,
      fillOverprint: false,
      strokeOverprint: false,
      textMode: 0,
    };
    // A paint is made only when it is kept: a sheet paints thousands, of a few kinds and spaces.
    const seen = new Map<Paint['kind'], Set<string>>();
    const record: Record = (kind, colour, overprint, make) => {
      const spaces = seen.get(kind) ?? seen.set(kind, new Set()).get(kind)!;
      const first = !spaces.has(colour.space);
      const whiteOverprint = overprint && isWhite(colour) && kind !== 'image' && kind !== 'shading';
      if (!first && !whiteOverprint) return;
      const paint = make();
      if (first) {
        spaces.add(colour.space);
        reading.paints.push(paint);
      }
      if (whiteOverprint) reading.whiteOverprints.push(paint);
    };
    const showFont: ShowFont = (font, at, object) => {
      if (!reading.fonts.has(font)) reading.fonts.set(font, { page: index + 1, at: at(), object });
    };
    try {
      walk(doc, pageOperations(page, doc.context), page.node.Resources(), start, index + 1, 'the page', record, showFont, 0);
    } catch (error) {
      if (!(error instanceof ContentSyntaxError)) throw error;
      reading.unread.push(`page ${index + 1}: ${error.message}`);
    }
  });
  return reading;
}

type Record = (kind: Paint['kind'], colour: Colour, overprint: boolean, make: () => Paint) => void;
/** A font shown, with where it is shown (worked out only for a font's first showing). */
type ShowFont = (font: string, at: () => { x: number; y: number }, object: string) => void;

function walk(
  doc: PDFDocument,
  operations: Operation[],
  resources: PDFDict | undefined,
  start: State,
  page: number,
  object: string,
  record: Record,
  showFont: ShowFont,
  depth: number,
): void {
  if (depth > 16) return;
  let state = { ...start };
  const stack: State[] = [];
  let pathStart: { x: number; y: number } | undefined;
  let line: Matrix = IDENTITY;
  let text: Matrix = IDENTITY;
  let leading = 0;
  const resource = (kind: string, name: Operand | undefined) => {
    const key = nameOf(name);
    const dict = resources?.lookupMaybe(PDFName.of(kind), PDFDict);
    return key && dict ? resolve(doc, dict.get(PDFName.of(key))) : undefined;
  };
  const at = (x: number, y: number) => apply(state.ctm, x, y);
  const firstPoint = ([x, y]: number[]) => at(x!, y!);
  const paint = (kind: Paint['kind'], colour: Colour, overprint: boolean, where: () => { x: number; y: number }) =>
    record(kind, colour, overprint, () => ({ page, kind, space: colour.space, family: colour.family, at: where(), object }));
  for (const { operator, operands } of operations) {
    switch (operator) {
      case 'q':
        stack.push({ ...state });
        break;
      case 'Q':
        state = stack.pop() ?? state;
        break;
      case 'cm':
        state.ctm = multiply(numbersIn(operands) as Matrix, state.ctm);
        break;
      case 'm':
      case 're':
        pathStart ??= firstPoint(numbersIn(operands));
        break;
      case 'l':
      case 'c':
      case 'v':
      case 'y':
        pathStart ??= firstPoint(numbersIn(operands));
        break;
      case 'n':
        pathStart = undefined;
        break;
      case 'g':
        state.fill = { ...GRAY, components: numbersIn(operands) };
        break;
      case 'G':
        state.stroke = { ...GRAY, components: numbersIn(operands) };
        break;
      case 'rg':
        state.fill = { space: 'DeviceRGB', family: 'rgb', components: numbersIn(operands) };
        break;
      case 'RG':
        state.stroke = { space: 'DeviceRGB', family: 'rgb', components: numbersIn(operands) };
        break;
      case 'k':
        state.fill = { space: 'DeviceCMYK', family: 'cmyk', components: numbersIn(operands) };
        break;
      case 'K':
        state.stroke = { space: 'DeviceCMYK', family: 'cmyk', components: numbersIn(operands) };
        break;
      case 'cs':
      case 'CS': {
        const space = colourSpace(doc, resource('ColorSpace', operands[0]) ?? PDFName.of(nameOf(operands[0]) ?? ''));
        if (operator === 'cs') state.fill = space;
        else state.stroke = space;
        break;
      }
      case 'sc':
      case 'scn':
      case 'SC':
      case 'SCN': {
        const pattern = nameOf(operands.at(-1));
        const target = operator.startsWith('s') ? state.fill : state.stroke;
        const colour =
          pattern && target.family === 'pattern'
            ? patternColour(doc, resource('Pattern', operands.at(-1)))
            : { ...target, components: numbersIn(operands) };
        if (operator.startsWith('s')) state.fill = colour;
        else state.stroke = colour;
        break;
      }
      case 'gs': {
        const gstate = resource('ExtGState', operands[0]);
        if (!(gstate instanceof PDFDict)) break;
        const stroking = gstate.lookupMaybe(PDFName.of('OP'), PDFBool);
        const nonStroking = gstate.lookupMaybe(PDFName.of('op'), PDFBool);
        if (stroking) state.strokeOverprint = stroking.asBoolean();
        // Without its own op, the fill's overprint follows OP (ISO 32000-1, table 58).
        if (nonStroking ?? stroking) state.fillOverprint = (nonStroking ?? stroking)!.asBoolean();
        break;
      }
      case 'BT':
        line = IDENTITY;
        text = IDENTITY;
        break;
      case 'Tm':
        line = numbersIn(operands) as Matrix;
        text = line;
        break;
      case 'Td':
      case 'TD': {
        const [x, y] = numbersIn(operands);
        if (operator === 'TD') leading = -y!;
        line = multiply([1, 0, 0, 1, x!, y!], line);
        text = line;
        break;
      }
      case 'TL':
        leading = numbersIn(operands)[0]!;
        break;
      case 'T*':
        line = multiply([1, 0, 0, 1, 0, -leading], line);
        text = line;
        break;
      case 'Tr':
        state.textMode = numbersIn(operands)[0]!;
        break;
      case 'Tf': {
        const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
        const font = fonts?.get(PDFName.of(nameOf(operands[0]) ?? ''));
        state.font = font instanceof PDFRef ? font.toString() : undefined;
        break;
      }
      case 'sh': {
        const shading = resource('Shading', operands[0]);
        const space = shading instanceof PDFDict || shading instanceof PDFRawStream ? shadingColour(doc, shading) : undefined;
        if (space) paint('shading', space, state.fillOverprint, () => at(0, 0));
        break;
      }
      case 'Do': {
        const xobject = resource('XObject', operands[0]);
        if (!(xobject instanceof PDFRawStream)) break;
        const subtype = xobject.dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText();
        if (subtype === 'Image') {
          const mask = xobject.dict.lookupMaybe(PDFName.of('ImageMask'), PDFBool)?.asBoolean();
          const colour = mask ? state.fill : colourSpace(doc, xobject.dict.get(PDFName.of('ColorSpace')));
          if (!mask && xobject.dict.has(PDFName.of('ColorSpace'))) paint('image', colour, state.fillOverprint, () => at(0, 1));
          else if (mask) paint('fill', colour, state.fillOverprint, () => at(0, 1));
        } else if (subtype === 'Form') {
          const matrix = xobject.dict
            .lookupMaybe(PDFName.of('Matrix'), PDFArray)
            ?.asArray()
            .map((n) => (n instanceof PDFNumber ? n.asNumber() : 0)) as Matrix | undefined;
          const own = xobject.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources;
          walk(
            doc,
            streamOperations(xobject),
            own,
            { ...state, ctm: multiply(matrix ?? IDENTITY, state.ctm) },
            page,
            depth === 0 ? `form /${nameOf(operands[0])}` : object,
            record,
            showFont,
            depth + 1,
          );
        }
        break;
      }
      default:
        if (SHOW.has(operator) && state.textMode !== 3 && state.textMode !== 7) {
          const { ctm } = state;
          if (state.font) showFont(state.font, () => apply(multiply(text, ctm), 0, 0), object);
          const fills = FILLING_TEXT_MODES.has(state.textMode);
          paint('text', fills ? state.fill : state.stroke, fills ? state.fillOverprint : state.strokeOverprint, () =>
            apply(multiply(text, ctm), 0, 0),
          );
        } else if (FILL.has(operator) || STROKE.has(operator) || BOTH.has(operator)) {
          const where = pathStart ?? at(0, 0);
          if (!STROKE.has(operator)) paint('fill', state.fill, state.fillOverprint, () => where);
          if (!FILL.has(operator)) paint('stroke', state.stroke, state.strokeOverprint, () => where);
          pathStart = undefined;
        }
    }
  }
}

/** Counted out only where an operator reads them: most operations are paths and text. */
function numbersIn(operands: Operand[]): number[] {
  return operands.filter((operand): operand is number => typeof operand === 'number');
}

/** Paper white in its own space: no ink in CMYK, full light in grey and RGB, no tint of a spot. */
function isWhite({ family, components }: Colour): boolean {
  if (components.length === 0) return false;
  if (family === 'cmyk' || family === 'spot') return components.every((c) => c <= 0.001);
  if (family === 'gray' || family === 'rgb') return components.every((c) => c >= 0.999);
  return false;
}

function nameOf(operand: Operand | undefined): string | undefined {
  return typeof operand === 'object' && operand !== null && 'name' in operand ? (operand as { name: string }).name : undefined;
}

function resolve(doc: PDFDocument, object: PDFObject | undefined): PDFObject | undefined {
  return object instanceof PDFRef ? doc.context.lookup(object) : object;
}

/** A colour space object as a name and the family it separates into. */
export function colourSpace(doc: PDFDocument, object: PDFObject | undefined): Colour {
  const space = resolve(doc, object);
  if (space instanceof PDFName) {
    const name = space.decodeText();
    const family: ColourFamily =
      name === 'DeviceRGB' || name === 'RGB'
        ? 'rgb'
        : name === 'DeviceCMYK' || name === 'CMYK'
          ? 'cmyk'
          : name === 'Pattern'
            ? 'pattern'
            : 'gray';
    return { space: name === 'RGB' ? 'DeviceRGB' : name === 'CMYK' ? 'DeviceCMYK' : name, family, components: [] };
  }
  if (!(space instanceof PDFArray)) return { ...GRAY, components: [] };
  const kind = resolve(doc, space.get(0));
  const name = kind instanceof PDFName ? kind.decodeText() : '';
  const second = resolve(doc, space.get(1));
  switch (name) {
    case 'ICCBased': {
      const n = second instanceof PDFRawStream ? second.dict.lookupMaybe(PDFName.of('N'), PDFNumber)?.asNumber() : undefined;
      const family: ColourFamily = n === 3 ? 'rgb' : n === 4 ? 'cmyk' : 'gray';
      return { space: `ICCBased ${family === 'rgb' ? 'RGB' : family === 'cmyk' ? 'CMYK' : 'Gray'}`, family, components: [] };
    }
    case 'CalRGB':
      return { space: 'CalRGB', family: 'rgb', components: [] };
    case 'CalGray':
      return { space: 'CalGray', family: 'gray', components: [] };
    case 'Lab':
      return { space: 'Lab', family: 'lab', components: [] };
    case 'Indexed': {
      const base = colourSpace(doc, space.get(1));
      return { space: `Indexed ${base.space}`, family: base.family, components: [] };
    }
    case 'Separation':
      return { space: `Separation ${second instanceof PDFName ? second.decodeText() : '?'}`, family: 'spot', components: [] };
    case 'DeviceN': {
      const names = second instanceof PDFArray ? second.asArray().map((n) => (n instanceof PDFName ? n.decodeText() : '?')) : [];
      const process = names.every((n) => ['Cyan', 'Magenta', 'Yellow', 'Black'].includes(n));
      return { space: `DeviceN ${names.join(' ')}`, family: process ? 'cmyk' : 'spot', components: [] };
    }
    case 'Pattern':
      return { space: 'Pattern', family: 'pattern', components: [] };
    default:
      return { space: name || 'unknown', family: 'gray', components: [] };
  }
}

function shadingColour(doc: PDFDocument, shading: PDFDict | PDFRawStream): Colour {
  const dict = shading instanceof PDFRawStream ? shading.dict : shading;
  return colourSpace(doc, dict.get(PDFName.of('ColorSpace')));
}

/** A shading pattern paints in its shading's space; a tiling pattern's cells are read where they are painted (not here). */
function patternColour(doc: PDFDocument, pattern: PDFObject | undefined): Colour {
  const dict = pattern instanceof PDFRawStream ? pattern.dict : pattern instanceof PDFDict ? pattern : undefined;
  const shading = resolve(doc, dict?.get(PDFName.of('Shading')));
  if (shading instanceof PDFDict || shading instanceof PDFRawStream) return shadingColour(doc, shading);
  return { space: 'Pattern', family: 'pattern', components: [] };
}
