import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFString, PDFHexString, type PDFPage } from 'pdf-lib';
import { ptToMm } from '../deck/units.ts';
import { RECOMMENDED_BLEED_PT } from '../deck/bleed-policy.ts';
import { MAX_BACK_OFFSET_PT, MIN_LINE_WIDTH_PT } from '../deck/press-limits.ts';
import { DEFAULT_INK_LIMIT } from '../deck/sheet-profile-schema.ts';
import {
  displayPath,
  fileProblem,
  formatPageLocation,
  InputError,
  isPdfLocation,
  pdfProblem,
  type Problem,
  problemText,
} from '../shared/errors.ts';
import { contains, intersects, type Rect } from '../deck/rect.ts';
import { readPages, type PageReading, type PackedRuns } from '../pdf/read-pages.ts';
import {
  inkedOfCmyk,
  PageNotDrawn,
  inkOf,
  startCmykRender,
  startRgbRender,
  type CmykRaster,
  type InkedRaster,
  type PageInk,
  type StartedRender,
} from './ink-coverage.ts';
import { unfilledBleed, type FaceBounds, type UnfilledBleed } from './bleed-fill.ts';
import { readPaint, type Paint, type PaintReading } from './paint.ts';
import { type FaceMapSource, readFaceMap, type TaggedFace } from '../pdf/face-map.ts';
import { CUT_CONTOUR, CUT_CONTOUR_WIDTH, readSpotColours, type SpotReading } from '../pdf/spot-colours.ts';
import {
  readBackOffset,
  readDeclaredBleed,
  readDeclaredMinText,
  readTurnEdge,
  readWorkStyle,
  type DeclaredMinText,
  type TurnEdge,
  type WorkStyle,
} from '../pdf/work-style.ts';
import { loadPdfDocument } from '../shared/pdf-document.ts';

/** One check of a file, as the report shows it: its failures are the report's problems. */
export interface PreflightCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface PreflightReport {
  file: string;
  pages: number;
  ok: boolean;
  checks: PreflightCheck[];
  /** Every failed check, as problems located at a page of the file (or the file, for what no page holds). */
  problems: Problem[];
}

/** A check as it is made: what the report shows, and its failures. */
interface CheckResult extends PreflightCheck {
  problems: Problem[];
}

export interface PreflightOptions {
  /** The least bleed every page must carry beyond its trim (pt); by default what the file declares, else the recommended 3 mm. */
  minBleed?: number;
  minImagePpi?: number;
  minLineWidth?: number;
  /**
   * How the pages print, when the file does not say (its Keywords carry the work style of every
   * sheet file the build makes). Simplex: one side, no pairs (fold-over sheets, die files);
   * WorkAndTurn: each page printed on both sides from one plate; WorkAndBack: pages in front/back pairs.
   */
  workStyle?: WorkStyle;
  /** The smallest text size (pt, as printed: after every transform) a reader can still read: marks, slug, cover. */
  minTextSize?: number;
  /**
   * The smallest size (pt) of the cards' own text; by default what the file declares (the deck's
   * minimum). Held on a sheet (a file naming its work style) to the text inside the placed faces,
   * elsewhere to every text.
   */
  minCardText?: number;
  /** Fail on anything that needs transparency; on by default for PDF/X-1a and X-3 files, which forbid it. */
  forbidTransparency?: boolean;
  /**
   * Total area coverage the press takes, in percent (C + M + Y + K). Measured on PDF/X files (300 %
   * when not given) and on any file when given; an RGB file's ink is only known once separated.
   */
  inkLimit?: number;
}

/** The PDF, or an InputError naming the file when it is none (a user may pass any file, or a folder, or a name that is not there). */
async function loadPdf(file: string, known?: Uint8Array): Promise<{ doc: PDFDocument; bytes: Uint8Array }> {
  const bytes: Uint8Array =
    known ??
    (await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw unreadable(file, error);
    }));
  if (!new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).includes('%PDF-')) throw notPdf(file, 'no %PDF- header');
  try {
    // A broken object is an error here, not a warning printed on the way: a press file must be whole.
    return { doc: await loadPdfDocument(bytes, { throwOnInvalidObject: true }), bytes };
  } catch (error) {
    throw damaged(file, error);
  }
}

function notPdf(file: string, why: string): InputError {
  return new InputError([fileProblem('not-a-pdf', file, `not a PDF (${why})`, { hint: 'preflight checks PDF files' })]);
}

/** A file that starts as a PDF but cannot be read to its end: cut off in a download or a copy, or damaged. */
function damaged(file: string, error: unknown): InputError {
  return new InputError([
    fileProblem('pdf-unreadable', file, `a damaged or cut-off PDF: it cannot be read (${(error as Error).message.split('\n')[0]})`, {
      hint: 'export or download it again',
    }),
  ]);
}

/** A name that is no readable file: a folder, nothing, or a file the user may not read. Anything else is no user's mistake. */
function unreadable(file: string, error: NodeJS.ErrnoException): unknown {
  const shown = displayPath(file);
  if (error.code === 'EISDIR')
    return new InputError([
      fileProblem('file-is-folder', file, 'is a folder, not a PDF', { hint: `name the PDF files, e.g. ${path.join(shown, '*.pdf')}` }),
    ]);
  if (error.code === 'ENOENT')
    return new InputError([
      fileProblem('file-not-found', file, 'no such file', { hint: 'check the name, or build first (kaartenset build)' }),
    ]);
  if (error.code === 'EACCES' || error.code === 'EPERM')
    return new InputError([
      fileProblem('file-unreadable', file, 'not permitted to read this file', { hint: "check the file's permissions" }),
    ]);
  return error;
}

/** The report of a file now known by another name (a copy checked in a work folder, a set folder published): its problems follow it. */
export function reportAs(report: PreflightReport, file: string): PreflightReport {
  return {
    ...report,
    file,
    problems: report.problems.map((problem) => (problem.location ? { ...problem, location: { ...problem.location, file } } : problem)),
  };
}

/**
 * Preflights every file given, each on its own: a folder, a name that is not there, a file that is
 * no PDF or is cut off is one problem located at it, and the other files are still checked.
 */
export async function preflightFiles(
  files: string[],
  options: PreflightOptions = {},
): Promise<{ reports: PreflightReport[]; problems: Problem[] }> {
  const settled = await Promise.allSettled(files.map((file) => preflightFile(file, options)));
  const reports: PreflightReport[] = [];
  const problems: Problem[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') reports.push(result.value);
    else if (result.reason instanceof InputError) problems.push(...result.reason.problems);
    // Anything else is no fault of the file: a bug, told as one.
    else throw result.reason;
  }
  return { reports, problems };
}

/**
 * What a print shop's preflight looks at, on a finished PDF. Boxes and fonts are read from the
 * file's dictionaries; everything drawn is read as a RIP reads it, through pdf.js's interpreter
 * with every transform applied (read-pages.ts). `known`: the file's bytes, when the caller holds
 * them (the build), so they are not read again.
 */
