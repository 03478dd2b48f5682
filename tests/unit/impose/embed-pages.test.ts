import { PDFDocument, PDFName, type PDFRawStream, type PDFPage } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { embedOwnPagesOnce } from '../../../src/impose/impose-sheets.ts';
import { readAllPages } from '../../../src/pdf/read-pages.ts';

const DRAWING = '0 0 1 rg 10 10 100 150 re f 2 w 0 0 m 180 252 l S';

/** A card page with trim and bleed, its content given as streams. */
function pageWithContents(doc: PDFDocument, streams: PDFRawStream[]): PDFPage {
  const page = doc.addPage([180, 252]);
  page.setTrimBox(9, 9, 162, 234);
  const refs = streams.map((stream) => doc.context.register(stream));
  page.node.set(PDFName.of('Contents'), refs.length === 1 ? refs[0]! : doc.context.obj(refs));
  return page;
}

/** As Chromium writes a page (one compressed stream), and as pdf-lib leaves it once it wrapped it in a q and a Q. */
const chromiumPage = (doc: PDFDocument, wrapped: boolean) => {
  const drawing = doc.context.flateStream(DRAWING);
  return { drawing, page: pageWithContents(doc, wrapped ? [doc.context.stream('q\n'), drawing, doc.context.stream('Q\n')] : [drawing]) };
};

/** The page embedded as a face, drawn once on a sheet, read back by pdf.js. */
async function sheetOf(
  build: (doc: PDFDocument) => void,
): Promise<{ form: PDFRawStream; reading: Awaited<ReturnType<typeof readAllPages>> }> {
  const doc = await PDFDocument.create();
  build(doc);
  const [face] = await embedOwnPagesOnce(doc, 9);
  const form = doc.context.lookup(face!.ref) as PDFRawStream;
  doc.addPage([300, 300]).drawPage(face!, { x: 20, y: 20 });
  return { form, reading: await readAllPages(await doc.save()) };
}

describe('embedding the faces as forms on a sheet', () => {
  it("keeps a page's one compressed content stream byte for byte, rather than inflating and deflating it again", async () => {
    for (const wrapped of [false, true]) {
      let drawing: PDFRawStream | undefined;
      const { form } = await sheetOf((doc) => (drawing = chromiumPage(doc, wrapped).drawing));
      expect(form.contents).toEqual(drawing!.contents);
      expect(form.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('Form'));
      expect(form.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
    }
  });

  it('draws what the page drew, as pdf.js reads it, kept as it was or joined from several streams as pdf-lib does', async () => {
    const kept = await sheetOf((doc) => chromiumPage(doc, true));
    const joined = await sheetOf((doc) =>
      pageWithContents(doc, [doc.context.flateStream(DRAWING.slice(0, 24)), doc.context.flateStream(DRAWING.slice(24))]),
    );
    expect(joined.form.contents).not.toEqual(kept.form.contents);
    expect(kept.reading).toEqual(joined.reading);
    expect(kept.reading[0]!.strokes.map(({ width }) => width)).toEqual([2]);
    expect(kept.reading[0]!.forms).toEqual([{ x: 20, y: 20, width: 180, height: 252 }]);
  });
});
