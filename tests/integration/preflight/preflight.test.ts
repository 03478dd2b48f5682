import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  cmyk,
  concatTransformationMatrix,
  degrees,
  lineTo,
  moveTo,
  PDFDocument,
  type PDFDict,
  PDFName,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  setGraphicsState,
  setLineWidth,
  StandardFonts,
  stroke,
  type PDFPage,
} from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bleedKeyword, minTextKeyword } from '../../../src/pdf/work-style.ts';
import { preflightFile, type PreflightReport } from '../../../src/preflight/preflight.ts';
import { runCli } from '../../support/cli.ts';

const MM = 72 / 25.4;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-preflight-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A card-sized page pair with exact boxes, which `spoil` then breaks in one way. */
async function pdf(name: string, spoil: (doc: PDFDocument) => Promise<void> | void): Promise<string> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < 2; i++) {
    const page = doc.addPage([80 * MM, 111 * MM]);
    page.setBleedBox(0, 0, 80 * MM, 111 * MM);
    page.setTrimBox(3 * MM, 3 * MM, 74 * MM, 105 * MM);
  }
  await spoil(doc);
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, await doc.save());
  return file;
}

/** A face to place on sheets, from a document of its own (a page embedded into itself would draw itself). */
async function faceFrom(doc: PDFDocument) {
  const source = await PDFDocument.create();
  source.addPage([80 * MM, 111 * MM]).drawRectangle({ x: 0, y: 0, width: 80 * MM, height: 30 * MM, color: cmyk(1, 0, 0, 0) });
  const [face] = await doc.embedPdf(await source.save());
  return face!;
}

const check = (report: PreflightReport, name: string) => report.checks.find((c) => c.name === name)!;

