import fontkit from '@pdf-lib/fontkit';
import {
  PDFArray,
  PDFContentStream,
  type PDFDocument,
  PDFEmbeddedPage,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  PDFPageEmbedder,
  PDFRawStream,
  PDFRef,
  type PDFDict,
  type PDFPage,
} from 'pdf-lib';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { drawCalibrationBack, drawCover, type CoverText } from './cover.ts';
import { backPosition, backRect, type BackSide } from './duplex.ts';
import { markReach, type Grid } from './layout.ts';
import type { Rect, Segment } from '../deck/rect.ts';
import { placeEdgeSlug, placeSlug } from './slug-placement.ts';
import { backEdge } from './gripper.ts';
import { planSheet } from './sheet-plan.ts';
import { BLACK, drawFace, strokeSegments } from './pdf-drawing.ts';
import { SheetText, type SheetFontFiles, type TextDirection } from './sheet-text.ts';
import type { SheetProfile } from '../deck/sheet-profile-schema.ts';
import { FACE_TAG } from '../pdf/work-style.ts';
import { loadPdfDocument } from '../shared/pdf-document.ts';

export interface ImposeCard {
  id: string;
  front: number;
  back: number;
  count: number;
}

export interface ImposeInput {
  /** The faces PDF: every distinct face once, boxed (MediaBox = bleed, TrimBox = card). */
  faces: Uint8Array;
  cards: ImposeCard[];
  geometry: FaceGeometry;
  profileName: string;
  profile: SheetProfile;
  slug: { deck: string; language: string; sheet: string; front: string; back: string };
  cover?: CoverText;
  /** The fonts of the sheet's words, best first, cut down to `text`: subset at build time, prebuilt in the print page. */
  fontFiles: SheetFontFiles;
  /** The direction of the deck's language: right-to-left covers align right. */
  direction?: TextDirection;
  /** Called after each sheet; awaited, so a page can show progress and stay responsive. */
  onSheet?: (done: number, total: number) => Promise<void> | void;
}

export interface SheetPlacement {
  sheet: number;
  side: 'front' | 'back';
  card: string;
  row: number;
  column: number;
  rotation: number;
  rect: Rect;
}

export interface ImposedSheets {
  doc: PDFDocument;
  grid: Grid;
  sheets: number;
  placements: SheetPlacement[];
  /** 2 for sheetwise duplex (fronts, then backs), 1 for work-and-turn and fold-over (both on one page). */
  pagesPerSheet: 1 | 2;
  /** Cards that come off one printed sheet: work-and-turn yields each card on its plate twice. */
  cardsPerSheet: number;
  /** The marks of the fronts page: what a die file repeats so die and print register. */
  marks: Segment[];
  /** Per sheet (in the order of `frontPages`), the trim of every card its fronts page holds: where a die cuts it, and nowhere a slot is empty. */
  cuts: Rect[][];
  /** The index of each sheet's fronts page in the file (its only page on work-and-turn and fold-over sheets). */
  frontPages: number[];
}

/**
 * Lays faces out on sheets: every face is embedded once (one embedPages call, so fonts are shared)
 * and drawn wherever a copy of it goes. Sheetwise duplex: each fronts page is followed by its backs
 * page, mirrored for the flip so every back lands behind its front. Work-and-turn: one page (one
 * plate) per sheet, fronts on one half and each back where its front lands once the sheet is turned,
 * so the same plate prints both sides. Fold-over: one page per sheet, the backs mirrored across the
 * fold line so each lands behind its front once folded. A press profile's gripper band stays empty.
 */
