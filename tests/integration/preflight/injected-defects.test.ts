import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFNumber, PDFRawStream, type PDFRef, type PDFPage } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertToCmyk } from '../../../src/cmyk/cmyk.ts';
import { pageContent } from '../../../src/pdf/content-ops.ts';
import { preflightFile, type PreflightReport } from '../../../src/preflight/preflight.ts';
import { copySharedBuild } from '../../support/built.ts';

// A prepress operator's test of the preflight: one defect at a time, injected into a copy of a
// file the build made, must be caught and located (file, page, mm from the page's top left).

let out: string;
let cleanup: () => Promise<void>;
let x1a: string;

const set = () => path.join(out, 'swan', 'en');

beforeAll(async () => {
  ({ out, cleanup } = await copySharedBuild());
  x1a = path.join(set(), 'swan-en-sheets-press-sra3-x1a.pdf');
  await convertToCmyk(path.join(set(), 'swan-en-sheets-press-sra3.pdf'), x1a, { pdfx: 'PDF/X-1a:2003' });
  // The shared build is made by whichever file asks first: under load, longer than a hook's usual budget.
}, 600_000);
afterAll(async () => {
  await cleanup();
});

/**
 * A copy of one of the set's files, changed by `spoil`, saved under its own name in a folder of its
 * own with the set's manifest beside it, as a shop's hot folder holds a job.
 */
async function spoiled(name: string, spoil: (doc: PDFDocument) => void | Promise<void>, source = path.join(set(), name)): Promise<string> {
  const doc = await PDFDocument.load(await readFile(source), { updateMetadata: false });
  await spoil(doc);
  const folder = await mkdtemp(path.join(set(), 'spoiled-'));
  await copyFile(path.join(set(), 'manifest.json'), path.join(folder, 'manifest.json'));
  const file = path.join(folder, name);
  await writeFile(file, await doc.save({ useObjectStreams: false }));
  return file;
}

/** Appends raw content to a page, with its own resources merged in. */
function draw(doc: PDFDocument, page: PDFPage, content: string, resources: Record<string, Record<string, unknown>> = {}): void {
  const own = page.node.Resources() ?? doc.context.obj({});
  for (const [kind, entries] of Object.entries(resources)) {
    const dict = own.lookupMaybe(PDFName.of(kind), PDFDict) ?? doc.context.obj({});
    for (const [name, value] of Object.entries(entries)) dict.set(PDFName.of(name), doc.context.obj(value as never));
    own.set(PDFName.of(kind), dict);
  }
  page.node.set(PDFName.of('Resources'), own);
  page.node.addContentStream(doc.context.register(doc.context.flateStream(`q ${content} Q`)));
}

/** Wraps a page's whole content in `before ... Q`. */
function wrap(doc: PDFDocument, page: PDFPage, before: string): void {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents!];
  const head = doc.context.register(doc.context.flateStream(`q ${before}\n`));
  const tail = doc.context.register(doc.context.flateStream('\nQ'));
  page.node.set(PDFName.of('Contents'), doc.context.obj([head, ...refs, tail]));
}

const problemsOf = (report: PreflightReport, code: string) => report.problems.filter((problem) => problem.code === code);
const MM = 72 / 25.4;
/** SRA3, the press sheets' page: 450 mm high. */
const SHEET_HEIGHT_PT = 450 * MM;

/** The problems of `code` (at least one), each at `page` within 0.2 mm of the point given in PDF points from the page's bottom left corner. */
function expectAt(report: PreflightReport, code: string, page: number, x: number, y: number): void {
  const found = problemsOf(report, code);
  expect(found.length, code).toBeGreaterThan(0);
  for (const problem of found) {
    const location = problem.location as { page: number; xMm: number; yMm: number };
    expect(location.page, code).toBe(page);
    expect(Math.abs(location.xMm - x / MM), `${code}: ${location.xMm} mm from the left, not ${(x / MM).toFixed(1)}`).toBeLessThanOrEqual(
      0.2,
    );
    const fromTop = (SHEET_HEIGHT_PT - y) / MM;
    expect(Math.abs(location.yMm - fromTop), `${code}: ${location.yMm} mm from the top, not ${fromTop.toFixed(1)}`).toBeLessThanOrEqual(
      0.2,
    );
  }
}
const located = (page: number) => ({ page, xMm: expect.any(Number), yMm: expect.any(Number) });