export async function preflightFile(file: string, options: PreflightOptions = {}, known?: Uint8Array): Promise<PreflightReport> {
  const { doc, bytes } = await loadPdf(file, known);
  const declared = readDeclaredBleed(doc.getKeywords());
  const minBleed = options.minBleed ?? declared ?? RECOMMENDED_BLEED_PT;
  const pages = doc.getPages();
  const pdfx = pdfxVersion(doc);
  // pdf.js reads in its thread and the raster renders in its process while this thread reads the paint.
  const reading = readPages(bytes);
  // Awaited below; this keeps a failure met before then from counting as unhandled.
  reading.catch(() => undefined);
  const render = startRaster(file, pages, pdfx, options.inkLimit);
  const readAll = async () => {
    const paint = readPaint(doc);
    const faceMap = readFaceMap(doc);
    const spots = readSpotColours(doc);
    const turn = await declaredTurn(file, doc.getKeywords());
    const readings = await reading.catch((error: unknown) => Promise.reject(damaged(file, error)));
    const faces = pages.map((page, index) => faceBounds(page, readings[index]!, pages, readings));
    return { paint, faceMap, spots, turn, readings, faces };
  };
  const { paint, faceMap, spots, turn, readings, faces } = await readAll().catch(async (error: unknown) => {
    await render.started?.discard();
    throw error;
  });
  const raster = await readRaster(render, pages, readings, faces).catch((error: unknown) => {
    throw error instanceof PageNotDrawn ? damaged(file, error) : error;
  });
  const style = options.workStyle ?? turn.style;
  const singleSided = style === 'Simplex';
  const workAndTurn = style === 'WorkAndTurn';
  const odd = pages.length % 2 !== 0;
  const checks: CheckResult[] = [
    checkBoxes(file, pages, minBleed, options.minBleed === undefined && declared !== undefined),
    checkPageGeometry(file, pages),
    checkBleedFilled(file, faces, raster.unfilled),
    checkColourSpaces(file, pages, paint, pdfx),
    checkOverprint(file, pages, paint),
    checkFonts(file, doc, pages, paint),
    checkImages(file, pages, readings, options.minImagePpi ?? 300),
    checkLineWidths(file, pages, readings, options.minLineWidth ?? MIN_LINE_WIDTH_PT),
    checkTextSizes(
      file,
      pages,
      readings,
      options.minTextSize ?? 5,
      cardText(options.minCardText, readDeclaredMinText(doc.getKeywords()), style),
    ),
    checkTransparency(file, pages, readings, options.forbidTransparency ?? (pdfx !== undefined && !/PDF\/X-4/.test(pdfx)), pdfx),
    checkRotation(file, pages, readings),
    checkInk(file, raster.inks, raster.inkLimit),
    checkSpotColours(file, pages, spots, paint),
    checkMarksOutsideBleed(file, pages, readings, faces, spots),
    singleSided
      ? passed('registration', 'printed single-sided: no backs to register')
      : workAndTurn
        ? checkTurnRegistration(file, pages, readings, turn, faceMap)
        : checkRegistration(file, pages, readings, turn, faceMap),
    singleSided
      ? passed('duplex', `${pages.length} pages, printed single-sided`)
      : workAndTurn
        ? passed('duplex', `${pages.length} page(s), each printed on both sides from one plate (work-and-turn)`)
        : {
            name: 'duplex',
            ok: !odd,
            detail: !odd
              ? `${pages.length} pages: an even count, fronts and backs pair up`
              : `${pages.length} pages: an odd count cannot print double-sided`,
            problems: odd
              ? [
                  fileProblem('duplex-odd-pages', file, `${pages.length} pages: an odd count cannot print double-sided`, {
                    hint: 'add a blank back, or remove the page without one',
                  }),
                ]
              : [],
          },
  ];
  return {
    file,
    pages: pages.length,
    ok: checks.every((check) => check.ok),
    checks: checks.map(({ name, ok, detail }) => ({ name, ok, detail })),
    problems: checks.flatMap((check) => check.problems),
  };
}

function passed(name: string, detail: string): CheckResult {
  return { name, ok: true, detail, problems: [] };
}

/** A check's result from its failures: ok when there are none. */
function result(name: string, problems: Problem[], detail: string): CheckResult {
  return { name, ok: problems.length === 0, detail, problems };
}

/**
 * What PDF/X the file claims, from the document information: /GTS_PDFXConformance where it is
 * given (PDF/X-1a:2003 declares the version "PDF/X-1:2003" and the conformance "PDF/X-1a:2003"),
 * else /GTS_PDFXVersion, e.g. "PDF/X-3:2002".
 */
function pdfxVersion(doc: PDFDocument): string | undefined {
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict);
  const text = (key: string) => {
    const value = info?.lookup(PDFName.of(key));
    return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
  };
  return text('GTS_PDFXConformance') ?? text('GTS_PDFXVersion');
}

/** The CropBox a page shows, its own or its parent's: a viewer and mupdf draw that, a RIP the MediaBox. */
function cropBoxOf(page: PDFPage): Rect | undefined {
  const box = page.node.CropBox();
  return box ? normalised(box) : undefined;
}

/** Whether the page is drawn as it prints: no CropBox apart from its MediaBox, no /UserUnit scaling it. */
function showsItsMedia(page: PDFPage): boolean {
  const crop = cropBoxOf(page);
  return (!crop || sameBox(crop, page.getMediaBox())) && !page.node.has(PDFName.of('UserUnit'));
}

function sameBox(a: Rect, b: Rect): boolean {
  return Math.abs(a.x - b.x) <= 0.05 && Math.abs(a.y - b.y) <= 0.05 && sameSize(a, b);
}

function explicitBox(page: PDFPage, name: string): Rect | undefined {
  const box = page.node.lookupMaybe(PDFName.of(name), PDFArray);
  return box ? normalised(box) : undefined;
}

function normalised(box: PDFArray): Rect {
  const [x1, y1, x2, y2] = box.asArray().map((item) => Number(item.toString()));
  return { x: Math.min(x1!, x2!), y: Math.min(y1!, y2!), width: Math.abs(x2! - x1!), height: Math.abs(y2! - y1!) };
}

function checkBoxes(file: string, pages: PDFPage[], minBleed: number, declared: boolean): CheckResult {
  const problems: Problem[] = [];
  let least = Infinity;
  pages.forEach((page, index) => {
    const media = page.getMediaBox();
    const trim = explicitBox(page, 'TrimBox');
    const bleed = explicitBox(page, 'BleedBox');
    const at = (code: string, message: string, hint: string) => problems.push(pdfProblem(code, file, index + 1, message, { hint }));
    if (!trim || !bleed) {
      at(
        'box-missing',
        `${!trim ? 'TrimBox' : 'BleedBox'} missing`,
        'export the PDF with its trim and bleed boxes (print PDF settings: marks and bleeds)',
      );
      return;
    }
    if (!contains(bleed, trim) || !contains(media, bleed))
      at('boxes-not-nested', 'boxes not nested (Trim inside Bleed inside Media)', 'export the PDF again with its trim and bleed boxes');
    const sides = [
      trim.x - bleed.x,
      trim.y - bleed.y,
      bleed.x + bleed.width - trim.x - trim.width,
      bleed.y + bleed.height - trim.y - trim.height,
    ];
    least = Math.min(least, ...sides);
    if (Math.min(...sides) < minBleed - 0.01) {
      at(
        'bleed-missing',
        `bleed ${ptToMm(Math.min(...sides)).toFixed(2)} mm, less than ${ptToMm(minBleed).toFixed(2)} mm`,
        'extend the artwork past the trim and export with bleed',
      );
    }
  });
  const held = declared ? `; held to the ${ptToMm(minBleed).toFixed(2)} mm the file says it is made with` : '';
  const pageOf = (problem: Problem) => (problem.location && 'page' in problem.location ? problem.location.page : 0);
  const summary =
    problems.length === 0
      ? `TrimBox and BleedBox on every page, nested; bleed ${ptToMm(least).toFixed(2)} mm (${least.toFixed(2)} pt) a side${held}`
      : `${problems
          .slice(0, 5)
          .map((problem) => `page ${pageOf(problem)}: ${problem.message}`)
          .join('; ')}${held}`;
  return result('boxes', problems, summary);
}

function checkFonts(file: string, doc: PDFDocument, pages: PDFPage[], paint: PaintReading): CheckResult {
  const context = doc.context;
  const missing: Array<{ name: string; ref: string }> = [];
  // A CIDFont prints through the Type0 font that names it: that is the font text is shown in.
  const shownAs = new Map<string, string>();
  let count = 0;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.lookupMaybe(PDFName.of('Type'), PDFName)?.asString() !== '/Font') continue;
    const subtype = object.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString();
    if (subtype === '/Type0')
      for (const descendant of object.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.asArray() ?? [])
        shownAs.set(descendant.toString(), ref.toString());
    if (subtype === '/Type0' || subtype === '/Type3') continue;
    count++;
    const descriptor = object.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
    if (!embedded)
      missing.push({ name: object.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.asString().slice(1) ?? 'unnamed', ref: ref.toString() });
  }
  // A font is an object of the file: located where it first prints, or the file named where it prints nothing.
  const problems = missing.map(({ name, ref }) => {
    const used = paint.fonts.get(ref) ?? paint.fonts.get(shownAs.get(ref) ?? '');
    const message = `font ${name} is not embedded`;
    const hint = 'export the PDF with all fonts embedded';
    return used
      ? pdfProblem('font-not-embedded', file, used.page, `${message} (first printed in ${used.object})`, {
          ...fromTopLeft(pages[used.page - 1]!, used.at.x, used.at.y),
          hint,
        })
      : fileProblem('font-not-embedded', file, `${message}; it prints nothing`, { hint });
  });
  return result(
    'fonts',
    problems,
    missing.length === 0 ? `${count} font(s), all embedded` : `not embedded: ${[...new Set(missing.map(({ name }) => name))].join(', ')}`,
  );
}

