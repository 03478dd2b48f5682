import { PDFDocument, type PDFPage } from 'pdf-lib';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { tagSubsetFontsByContent } from '../pdf/font-tags.ts';
import { placeClusterText } from './cluster-text.ts';
import { loadPdfDocument, savePdfDocument } from '../shared/pdf-document.ts';

/**
 * Chromium's pages are a little larger than a face (its page sizes are rounded); the face sits at
 * the top left. Crop every page to the exact face: MediaBox = BleedBox = trim + bleed, TrimBox = card.
 * Subset fonts are renamed after their content (Chromium calls them AAAAAA+, BAAAAA+ in every file),
 * and the text of Arabic letters drawn as a base and marks is placed on each base (cluster-text.ts).
 */
export async function boxFaces(chromiumPdf: Uint8Array, geometry: FaceGeometry): Promise<PDFDocument> {
  const doc = await loadPdfDocument(chromiumPdf);
  for (const page of doc.getPages()) {
    const bottom = cropFromTopLeft(page, geometry.width, geometry.height);
    page.setTrimBox(geometry.bleed, bottom + geometry.bleed, geometry.trimWidth, geometry.trimHeight);
  }
  tagSubsetFontsByContent(doc);
  placeClusterText(doc);
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

/**
 * The faces document of a deck from its prints, in order: one print is the faces document as it
 * is; the prints of a large deck (printed in chunks) are joined.
 */
export async function boxedFacesDocument(prints: Array<{ pdf: Uint8Array; geometry: FaceGeometry }>): Promise<Uint8Array> {
  const boxed = await Promise.all(prints.map(({ pdf, geometry }) => boxFaces(pdf, geometry)));
  if (boxed.length === 1) return savePdfDocument(boxed[0]!);
  const joined = await PDFDocument.create({ updateMetadata: false });
  for (const chunk of boxed) for (const page of await joined.copyPages(chunk, chunk.getPageIndices())) joined.addPage(page);
  return savePdfDocument(joined);
}
