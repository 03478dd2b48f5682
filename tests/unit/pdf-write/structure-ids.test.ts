import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { saveDeterministic } from '../../../src/pdf-write/save-pdf.ts';

/**
 * A tagged table as Chromium writes it: two header cells named by their DOM node's number, in the
 * ID tree and on the elements, and a data cell whose /Headers names them. `first` is the first
 * header's node number: a page that made one node more while loading gives other numbers.
 */
async function taggedTable(first: number): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const { context } = doc;
  const ids = [`node${String(first).padStart(8, '0')}`, `node${String(first + 145).padStart(8, '0')}`];
  const headers = ids.map((id) => context.register(context.obj({ Type: 'StructElem', S: 'TH', ID: PDFString.of(id) })));
  const cell = context.register(
    context.obj({ Type: 'StructElem', S: 'TD', A: { O: 'Table', Headers: ids.map((id) => PDFString.of(id)) } }),
  );
  const idTree = context.obj({
    Names: [PDFString.of(ids[0]!), headers[0]!, PDFString.of(ids[1]!), headers[1]!],
    Limits: ids.map((id) => PDFString.of(id)),
  });
  doc.catalog.set(PDFName.of('StructTreeRoot'), context.obj({ Type: 'StructTreeRoot', IDTree: idTree, K: [...headers, cell] }));
  return doc;
}

const save = async (doc: PDFDocument) => saveDeterministic(doc, { title: 'Worksheet', language: 'nl' });

describe("Chromium's structure element IDs", () => {
  it('come out the same whatever node numbers the page gave them', async () => {
    const quiet = await save(await taggedTable(149));
    const loaded = await save(await taggedTable(150));
    expect(Buffer.from(loaded).equals(Buffer.from(quiet))).toBe(true);
  });

  it('are named in their order, so the ID tree stays sorted and every /Headers entry names a header in it', async () => {
    const doc = await PDFDocument.load(await save(await taggedTable(998)));
    const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const names = root.lookup(PDFName.of('IDTree'), PDFDict).lookup(PDFName.of('Names'), PDFArray).asArray();
    const keys = names.filter((_, index) => index % 2 === 0).map((key) => (key as PDFString).asString());
    expect(keys).toEqual(['id0001', 'id0002']);
    const kids = root.lookup(PDFName.of('K'), PDFArray);
    const elementIds = [0, 1].map((index) => (kids.lookup(index, PDFDict).get(PDFName.of('ID')) as PDFString).asString());
    expect(elementIds).toEqual(keys);
    const cellHeaders = kids.lookup(2, PDFDict).lookup(PDFName.of('A'), PDFDict).lookup(PDFName.of('Headers'), PDFArray).asArray();
    expect(cellHeaders.map((header) => (header as PDFString).asString())).toEqual(keys);
  });
});