function checkImages(file: string, pages: PDFPage[], readings: PageReading[], minPpi: number): CheckResult {
  const images = readings.flatMap((reading) => reading.images.map((image) => ({ ...image, page: reading.page })));
  if (images.length === 0) return passed('images', 'no raster images: all artwork is vector');
  const low = images.filter((image) => image.ppi < minPpi - 0.5);
  const least = images.reduce((a, b) => (b.ppi < a.ppi ? b : a));
  const problems = worstPerPage(low, (a, b) => a.ppi <= b.ppi).map((image) =>
    pdfProblem(
      'image-low-resolution',
      file,
      image.page,
      `an image (${image.width} x ${image.height} px, placed ${sizeOf(image.box)}) prints at ${Math.round(image.ppi)} ppi, under ${minPpi} ppi`,
      { ...topLeftOf(pages[image.page - 1]!, image.box), hint: 'place it smaller, or use an image with more pixels' },
    ),
  );
  return {
    name: 'images',
    ok: low.length === 0,
    problems,
    detail:
      low.length === 0
        ? `${images.length} image(s) placed, lowest ${Math.round(least.ppi)} ppi as printed`
        : `${low.length} image(s) under ${minPpi} ppi as printed, lowest ${Math.round(least.ppi)} ppi (${least.width} x ${least.height} px, page ${least.page})`,
  };
}

/**
 * Strokes thinner than the press holds, as printed. A width of 0 means "the thinnest the device can
 * draw": reported, not failed, as before (the fillable worksheet draws a few such lines).
 */
function checkLineWidths(file: string, pages: PDFPage[], readings: PageReading[], minWidth: number): CheckResult {
  const all = readings.flatMap((reading) => reading.strokes.map((stroke) => ({ ...stroke, page: reading.page })));
  const device = all.filter(({ width }) => width === 0).length;
  const widths = all.filter(({ width }) => width > 0);
  const deviceNote = device ? `; ${device} stroke(s) of width 0 (the device's thinnest)` : '';
  if (widths.length === 0) return passed('hairlines', `no stroked lines${deviceNote}`);
  const thin = widths.filter(({ width }) => width < minWidth - 0.001);
  const least = widths.reduce((a, b) => (b.width < a.width ? b : a));
  const problems = worstPerPage(thin, (a, b) => a.width <= b.width).map((stroke) =>
    pdfProblem(
      'hairline',
      file,
      stroke.page,
      `a stroke of ${sizeOf(stroke.box)} is ${stroke.width.toFixed(3)} pt wide as printed, thinner than ${minWidth} pt`,
      { ...topLeftOf(pages[stroke.page - 1]!, stroke.box), hint: `draw lines at least ${minWidth} pt wide` },
    ),
  );
  return {
    name: 'hairlines',
    ok: thin.length === 0,
    problems,
    detail:
      thin.length === 0
        ? `${widths.length} strokes, thinnest ${least.width.toFixed(2)} pt as printed${deviceNote}`
        : `${thin.length} of ${widths.length} strokes thinner than ${minWidth} pt as printed (thinnest ${least.width.toFixed(3)} pt, page ${least.page})`,
  };
}

function cardText(
  given: number | undefined,
  declared: DeclaredMinText | undefined,
  style: WorkStyle | undefined,
): DeclaredMinText | undefined {
  if (given === undefined) return declared;
  return { pt: given, scope: declared?.scope ?? (style ? 'faces' : 'all') };
}

function checkTextSizes(
  file: string,
  pages: PDFPage[],
  readings: PageReading[],
  minSize: number,
  cards: DeclaredMinText | undefined,
): CheckResult {
  const all = summariseRuns(readings, (reading) => reading.textSizes, minSize - 0.01);
  if (all.count === 0) return passed('text size', 'no text');
  const smallest = (list: TextRunOnPage[]) => list.reduce((a, b) => (b.size < a.size ? b : a));
  const small = all.under;
  // The deck's minimum is met to the rounding of the PDF's numbers, as the build checks it.
  const cardRuns = cards
    ? summariseRuns(readings, (reading) => (cards.scope === 'all' ? reading.textSizes : reading.faceTextSizes), cards.pt - 0.05)
    : undefined;
  const smallCards = cardRuns?.under ?? [];
  const problems = [
    ...(small.length > 0
      ? [
          `${small.length} run(s) of text under ${minSize} pt as printed (smallest ${smallest(small).size.toFixed(2)} pt, page ${smallest(small).page})`,
        ]
      : []),
    ...(smallCards.length > 0
      ? [
          `${smallCards.length} run(s) of the cards' text under their minimum of ${cards!.pt} pt (smallest ${smallest(smallCards).size.toFixed(2)} pt, page ${smallest(smallCards).page})`,
        ]
      : []),
  ];
  const smallestFirst = (a: { size: number }, b: { size: number }) => a.size <= b.size;
  const found = [
    ...worstPerPage(small, smallestFirst).map(({ size, page, at }) =>
      pdfProblem('text-too-small', file, page, `a run of text printed at ${size.toFixed(2)} pt, under ${minSize} pt`, {
        ...fromTopLeft(pages[page - 1]!, at.x, at.y),
        hint: `set text at ${minSize} pt or more`,
      }),
    ),
    ...worstPerPage(smallCards, smallestFirst).map(({ size, page, at }) =>
      pdfProblem(
        'text-too-small',
        file,
        page,
        `a run of the cards' text printed at ${size.toFixed(2)} pt, under their minimum of ${cards!.pt} pt`,
        {
          ...fromTopLeft(pages[page - 1]!, at.x, at.y),
          hint: `size the cards' text at ${cards!.pt} pt or more`,
        },
      ),
    ),
  ];
  const cardNote =
    cards && cardRuns?.smallest && cards.scope === 'faces'
      ? `; the cards' own text at least ${cards.pt} pt (smallest ${cardRuns.smallest.size.toFixed(2)} pt)`
      : cards && cards.scope === 'all'
        ? ` (the cards' minimum: ${cards.pt} pt)`
        : '';
  return {
    name: 'text size',
    ok: problems.length === 0,
    problems: found,
    detail:
      problems.length > 0
        ? problems.join('; ')
        : `${all.count} runs of text, smallest ${all.smallest!.size.toFixed(2)} pt as printed${cardNote}`,
  };
}

interface TextRunOnPage {
  size: number;
  page: number;
  at: { x: number; y: number };
}

/** Of the runs of text with a size: how many, the smallest, and those under `below` (few, so as objects). */
function summariseRuns(
  readings: PageReading[],
  runsOf: (reading: PageReading) => PackedRuns,
  below: number,
): { count: number; smallest?: TextRunOnPage; under: TextRunOnPage[] } {
  let count = 0;
  let smallest: TextRunOnPage | undefined;
  const under: TextRunOnPage[] = [];
  for (const reading of readings) {
    const runs = runsOf(reading);
    for (let at = 0; at + 2 < runs.length; at += 3) {
      const size = runs[at]!;
      if (!(size > 0)) continue;
      count++;
      const run = () => ({ size, page: reading.page, at: { x: runs[at + 1]!, y: runs[at + 2]! } });
      if (!smallest || size < smallest.size) smallest = run();
      if (size < below) under.push(run());
    }
  }
  return { count, smallest, under };
}

function checkTransparency(
  file: string,
  pages: PDFPage[],
  readings: PageReading[],
  forbidden: boolean,
  pdfx: string | undefined,
): CheckResult {
  const found = readings.flatMap((reading) => reading.transparency.map(({ what }) => `page ${reading.page}: ${what}`));
  const target = pdfx ?? 'this file';
  if (found.length === 0) return passed('transparency', 'none: nothing needs flattening');
  const problems = !forbidden
    ? []
    : readings
        .filter((reading) => reading.transparency.length > 0)
        .map((reading) =>
          pdfProblem(
            'transparency-forbidden',
            file,
            reading.page,
            `${[...new Set(reading.transparency.map(({ what }) => what))].join('; ')}${reading.transparency[0]!.box.width > 0 ? ` (the first over ${sizeOf(reading.transparency[0]!.box)})` : ''}: transparency is forbidden in ${target}`,
            {
              ...topLeftOf(pages[reading.page - 1]!, reading.transparency[0]!.box),
              hint: 'flatten the transparency, or export as PDF/X-4',
            },
          ),
        );
  return {
    name: 'transparency',
    ok: !forbidden,
    problems,
    detail: `${forbidden ? `forbidden in ${target}, found` : 'allowed here; found'} ${[...new Set(found)].slice(0, 3).join('; ')}${found.length > 3 ? ` (${found.length} in all)` : ''}`,
  };
}

