import { PDFDocument } from 'pdf-lib';
import type { Card } from '../deck/schema.ts';
import { backFaceId, type Face } from '../deck/faces.ts';
import { loadPdfDocument } from '../shared/pdf-document.ts';

/** The page index in the faces document of each card's front and back, in print order. */
export function cardFaceOrder(cards: Card[], faces: Face[]): Array<{ card: Card; front: number; back: number }> {
  const index = new Map(faces.map((face, i) => [face.id, i]));
  return cards.map((card) => ({ card, front: index.get(`${card.id}/front`)!, back: index.get(backFaceId(card.category))! }));
}

/**
 * One page per face, front then back for each card: what card printers ask for. One copyPages call,
 * so every back page shares its content and fonts with the other copies.
 */
export async function assembleCardsPdf(facesPdf: Uint8Array, order: Array<{ front: number; back: number }>): Promise<PDFDocument> {
  const faces = await loadPdfDocument(facesPdf);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const indices = order.flatMap(({ front, back }) => [front, back]);
  const pages = await doc.copyPages(faces, indices);
  for (const page of pages) doc.addPage(page);
  return doc;
}
