import type { PDFDocument } from 'pdf-lib';
import { BuildError } from '../shared/errors.ts';
import { embedOwnPagesOnce } from './impose-sheets.ts';
import { loadPdfDocument } from '../shared/pdf-document.ts';

/** A vendor's page: its trim and the bleed it asks on every side, in points. */
export interface VendorPage {
  trim: { width: number; height: number };
  bleed: number;
}

/**
 * The card faces on pages of the vendor's size, in the order given (indices into the faces
 * document, repeats allowed). Each face is scaled uniformly, as little as covers both the vendor's
 * trim with the deck's trim and the vendor's bleed with the deck's bleed (63 x 88 mm with 3 mm bleed
 * on a 2.5 x 3.5 in card with 1/8 in bleed: 1.3 % larger), and centred: the vendor cuts at most a
 * fraction of a millimetre inside the deck's trim, well within its safe zone.
 * MediaBox = BleedBox = the vendor's trim plus bleed; TrimBox = the vendor's trim.
 */
export async function vendorPages(
  faces: Uint8Array,
  order: number[],
  deckBleed: number,
  target: VendorPage,
): Promise<{ doc: PDFDocument; scale: number }> {
  const doc = await loadPdfDocument(faces);
  const trim = doc.getPage(0).getTrimBox();
  const embedded = await embedOwnPagesOnce(doc, deckBleed);
  const full = { width: target.trim.width + 2 * target.bleed, height: target.trim.height + 2 * target.bleed };
  const scale = Math.max(
    target.trim.width / trim.width,
    target.trim.height / trim.height,
    full.width / (trim.width + 2 * deckBleed),
    full.height / (trim.height + 2 * deckBleed),
  );
  for (const index of order) {
    const face = embedded[index];
    if (!face) throw new BuildError(`no face at page ${index + 1} of the faces document`);
    const page = doc.addPage([full.width, full.height]);
    page.setBleedBox(0, 0, full.width, full.height);
    page.setTrimBox(target.bleed, target.bleed, target.trim.width, target.trim.height);
    const width = face.width * scale;
    const height = face.height * scale;
    page.drawPage(face, { x: (full.width - width) / 2, y: (full.height - height) / 2, width, height });
  }
  return { doc, scale };
}