export async function imposeSheets(input: ImposeInput): Promise<ImposedSheets> {
  const { profile, geometry } = input;
  const doc = await loadPdfDocument(input.faces);
  doc.registerFontkit(fontkit);
  const plan = planSheet(profile, geometry);
  const { sheet, bleed, grid, fold, workAndTurn, axis, backSide, band, turn, backTurn, slots, marks, backMarks } = plan;
  const embedded = await embedOwnPagesOnce(doc, bleed);
  const instances = input.cards.flatMap((card) => Array.from({ length: profile.copies ? card.count : 1 }, () => card));
  const perSheet = slots.length;
  const sheetCount = Math.ceil(instances.length / perSheet);
  const placements: SheetPlacement[] = [];
  const slugText = (index: number, side?: string) =>
    [input.slug.deck, input.slug.language, input.profileName, `${input.slug.sheet} ${index + 1}/${sheetCount}`, side]
      .filter(Boolean)
      .join(' · ');
  const sides = fold || workAndTurn ? [undefined] : [input.slug.front, input.slug.back];
  const cover = profile.cover ? input.cover : undefined;
  const everything = [
    ...Array.from({ length: sheetCount }, (_, index) => sides.map((side) => slugText(index, side))).flat(),
    ...(cover ? [cover.title, cover.subtitle, cover.heading, cover.calibration, ...cover.steps, '0123456789+\u2212'] : []),
  ].join('');
  const text = await SheetText.create(doc, input.fontFiles, everything, input.direction ?? 'ltr', cover ? [400, 700] : [400]);
  const boxes = fold
    ? {
        trim: union(grid.trimExtent, backRect(grid.trimExtent, backSide)),
        bleed: union(grid.bleedExtent, backRect(grid.bleedExtent, backSide)),
      }
    : undefined;
  const widthAt = (words: string) => (size: number) => text.width(words, size);
  const markAndLabel = (page: PDFPage, lines: Segment[], words: string, side: 'front' | 'back') => {
    if (profile.marks.kind === 'cut') {
      const spot = profile.slug ? placeSlug(widthAt(words), lines, sheet, boxes?.bleed ?? grid.bleedExtent) : undefined;
      strokeSegments(page, spot?.marks ?? lines, profile.marks.weight, profile.marks.colour);
      if (spot) text.draw(page, words, { x: spot.x, y: spot.y, size: spot.size, color: BLACK });
      return;
    }
    strokeSegments(page, lines, profile.marks.weight, profile.marks.colour);
    if (!profile.slug) return;
    const onBack = side === 'back' && !fold && !workAndTurn;
    const trim = onBack ? backRect(grid.trimExtent, backSide) : grid.trimExtent;
    const gripped =
      profile.gripper && band
        ? onBack
          ? { edge: backEdge(profile.gripper.edge, axis), band: backRect(band, backSide) }
          : { edge: profile.gripper.edge, band }
        : undefined;
    const spot = placeEdgeSlug(
      widthAt(words),
      sheet,
      trim,
      { lines, start: Math.max(profile.marks.offset, bleed), reach: markReach(profile, bleed) },
      profile.margin,
      gripped,
    );
    text.draw(page, words, { x: spot.x, y: spot.y, size: spot.size, color: BLACK, rotate: spot.rotate });
  };

  const frontPages: number[] = [];
  const cuts: Rect[][] = [];
  if (cover) {
    // The cover and calibration sheet carry the slug too: it says which correction the sheet was made with.
    const coverSlug = (side?: string) => [input.slug.deck, input.slug.language, input.profileName, side].filter(Boolean).join(' · ');
    const coverPage = addSheetPage(doc, sheet, grid, undefined, boxes);
    drawCover(coverPage, text, cover, { calibration: !fold });
    markAndLabel(coverPage, [], coverSlug(fold ? undefined : input.slug.front), 'front');
    if (!fold) {
      const calibrationBack = addSheetPage(doc, sheet, grid, backSide);
      drawCalibrationBack(calibrationBack, backSide);
      markAndLabel(calibrationBack, [], coverSlug(input.slug.back), 'back');
    }
  }

  for (let index = 0; index < sheetCount; index++) {
    const onSheet = instances.slice(index * perSheet, (index + 1) * perSheet);
    const front = addSheetPage(doc, sheet, grid, undefined, boxes);
    frontPages.push(doc.getPageCount() - 1);
    const back = fold || workAndTurn ? front : addSheetPage(doc, sheet, grid, backSide);
    const filled = slots.slice(0, onSheet.length);
    cuts.push(workAndTurn ? filled.flatMap((slot) => [slot.trim, backRect(slot.trim, backSide)]) : filled.map((slot) => slot.trim));
    onSheet.forEach((card, position) => {
      const slot = slots[position]!;
      const frontRect = slot.bleed;
      drawTaggedFace(front, embedded[card.front]!, frontRect, turn, { card: card.id, side: 'front' });
      placements.push({
        sheet: index + 1,
        side: 'front',
        card: card.id,
        row: slot.row,
        column: slot.column,
        rotation: turn,
        rect: frontRect,
      });
      const behind = backRect(frontRect, backSide);
      drawTaggedFace(back, embeddedOrFail(embedded, card.back), behind, backTurn, { card: card.id, side: 'back' });
      placements.push({
        sheet: index + 1,
        side: 'back',
        card: card.id,
        ...backPosition(slot.row, slot.column, grid, axis),
        rotation: backTurn,
        rect: behind,
      });
    });
    await input.onSheet?.(index + 1, sheetCount);
    if (fold) {
      drawFoldLine(front, fold.foldLine, grid, backSide);
      markAndLabel(front, [...marks, ...backMarks], slugText(index), 'front');
    } else if (workAndTurn) {
      markAndLabel(front, marks, slugText(index), 'front');
    } else {
      markAndLabel(front, marks, slugText(index, input.slug.front), 'front');
      markAndLabel(back, backMarks, slugText(index, input.slug.back), 'back');
    }
  }
  text.finish();
  const cardsPerSheet = workAndTurn ? 2 * perSheet : perSheet;
  return { doc, grid, sheets: sheetCount, placements, pagesPerSheet: fold || workAndTurn ? 1 : 2, cardsPerSheet, marks, cuts, frontPages };
}

