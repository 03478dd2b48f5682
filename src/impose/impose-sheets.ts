import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDocument, PDFName, PDFRef, type PDFEmbeddedPage, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { drawCalibrationBack, drawCover, type CoverText } from './cover.ts';
import { backCorrection, backPoint, backPosition, backRect, backRotation, flipAxis, type BackSide } from './duplex.ts';
import { computeGrid, type Grid } from './layout.ts';
import { type Rect } from '../deck/rect.ts';
import { markSegments } from './marks.ts';
import { BLACK, drawFace, strokeSegments, type SheetFonts } from './pdf-drawing.ts';
import { sheetSize, type SheetProfile } from '../deck/sheet-profile-schema.ts';

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
  /** The sheet font's bytes (Source Sans 3) cut down to `text`: subset at build time, prebuilt in the print page. */
  fontFile: SheetFontFile;
}

export type SheetFontFile = (weight: 400 | 700, text: string) => Promise<Uint8Array>;

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
}

/**
 * Lays faces out on sheets: every face is embedded once (one embedPages call, so fonts are shared)
 * and drawn wherever a copy of it goes. Each fronts page is followed by its backs page, mirrored
 * for the flip so every back lands behind its front.
 */
export async function imposeSheets(input: ImposeInput): Promise<ImposedSheets> {
  const { profile, geometry } = input;
  const doc = await PDFDocument.load(input.faces, { updateMetadata: false });
  doc.registerFontkit(fontkit);
  const embedded = await embedOwnPagesOnce(doc, profile.bleed);
  const sheet = sheetSize(profile);
  const bleed = profile.bleed ? geometry.bleed : 0;
  const grid = computeGrid({
    sheet,
    card: { width: geometry.trimWidth, height: geometry.trimHeight },
    bleed,
    margin: profile.margin,
    gutter: profile.gutter,
    rotate: profile.grid.rotate,
    columns: profile.grid.columns,
    rows: profile.grid.rows,
  });

  const axis = flipAxis(profile.duplex.flip, sheet);
  const backSide: BackSide = { sheet, axis, correction: backCorrection(profile.duplex.backOffset, axis) };
  const turn = grid.rotated ? 90 : 0;
  const backTurn = turn + backRotation(axis, grid.rotated);
  const instances = input.cards.flatMap((card) => Array.from({ length: profile.copies ? card.count : 1 }, () => card));
  const perSheet = grid.slots.length;
  const sheetCount = Math.ceil(instances.length / perSheet);
  const marks = markSegments(grid, sheet, { kind: profile.marks.kind, length: profile.marks.length, offset: Math.max(profile.marks.offset, bleed) });
  const placements: SheetPlacement[] = [];
  const slugText = (index: number, side: string) =>
    `${input.slug.deck} · ${input.slug.language} · ${input.profileName} · ${input.slug.sheet} ${index + 1}/${sheetCount} · ${side}`;
  const cover = profile.cover ? input.cover : undefined;
  const everything = [
    ...Array.from({ length: sheetCount }, (_, index) => [slugText(index, input.slug.front), slugText(index, input.slug.back)]).flat(),
    ...(cover ? [cover.title, cover.subtitle, cover.heading, cover.calibration, ...cover.steps, '0123456789+\u2212'] : []),
  ].join('');
  const fonts = await embedSheetFonts(doc, input.fontFile, everything, Boolean(cover));

  if (cover) {
    drawCover(addSheetPage(doc, sheet, grid), fonts, cover);
    drawCalibrationBack(addSheetPage(doc, sheet, grid, backSide), backSide);
  }

  for (let index = 0; index < sheetCount; index++) {
    const onSheet = instances.slice(index * perSheet, (index + 1) * perSheet);
    const front = addSheetPage(doc, sheet, grid);
    const back = addSheetPage(doc, sheet, grid, backSide);
    onSheet.forEach((card, position) => {
      const slot = grid.slots[position]!;
      const frontRect = profile.bleed ? slot.bleed : slot.trim;
      drawFace(front, embedded[card.front]!, frontRect, turn);
      placements.push({ sheet: index + 1, side: 'front', card: card.id, row: slot.row, column: slot.column, rotation: turn, rect: frontRect });
      const behind = backRect(frontRect, backSide);
      drawFace(back, embeddedOrFail(embedded, card.back), behind, backTurn);
      placements.push({ sheet: index + 1, side: 'back', card: card.id, ...backPosition(slot.row, slot.column, grid, axis), rotation: backTurn, rect: behind });
    });
    strokeSegments(front, marks, profile.marks.weight, profile.marks.colour);
    const backMarks = marks.map((m) => {
      const [start, end] = [backPoint({ x: m.x1, y: m.y1 }, backSide), backPoint({ x: m.x2, y: m.y2 }, backSide)];
      return { x1: start.x, y1: start.y, x2: end.x, y2: end.y };
    });
    strokeSegments(back, backMarks, profile.marks.weight, profile.marks.colour);
    if (profile.slug) {
      drawSlug(front, fonts.regular, slugText(index, input.slug.front), grid, profile.margin);
      drawSlug(back, fonts.regular, slugText(index, input.slug.back), grid, profile.margin);
    }
  }
  return { doc, grid, sheets: sheetCount, placements };
}

