import { ptToMm } from '../deck/units.ts';
import { loadPdfDocument } from '../shared/pdf-document.ts';

/** Page count and first page size (mm, to 0.01) of a PDF: what the manifest says of each file. */
export async function pageFacts(pdf: Uint8Array): Promise<{ pages: number; pageSizeMm: [number, number] }> {
  const doc = await loadPdfDocument(pdf);
  const first = doc.getPage(0).getMediaBox();
  const mm = (pt: number) => Math.round(ptToMm(pt) * 100) / 100;
  return { pages: doc.getPageCount(), pageSizeMm: [mm(first.width), mm(first.height)] };
}