/**
 * The raster a file's checks need, started at once: CMYK on PDF/X files and on any file given an
 * ink limit (the total ink, and whether ink reaching a trim fills the bleed), else RGB where a page
 * carries a trim and bleed (bleed fill only), else none.
 */
function startRaster(file: string, pages: PDFPage[], pdfx: string | undefined, inkLimit: number | undefined): RasterUnderWay {
  const limit = inkLimit ?? DEFAULT_INK_LIMIT;
  if (pdfx !== undefined || inkLimit !== undefined) return { limit, separated: true, started: startCmykRender(file) };
  const bleeds = pages.some((page) => explicitBox(page, 'TrimBox') && explicitBox(page, 'BleedBox'));
  const cropped = pages.some((page) => !showsItsMedia(page));
  return { limit, separated: false, started: bleeds ? startRgbRender(file, { count: pages.length, cropped }) : undefined };
}

type RasterUnderWay = { limit: number } & (
  | { separated: true; started: StartedRender<CmykRaster> }
  | { separated: false; started?: StartedRender<InkedRaster> }
);

async function readRaster(
  render: RasterUnderWay,
  pages: PDFPage[],
  readings: PageReading[],
  faces: FaceBounds[][],
): Promise<{ inks?: PageInk[]; inkLimit: number; unfilled: Array<UnfilledBleed & { page: number }> }> {
  const { limit } = render;
  const inks: PageInk[] = [];
  const unfilled: Array<UnfilledBleed & { page: number }> = [];
  if (!render.started) return { inkLimit: limit, unfilled };
  if (!render.separated && faces.every((list) => list.length === 0)) {
    await render.started.discard();
    return { inkLimit: limit, unfilled };
  }
  let drawn = 0;
  const bleedOf = (number: number, raster: InkedRaster) => {
    drawnWhole(pages[number - 1]!, number, raster);
    drawn++;
    unfilled.push(
      ...unfilledBleed(raster, pages[number - 1]!.getMediaBox(), faces[number - 1] ?? []).map((found) => ({ ...found, page: number })),
    );
  };
  // A renderer may leave out a page it cannot draw, and go on: every page must have its raster.
  const everyPage = () => {
    if (drawn < pages.length) throw new PageNotDrawn(`${drawn} of ${pages.length} pages drawn`);
  };
  if (!render.separated) {
    await render.started.visit(bleedOf);
    everyPage();
    return { inkLimit: limit, unfilled };
  }
  await render.started.visit((number, raster) => {
    const page = pages[number - 1]!;
    bleedOf(number, inkedOfCmyk(raster));
    // On a sheet only the placed faces count: its marks and slug are in Registration, on every plate by design.
    inks.push({
      page: number,
      ...inkOf(
        raster,
        { media: page.getMediaBox(), areas: isSheet(page) ? faceRects(page, readings[number - 1]!) : [page.getMediaBox()] },
        limit,
      ),
    });
  });
  everyPage();
  return { inks, inkLimit: limit, unfilled };
}

/**
 * A raster the size of its page's MediaBox (turned with the page), to the pixel either way: a
 * renderer that cannot allocate a page may write a stand-in of a pixel and go on.
 */
function drawnWhole(page: PDFPage, number: number, raster: { width: number; height: number; dpi: number }): void {
  const media = page.getMediaBox();
  const scale = raster.dpi / 72;
  const turned = page.getRotation().angle % 180 !== 0;
  const [width, height] = turned ? [media.height * scale, media.width * scale] : [media.width * scale, media.height * scale];
  if (Math.abs(raster.width - width) > 1.5 || Math.abs(raster.height - height) > 1.5)
    throw new PageNotDrawn(`page ${number} was drawn at ${raster.width} x ${raster.height} pixels, not its size`);
}

/** The most ink on any spot of any page, from Ghostscript's CMYK raster, against the press's limit. */
function checkInk(file: string, inks: PageInk[] | undefined, limit: number): CheckResult {
  if (!inks) {
    return passed('ink', 'not separated (no PDF/X output intent): total ink is set when converted to CMYK; check that file');
  }
  if (inks.length === 0) return passed('ink', 'no pages');
  const most = inks.reduce((a, b) => (b.maxPercent > a.maxPercent ? b : a), inks[0]!);
  const over = inks.filter((page) => page.overLimitMm2 > 0);
  const where = (page: PageInk) =>
    `on page ${page.page}, ${page.at.x.toFixed(0)} mm across and ${page.at.y.toFixed(0)} mm down from the top left`;
  const problems = over.map((page) =>
    pdfProblem(
      'ink-over-limit',
      file,
      page.page,
      `total area coverage up to ${Math.round(page.maxPercent)} %, over the ${limit} % limit on ${Math.round(page.overLimitMm2)} mm²`,
      {
        xMm: page.at.x,
        yMm: page.at.y,
        hint: "separate it with the print shop's ICC profile, or lighten the darkest colours",
      },
    ),
  );
  return {
    name: 'ink',
    ok: over.length === 0,
    problems,
    detail:
      over.length === 0
        ? `total area coverage at most ${Math.round(most.maxPercent)} % (${where(most)}), within the ${limit} % limit`
        : `total area coverage up to ${Math.round(most.maxPercent)} % (${where(most)}), over the ${limit} % limit on ${over.length} page(s), ${Math.round(over.reduce((sum, page) => sum + page.overLimitMm2, 0))} mm² in all`,
  };
}

/** A turned page prints turned: every page must keep the turn of the first, and a back that of its front. */
function checkRotation(file: string, pages: PDFPage[], readings: PageReading[]): CheckResult {
  const turned = readings.filter((reading) => reading.rotate !== 0);
  if (turned.length === 0) return passed('rotation', 'no page carries /Rotate');
  const first = readings[0]!.rotate;
  const differ = readings.filter((reading) => reading.rotate !== first);
  const problems = differ.map((reading) =>
    pdfProblem(
      'rotation-mixed',
      file,
      reading.page,
      `the page's /Rotate ${reading.rotate}, while page 1 is /Rotate ${first}: backs no longer land behind fronts`,
      // The object is the whole page: located at its top left corner.
      { ...topLeftOf(pages[reading.page - 1]!, pages[reading.page - 1]!.getMediaBox()), hint: 'turn every page the same way' },
    ),
  );
  return {
    name: 'rotation',
    ok: differ.length === 0,
    problems,
    detail:
      differ.length === 0
        ? `every page /Rotate ${first}`
        : `pages turned differently: ${readings
            .slice(0, 6)
            .map((reading) => `page ${reading.page} /Rotate ${reading.rotate}`)
            .join(', ')}; backs no longer land behind fronts`,
  };
}

/**
 * Names every spot colour (Separation and DeviceN colorants) the file paints with: each is a plate
 * of its own, or a line a cutter follows. A CutContour die line must be 0.25 pt and overprint, or
 * the RIP knocks a white hairline out of the artwork beneath it.
 */