describe('preflight catches each defect injected into a built file, and says where', () => {
  it('passes the files as built', async () => {
    for (const name of [
      'swan-en-cards.pdf',
      'swan-en-sheets-press-sra3.pdf',
      'swan-en-sheets-press-sra3-work-and-turn.pdf',
      'swan-en-sheets-school-a4.pdf',
    ]) {
      const report = await preflightFile(path.join(set(), name));
      expect({ name, problems: report.problems }).toEqual({ name, problems: [] });
    }
    expect((await preflightFile(x1a)).problems).toEqual([]);
  });

  it('a page whose TrimBox is 5 pt smaller on every side than the others', async () => {
    const file = await spoiled('swan-en-cards.pdf', (doc) => {
      const trim = doc.getPage(4).getTrimBox();
      doc.getPage(4).setTrimBox(trim.x + 5, trim.y + 5, trim.width - 10, trim.height - 10);
    });
    const report = await preflightFile(file);
    expect(problemsOf(report, 'page-boxes-differ')).toEqual([
      expect.objectContaining({
        location: { file, ...located(5) },
        message: expect.stringMatching(/^TrimBox 70\.5 x 101\.5 mm, while the other pages' is 74\.0 x 105\.0 mm/),
      }),
    ]);
  });

  it('a CropBox other than the MediaBox', async () => {
    const file = await spoiled('swan-en-cards.pdf', (doc) => doc.getPage(1).setCropBox(0, 0, 100, 100));
    expect(problemsOf(await preflightFile(file), 'crop-box-differs')).toEqual([
      expect.objectContaining({ location: { file, ...located(2) } }),
    ]);
  });

  it('artwork that stops at the trim on one face of cards.pdf', async () => {
    const file = await spoiled('swan-en-cards.pdf', (doc) => {
      const trim = doc.getPage(2).getTrimBox();
      wrap(doc, doc.getPage(2), `${trim.x} ${trim.y} ${trim.width} ${trim.height} re W n`);
    });
    const found = problemsOf(await preflightFile(file), 'bleed-not-filled');
    expect(found).toEqual([
      expect.objectContaining({ location: { file, ...located(3) }, message: expect.stringContaining('stops at its') }),
    ]);
  });

  it('a face clipped at its trim on a press sheet: bleed not filled, not a registration miss', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3.pdf', (doc) => {
      const xobjects = doc.getPage(0).node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
      const form = doc.context.lookup(xobjects.values()[0] as PDFRef);
      if (!(form instanceof PDFRawStream)) throw new Error('the first face is no form');
      const bbox = form.dict
        .lookup(PDFName.of('BBox'), PDFArray)
        .asArray()
        .map((n) => (n as PDFNumber).asNumber());
      const bleed = 3 * (72 / 25.4);
      form.dict.set(PDFName.of('BBox'), doc.context.obj([bbox[0]! + bleed, bbox[1]! + bleed, bbox[2]! - bleed, bbox[3]! - bleed]));
    });
    const report = await preflightFile(file);
    expect(problemsOf(report, 'bleed-not-filled').length).toBeGreaterThan(0);
    expect(problemsOf(report, 'bleed-not-filled')[0]!.location).toEqual({ file, ...located(1) });
    expect(problemsOf(report, 'registration-miss')).toEqual([]);
  });

  it('DeviceRGB in a PDF/X-1a file', async () => {
    const file = await spoiled('x1a.pdf', (doc) => draw(doc, doc.getPage(0), '1 0 0 rg 200 300 40 40 re f'), x1a);
    const found = problemsOf(await preflightFile(file), 'colour-space-forbidden');
    expect(found).toEqual([
      expect.objectContaining({
        location: { file, page: 1, xMm: 70.6, yMm: 344.2 },
        message: expect.stringMatching(/^a fill in DeviceRGB \(the page\): PDF\/X-1a:2003 allows CMYK, grey and spot colours only/),
      }),
    ]);
  });

  it('Lab text in a PDF/X-1a file', async () => {
    const file = await spoiled(
      'x1a.pdf',
      (doc) =>
        draw(doc, doc.getPage(0), '/CSLab cs 50 0 0 sc 100 100 20 20 re f', {
          ColorSpace: { CSLab: ['Lab', { WhitePoint: [0.9505, 1, 1.089] }] },
        }),
      x1a,
    );
    expect(problemsOf(await preflightFile(file), 'colour-space-forbidden')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('a fill in Lab') }),
    ]);
  });

  it('white set to overprint', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3.pdf', (doc) =>
      draw(doc, doc.getPage(0), '/GSOP gs 0 0 0 0 k 300 400 60 20 re f', {
        ExtGState: { GSOP: { Type: 'ExtGState', OP: true, op: true, OPM: 1 } },
      }),
    );
    expect(problemsOf(await preflightFile(file), 'white-overprint')).toEqual([
      expect.objectContaining({
        location: { file, page: 1, xMm: 105.8, yMm: 308.9 },
        message: expect.stringContaining('vanishes on press'),
      }),
    ]);
  });

  it('an extra PANTONE plate', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3.pdf', (doc) =>
      draw(doc, doc.getPage(0), '/CSP cs 1 sc 300 400 60 20 re f', {
        ColorSpace: {
          CSP: [
            'Separation',
            'PANTONE 185 C',
            'DeviceCMYK',
            { FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [0, 0.91, 0.76, 0], N: 1 },
          ],
        },
      }),
    );
    const report = await preflightFile(file);
    expect(report.checks.find((check) => check.name === 'spot colours')!.ok).toBe(false);
    expect(problemsOf(report, 'spot-colour-extra')).toEqual([
      expect.objectContaining({
        location: { file, page: 1, xMm: 105.8, yMm: 308.9 },
        message: expect.stringContaining('an extra plate (PANTONE 185 C)'),
      }),
    ]);
  });

  it('a back page shifted 2 mm on a press file, whose profile declares no back offset', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3.pdf', (doc) => wrap(doc, doc.getPage(1), `1 0 0 1 ${2 * (72 / 25.4)} 0 cm`));
    const found = problemsOf(await preflightFile(file), 'back-offset-undeclared');
    expect(found).toEqual([
      expect.objectContaining({ location: { file, page: 2 }, message: expect.stringContaining('2.0, 0.0 mm off its front') }),
    ]);
  });

  it('backs swapped between two cards, each still behind a front', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3.pdf', (doc) => {
      const backs = doc.getPage(1);
      const text = new TextDecoder('latin1').decode(pageContent(backs, doc.context));
      // Each placed face: its tag, then where it goes (the first cm after q). Two backs of different cards trade places.
      const placed = [...text.matchAll(/\/Card (<[0-9A-Fa-f]+>)\n\/Side \/back\n>> BDC\nq\n([^\n]+ cm)\n/g)];
      const [a, b] = [placed[0]!, placed.find((match) => match[1] !== placed[0]![1])!];
      const swapped = text.replace(a[0], a[0].replace(a[2]!, '\u0000')).replace(b[0], b[0].replace(b[2]!, a[2]!)).replace('\u0000', b[2]!);
      backs.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(swapped)));
    });
    const report = await preflightFile(file);
    expect(problemsOf(report, 'back-behind-wrong-front')).toEqual([
      expect.objectContaining({
        location: { file, ...located(2) },
        message: expect.stringMatching(/^the back of card \S+ lands behind the front of card \S+, turned on the long edge$/),
      }),
    ]);
  });

  it('the backs of two sheets swapped in a CMYK file, whose faces Ghostscript left untagged', async () => {
    const asConverted = (await preflightFile(x1a)).checks.find((check) => check.name === 'registration')!;
    expect(asConverted).toMatchObject({ ok: true, detail: expect.stringContaining("each page's face map, in its PieceInfo") });
    // A shop tool reorders pages: the back of sheet 1 goes to sheet 2's place and back again.
    const file = await spoiled(
      'swan-en-sheets-press-sra3-cmyk.pdf',
      (doc) => {
        const [second, fourth] = [doc.getPage(1), doc.getPage(3)];
        doc.removePage(3);
        doc.removePage(1);
        doc.insertPage(1, fourth);
        doc.insertPage(3, second);
      },
      x1a,
    );
    const report = await preflightFile(file);
    expect(problemsOf(report, 'back-behind-wrong-front')).toEqual([
      expect.objectContaining({
        location: { file, ...located(2) },
        message: expect.stringMatching(/^the back of card \S+ lands behind the front of card \S+, turned on the long edge$/),
      }),
      expect.objectContaining({ location: { file, ...located(4) } }),
    ]);
  });

  it('a sheet declared to turn on the short edge, imposed for the long edge', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3.pdf', (doc) =>
      doc.setKeywords([(doc.getKeywords() ?? '').replace('TurnEdge=long-edge', 'TurnEdge=short-edge')]),
    );
    const report = await preflightFile(file);
    expect(report.checks.find((check) => check.name === 'registration')).toMatchObject({ ok: false });
    expect(report.problems.map((problem) => problem.code)).toEqual(['turn-edge-mismatch', 'turn-edge-mismatch', 'turn-edge-mismatch']);
    expect(problemsOf(report, 'turn-edge-mismatch')[0]).toMatchObject({
      location: { file, page: 2 },
      message: "the backs land as if the sheet turns on the long edge, not on the short edge, as the file's Keywords declare (page 1)",
    });
  });

  it('a work-and-turn sheet declared to turn on the short edge, imposed for the long edge', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3-work-and-turn.pdf', (doc) =>
      doc.setKeywords([(doc.getKeywords() ?? '').replace('TurnEdge=long-edge', 'TurnEdge=short-edge')]),
    );
    const found = problemsOf(await preflightFile(file), 'turn-edge-mismatch');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({
      location: { file, page: 1 },
      message: "the faces land on each other as if the sheet turns on the long edge, not on the short edge, as the file's Keywords declare",
    });
  });

  it('a work-and-turn file whose Keywords a shop tool stripped still passes, by the manifest beside it', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3-work-and-turn.pdf', (doc) => doc.setKeywords([]));
    const report = await preflightFile(file);
    expect(report.problems).toEqual([]);
    expect(report.checks.find((check) => check.name === 'registration')!.detail).toContain('manifest.json');
  });

  it('a hairline, a rotated page, a mark in the bleed and a line over a card on a press sheet', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3.pdf', (doc) => {
      const front = doc.getPage(0);
      const trim = front.getTrimBox();
      draw(
        doc,
        front,
        `0.05 w 0 0 0 1 K 20 20 m 80 20 l S 1 w ${trim.x - 6} ${trim.y + 40} m ${trim.x - 1} ${trim.y + 40} l S ${trim.x + 40} ${trim.y + 40} m ${trim.x + 60} ${trim.y + 40} l S`,
      );
      doc.getPage(2).setRotation({ type: 'degrees', angle: 90 } as never);
    });
    const report = await preflightFile(file);
    // The 0.05 pt line from (20, 20) to (80, 20): its box's top left corner; the turned page as a whole, at its own top left.
    expectAt(report, 'hairline', 1, 20, 20);
    expect(problemsOf(report, 'hairline')[0]!.message).toMatch(/^a stroke of 21\.2 x 0\.0 mm is 0\.050 pt wide as printed/);
    expectAt(report, 'rotation-mixed', 3, 0, SHEET_HEIGHT_PT);
    expect(problemsOf(report, 'marks-in-bleed')).toEqual([expect.objectContaining({ location: { file, ...located(1) } })]);
    expect(problemsOf(report, 'line-over-card')).toEqual([expect.objectContaining({ location: { file, ...located(1) } })]);
  });

  it('transparency in a PDF/X-1a file', async () => {
    const file = await spoiled(
      'x1a.pdf',
      (doc) => draw(doc, doc.getPage(0), '/GSA gs 1 1 1 1 k 200 300 80 80 re f', { ExtGState: { GSA: { Type: 'ExtGState', ca: 0.5 } } }),
      x1a,
    );
    const report = await preflightFile(file);
    // Where the fill painted under the graphics state lands: its top left corner.
    expectAt(report, 'transparency-forbidden', 1, 200, 380);
    expect(problemsOf(report, 'transparency-forbidden')[0]!.message).toContain('ca 0.5 (the first over 28.2 x 28.2 mm)');
  });

  it('text under 5 pt in a font that is not embedded, on a press sheet: both found where the text starts', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3.pdf', (doc) =>
      draw(doc, doc.getPage(0), 'BT /FHelv 3 Tf 150 250 Td (Small print) Tj ET', {
        Font: { FHelv: doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica' })) },
      }),
    );
    const report = await preflightFile(file);
    // Under the press's 5 pt, and, drawn over a card, under the cards' own minimum too: both where it starts.
    expectAt(report, 'text-too-small', 1, 150, 250);
    expect(problemsOf(report, 'text-too-small').map((problem) => problem.message)).toEqual([
      'a run of text printed at 3.00 pt, under 5 pt',
      "a run of the cards' text printed at 3.00 pt, under their minimum of 7 pt",
    ]);
    expectAt(report, 'font-not-embedded', 1, 150, 250);
    expect(problemsOf(report, 'font-not-embedded')[0]!.message).toBe('font Helvetica is not embedded (first printed in the page)');
  });

  it('an image of too few pixels for its size on a press sheet, found at its top left corner', async () => {
    const file = await spoiled('swan-en-sheets-press-sra3.pdf', (doc) => {
      const pixels = doc.context.flateStream(new Uint8Array(4 * 4 * 3).fill(128), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: 4,
        Height: 4,
        ColorSpace: 'DeviceRGB',
        BitsPerComponent: 8,
      });
      draw(doc, doc.getPage(0), 'q 200 0 0 100 300 500 cm /ImLow Do Q', { XObject: { ImLow: doc.context.register(pixels) } });
    });
    const report = await preflightFile(file);
    expectAt(report, 'image-low-resolution', 1, 300, 600);
    expect(problemsOf(report, 'image-low-resolution')[0]!.message).toBe(
      'an image (4 x 4 px, placed 70.6 x 35.3 mm) prints at 1 ppi, under 300 ppi',
    );
  });

  it('a font that is not embedded, and an odd page count', async () => {
    const file = await spoiled('swan-en-cards.pdf', (doc) => {
      for (const [, object] of doc.context.enumerateIndirectObjects())
        if (object instanceof PDFDict && object.has(PDFName.of('FontFile2'))) object.delete(PDFName.of('FontFile2'));
      doc.removePage(doc.getPageCount() - 1);
    });
    const report = await preflightFile(file);
    expect(problemsOf(report, 'font-not-embedded').length).toBeGreaterThan(0);
    expect(problemsOf(report, 'duplex-odd-pages')).toHaveLength(1);
  });
});