/**
 * Draws a face inside marked content that names its card and side (`/KaartensetFace <</Card <id>
 * /Side /front>> BDC ... EMC`): what preflight reads to check that back N lands behind front N,
 * which positions alone cannot tell when two cards' backs are swapped.
 */
function drawTaggedFace(
  page: PDFPage,
  face: PDFEmbeddedPage,
  rect: Rect,
  rotation: number,
  tag: { card: string; side: 'front' | 'back' },
): void {
  const properties = page.doc.context.obj({ Card: PDFHexString.fromText(tag.card), Side: PDFName.of(tag.side) });
  // An inline dictionary, written as its text: pdf-lib's operator type takes no dictionary.
  page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(FACE_TAG), String(properties)]));
  drawFace(page, face, rect, rotation);
  page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
}

/** The fold: a dashed line between the two halves, stopping short of the paper's unprintable edge. */
function drawFoldLine(page: PDFPage, line: Segment, grid: Grid, backSide: BackSide): void {
  const vertical = Math.abs(line.x1 - line.x2) < 0.01;
  const extent = union(grid.bleedExtent, backRect(grid.bleedExtent, backSide));
  const start = vertical ? { x: line.x1, y: extent.y } : { x: extent.x, y: line.y1 };
  const end = vertical ? { x: line.x1, y: extent.y + extent.height } : { x: extent.x + extent.width, y: line.y1 };
  page.drawLine({ start, end, thickness: 0.5, color: BLACK, dashArray: [3, 3] });
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * Turns every page of the document into a form XObject in one embedPages call, then removes the
 * pages and their original content streams: embedding from another document would copy each page
 * first and leave that copy in the file, doubling its size. Each face is clipped at its trim plus
 * the bleed the sheet prints.
 */
export async function embedOwnPagesOnce(doc: PDFDocument, bleed: number): Promise<PDFEmbeddedPage[]> {
  const pages = doc.getPages();
  const boxes = pages.map((page) => {
    const box = page.getTrimBox();
    return { left: box.x - bleed, bottom: box.y - bleed, right: box.x + box.width + bleed, top: box.y + box.height + bleed };
  });
  const embedded = await Promise.all(
    pages.map(async (page, index) => {
      const embedder = await PDFPageEmbedder.for(page.node, boxes[index]);
      keepCompressedContents(embedder, page);
      return PDFEmbeddedPage.of(doc.context.nextRef(), doc, embedder);
    }),
  );
  for (const face of embedded) await face.embed();
  for (let index = pages.length - 1; index >= 0; index--) {
    const page = pages[index]!;
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFRef ? [contents] : contents instanceof PDFArray ? contents.asArray() : [];
    for (const ref of refs) if (ref instanceof PDFRef) doc.context.delete(ref);
    doc.removePage(index);
    doc.context.delete(page.ref);
  }
  return embedded;
}

/**
 * Makes the form XObject of a page whose content is one Flate-compressed stream (what Chromium
 * writes) from that stream's bytes as they are: pdf-lib's embedder inflates the content and
 * deflates it again, in JavaScript, which took half the time of imposing a deck. A q and a Q
 * that pdf-lib put around it are left out: a form's content runs inside a saved graphics state
 * of its own. Any other page is embedded as pdf-lib does it.
 */
function keepCompressedContents(embedder: PDFPageEmbedder, page: PDFPage): void {
  const embedAsPdfLibDoes = embedder.embedIntoContext.bind(embedder);
  embedder.embedIntoContext = async (context, ref) => {
    const { Contents, Resources } = page.node.normalizedEntries();
    let streams = Contents ? Contents.asArray().map((item) => context.lookup(item)) : [];
    while (streams.length >= 3 && isOnly(streams[0], 'q') && isOnly(streams.at(-1), 'Q')) streams = streams.slice(1, -1);
    const only = streams.length === 1 ? streams[0] : undefined;
    if (!(only instanceof PDFRawStream) || !isFlateOnly(only.dict)) return embedAsPdfLibDoes(context, ref);
    const { left, bottom, right, top } = embedder.boundingBox;
    const form = context.stream(only.contents, {
      Type: 'XObject',
      Subtype: 'Form',
      FormType: 1,
      BBox: [left, bottom, right, top],
      Matrix: embedder.transformationMatrix,
      Resources,
      Filter: 'FlateDecode',
    });
    if (!ref) return context.register(form);
    context.assign(ref, form);
    return ref;
  };
}

/** An uncompressed content stream (as pdf-lib writes one) that holds one operator and nothing else. */
function isOnly(stream: unknown, operator: string): boolean {
  const bytes =
    stream instanceof PDFContentStream
      ? stream.getUnencodedContents()
      : stream instanceof PDFRawStream && !stream.dict.has(PDFName.of('Filter'))
        ? stream.contents
        : undefined;
  return bytes !== undefined && new TextDecoder('latin1').decode(bytes).trim() === operator;
}

/** A stream compressed with Flate alone, without predictor parameters. */
function isFlateOnly(dict: PDFDict): boolean {
  const filter = dict.get(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : [filter];
  return filters.length === 1 && filters[0] === PDFName.of('FlateDecode') && !dict.has(PDFName.of('DecodeParms'));
}

function embeddedOrFail(embedded: PDFEmbeddedPage[], index: number): PDFEmbeddedPage {
  const face = embedded[index];
  if (!face) throw new RangeError(`no face at page ${index + 1} of the faces document`);
  return face;
}

/** A sheet page whose TrimBox and BleedBox are the grid's outer trim and bleed (mirrored on the back). */
function addSheetPage(
  doc: PDFDocument,
  sheet: { width: number; height: number },
  grid: Grid,
  backSide?: BackSide,
  boxes?: { trim: Rect; bleed: Rect },
): PDFPage {
  const page = doc.addPage([sheet.width, sheet.height]);
  const place = (rect: Rect) => (backSide ? backRect(rect, backSide) : rect);
  const trim = boxes?.trim ?? place(grid.trimExtent);
  const bleed = boxes?.bleed ?? place(grid.bleedExtent);
  page.setBleedBox(bleed.x, bleed.y, bleed.width, bleed.height);
  page.setTrimBox(trim.x, trim.y, trim.width, trim.height);
  return page;
}