function checkSpotColours(file: string, pages: PDFPage[], spots: SpotReading, paint: PaintReading): CheckResult {
  const named = spots.colorants.filter((name) => name !== 'None');
  if (named.length === 0) return passed('spot colours', 'none: process colours only');
  const cuts = spots.strokes.filter((s) => s.colorants.includes(CUT_CONTOUR));
  const problems: string[] = [];
  const found: Problem[] = [];
  // A card press prints CMYK; the one plate beside it is the cutter's, which prints nothing.
  for (const name of named.filter((colorant) => !ALLOWED_SPOTS.includes(colorant))) {
    problems.push(`${name} is a plate of its own, which this job does not print`);
    const first = paint.paints.find((p) => p.family === 'spot' && p.space.split(' ').slice(1).join(' ').includes(name));
    const where = first ? { page: first.page, ...fromTopLeft(pages[first.page - 1]!, first.at.x, first.at.y) } : undefined;
    const message = `${first ? describePaint(first) : `the spot colour ${name}`}: an extra plate (${name}); the job prints CMYK, with ${ALLOWED_SPOTS.filter((spot) => spot !== 'None').join(' and ')} alone beside it`;
    const hint = `convert ${name} to CMYK, or ask the print shop for a fifth plate`;
    found.push(
      where
        ? pdfProblem('spot-colour-extra', file, where.page, message, { xMm: where.xMm, yMm: where.yMm, hint })
        : fileProblem('spot-colour-extra', file, message, { hint }),
    );
  }
  if (named.includes(CUT_CONTOUR) && cuts.length === 0) {
    problems.push(`${CUT_CONTOUR} is named but no line is stroked in it`);
    found.push(
      fileProblem('cut-contour-missing', file, `${CUT_CONTOUR} is named but no line is stroked in it`, {
        hint: 'stroke the die line in the CutContour spot colour',
      }),
    );
  }
  const wrongWidth = cuts.filter((s) => Math.abs(s.width - CUT_CONTOUR_WIDTH) > 0.01);
  if (wrongWidth.length)
    problems.push(
      `${wrongWidth.length} ${CUT_CONTOUR} line(s) ${wrongWidth[0]!.width.toFixed(2)} pt wide as printed (page ${wrongWidth[0]!.page}), not ${CUT_CONTOUR_WIDTH} pt`,
    );
  for (const stroke of worstPerPage(wrongWidth, () => true)) {
    found.push(
      pdfProblem(
        'cut-contour-width',
        file,
        stroke.page,
        `${CUT_CONTOUR} line ${stroke.width.toFixed(2)} pt wide as printed, not ${CUT_CONTOUR_WIDTH} pt`,
        { hint: `stroke die lines ${CUT_CONTOUR_WIDTH} pt wide` },
      ),
    );
  }
  const knockout = cuts.filter((s) => !s.overprint);
  if (knockout.length)
    problems.push(`${knockout.length} ${CUT_CONTOUR} line(s) knock out instead of overprinting (page ${knockout[0]!.page})`);
  for (const stroke of worstPerPage(knockout, () => true)) {
    found.push(
      pdfProblem('cut-contour-knockout', file, stroke.page, `${CUT_CONTOUR} line knocks out instead of overprinting`, {
        hint: 'set the die line to overprint',
      }),
    );
  }
  const names = named.map((name) => (name === 'All' ? 'All (registration)' : name)).join(', ');
  const cutNote = cuts.length ? `; ${cuts.length} ${CUT_CONTOUR} stroke(s), ${CUT_CONTOUR_WIDTH} pt, overprinting` : '';
  const unreadNote = spots.unread.length ? `; lines not read on ${spots.unread.join(', ')}` : '';
  return {
    name: 'spot colours',
    ok: problems.length === 0,
    problems: found,
    detail: `${problems.length === 0 ? `${names}${cutNote}` : `${names}: ${problems.join('; ')}`}${unreadNote}`,
  };
}

const mm = (pt: number) => ptToMm(pt).toFixed(1);
const sizeOf = (rect: Rect) => `${mm(rect.width)} x ${mm(rect.height)} mm`;
const sameSize = (a: Rect, b: Rect) => Math.abs(a.width - b.width) < 0.05 && Math.abs(a.height - b.height) < 0.05;

/** Where a point (PDF points) lies on a page, in mm from its top left corner: how every finding is located. */
function fromTopLeft(page: PDFPage, x: number, y: number): { xMm: number; yMm: number } {
  const media = page.getMediaBox();
  return { xMm: Number(ptToMm(x - media.x).toFixed(1)), yMm: Number(ptToMm(media.y + media.height - y).toFixed(1)) };
}

/** Where a box's top left corner lies on its page, in mm from the page's top left corner. */
function topLeftOf(page: PDFPage, box: Rect): { xMm: number; yMm: number } {
  return fromTopLeft(page, box.x, box.y + box.height);
}

/** The size most pages share, and the pages that differ from it. */
function oddOnesOut(sizes: Array<Rect | undefined>): { common: Rect; differ: number[] } | undefined {
  const known = sizes.filter((size): size is Rect => size !== undefined);
  if (known.length === 0) return undefined;
  const common = known
    .map((size) => ({ size, count: known.filter((other) => sameSize(other, size)).length }))
    .reduce((a, b) => (b.count > a.count ? b : a)).size;
  return { common, differ: sizes.flatMap((size, index) => (size && !sameSize(size, common) ? [index] : [])) };
}

/**
 * The pages of a press file as a RIP lays them out: one page size, one trim and one bleed for
 * every page (a page whose TrimBox differs is cut wrong), no CropBox other than the MediaBox and
 * no /UserUnit (a page scaled at output).
 */
function checkPageGeometry(file: string, pages: PDFPage[]): CheckResult {
  const problems: Problem[] = [];
  const boxes = [
    { name: 'MediaBox', of: (page: PDFPage) => page.getMediaBox() },
    { name: 'TrimBox', of: (page: PDFPage) => explicitBox(page, 'TrimBox') },
    { name: 'BleedBox', of: (page: PDFPage) => explicitBox(page, 'BleedBox') },
  ];
  for (const box of boxes) {
    const sizes = pages.map(box.of);
    const odd = oddOnesOut(sizes);
    for (const index of odd?.differ ?? []) {
      const size = sizes[index]!;
      problems.push(
        pdfProblem(
          'page-boxes-differ',
          file,
          index + 1,
          `${box.name} ${sizeOf(size)}, while the other pages' is ${sizeOf(odd!.common)}: this page is cut or placed differently`,
          { ...fromTopLeft(pages[index]!, size.x, size.y + size.height), hint: `give every page the same ${box.name}` },
        ),
      );
    }
  }
  pages.forEach((page, index) => {
    const crop = cropBoxOf(page);
    const media = page.getMediaBox();
    if (crop && !sameBox(crop, media))
      problems.push(
        pdfProblem(
          'crop-box-differs',
          file,
          index + 1,
          `CropBox ${sizeOf(crop)} is not the MediaBox ${sizeOf(media)}: a viewer and a RIP show different pages`,
          {
            ...fromTopLeft(page, crop.x, crop.y + crop.height),
            hint: 'set the CropBox to the MediaBox, or remove it',
          },
        ),
      );
    if (page.node.has(PDFName.of('UserUnit')))
      problems.push(
        pdfProblem('page-scaled', file, index + 1, 'the page carries /UserUnit: it prints scaled, not at its size', {
          hint: 'export the page at its real size',
        }),
      );
  });
  const trims = oddOnesOut(pages.map((page) => explicitBox(page, 'TrimBox')));
  return result(
    'page boxes',
    problems,
    problems.length === 0
      ? `${pages.length} page(s) of ${sizeOf(pages[0]!.getMediaBox())}${trims ? `, trim ${sizeOf(trims.common)}` : ''} on every one; CropBox = MediaBox, no /UserUnit`
      : problems
          .slice(0, 3)
          .map((problem) => `page ${(problem.location as { page: number }).page}: ${problem.message}`)
          .join('; '),
  );
}

/**
 * Each face's trim and bleed: on a face page its boxes; on a sheet each placed face, its trim
 * centred where the face lands and sized as most faces of the file are (a face clipped at its
 * trim lands as small as its trim, and is still judged against the bleed it should carry).
 */
function faceBounds(page: PDFPage, reading: PageReading, pages: PDFPage[], readings: PageReading[]): FaceBounds[] {
  const trim = explicitBox(page, 'TrimBox');
  const bleed = explicitBox(page, 'BleedBox');
  if (!trim || !bleed) return [];
  if (!isSheet(page)) return [{ trim, bleed }];
  const depth = Math.min(trim.x - bleed.x, trim.y - bleed.y);
  if (depth < 0.5) return [];
  const all = pages.flatMap((other, index) => (isSheet(other) ? faceRects(other, readings[index]!) : []));
  const face = oddOnesOut(all)?.common;
  if (!face) return [];
  return faceRects(page, reading).map((rect) => {
    const centre = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    const at = (width: number, height: number) => ({ x: centre.x - width / 2, y: centre.y - height / 2, width, height });
    return { trim: at(face.width - 2 * depth, face.height - 2 * depth), bleed: at(face.width, face.height) };
  });
}