describe('preflight finds what a print shop would reject', () => {
  it('passes a clean card file', async () => {
    const report = await preflightFile(await pdf('clean', () => undefined));
    expect(report.ok).toBe(true);
    expect(check(report, 'boxes').detail).toContain('bleed 3.00 mm');
    expect(report.problems).toEqual([]);
  });

  it('fails a page without a TrimBox', async () => {
    const report = await preflightFile(
      await pdf('no-trim', (doc) => {
        doc.getPage(1).node.delete(doc.context.obj('TrimBox') as never);
      }),
    );
    expect(check(report, 'boxes')).toMatchObject({ ok: false, detail: expect.stringContaining('page 2: TrimBox missing') });
    expect(report.problems).toEqual([
      expect.objectContaining({
        code: 'box-missing',
        severity: 'error',
        location: { file: report.file, page: 2 },
        message: 'TrimBox missing',
      }),
    ]);
  });

  it('fails a bleed under 3 mm', async () => {
    const report = await preflightFile(await pdf('thin-bleed', (doc) => doc.getPage(0).setTrimBox(1 * MM, 3 * MM, 78 * MM, 105 * MM)));
    expect(check(report, 'boxes')).toMatchObject({ ok: false, detail: expect.stringContaining('bleed 1.00 mm') });
    expect(report.problems.filter((problem) => problem.code === 'bleed-missing')).toEqual([
      expect.objectContaining({
        code: 'bleed-missing',
        location: { file: report.file, page: 1 },
        message: 'bleed 1.00 mm, less than 3.00 mm',
      }),
    ]);
  });

  it('holds a file to the bleed its Keywords say it is made with (an office document: none), and says so', async () => {
    const edgeToEdge = (doc: PDFDocument) => {
      for (const page of doc.getPages()) page.setTrimBox(0, 0, 80 * MM, 111 * MM);
    };
    const undeclared = await preflightFile(await pdf('edge-to-edge', edgeToEdge));
    expect(check(undeclared, 'boxes')).toMatchObject({ ok: false, detail: expect.stringContaining('bleed 0.00 mm, less than 3.00 mm') });
    const declared = await preflightFile(
      await pdf('office', (doc) => {
        edgeToEdge(doc);
        doc.setKeywords([bleedKeyword(0)]);
      }),
    );
    expect(check(declared, 'boxes')).toMatchObject({
      ok: true,
      detail: expect.stringContaining('held to the 0.00 mm the file says it is made with'),
    });
    // What the command line is told still wins over what the file says.
    const told = await preflightFile(
      await pdf('office-told', (doc) => {
        edgeToEdge(doc);
        doc.setKeywords([bleedKeyword(0)]);
      }),
      { minBleed: 3 * MM },
    );
    expect(check(told, 'boxes').ok).toBe(false);
  });

  it('fails a font that is not embedded', async () => {
    const report = await preflightFile(
      await pdf('standard-font', async (doc) => {
        doc.getPage(0).drawText('Helvetica', { font: await doc.embedFont(StandardFonts.Helvetica), x: 20, y: 100 });
      }),
    );
    expect(check(report, 'fonts')).toMatchObject({ ok: false, detail: 'not embedded: Helvetica' });
  });

  it('fails a hairline thinner than 0.25 pt', async () => {
    const report = await preflightFile(
      await pdf('hairline', (doc) =>
        doc.getPage(0).drawLine({ start: { x: 20, y: 20 }, end: { x: 100, y: 20 }, thickness: 0.1, color: cmyk(0, 0, 0, 1) }),
      ),
    );
    expect(check(report, 'hairlines')).toMatchObject({ ok: false, detail: expect.stringContaining('thinner than 0.25 pt') });
  });

  it('fails an image under 300 ppi', async () => {
    const report = await preflightFile(
      await pdf('low-res', async (doc) => {
        const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#c33' } })
          .png()
          .toBuffer();
        doc.getPage(0).drawImage(await doc.embedPng(png), { x: 20, y: 20, width: 144, height: 144 });
      }),
    );
    expect(check(report, 'images')).toMatchObject({ ok: false, detail: expect.stringContaining('lowest 10 ppi') });
  });

  it('fails an odd page count, which cannot print double-sided', async () => {
    const report = await preflightFile(await pdf('odd', (doc) => doc.removePage(1)));
    expect(check(report, 'duplex').ok).toBe(false);
  });

  it('fails a mark drawn inside a card on an imposed sheet', async () => {
    const report = await preflightFile(
      await pdf('mark-in-bleed', async (doc) => {
        const face = await faceFrom(doc);
        for (const page of doc.getPages()) {
          page.setMediaBox(0, 0, 210 * MM, 297 * MM);
          page.setBleedBox(20 * MM, 20 * MM, 80 * MM, 111 * MM);
          page.setTrimBox(23 * MM, 23 * MM, 74 * MM, 105 * MM);
          page.drawPage(face, { x: 20 * MM, y: 20 * MM });
          page.drawLine({ start: { x: 50 * MM, y: 10 * MM }, end: { x: 50 * MM, y: 22 * MM }, thickness: 0.25, color: cmyk(0, 0, 0, 1) });
        }
      }),
    );
    expect(check(report, 'bleed clear')).toMatchObject({ ok: false, detail: expect.stringContaining('page 1') });
  });

  it('measures a line after the transforms it is drawn under: 2.5 pt scaled by 0.05 is a 0.125 pt hairline', async () => {
    const report = await preflightFile(
      await pdf('scaled-hairline', (doc) => {
        doc
          .getPage(0)
          .pushOperators(
            pushGraphicsState(),
            concatTransformationMatrix(0.05, 0, 0, 0.05, 0, 0),
            setLineWidth(2.5),
            moveTo(400, 400),
            lineTo(3000, 400),
            stroke(),
            popGraphicsState(),
          );
      }),
    );
    expect(check(report, 'hairlines')).toMatchObject({ ok: false, detail: expect.stringContaining('thinnest 0.125 pt') });
  });

  it('sees a line width set through a graphics state (/LW in an ExtGState)', async () => {
    const report = await preflightFile(
      await pdf('gstate-hairline', (doc) => {
        const page = doc.getPage(0);
        const thin = page.node.newExtGState('Thin', doc.context.obj({ Type: 'ExtGState', LW: 0.1 }));
        page.pushOperators(
          pushGraphicsState(),
          setGraphicsState(thin.asString().slice(1)),
          moveTo(20, 20),
          lineTo(100, 20),
          stroke(),
          popGraphicsState(),
        );
      }),
    );
    expect(check(report, 'hairlines')).toMatchObject({ ok: false, detail: expect.stringContaining('thinnest 0.100 pt') });
  });

  it('measures text as printed: 9 pt type scaled by 0.4 is 3.6 pt', async () => {
    const small = await pdf('scaled-text', async (doc) => {
      const page = doc.getPage(0);
      const font = await doc.embedFont(StandardFonts.Helvetica);
      page.pushOperators(pushGraphicsState(), concatTransformationMatrix(0.4, 0, 0, 0.4, 0, 0));
      page.drawText('Klein', { font, size: 9, x: 100, y: 100 });
      page.pushOperators(popGraphicsState());
    });
    expect(check(await preflightFile(small), 'text size')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('smallest 3.60 pt'),
    });
    const normal = await pdf('normal-text', async (doc) =>
      doc.getPage(0).drawText('Gewoon', { font: await doc.embedFont(StandardFonts.Helvetica), size: 9, x: 20, y: 100 }),
    );
    expect(check(await preflightFile(normal), 'text size')).toMatchObject({
      ok: true,
      detail: expect.stringContaining('smallest 9.00 pt'),
    });
  });

  describe("the cards' own text, held to the minimum the file declares (the deck's)", () => {
    /** A sheet: one face whose text is `facePt`, placed as a form, and a slug at 5 pt beside it. */
    const sheet = (name: string, facePt: number) =>
      pdf(name, async (doc) => {
        const source = await PDFDocument.create();
        source
          .addPage([80 * MM, 111 * MM])
          .drawText('Wat zie je?', { font: await source.embedFont(StandardFonts.Helvetica), size: facePt, x: 30, y: 200 });
        const [face] = await doc.embedPdf(await source.save());
        const font = await doc.embedFont(StandardFonts.Helvetica);
        for (const page of doc.getPages()) {
          page.setMediaBox(0, 0, 210 * MM, 297 * MM);
          page.drawPage(face!, { x: 20 * MM, y: 20 * MM });
          page.drawText('SWAN nl sheet 1 fronts', { font, size: 5, x: 20 * MM, y: 8 * MM });
        }
        doc.setKeywords([minTextKeyword({ pt: 7, scope: 'faces' })]);
      });

    it('fails a face on a sheet whose text is under it, and lets the 5 pt slug pass', async () => {
      expect(check(await preflightFile(await sheet('face-text-6pt', 6)), 'text size')).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^2 run\(s\) of the cards' text under their minimum of 7 pt \(smallest 6\.00 pt, page 1\)$/),
      });
      expect(check(await preflightFile(await sheet('face-text-8pt', 8)), 'text size')).toMatchObject({
        ok: true,
        detail: expect.stringContaining("smallest 5.00 pt as printed; the cards' own text at least 7 pt (smallest 8.00 pt)"),
      });
    });

    it("counts text drawn straight over a placed face, outside its form, as the face's", async () => {
      const file = await pdf('loose-over-face', async (doc) => {
        const face = await faceFrom(doc);
        const font = await doc.embedFont(StandardFonts.Helvetica);
        for (const page of doc.getPages()) {
          page.setMediaBox(0, 0, 210 * MM, 297 * MM);
          page.drawPage(face, { x: 20 * MM, y: 20 * MM });
          page.drawText('Wat zie je?', { font, size: 6, x: 40 * MM, y: 80 * MM });
        }
        doc.setKeywords([minTextKeyword({ pt: 7, scope: 'faces' })]);
      });
      expect(check(await preflightFile(file), 'text size')).toMatchObject({
        ok: false,
        detail: expect.stringContaining("the cards' text under their minimum of 7 pt (smallest 6.00 pt"),
      });
    });

    it('measures the text of an annotation as its appearance is drawn into its rectangle: 40 pt in a box shrunk tenfold is 4 pt', async () => {
      const file = await pdf('annotation-text', async (doc) => {
        const font = await doc.embedFont(StandardFonts.Helvetica);
        const appearance = doc.context.register(
          doc.context.stream(`BT /F1 40 Tf 10 200 Td ${font.encodeText('Klein').toString()} Tj ET`, {
            Type: 'XObject',
            Subtype: 'Form',
            BBox: [0, 0, 400, 400],
            Resources: { Font: { F1: font.ref } },
          }),
        );
        const annotation = doc.context.register(
          doc.context.obj({
            Type: 'Annot',
            Subtype: 'FreeText',
            Rect: [20, 100, 60, 140],
            F: 4,
            Contents: PDFString.of('Klein'),
            DA: PDFString.of('/F1 4 Tf 0 g'),
            AP: { N: appearance },
          }),
        );
        doc.getPage(0).node.set(PDFName.of('Annots'), doc.context.obj([annotation]));
        doc.setKeywords([minTextKeyword({ pt: 7, scope: 'all' })]);
      });
      expect(check(await preflightFile(file), 'text size')).toMatchObject({
        ok: false,
        detail: expect.stringContaining('smallest 4.00 pt'),
      });
    });

    it('holds every text of a file of faces (cards.pdf) to it, and only the press floor where nothing is declared', async () => {
      const cards = (name: string, keywords: string[]) =>
        pdf(name, async (doc) => {
          doc.getPage(0).drawText('Wat zie je?', { font: await doc.embedFont(StandardFonts.Helvetica), size: 6, x: 30, y: 200 });
          doc.setKeywords(keywords);
        });
      expect(check(await preflightFile(await cards('cards-6pt', [minTextKeyword({ pt: 7, scope: 'all' })])), 'text size')).toMatchObject({
        ok: false,
        detail: expect.stringContaining('under their minimum of 7 pt'),
      });
      expect(check(await preflightFile(await cards('undeclared-6pt', [])), 'text size')).toMatchObject({ ok: true });
      // A print shop holds a file that names nothing to the size it asks, on the command line.
      const asked = await runCli(['preflight', '--min-text', '7', await cards('asked-6pt', [])]);
      expect(asked.code).toBe(1);
      expect(asked.stdout).toMatch(
        /FAIL {2}text size +1 run\(s\) of the cards' text under their minimum of 7 pt \(smallest 6\.00 pt, page 1\)/,
      );
      expect((await runCli(['preflight', '--min-text', 'tiny', path.join(dir, 'clean.pdf')])).stderr).toContain(
        '--min-text: "tiny" is not a size in points',
      );
    });
  });

  it("takes an image's resolution from the size it is drawn at: 600 px over 1 in, enlarged 4 times, is 150 ppi", async () => {
    const report = await preflightFile(
      await pdf('enlarged-image', async (doc) => {
        const png = await sharp({ create: { width: 600, height: 600, channels: 3, background: '#c33' } })
          .png()
          .toBuffer();
        const page = doc.getPage(0);
        page.pushOperators(pushGraphicsState(), concatTransformationMatrix(4, 0, 0, 4, 0, 0));
        page.drawImage(await doc.embedPng(png), { x: 5, y: 5, width: 72, height: 72 });
        page.pushOperators(popGraphicsState());
      }),
    );
    expect(check(report, 'images')).toMatchObject({ ok: false, detail: expect.stringContaining('lowest 150 ppi') });
  });

  it('fails transparency in a PDF/X-3 file, which forbids it, and only reports it elsewhere', async () => {
    const translucent = (doc: PDFDocument) => {
      const page = doc.getPage(0);
      page.drawRectangle({ x: 20, y: 20, width: 50, height: 50, color: cmyk(0, 1, 0, 0), opacity: 0.5 });
    };
    const plain = await preflightFile(await pdf('translucent', translucent));
    expect(check(plain, 'transparency')).toMatchObject({ ok: true, detail: expect.stringContaining('ca 0.5') });
    const pdfx = await preflightFile(
      await pdf('translucent-pdfx', (doc) => {
        translucent(doc);
        (doc.context.lookup(doc.context.trailerInfo.Info) as PDFDict).set(PDFName.of('GTS_PDFXVersion'), PDFString.of('PDF/X-3:2002'));
      }),
    );
    expect(check(pdfx, 'transparency')).toMatchObject({ ok: false, detail: expect.stringContaining('forbidden in PDF/X-3:2002') });
    expect(check(await preflightFile(path.join(dir, 'clean.pdf')), 'transparency').detail).toBe('none: nothing needs flattening');
  });

  describe("total area coverage, from Ghostscript's CMYK raster", () => {
    /** A 20 mm square of the given CMYK on page 1, at 30, 40 mm from the page's top left. */
    const inked = (name: string, ink: [number, number, number, number]) =>
      pdf(name, (doc) => {
        const page = doc.getPage(0);
        page.drawRectangle({ x: 30 * MM, y: page.getHeight() - 60 * MM, width: 20 * MM, height: 20 * MM, color: cmyk(...ink) });
      });

    it('fails 400 % (all four inks solid) against 300 %, saying where and how much', async () => {
      const report = await preflightFile(await inked('ink-400', [1, 1, 1, 1]), { inkLimit: 300 });
      expect(check(report, 'ink').ok).toBe(false);
      expect(check(report, 'ink').detail).toMatch(
        /^total area coverage up to 400 % \(on page 1, 3\d mm across and 4\d mm down from the top left\), over the 300 % limit on 1 page\(s\), 4\d\d mm² in all$/,
      );
      // The same failure as a problem at its page and point, for tools.
      const [problem] = report.problems;
      expect(report.problems).toHaveLength(1);
      expect(problem).toMatchObject({ code: 'ink-over-limit', location: { file: report.file, page: 1 } });
      const at = problem!.location as { xMm: number; yMm: number };
      expect(at.xMm).toBeGreaterThanOrEqual(29);
      expect(at.xMm).toBeLessThanOrEqual(50);
      expect(at.yMm).toBeGreaterThanOrEqual(39);
      expect(at.yMm).toBeLessThanOrEqual(60);
    });

    it('holds 270 % within 300 % but over the 240 % DriveThruCards asks', async () => {
      const file = await inked('ink-270', [0.6, 0.6, 0.6, 0.9]);
      expect(check(await preflightFile(file, { inkLimit: 300 }), 'ink')).toMatchObject({
        ok: true,
        detail: expect.stringMatching(/^total area coverage at most 270 % .*within the 300 % limit$/),
      });
      expect(check(await preflightFile(file, { inkLimit: 240 }), 'ink')).toMatchObject({
        ok: false,
        detail: expect.stringContaining('over the 240 % limit'),
      });
    });

    it('measures a PDF/X file against 300 % unasked, and leaves an RGB file to its CMYK version', async () => {
      const plain = await inked('ink-plain', [1, 1, 1, 0]);
      const marked = await pdf('ink-pdfx-marked', async (doc) => {
        const page = doc.getPage(0);
        page.drawRectangle({ x: 30 * MM, y: page.getHeight() - 60 * MM, width: 20 * MM, height: 20 * MM, color: cmyk(1, 1, 1, 0.5) });
        (doc.context.lookup(doc.context.trailerInfo.Info) as PDFDict).set(PDFName.of('GTS_PDFXVersion'), PDFString.of('PDF/X-3:2002'));
      });
      expect(check(await preflightFile(marked), 'ink')).toMatchObject({ ok: false, detail: expect.stringContaining('up to 350 %') });
      expect(check(await preflightFile(plain), 'ink')).toMatchObject({ ok: true, detail: expect.stringContaining('not separated') });
    });

    it('on a sheet holds the placed faces to the limit, not the crop marks in Registration (400 % by design)', async () => {
      const sheet = (name: string, faceInk: [number, number, number, number]) =>
        pdf(name, async (doc) => {
          const source = await PDFDocument.create();
          source.addPage([80 * MM, 111 * MM]).drawRectangle({ x: 0, y: 0, width: 80 * MM, height: 111 * MM, color: cmyk(...faceInk) });
          const [face] = await doc.embedPdf(await source.save());
          for (const page of doc.getPages()) {
            page.setMediaBox(0, 0, 210 * MM, 297 * MM);
            page.setBleedBox(20 * MM, 20 * MM, 80 * MM, 111 * MM);
            page.setTrimBox(23 * MM, 23 * MM, 74 * MM, 105 * MM);
            page.drawPage(face!, { x: 20 * MM, y: 20 * MM });
            page.drawLine({ start: { x: 10 * MM, y: 23 * MM }, end: { x: 16 * MM, y: 23 * MM }, thickness: 2, color: cmyk(1, 1, 1, 1) });
          }
        });
      expect(check(await preflightFile(await sheet('ink-sheet-ok', [0.4, 0.8, 0.2, 0.2]), { inkLimit: 300 }), 'ink')).toMatchObject({
        ok: true,
        detail: expect.stringContaining('at most 160 %'),
      });
      expect(check(await preflightFile(await sheet('ink-sheet-over', [0.8, 0.8, 0.8, 0.8]), { inkLimit: 300 }), 'ink')).toMatchObject({
        ok: false,
        detail: expect.stringContaining('up to 320 %'),
      });
    });

    it('takes --ink-limit on the command line', async () => {
      const result = await runCli(['preflight', '--ink-limit', '240', path.join(dir, 'ink-270.pdf')]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL {2}ink +total area coverage up to 270 %/);
      // The report a shop reads names where each finding is, not only how many there are.
      expect(result.stdout).toMatch(/\n {8}page 1 at \d+, \d+ mm: /);
      expect((await runCli(['preflight', '--ink-limit', 'lots', path.join(dir, 'ink-270.pdf')])).stderr).toContain(
        '--ink-limit: "lots" is not a percentage from 100 to 400',
      );
    });
  });

  it('fails a back page turned differently from its front (/Rotate)', async () => {
    const report = await preflightFile(await pdf('rotated-back', (doc) => doc.getPage(1).setRotation(degrees(270))));
    expect(check(report, 'rotation')).toMatchObject({ ok: false, detail: expect.stringContaining('page 2 /Rotate 270') });
  });

  describe('registration of backs behind fronts on imposed sheets', () => {
    /** An A4 sheet pair with two faces per side; `backShift` moves the second back face. */
    const sheets = (name: string, backShift: { x: number; y: number }, allShift = { x: 0, y: 0 }) =>
      pdf(name, async (doc) => {
        const face = await faceFrom(doc);
        doc.getPages().forEach((page: PDFPage, side) => {
          page.setMediaBox(0, 0, 210 * MM, 297 * MM);
          page.setBleedBox(20 * MM, 20 * MM, 170 * MM, 111 * MM);
          page.setTrimBox(23 * MM, 23 * MM, 164 * MM, 105 * MM);
          const xs = side === 0 ? [20, 110] : [110, 20].map((x) => 210 - x - 80);
          xs.forEach((x, slot) => {
            const shift = side === 1 && slot === 1 ? backShift : { x: 0, y: 0 };
            const all = side === 1 ? allShift : { x: 0, y: 0 };
            page.drawPage(face, { x: (x + shift.x + all.x) * MM, y: (20 + shift.y + all.y) * MM });
          });
        });
      });

    it('passes backs mirrored for the long-edge turn', async () => {
      const report = await preflightFile(await sheets('registered', { x: 0, y: 0 }));
      expect(check(report, 'registration')).toMatchObject({ ok: true, detail: expect.stringContaining('1 sheet(s)') });
    });

    it('accepts a printer correction that moves every back alike, and says so', async () => {
      const report = await preflightFile(await sheets('corrected', { x: 0, y: 0 }, { x: 1, y: -0.5 }));
      expect(check(report, 'registration')).toMatchObject({ ok: true, detail: expect.stringContaining('backs land -1.0, -0.5 mm off') });
    });

    it('fails a back face 20 mm away from its front', async () => {
      const report = await preflightFile(await sheets('misregistered', { x: 0, y: 20 }));
      expect(check(report, 'registration')).toMatchObject({
        ok: false,
        detail: expect.stringContaining('a back misses its front by 20.0 mm'),
      });
    });
  });

  it('prints a readable report and exits 1 from the command line', async () => {
    const result = await runCli(['preflight', await pdf('cli-odd', (doc) => doc.removePage(1))]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL {2}.*cli-odd\.pdf \(1 pages\)/);
    expect(result.stdout).toMatch(/FAIL {2}duplex/);
    expect((await runCli(['preflight', path.join(dir, 'clean.pdf')])).code).toBe(0);
  });

  it('says which file is cut off or damaged, without a stack trace, and still reports the others', async () => {
    const clean = path.join(dir, 'clean.pdf');
    const whole = await readFile(clean);
    const cutAtEnd = path.join(dir, 'cut-at-end.pdf');
    const cutInHalf = path.join(dir, 'cut-in-half.pdf');
    await writeFile(cutAtEnd, whole.subarray(0, whole.length - 200));
    await writeFile(cutInHalf, whole.subarray(0, Math.floor(whole.length / 2)));
    const result = await runCli(['preflight', clean, cutAtEnd, cutInHalf]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/PASS {2}.*clean\.pdf/);
    for (const file of [cutAtEnd, cutInHalf]) expect(result.stderr).toContain(`${file}: a damaged or cut-off PDF`);
    // One line each: no stack trace, no warnings printed on the way by the PDF library.
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
  });
});
