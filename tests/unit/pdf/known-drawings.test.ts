import { degrees, PDFDict, PDFDocument, PDFName, type PDFRawStream, StandardFonts, type PDFEmbeddedPage } from 'pdf-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { embedOwnPagesOnce } from '../../../src/impose/impose-sheets.ts';
import { DrawingKeys } from '../../../src/pdf/drawing-key.ts';
import { type PageReading, unpackRuns } from '../../../src/pdf/read-pages.ts';
import type { Rect } from '../../../src/deck/rect.ts';

/** Two faces as a print holds them, each page one compressed content stream: text, a hairline, a half-transparent fill. */
async function facesPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const [index, words] of ['Wat zie je?', 'Achterkant'].entries()) {
    const page = doc.addPage([180, 252]);
    page.setTrimBox(9, 9, 162, 234);
    page.drawText(words, { x: 20, y: 200, size: 9 + index, font });
    page.drawLine({ start: { x: 10, y: 10 }, end: { x: 170, y: 10 }, thickness: 0.5 });
    page.drawRectangle({ x: 20, y: 40, width: 50, height: 30, opacity: 0.5 });
  }
  return doc.save();
}

type Placement = (page: ReturnType<PDFDocument['addPage']>, faces: PDFEmbeddedPage[]) => void;

/** The faces embedded once and drawn on one sheet page as `place` puts them. */
async function sheetPdf(
  faces: Uint8Array,
  place: Placement,
  change?: (doc: PDFDocument, forms: PDFRawStream[]) => void,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(faces);
  const embedded = await embedOwnPagesOnce(doc, 0);
  change?.(
    doc,
    embedded.map((face) => doc.context.lookup(face.ref) as PDFRawStream),
  );
  place(doc.addPage([700, 700]), embedded);
  return doc.save();
}

const AS_IMPOSED: Placement = (page, [front, back]) => {
  page.drawPage(front!, { x: 10, y: 10 });
  page.drawPage(back!, { x: 450, y: 10, rotate: degrees(90) });
  page.drawPage(front!, { x: 200, y: 300, xScale: 0.5, yScale: 0.5 });
  page.drawPage(back!, { x: 600, y: 300, xScale: -1 });
};

/** A reader that has read nothing yet: read-pages.ts loaded anew, its readings of earlier documents gone. */
async function freshReader(): Promise<(data: Uint8Array) => Promise<PageReading[]>> {
  vi.resetModules();
  return (await import('../../../src/pdf/read-pages.ts')).readAllPages;
}