/** Ink that reaches a trim must run on to the bleed edge, or the cutter's tolerance shows paper. */
function checkBleedFilled(file: string, faces: FaceBounds[][], unfilled: Array<UnfilledBleed & { page: number }>): CheckResult {
  const count = faces.reduce((sum, list) => sum + list.length, 0);
  if (count === 0) return passed('bleed fill', 'no face carries bleed to fill');
  const worst = worstPerPage(unfilled, (a, b) => a.lengthMm >= b.lengthMm);
  const problems = worst.map((found) =>
    pdfProblem(
      'bleed-not-filled',
      file,
      found.page,
      `the artwork of a ${sizeOf(found.face.trim)} face stops at its ${found.edge} trim over ${found.lengthMm.toFixed(1)} mm: the bleed beyond it is blank`,
      {
        xMm: Number(found.at.x.toFixed(1)),
        yMm: Number(found.at.y.toFixed(1)),
        hint: 'extend the artwork that reaches the trim to the bleed edge',
      },
    ),
  );
  const edges = 4 * count;
  return result(
    'bleed fill',
    problems,
    problems.length === 0
      ? `${count} face(s), ${edges} edges: wherever ink reaches a trim it runs on to the bleed edge`
      : `${unfilled.length} of ${edges} face edges stop at the trim with a blank bleed; first on page ${worst[0]!.page}, ${worst[0]!.at.x.toFixed(1)} mm across, ${worst[0]!.at.y.toFixed(1)} mm down`,
  );
}

/** What a paint is, for a finding: "a fill in DeviceRGB in form /Face3". */
function describePaint(paint: Paint): string {
  const kind = { fill: 'a fill', stroke: 'a stroke', text: 'text', image: 'an image', shading: 'a shading' }[paint.kind];
  return `${kind} in ${paint.space} (${paint.object})`;
}

/**
 * PDF/X-1a and X-3 print from CMYK (and spot) alone: an RGB or Lab object is separated by
 * whatever the RIP guesses. ICC-based CMYK and grey are allowed; anything RGB or Lab is not.
 */
function checkColourSpaces(file: string, pages: PDFPage[], paint: PaintReading, pdfx: string | undefined): CheckResult {
  const spaces = [...new Set(paint.paints.map((p) => p.space))].sort();
  const unread = paint.unread.length ? `; not read: ${paint.unread.join(', ')}` : '';
  if (!pdfx || !/PDF\/X-(1a|1|3)\b/.test(pdfx))
    return passed(
      'colour',
      `${spaces.join(', ') || 'nothing painted'}${pdfx ? ` (allowed in ${pdfx})` : ': not a CMYK-only PDF/X file'}${unread}`,
    );
  const wrong = paint.paints.filter((p) => p.family === 'rgb' || p.family === 'lab');
  const problems = worstPerPage(wrong, () => false).map((found) => {
    const all = [...new Set(wrong.filter((p) => p.page === found.page).map((p) => p.space))];
    return pdfProblem(
      'colour-space-forbidden',
      file,
      found.page,
      `${describePaint(found)}: ${pdfx} allows CMYK, grey and spot colours only${all.length > 1 ? ` (this page also paints in ${all.filter((space) => space !== found.space).join(', ')})` : ''}`,
      {
        ...fromTopLeft(pages[found.page - 1]!, found.at.x, found.at.y),
        hint: "convert the file to CMYK with the print shop's profile (kaartenset build --cmyk --icc)",
      },
    );
  });
  return result(
    'colour',
    problems,
    problems.length === 0
      ? `${spaces.join(', ')}: CMYK, grey and spot only, as ${pdfx} requires${unread}`
      : `${wrong.length} painting(s) in ${[...new Set(wrong.map((p) => p.space))].join(', ')}, forbidden in ${pdfx}`,
  );
}

/** White set to overprint prints nothing: the colour beneath shows through where the white should be. */
function checkOverprint(file: string, pages: PDFPage[], paint: PaintReading): CheckResult {
  const problems = worstPerPage(paint.whiteOverprints, () => false).map((found) =>
    pdfProblem('white-overprint', file, found.page, `${describePaint(found)}, white and set to overprint: it vanishes on press`, {
      ...fromTopLeft(pages[found.page - 1]!, found.at.x, found.at.y),
      hint: 'let white objects knock out (overprint off)',
    }),
  );
  return result(
    'overprint',
    problems,
    problems.length === 0
      ? 'no white object set to overprint'
      : `${paint.whiteOverprints.length} white object(s) set to overprint, first on page ${paint.whiteOverprints[0]!.page}`,
  );
}

/** Whether a page is an imposed sheet: its BleedBox is smaller than the paper (a face page is all bleed). */
function isSheet(page: PDFPage): boolean {
  const bleed = explicitBox(page, 'BleedBox');
  return Boolean(bleed) && !contains(bleed!, page.getMediaBox());
}

/**
 * Where the faces land on a sheet: each form's box, or, once Ghostscript has dissolved the forms,
 * the outermost rectangular clips inside the sheet's bleed (a face is clipped to its own bleed).
 */
function faceRects(page: PDFPage, reading: PageReading): Rect[] {
  if (reading.forms.length) return reading.forms;
  const sheetTrim = explicitBox(page, 'TrimBox');
  const clips = reading.rectangleClips.filter((clip) => !sheetTrim || !contains(clip, sheetTrim));
  const same = (a: Rect, b: Rect) =>
    Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.width - b.width), Math.abs(a.height - b.height)) < 0.01;
  const unique = clips.filter((clip, index) => clips.findIndex((other) => same(other, clip)) === index);
  return unique.filter((clip) => !unique.some((other) => other !== clip && contains(other, clip)));
}

/**
 * On imposed sheets, nothing but the card artwork may be drawn inside any card's bleed: a line
 * there is a mark in the bleed; a line that reaches into the card itself is drawn over the card.
 */
function checkMarksOutsideBleed(
  file: string,
  pages: PDFPage[],
  readings: PageReading[],
  faces: FaceBounds[][],
  spots: SpotReading,
): CheckResult {
  const found: Problem[] = [];
  let placed = 0;
  let cutContours = 0;
  const shrink = (rect: Rect) => ({ x: rect.x + 0.01, y: rect.y + 0.01, width: rect.width - 0.02, height: rect.height - 0.02 });
  const near = (a: Rect, b: Rect) =>
    Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.width - b.width), Math.abs(a.height - b.height)) < 0.5;
  pages.forEach((page, index) => {
    if (!isSheet(page)) return;
    placed += faces[index]!.length;
    // A print-and-cut file's cut contour runs along the trims on purpose: the spot colours check measures it.
    const cuts = spots.strokes.filter((s) => s.page === index + 1 && s.colorants.includes(CUT_CONTOUR)).flatMap((s) => s.subpaths);
    const strokes = readings[index]!.looseStrokes.filter((stroke) => !cuts.some((cut) => near(cut, stroke)));
    cutContours += readings[index]!.looseStrokes.length - strokes.length;
    const overCard = strokes.find((stroke) => faces[index]!.some((face) => intersects(shrink(face.trim), stroke)));
    const inBleed = strokes.find(
      (stroke) =>
        stroke !== overCard &&
        faces[index]!.some((face) => intersects(shrink(face.bleed), stroke) && !intersects(shrink(face.trim), stroke)),
    );
    if (overCard)
      found.push(
        pdfProblem('line-over-card', file, index + 1, `a line of ${sizeOf(overCard)} is drawn over a card, outside its artwork`, {
          ...fromTopLeft(page, overCard.x, overCard.y + overCard.height),
          hint: 'remove the line, or draw it in the card itself',
        }),
      );
    if (inBleed)
      found.push(
        pdfProblem('marks-in-bleed', file, index + 1, `a mark of ${sizeOf(inBleed)} enters a card's bleed`, {
          ...fromTopLeft(page, inBleed.x, inBleed.y + inBleed.height),
          hint: 'keep marks outside every card and its bleed',
        }),
      );
  });
  if (placed === 0) return passed('bleed clear', 'no imposed sheets: every page is one face');
  return result(
    'bleed clear',
    found,
    found.length === 0
      ? `${placed} placed faces; no mark or line enters a card or its bleed${cutContours ? ` (${cutContours} ${CUT_CONTOUR} contour(s) left to the spot colours check: the cutter's line)` : ''}`
      : found
          .slice(0, 3)
          .map((problem) => `page ${(problem.location as { page: number }).page}: ${problem.message}`)
          .join('; '),
  );
}

/** How a file's sheets turn, as the file declares it in its Keywords or, where a shop's tool stripped them, the manifest beside it. */
interface DeclaredTurn {
  style?: WorkStyle;
  edge?: TurnEdge;
  /** The back offset the profile allows (pt). */
  offset?: { x: number; y: number };
  /** Where it was read. */
  source?: string;
}

