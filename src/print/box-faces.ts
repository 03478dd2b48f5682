import { PDFDocument, type PDFPage } from 'pdf-lib';
import type { Card } from '../deck/schema.ts';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { backFaceId, type Face } from '../deck/faces.ts';
import { tagSubsetFontsByContent } from '../pdf/font-tags.ts';

/**
 * Chromium's pages are a little larger than a face (its page sizes are rounded); the face sits at
 * the top left. Crop every page to the exact face: MediaBox = BleedBox = trim + bleed, TrimBox = card.
 * Subset fonts are renamed after their content (Chromium calls them AAAAAA+, BAAAAA+ in every file).
 */
export async function boxFaces(chromiumPdf: Uint8Array, geometry: FaceGeometry): Promise<PDFDocument> {
  const doc = await PDFDocument.load(chromiumPdf, { updateMetadata: false });
  for (const page of doc.getPages()) {
    const bottom = cropFromTopLeft(page, geometry.width, geometry.height);
    page.setTrimBox(geometry.bleed, bottom + geometry.bleed, geometry.trimWidth, geometry.trimHeight);
  }
  tagSubsetFontsByContent(doc);
  return doc;
}

/**
 * Crops a printed page to exactly width x height from its top left, where Chromium draws the
 * content; MediaBox, CropBox and BleedBox become that area. Returns its bottom edge.
 */
export function cropFromTopLeft(page: PDFPage, width: number, height: number): number {
  const media = page.getMediaBox();
  const bottom = media.y + media.height - height;
  page.setMediaBox(0, bottom, width, height);
  page.setCropBox(0, bottom, width, height);
  page.setBleedBox(0, bottom, width, height);
  return bottom;
}

/** The page index in the faces document of each card's front and back, in print order. */
export function cardFaceOrder(cards: Card[], faces: Face[]): Array<{ card: Card; front: number; back: number }> {
  const index = new Map(faces.map((face, i) => [face.id, i]));
  return cards.map((card) => ({ card, front: index.get(`${card.id}/front`)!, back: index.get(backFaceId(card.category))! }));
}

/**
 * One page per face, front then back for each card: what card printers ask for. One copyPages call,
 * so every back page shares its content and fonts with the other copies.
 */
export async function assembleCardsPdf(faces: PDFDocument, order: Array<{ front: number; back: number }>): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const indices = order.flatMap(({ front, back }) => [front, back]);
  const pages = await doc.copyPages(faces, indices);
  for (const page of pages) doc.addPage(page);
  return doc;
}
