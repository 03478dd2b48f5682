import { PDFArray, PDFDict, PDFHexString, type PDFDocument, type PDFName, type PDFObject, PDFRawStream, PDFString } from 'pdf-lib';

/** How Chromium names a structure element another one refers to (a table header): its DOM node's number. */
const NODE_ID = /^node(\d+)$/;

/**
 * Renames Chromium's structure element IDs (in the ID tree, on the elements, and in the table cells'
 * /Headers) by their order: `id0001`, `id0002`, .... Chromium numbers them by a counter of every DOM
 * node the page made, so a page that made one node more while it loaded (under load, a font or an
 * image settling later) names them otherwise, and the same document would come out in other bytes.
 * The order of the numbers is the document's, so the ID tree stays sorted.
 */
export function stabiliseStructureIds(doc: PDFDocument): void {
  const places: { holder: PDFDict | PDFArray; at: PDFName | number; id: number }[] = [];
  const visit = (object: PDFObject | undefined, holder?: PDFDict | PDFArray, at?: PDFName | number) => {
    if (object instanceof PDFString || object instanceof PDFHexString) {
      const match = NODE_ID.exec(object instanceof PDFString ? object.asString() : object.decodeText());
      if (match && holder && at !== undefined) places.push({ holder, at, id: Number(match[1]) });
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) visit(value, object, key);
    } else if (object instanceof PDFArray) {
      for (const [index, value] of object.asArray().entries()) visit(value, object, index);
    } else if (object instanceof PDFRawStream) {
      visit(object.dict);
    }
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) visit(object);
  const ids = [...new Set(places.map((place) => place.id))].sort((a, b) => a - b);
  const width = Math.max(4, String(ids.length).length);
  const renamed = new Map(ids.map((id, index) => [id, `id${String(index + 1).padStart(width, '0')}`]));
  for (const { holder, at, id } of places) {
    const name = PDFString.of(renamed.get(id)!);
    if (holder instanceof PDFDict) holder.set(at as PDFName, name);
    else holder.set(at as number, name);
  }
}