async function declaredTurn(file: string, keywords: string | undefined): Promise<DeclaredTurn> {
  const style = readWorkStyle(keywords);
  const edge = readTurnEdge(keywords);
  if (style && (style !== 'WorkAndBack' && style !== 'WorkAndTurn' ? true : edge))
    return { style, edge, offset: readBackOffset(keywords), source: "the file's Keywords" };
  const manifest = path.join(path.dirname(file), 'manifest.json');
  const text = await readFile(manifest, 'utf8').catch(() => undefined);
  const entry = text ? manifestEntry(text, path.basename(file)) : undefined;
  if (!entry) return { style };
  const fromManifest = ({ 'fold-over': 'Simplex', sheetwise: 'WorkAndBack', 'work-and-turn': 'WorkAndTurn' } as const)[entry.imposition];
  return {
    style: style ?? fromManifest,
    edge: entry.turnEdge,
    offset: entry.backOffsetMm && { x: (entry.backOffsetMm.x * 72) / 25.4, y: (entry.backOffsetMm.y * 72) / 25.4 },
    source: `${displayPath(manifest)} (the file's Keywords do not say)`,
  };
}

/** What preflight reads of a sheet file's entry in manifest.json (output/manifest.ts writes it). */
interface ManifestSheet {
  file: string;
  imposition: 'sheetwise' | 'work-and-turn' | 'fold-over';
  turnEdge?: TurnEdge;
  backOffsetMm?: { x: number; y: number };
}

/** The manifest's record of one sheet file, if the text is a manifest that has one. */
function manifestEntry(text: string, name: string): ManifestSheet | undefined {
  try {
    const sheets = (JSON.parse(text) as { sheets?: ManifestSheet[] }).sheets;
    return Array.isArray(sheets) ? sheets.find((sheet) => sheet.file === name) : undefined;
  } catch {
    return undefined;
  }
}

const REGISTER = 0.5;

/** The spot colours a card job may carry: All (registration marks, on every plate), None, and the cutter's CutContour. */
const ALLOWED_SPOTS = ['All', 'None', CUT_CONTOUR];

type Edge = 'long edge' | 'short edge';

/** The edges to turn a sheet on: the one the file declares, or both when it declares none. */
function edgesOf(turn: DeclaredTurn): Edge[] {
  return turn.edge ? [turn.edge === 'long-edge' ? 'long edge' : 'short edge'] : ['long edge', 'short edge'];
}

/** Faces turned over with the sheet, about its long or short edge. */
function turnOver(rects: Rect[], sheet: Rect, edge: Edge): Rect[] {
  const vertical = (edge === 'long edge') === sheet.height >= sheet.width;
  return rects.map((rect) =>
    vertical
      ? { ...rect, x: sheet.x * 2 + sheet.width - rect.x - rect.width }
      : { ...rect, y: sheet.y * 2 + sheet.height - rect.y - rect.height },
  );
}

/** What the check was told, for its verdict: the edge and where it was read. */
function toldBy(turn: DeclaredTurn): string {
  return turn.source
    ? `, as ${turn.source} declare${turn.source.startsWith('the file') ? '' : 's'}`
    : ' (the file declares no turn edge: either was tried)';
}

/**
 * Each sheet's back, turned over as the paper turns (on the edge the file declares), must put a
 * face behind every face of its front: computed from where the faces land on both pages. A back
 * may sit off its front only by the offset the profile declares (a printer's measured drift); a
 * press declares none.
 */
function checkRegistration(file: string, pages: PDFPage[], readings: PageReading[], turn: DeclaredTurn, map: FaceMap): CheckResult {
  const problems: string[] = [];
  const found: Problem[] = [];
  let pairs = 0;
  const turns: string[] = [];
  const declaredOffset = turn.offset ? Math.hypot(turn.offset.x, turn.offset.y) : undefined;
  const allowed = turn.source ? (declaredOffset ?? 0) + REGISTER : MAX_BACK_OFFSET_PT;
  for (let index = 0; index + 1 < pages.length; index += 2) {
    const [frontPage, backPage] = [pages[index]!, pages[index + 1]!];
    if (!isSheet(frontPage) && !isSheet(backPage)) continue;
    const fronts = faceRects(frontPage, readings[index]!);
    const backs = faceRects(backPage, readings[index + 1]!);
    if (fronts.length === 0 && backs.length === 0) continue;
    pairs++;
    const where = `pages ${index + 1}-${index + 2}`;
    if (fronts.length !== backs.length) {
      problems.push(`${where}: ${fronts.length} faces on the front, ${backs.length} on the back`);
      found.push(
        pdfProblem(
          'registration-miss',
          file,
          index + 2,
          `${fronts.length} faces on the front (page ${index + 1}), ${backs.length} on this back`,
          { hint: 'give every front face a back' },
        ),
      );
      continue;
    }
    const sheet = backPage.getMediaBox();
    const fits = edgesOf(turn).map((edge) => {
      const { shift, worst, index: face } = uniformShift(fronts, turnOver(backs, sheet, edge));
      return { edge, shift, worst, at: backs[face]!, off: Math.hypot(shift.x, shift.y) };
    });
    const best = fits.sort((a, b) => Math.max(a.worst, a.off) - Math.max(b.worst, b.off))[0]!;
    const on = turn.edge ? `turned on the ${best.edge}` : 'turned on either edge';
    const other =
      turn.edge && (best.worst > REGISTER || best.off > allowed) ? otherEdgeFits(fronts, backs, sheet, best.edge, allowed) : undefined;
    if (other) {
      const message = `the backs land as if the sheet turns on the ${other}, not on the ${best.edge}${toldBy(turn)}`;
      problems.push(`${where}: ${message}`);
      found.push(
        pdfProblem('turn-edge-mismatch', file, index + 2, `${message} (page ${index + 1})`, {
          hint: `declare the ${other} (TurnEdge in the Keywords, duplex.flip in the sheet profile), or impose the backs for the ${best.edge}`,
        }),
      );
      continue;
    }
    if (best.worst > REGISTER) {
      problems.push(`${where}: ${on}, a back misses its front by ${mm(best.worst)} mm`);
      found.push(
        pdfProblem(
          'registration-miss',
          file,
          index + 2,
          `${on}, the back placed here lands ${mm(best.worst)} mm from any front of page ${index + 1}`,
          {
            ...fromTopLeft(backPage, best.at.x, best.at.y + best.at.height),
            hint: 'place each back behind its front, mirrored as the sheet turns',
          },
        ),
      );
      continue;
    }
    if (best.off > allowed) {
      const offset = `${mm(-best.shift.x)}, ${mm(-best.shift.y)} mm`;
      const allowance =
        declaredOffset === undefined
          ? 'the file declares no back offset'
          : declaredOffset > 0
            ? `the profile declares a back offset of ${mm(declaredOffset)} mm`
            : 'its profile declares no back offset (a press registers backs exactly)';
      problems.push(`${where}: every back lands ${offset} off its front; ${allowance}`);
      found.push(
        pdfProblem(
          'back-offset-undeclared',
          file,
          index + 2,
          `every back lands ${offset} off its front (page ${index + 1}), ${on}: ${allowance}`,
          {
            hint: 'place the backs exactly behind their fronts, or declare the printer offset in the sheet profile (duplex.backOffset)',
          },
        ),
      );
      continue;
    }
    const wrong = wrongBacks(map.pages[index]!, map.pages[index + 1]!, sheet, best.edge, best.shift);
    if (wrong) {
      problems.push(`${where}: the back of card ${wrong.back.card} lands behind the front of card ${wrong.front.card}`);
      found.push(misplacedBack(file, backPage, index + 2, wrong, best.edge));
      continue;
    }
    // The shift moves the turned backs onto the fronts; the backs themselves sit the other way.
    turns.push(
      `${best.edge}${best.off > 0.05 ? ` (backs land ${mm(-best.shift.x)}, ${mm(-best.shift.y)} mm off: the printer correction the profile declares)` : ''}`,
    );
  }
  if (pairs === 0) return passed('registration', 'no imposed sheets: nothing to register');
  return {
    name: 'registration',
    ok: problems.length === 0,
    problems: found,
    detail:
      problems.length === 0
        ? `${pairs} sheet(s): every back face lands behind ${mapped(map)} within ${REGISTER} pt, turned on the ${[...new Set(turns)].join(', ')}${toldBy(turn)}`
        : problems.slice(0, 3).join('; '),
  };
}