/** Readings with their numbers rounded: a face read where it lands and one moved there differ in the last bits. */
function rounded(pages: PageReading[]): unknown {
  // + 0: a -0 rounded is the 0 the other reading has.
  const r = (value: number) => Math.round(value * 1e6) / 1e6 + 0;
  const box = (rect: Rect) => ({ x: r(rect.x), y: r(rect.y), width: r(rect.width), height: r(rect.height) });
  const text = ({ size, at }: { size: number; at: { x: number; y: number } }) => ({ size: r(size), at: { x: r(at.x), y: r(at.y) } });
  return pages.map((page) => ({
    ...page,
    strokes: page.strokes.map((stroke) => ({ width: r(stroke.width), box: box(stroke.box) })),
    textSizes: unpackRuns(page.textSizes).map(text),
    faceTextSizes: unpackRuns(page.faceTextSizes).map(text),
    images: page.images.map((image) => ({ ...image, ppi: r(image.ppi), box: box(image.box) })),
    forms: page.forms.map(box),
    transparency: page.transparency.map((found) => ({ what: found.what, box: box(found.box) })),
  }));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('what a page or a form draws, as one key', () => {
  it('gives a face and the form it becomes on a sheet one key, whatever the subset tag of its fonts, and another key for other resources', async () => {
    const faces = await facesPdf();
    const facesDoc = await PDFDocument.load(faces);
    const pageKeys = new DrawingKeys(facesDoc.context);
    const [front, back] = facesDoc.getPages().map((page) => pageKeys.ofPage(page.node));
    expect(front).toBeDefined();
    expect(front).not.toBe(back);

    const sheet = await PDFDocument.load(await sheetPdf(faces, AS_IMPOSED));
    const formKeys = new DrawingKeys(sheet.context);
    const xObjects = sheet.getPage(0).node.Resources()!.lookup(PDFName.of('XObject')) as unknown as { values(): unknown[] };
    const keys = xObjects.values().map((ref) => formKeys.ofForm(sheet.context.lookup(ref as never)));
    expect(new Set(keys)).toEqual(new Set([front, back]));

    // Chromium names its subsets AAAAAA+, box-faces.ts after their programs: the name is not what is drawn.
    const keyWithFontNamed = async (name: string) => {
      const doc = await PDFDocument.load(faces);
      for (const [, object] of doc.context.enumerateIndirectObjects()) {
        if (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Font'))
          object.set(PDFName.of('BaseFont'), PDFName.of(name));
      }
      return new DrawingKeys(doc.context).ofPage(doc.getPage(0).node);
    };
    expect(await keyWithFontNamed('AAAAAA+Helvetica')).toBe(await keyWithFontNamed('QWERTY+Helvetica'));
    expect(await keyWithFontNamed('AAAAAA+Helvetica')).not.toBe(await keyWithFontNamed('Helvetica'));

    const otherResources = await PDFDocument.load(
      await sheetPdf(faces, AS_IMPOSED, (doc, forms) => {
        const resources = forms[0]!.dict.lookup(PDFName.of('Resources')) as unknown as { set(name: PDFName, value: unknown): void };
        resources.set(PDFName.of('ExtGState'), doc.context.obj({ GS9: { Type: 'ExtGState', CA: 0.25 } }));
      }),
    );
    const otherKeys = new DrawingKeys(otherResources.context);
    const changed = (otherResources.getPage(0).node.Resources()!.lookup(PDFName.of('XObject')) as unknown as { values(): unknown[] })
      .values()
      .map((ref) => otherKeys.ofForm(otherResources.context.lookup(ref as never)));
    expect(changed).not.toContain(front);
    expect(changed).toContain(back);
  });
});

describe('reading a sheet whose faces were read before', () => {
  it('reads it as it reads the sheet alone: faces placed as they are, turned, halved and mirrored', async () => {
    const faces = await facesPdf();
    const sheet = await sheetPdf(faces, AS_IMPOSED);
    const alone = await (await freshReader())(sheet);

    const read = await freshReader();
    await read(faces);
    const handedToPdfjs = vi.spyOn(PDFDocument.prototype, 'save');
    const afterFaces = await read(sheet);
    expect(rounded(afterFaces)).toEqual(rounded(alone));
    // pdf.js read a copy of the sheet in which each face is an empty form that names it.
    expect(handedToPdfjs).toHaveBeenCalledTimes(1);
    expect(
      unpackRuns(alone[0]!.textSizes)
        .map(({ size }) => Math.round(size * 100) / 100)
        .sort(),
    ).toEqual([10, 10, 4.5, 9]);
    expect(alone[0]!.transparency).toHaveLength(4);
  });

  it('reads a face drawn skewed, where its reading cannot simply be moved, where it lands', async () => {
    const faces = await facesPdf();
    const skewed = await sheetPdf(faces, (page, [front]) => page.drawPage(front!, { x: 100, y: 100, xSkew: degrees(20) }));
    const alone = await (await freshReader())(skewed);
    const read = await freshReader();
    await read(faces);
    expect(rounded(await read(skewed))).toEqual(rounded(alone));
  });

  it('reads a form that draws a face through other resources as itself', async () => {
    const faces = await facesPdf();
    const changed = await sheetPdf(faces, AS_IMPOSED, (doc, forms) => {
      const states = forms[0]!.dict.lookup(PDFName.of('Resources'), PDFDict).lookup(PDFName.of('ExtGState'), PDFDict);
      for (const name of states.keys()) states.set(name, doc.context.obj({ Type: 'ExtGState', ca: 0.25 }));
    });
    const alone = await (await freshReader())(changed);
    const read = await freshReader();
    await read(faces);
    const afterFaces = await read(changed);
    expect(rounded(afterFaces)).toEqual(rounded(alone));
    expect(afterFaces[0]!.transparency.map(({ what }) => what)).toContain('ca 0.25');
  });
});