/**
 * Turns every page of the document into a form XObject in one embedPages call, then removes the
 * pages and their original content streams: embedding from another document would copy each page
 * first and leave that copy in the file, doubling its size.
 */
async function embedOwnPagesOnce(doc: PDFDocument, withBleed: boolean): Promise<PDFEmbeddedPage[]> {
  const pages = doc.getPages();
  const boxes = pages.map((page) => {
    const box = withBleed ? page.getMediaBox() : page.getTrimBox();
    return { left: box.x, bottom: box.y, right: box.x + box.width, top: box.y + box.height };
  });
  const embedded = await doc.embedPages(pages, boxes);
  await doc.flush();
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

function embeddedOrFail(embedded: PDFEmbeddedPage[], index: number): PDFEmbeddedPage {
  const face = embedded[index];
  if (!face) throw new RangeError(`no face at page ${index + 1} of the faces document`);
  return face;
}

/** A sheet page whose TrimBox and BleedBox are the grid's outer trim and bleed (mirrored on the back). */
function addSheetPage(doc: PDFDocument, sheet: { width: number; height: number }, grid: Grid, backSide?: BackSide): PDFPage {
  const page = doc.addPage([sheet.width, sheet.height]);
  const place = (rect: Rect) => (backSide ? backRect(rect, backSide) : rect);
  const trim = place(grid.trimExtent);
  const bleed = place(grid.bleedExtent);
  page.setBleedBox(bleed.x, bleed.y, bleed.width, bleed.height);
  page.setTrimBox(trim.x, trim.y, trim.width, trim.height);
  return page;
}

function drawSlug(page: PDFPage, font: PDFFont, text: string, grid: Grid, margin: number): void {
  const size = 7;
  const y = Math.max(margin / 2, 12) - size / 2;
  page.drawText(text, { x: grid.bleedExtent.x, y, size, font, color: BLACK });
}

/**
 * Source Sans 3 for slugs and covers, embedded (never one of the 14 standard fonts). The bold cut
 * only where a cover uses it: pdf-lib writes every font it was given. Ligatures are off: pdf-lib
 * draws a ligature glyph with the width and text of its first letter, so "ff" lost a letter.
 */
export async function embedSheetFonts(doc: PDFDocument, fontFile: SheetFontFile, text: string, withBold: boolean): Promise<SheetFonts> {
  const options = { subset: false, features: { liga: false, clig: false, dlig: false } };
  const regular = await doc.embedFont(await fontFile(400, text), options);
  return { regular, bold: withBold ? await doc.embedFont(await fontFile(700, text), options) : regular };
}