/**
 * Work-and-turn: the sheet is printed, turned and printed again from the same plate, so every face
 * on a page must land on a face of the same page once turned on the declared edge, with no shift
 * (one plate cannot be corrected for a back).
 */
function checkTurnRegistration(file: string, pages: PDFPage[], readings: PageReading[], turn: DeclaredTurn, map: FaceMap): CheckResult {
  const problems: string[] = [];
  const found: Problem[] = [];
  const edges = new Set<string>();
  let sheets = 0;
  pages.forEach((page, index) => {
    const faces = faceRects(page, readings[index]!);
    if (!isSheet(page) || faces.length === 0) return;
    sheets++;
    const sheet = page.getMediaBox();
    const fits = edgesOf(turn).map((edge) => {
      const { shift, worst, index: face } = uniformShift(faces, turnOver(faces, sheet, edge));
      return { edge, at: faces[face]!, miss: Math.max(worst, Math.hypot(shift.x, shift.y)) };
    });
    const best = fits.reduce((a, b) => (b.miss < a.miss ? b : a));
    const on = turn.edge ? `turned on the ${best.edge}` : 'turned on either edge';
    const other = turn.edge && best.miss > REGISTER ? otherEdgeFits(faces, faces, sheet, best.edge, REGISTER) : undefined;
    if (other) {
      const message = `the faces land on each other as if the sheet turns on the ${other}, not on the ${best.edge}${toldBy(turn)}`;
      problems.push(`page ${index + 1}: ${message}`);
      found.push(
        pdfProblem('turn-edge-mismatch', file, index + 1, message, {
          hint: `declare the ${other} (TurnEdge in the Keywords, duplex.flip in the sheet profile), or impose the faces for the ${best.edge}`,
        }),
      );
    } else if (best.miss > REGISTER) {
      problems.push(`page ${index + 1}: ${on}, faces miss each other by up to ${mm(best.miss)} mm`);
      found.push(
        pdfProblem('registration-miss', file, index + 1, `${on}, faces miss each other by up to ${mm(best.miss)} mm`, {
          ...fromTopLeft(page, best.at.x, best.at.y + best.at.height),
          hint: 'place the faces symmetrically for work-and-turn',
        }),
      );
    } else {
      const wrong = wrongBacks(map.pages[index]!, map.pages[index]!, sheet, best.edge, { x: 0, y: 0 });
      if (wrong) {
        problems.push(`page ${index + 1}: the back of card ${wrong.back.card} lands behind the front of card ${wrong.front.card}`);
        found.push(misplacedBack(file, page, index + 1, wrong, best.edge));
      } else edges.add(best.edge);
    }
  });
  if (sheets === 0) return passed('registration', 'no imposed sheets: nothing to register');
  return {
    name: 'registration',
    ok: problems.length === 0,
    problems: found,
    detail:
      problems.length === 0
        ? `${sheets} work-and-turn sheet(s): turned on the ${[...edges].join(', ')}${toldBy(turn)}, every back lands on ${mapped(map)} of the same plate within ${REGISTER} pt`
        : problems.slice(0, 3).join('; '),
  };
}

/** Each page's faces by card and side, and where in the file that was read. */
type FaceMap = { pages: TaggedFace[][]; source: FaceMapSource };

/**
 * The edge the file does not declare, when turning on it puts every back behind a front within
 * the allowed offset: the declared edge is wrong, not the imposition.
 */
function otherEdgeFits(fronts: Rect[], backs: Rect[], sheet: Rect, declared: Edge, allowed: number): Edge | undefined {
  const other: Edge = declared === 'long edge' ? 'short edge' : 'long edge';
  const { shift, worst } = uniformShift(fronts, turnOver(backs, sheet, other));
  return worst <= REGISTER && Math.hypot(shift.x, shift.y) <= allowed ? other : undefined;
}

/** What a back was checked to land behind: its own card's front where the file maps its faces, else any front. */
function mapped(map: FaceMap): string {
  switch (map.source) {
    case 'tags':
      return "its own card's front (the faces' tags in the file name card and side)";
    case 'page-piece':
      return "its own card's front (each page's face map, in its PieceInfo, names card and side: the faces carry no tags)";
    case 'none':
      return 'a front face (the file names no card per face: positions only)';
  }
}

/**
 * The first back, by the page maps, that lands behind another card's front once the sheet turns on
 * `edge` and the backs move by `shift` (what registration found): a swapped back, which positions
 * alone cannot show.
 */
function wrongBacks(
  frontMap: TaggedFace[],
  backMap: TaggedFace[],
  sheet: Rect,
  edge: Edge,
  shift: { x: number; y: number },
): { back: TaggedFace; front: TaggedFace } | undefined {
  const fronts = frontMap.filter((face) => face.side === 'front');
  const centre = (r: Rect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
  for (const back of backMap.filter((face) => face.side === 'back')) {
    const turned = centre(turnOver([back.rect], sheet, edge)[0]!);
    const at = { x: turned.x + shift.x, y: turned.y + shift.y };
    const front = fronts.reduce<TaggedFace | undefined>((best, candidate) => {
      const distance = (face: TaggedFace) => Math.hypot(centre(face.rect).x - at.x, centre(face.rect).y - at.y);
      return !best || distance(candidate) < distance(best) ? candidate : best;
    }, undefined);
    if (front && front.card !== back.card) return { back, front };
  }
  return undefined;
}

function misplacedBack(file: string, page: PDFPage, number: number, wrong: { back: TaggedFace; front: TaggedFace }, edge: Edge): Problem {
  const { rect } = wrong.back;
  return pdfProblem(
    'back-behind-wrong-front',
    file,
    number,
    `the back of card ${wrong.back.card} lands behind the front of card ${wrong.front.card}, turned on the ${edge}`,
    { ...fromTopLeft(page, rect.x, rect.y + rect.height), hint: "place each card's back behind its own front" },
  );
}

/**
 * The one shift that best puts `moved` onto `fixed`, the worst remaining miss of any face's centre
 * (pt) and where that face is. Centres, not edges: a face clipped at its trim still lands where it
 * should (the bleed check names what is wrong with it).
 */
function uniformShift(fixed: Rect[], moved: Rect[]): { shift: { x: number; y: number }; worst: number; index: number } {
  const centre = (r: Rect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
  const nearest = (rect: Rect, shift: { x: number; y: number }) =>
    fixed.reduce((best, candidate) => {
      const miss = Math.max(
        Math.abs(centre(candidate).x - centre(rect).x - shift.x),
        Math.abs(centre(candidate).y - centre(rect).y - shift.y),
      );
      return Math.min(miss, best);
    }, Infinity);
  const candidates = fixed.map((target) => ({ x: centre(target).x - centre(moved[0]!).x, y: centre(target).y - centre(moved[0]!).y }));
  return candidates
    .map((shift) => {
      const misses = moved.map((rect, index) => ({ index, miss: nearest(rect, shift) }));
      const worst = misses.reduce((a, b) => (b.miss > a.miss ? b : a));
      return { shift, worst: worst.miss, index: worst.index };
    })
    .reduce((a, b) => (b.worst < a.worst ? b : a));
}

/** The worst of each page's findings (by `worse`), in page order: one problem per page, not one per stroke. */
function worstPerPage<T extends { page: number }>(found: T[], worse: (a: T, b: T) => boolean): T[] {
  const byPage = new Map<number, T>();
  for (const item of found) {
    const known = byPage.get(item.page);
    if (!known || worse(item, known)) byPage.set(item.page, item);
  }
  return [...byPage.values()].sort((a, b) => a.page - b.page);
}

export function formatReports(reports: PreflightReport[], cwd = process.cwd()): string {
  return reports
    .map((report) => {
      const head = `${report.ok ? 'PASS' : 'FAIL'}  ${path.relative(cwd, report.file) || report.file} (${report.pages} pages)`;
      const lines = report.checks.map((check) => `  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(12)} ${check.detail}`);
      // Each finding where it is, as the shop would look for it on the page (the summaries above count them).
      const found = report.problems.map(
        (problem) => `        ${isPdfLocation(problem.location) ? `${formatPageLocation(problem.location)}: ` : ''}${problemText(problem)}`,
      );
      return [head, ...lines, ...found].join('\n');
    })
    .join('\n');
}
