import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rect } from '../../../src/deck/rect.ts';
import type { Manifest } from '../../../src/output/manifest.ts';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { REPO } from '../../support/fixtures.ts';
import sharp from 'sharp';
import { PRINT_AND_CUT_KEYWORD } from '../../../src/impose/die-line.ts';
import { runCli } from '../../support/cli.ts';
import { boxesOf, openPdf, tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { inkNear, type Plate, separate } from '../../support/separations.ts';
import { placedFaces } from '../../support/sheet-faces.ts';

const MM = 72 / 25.4;
const PRESS = ['mini-nl-sheets-press-sra3', 'mini-nl-sheets-press-sra3-work-and-turn'];

/** The CutContour stroke of one page as mutool traces it: its transform, its path as text, and each subpath's box (PDF points). */
async function cutContour(file: string, page: number): Promise<{ transform: string; path: string; subpaths: Rect[] } | undefined> {
  const trace = await tool('mutool', ['trace', file, String(page)]);
  const found = /<stroke_path [^>]*colorspace="Separation\(DeviceCMYK,CutContour\)"[^>]*transform="([^"]+)">([\s\S]*?)<\/stroke_path>/.exec(
    trace,
  );
  if (!found) return undefined;
  const subpaths = found[2]!
    .split('<moveto')
    .slice(1)
    .map((subpath) => {
      const points = [...subpath.matchAll(/(x\d?)="([-.\d]+)" (y\d?)="([-.\d]+)"/g)].map((m) => ({ x: Number(m[2]), y: Number(m[4]) }));
      const xs = points.map((point) => point.x);
      const ys = points.map((point) => point.y);
      return {
        x: Math.min(...xs),
        y: Math.min(...ys),
        width: Math.max(...xs) - Math.min(...xs),
        height: Math.max(...ys) - Math.min(...ys),
      };
    });
  return { transform: found[1]!, path: found[2]!, subpaths };
}

/** How far a point lies outside (positive) or inside (negative) a rectangle whose corners are rounded by `radius`. */
function roundedRectDistance(rect: Rect, radius: number, x: number, y: number): number {
  const dx = Math.abs(x - (rect.x + rect.width / 2)) - (rect.width / 2 - radius);
  const dy = Math.abs(y - (rect.y + rect.height / 2)) - (rect.height / 2 - radius);
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius;
}

/** One page rendered by poppler (pdftoppm), as raw RGB. */
async function render(file: string, page: number, dpi: number): Promise<{ data: Buffer; width: number; height: number }> {
  const png = await new Promise<Buffer>((resolve, reject) =>
    execFile(
      'pdftoppm',
      ['-r', String(dpi), '-f', String(page), '-l', String(page), '-png', file],
      { encoding: 'buffer', maxBuffer: 1 << 28 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Where a line's centre crosses a row (or column) of plate pixels near `at`, in PDF points: the mean of the inked pixels' centres. */
function lineCentre(plate: Plate, along: 'x' | 'y', fixedPx: number, nearPx: number): number | undefined {
  const hits: number[] = [];
  for (let offset = -6; offset <= 6; offset++) {
    const p = nearPx + offset;
    if (along === 'x' ? plate.inked(p, fixedPx) : plate.inked(fixedPx, p)) hits.push(p + 0.5);
  }
  if (hits.length === 0) return undefined;
  const mean = hits.reduce((sum, value) => sum + value, 0) / hits.length;
  return along === 'x' ? (mean * 72) / plate.dpi : ((plate.height - mean) * 72) / plate.dpi;
}

/** The mini deck cut with 3 mm round corners, on both SRA3 press layouts: every press profile gets a die file. */
describe('press files of a deck with a corner radius and both press layouts', () => {
  let project: TempProject;
  let manifest: Manifest;
  const file = (name: string) => path.join(project.out, 'mini', 'nl', name);
  beforeAll(async () => {
    project = await tempProject(['mini']);
    await project.edit('deck/mini/deck.yaml', (text) =>
      text
        .replace('safeZone: 4mm\n', 'safeZone: 4mm\ncornerRadius: 3mm\n')
        .replace(/^profiles: .*$/m, 'profiles: [press-sra3, press-sra3-work-and-turn, school-a4]'),
    );
    // No ui string is added: the die line, print-and-cut and work-and-turn files take kaartenset's shipped labels.
    const summary = await buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false, cmyk: true });
    expect(summary.builds[0]!.files).toContain('mini-nl-sheets-press-sra3-die.pdf');
    manifest = JSON.parse(await readFile(file('manifest.json'), 'utf8')) as Manifest;
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('lists the die file in the manifest, named for its sheets, preflighted with its spot colours named', async () => {
    const die = manifest.files.find((entry) => entry.file === 'mini-nl-sheets-press-sra3-die.pdf');
    expect(die).toMatchObject({ pages: 1, pageSizeMm: [320, 450] });
    // Named a die line, never press sheets; described by its cut contour, never by fronts and backs.
    expect(die!.label).toBe('Stanslijn voor de drukkerij: snijcontour CutContour van elke kaart, zonder drukwerk (SRA3)');
    const summary = manifest.sheets.find((sheet) => sheet.file === 'mini-nl-sheets-press-sra3-die.pdf')!;
    expect(summary.description).toMatch(
      /^Die line for mini-nl-sheets-press-sra3\.pdf: the cut contour \(CutContour\) of each of its \d+ cards with their 3 mm rounded corners/,
    );
    expect(summary.description).not.toMatch(/front|back/i);
    // Its ticket is a die's: one side, lines in CutContour and no ink, cut as the die it is.
    expect(summary.ticket.imposition).toEqual({ method: 'single-sided', gripper: { edge: 'bottom', depthMm: 10 } });
    expect(summary.ticket.colour).toEqual({ model: 'spot' });
    expect(summary.ticket.finishing).toEqual({ cut: 'die', cornerRadiusMm: 3 });
    const info = await tool('pdfinfo', [file('mini-nl-sheets-press-sra3-die.pdf')]);
    expect(info).toMatch(/^Title:\s+Mini: Stanslijn voor de drukkerij/m);
    const report = manifest.preflight.find((entry) => entry.file === 'mini-nl-sheets-press-sra3-die.pdf')!;
    expect(report.ok).toBe(true);
    expect(report.checks.find((check) => check.name === 'spot colours')!.detail).toMatch(
      /^All \(registration\), CutContour; 1 CutContour stroke/,
    );
  });

  it('names the work-and-turn file for what it is, in its file name, label, manifest and work style, and passes its preflight in RGB and CMYK', async () => {
    const entry = manifest.files.find((file) => file.file === 'mini-nl-sheets-press-sra3-work-and-turn.pdf');
    expect(entry!.label).toMatch(/\(SRA3, omslaan: één drukvorm, twee van elke kaart per vel\)$/);
    const sheetwise = manifest.sheets.find((sheet) => sheet.file === 'mini-nl-sheets-press-sra3.pdf')!;
    const turned = manifest.sheets.find((sheet) => sheet.file === 'mini-nl-sheets-press-sra3-work-and-turn.pdf')!;
    expect(sheetwise.imposition).toBe('sheetwise');
    expect(turned.imposition).toBe('work-and-turn');
    expect(entry!.pages).toBe(turned.sheets);
    // Counted as the files are printed: work-and-turn gives two sets, each card on both halves of the plate.
    expect(sheetwise.ticket.product).toMatchObject({ sheetsInFile: sheetwise.sheets, setsInFile: 1, sheetsPerSet: sheetwise.sheets });
    expect(turned.ticket.product).toMatchObject({ sheetsInFile: turned.sheets, setsInFile: 2 });
    expect(turned.ticket.product.setsPerSheet).toBeCloseTo(2 / turned.sheets, 2);
    for (const { ticket } of [sheetwise, turned]) expect(ticket.product.setsPerSheet).toBeLessThanOrEqual(ticket.product.setsInFile);
    for (const name of ['mini-nl-sheets-press-sra3-work-and-turn.pdf', 'mini-nl-sheets-press-sra3-work-and-turn-cmyk.pdf']) {
      const report = manifest.preflight.find((candidate) => candidate.file === name)!;
      expect(report.ok, name).toBe(true);
      expect(report.checks.find((check) => check.name === 'registration')!.detail, name).toContain(
        'work-and-turn sheet(s): turned on the long edge',
      );
      expect(await tool('pdfinfo', [file(name)]), name).toMatch(/Keywords:\s+WorkStyle=WorkAndTurn/);
    }
    expect(manifest.files.map((file) => file.file)).toContain('mini-nl-sheets-press-sra3-work-and-turn-die.pdf');
  });

  it('labels the CMYK file as the PDF/X it is, and records how each duplex sheet turns', () => {
    expect(manifest.files.find((entry) => entry.file === 'mini-nl-sheets-press-sra3-cmyk.pdf')!.label).toMatch(
      /\(SRA3, CMYK, PDF\/X-3:2002\)$/,
    );
    for (const name of ['mini-nl-sheets-press-sra3.pdf', 'mini-nl-sheets-press-sra3-work-and-turn.pdf', 'mini-nl-sheets-school-a4.pdf'])
      expect(
        manifest.sheets.find((sheet) => sheet.file === name),
        name,
      ).toMatchObject({ turnEdge: 'long-edge', backOffsetMm: { x: 0, y: 0 } });
  });

  it('writes the job ticket of every sheet file, valid against schema/manifest.schema.json', async () => {
    const schema = JSON.parse(await readFile(path.join(REPO, 'schema', 'manifest.schema.json'), 'utf8'));
    const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    const ticket = (name: string) => manifest.sheets.find((sheet) => sheet.file === name)!.ticket;
    expect(ticket('mini-nl-sheets-press-sra3.pdf')).toMatchObject({
      product: { cardMm: { width: 63, height: 88 }, sheetMm: { width: 320, height: 450 } },
      imposition: { method: 'sheetwise', turnEdge: 'long-edge', gripper: { edge: 'bottom', depthMm: 10 } },
      colour: { model: 'RGB', inkLimitPercent: 300 },
      finishing: { cut: 'crop-marks', cornerRadiusMm: 3, dieFile: 'mini-nl-sheets-press-sra3-die.pdf' },
      pageOrder: expect.arrayContaining(['sheet 1: fronts', 'sheet 1: backs']),
    });
    expect(ticket('mini-nl-sheets-press-sra3-cmyk.pdf').colour).toEqual({
      model: 'CMYK',
      pdfx: 'PDF/X-3:2002',
      outputIntent: expect.objectContaining({ profile: expect.any(String) }),
      inkLimitPercent: 300,
    });
    expect(ticket('mini-nl-sheets-press-sra3-work-and-turn.pdf').imposition).toMatchObject({
      method: 'work-and-turn',
      turnEdge: 'long-edge',
    });
    expect(ticket('mini-nl-sheets-school-a4.pdf')).toMatchObject({
      finishing: { cut: 'cut-lines' },
      pageOrder: expect.arrayContaining(['cover']),
    });
  });

  it("cuts where the press sheet's faces are trimmed: the CutContour plate runs along each trim (pdf.js) and rounds its corners", async () => {
    const [fronts] = await placedFaces(file('mini-nl-sheets-press-sra3.pdf'));
    expect(fronts!.length).toBeGreaterThan(1);
    const { plate } = await separate(file('mini-nl-sheets-press-sra3-die.pdf'), 1, 300, 'CutContour');
    const bleed = 3 * MM;
    for (const { rect } of fronts!) {
      const trim = { x: rect.x + bleed, y: rect.y + bleed, width: rect.width - 2 * bleed, height: rect.height - 2 * bleed };
      const mid = plate!.pixel(trim.x, trim.y + trim.height / 2);
      const otherMid = plate!.pixel(trim.x + trim.width, trim.y + trim.height / 2);
      const corner = plate!.pixel(trim.x, trim.y);
      expect(inkNear(plate!, mid.x, mid.y) && inkNear(plate!, otherMid.x, otherMid.y)).toBe(true);
      expect(inkNear(plate!, corner.x, corner.y)).toBe(false);
    }
  });

  describe('print-and-cut files', () => {
    it('makes one per press profile, labelled, its job ticket and Keywords saying it is cut along its CutContour, and kaartenset preflight passes it', async () => {
      for (const base of PRESS) {
        const name = `${base}-print-and-cut.pdf`;
        expect(manifest.files.find((entry) => entry.file === name)?.label, name).toMatch(
          /, print-and-cut, met snijcontour CutContour op de voorkanten\)$/,
        );
        expect(manifest.sheets.find((sheet) => sheet.file === `${base}.pdf`)!.ticket.finishing.printAndCutFile).toBe(name);
        const ticket = manifest.sheets.find((sheet) => sheet.file === name)!.ticket;
        expect(ticket.finishing).toEqual({ cut: 'cut-contour', cornerRadiusMm: 3 });
        expect(ticket.pageOrder[0], name).toMatch(/with the cut contour \(CutContour\)$/);
        expect(await tool('pdfinfo', [file(name)]), name).toContain(PRINT_AND_CUT_KEYWORD);
      }
      expect(manifest.sheets.find((sheet) => sheet.file === 'mini-nl-sheets-press-sra3-print-and-cut.pdf')!.ticket.pageOrder).toEqual([
        'sheet 1: fronts, with the cut contour (CutContour)',
        'sheet 1: backs',
      ]);
      const run = await runCli(['preflight', ...PRESS.map((base) => file(`${base}-print-and-cut.pdf`))]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(/FAIL/);
      expect(run.stdout).toMatch(/CutContour contour\(s\) left to the spot colours check/);
    });

    it("strokes the die's own cut contour over every fronts page: the same path at the same transform (mutool trace), the backs page left alone", async () => {
      for (const base of PRESS) {
        const die = await cutContour(file(`${base}-die.pdf`), 1);
        const cut = await cutContour(file(`${base}-print-and-cut.pdf`), 1);
        expect(cut, base).toBeDefined();
        expect(cut!.transform, base).toBe(die!.transform);
        expect(cut!.path, base).toBe(die!.path);
      }
      expect(await cutContour(file('mini-nl-sheets-press-sra3-print-and-cut.pdf'), 2)).toBeUndefined();
      const [sheet, back] = await Promise.all([
        render(file('mini-nl-sheets-press-sra3.pdf'), 2, 60),
        render(file('mini-nl-sheets-press-sra3-print-and-cut.pdf'), 2, 60),
      ]);
      expect(back.data.equals(sheet.data)).toBe(true);
    });

    it('cuts only the slots that hold a card: as many die and print-and-cut contours on each sheet as faces on its fronts page (pdf.js), each on a trim (mutool)', async () => {
      for (const base of PRESS) {
        const pages = await placedFaces(file(`${base}.pdf`));
        const sheet = manifest.sheets.find((entry) => entry.file === `${base}.pdf`)!;
        const frontPages = sheet.imposition === 'sheetwise' ? pages.filter((_, index) => index % 2 === 0) : pages;
        expect(frontPages, base).toHaveLength(sheet.sheets);
        // The mini deck fills no sheet: the grid's other slots are empty, and must stay uncut.
        expect(frontPages.at(-1)!.length, base).toBeLessThan(sheet.cardsPerSheet);
        for (const [index, faces] of frontPages.entries()) {
          const trims = faces.map(({ rect }) => ({
            x: rect.x + 3 * MM,
            y: rect.y + 3 * MM,
            width: rect.width - 6 * MM,
            height: rect.height - 6 * MM,
          }));
          const frontPage = sheet.imposition === 'sheetwise' ? 2 * index + 1 : index + 1;
          for (const [name, page] of [
            [`${base}-die.pdf`, index + 1],
            [`${base}-print-and-cut.pdf`, frontPage],
          ] as const) {
            const { subpaths } = (await cutContour(file(name), page))!;
            expect(subpaths.length, `${name} page ${page}`).toBe(faces.length);
            for (const cut of subpaths)
              expect(
                trims.some((trim) =>
                  ['x', 'y', 'width', 'height'].every((key) => Math.abs(trim[key as keyof Rect] - cut[key as keyof Rect]) < 0.1),
                ),
                `${name} page ${page}: a contour at ${cut.x.toFixed(1)}, ${cut.y.toFixed(1)} pt cuts no card`,
              ).toBe(true);
          }
        }
        expect((await openPdf(file(`${base}-die.pdf`))).getPageCount(), base).toBe(sheet.sheets);
      }
    });

    it('makes it in CMYK with --cmyk: the PDF/X of the CMYK press file, the CutContour line kept on its plate where the die has it, and preflight passes it', async () => {
      for (const base of PRESS) {
        const name = `${base}-print-and-cut-cmyk.pdf`;
        const ticket = manifest.sheets.find((sheet) => sheet.file === name)?.ticket;
        expect(ticket, name).toMatchObject({ colour: { model: 'CMYK', pdfx: 'PDF/X-3:2002' }, finishing: { cut: 'cut-contour' } });
        expect(manifest.files.find((entry) => entry.file === name)!.label, name).toMatch(/print-and-cut, .*, CMYK, PDF\/X-3:2002\)$/);
        const [{ plate: die }, { plate, plates }] = await Promise.all([
          separate(file(`${base}-die.pdf`), 1, 150, 'CutContour'),
          separate(file(name), 1, 150, 'CutContour'),
        ]);
        expect(plates, name).toEqual(expect.arrayContaining(['Cyan', 'Magenta', 'Yellow', 'Black', 'CutContour']));
        let inked = 0;
        let differing = 0;
        for (let y = 0; y < plate!.height; y++)
          for (let x = 0; x < plate!.width; x++) {
            if (die!.inked(x, y)) inked++;
            if (plate!.inked(x, y) !== die!.inked(x, y)) differing++;
          }
        expect(inked, name).toBeGreaterThan(1000);
        expect(differing, name).toBe(0);
      }
      const run = await runCli(['preflight', ...PRESS.map((base) => file(`${base}-print-and-cut-cmyk.pdf`))]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
    });

    it("keeps the press sheet's page boxes, and everything it prints outside the cut line: marks, slug and bleed", async () => {
      for (const base of PRESS) {
        const [sheet, cut] = await Promise.all([openPdf(file(`${base}.pdf`)), openPdf(file(`${base}-print-and-cut.pdf`))]);
        expect(cut.getPageCount()).toBe(sheet.getPageCount());
        expect(cut.getPages().map(boxesOf), base).toEqual(sheet.getPages().map(boxesOf));
        const slugOf = (name: string) => tool('pdftotext', ['-f', '1', '-l', '1', file(name), '-']);
        const text = await slugOf(`${base}-print-and-cut.pdf`);
        expect(text).toContain('Mini · nl · press-sra3');
        expect(text).toBe(await slugOf(`${base}.pdf`));
        // Rendered, the fronts differ from the sheet's only along the cut contour: no mark, slug or bleed moved or clipped.
        const dpi = 100;
        const [plain, overlaid] = await Promise.all([
          render(file(`${base}.pdf`), 1, dpi),
          render(file(`${base}-print-and-cut.pdf`), 1, dpi),
        ]);
        const { subpaths } = (await cutContour(file(`${base}-die.pdf`), 1))!;
        const onCut = (x: number, y: number) => {
          const [px, py] = [((x + 0.5) * 72) / dpi, ((plain.height - y - 0.5) * 72) / dpi];
          const tolerance = (2.5 * 72) / dpi;
          return subpaths.some((rect) => Math.abs(roundedRectDistance(rect, 3 * MM, px, py)) < tolerance);
        };
        let changed = 0;
        const elsewhere: string[] = [];
        for (let y = 0; y < plain.height; y++)
          for (let x = 0; x < plain.width; x++) {
            const i = (y * plain.width + x) * 3;
            if (
              plain.data[i] === overlaid.data[i] &&
              plain.data[i + 1] === overlaid.data[i + 1] &&
              plain.data[i + 2] === overlaid.data[i + 2]
            )
              continue;
            changed++;
            if (!onCut(x, y)) elsewhere.push(`${x},${y}`);
          }
        expect(changed, base).toBeGreaterThan(1000);
        expect(elsewhere.slice(0, 10), base).toEqual([]);
      }
    });

    it('registers with its die when rendered: the CutContour plates are the same and the line runs on every trim within 0.05 mm, round at the corners', async () => {
      const [fronts] = await placedFaces(file('mini-nl-sheets-press-sra3.pdf'));
      const { plate: die } = await separate(file('mini-nl-sheets-press-sra3-die.pdf'), 1, 300, 'CutContour');
      const { plate } = await separate(file('mini-nl-sheets-press-sra3-print-and-cut.pdf'), 1, 300, 'CutContour');
      let differing = 0;
      for (let y = 0; y < plate!.height; y++)
        for (let x = 0; x < plate!.width; x++) if (plate!.inked(x, y) !== die!.inked(x, y)) differing++;
      expect(differing).toBe(0);
      const bleed = 3 * MM;
      const inset = 3 * MM * (1 - Math.SQRT1_2);
      const offsets: number[] = [];
      for (const { rect } of fronts!) {
        const trim = { x: rect.x + bleed, y: rect.y + bleed, width: rect.width - 2 * bleed, height: rect.height - 2 * bleed };
        const [left, bottom, right, top] = [trim.x, trim.y, trim.x + trim.width, trim.y + trim.height];
        const middle = plate!.pixel(left + trim.width / 2, bottom + trim.height / 2);
        for (const [edge, along, fixed, at] of [
          [left, 'x', middle.y, plate!.pixel(left, 0).x],
          [right, 'x', middle.y, plate!.pixel(right, 0).x],
          [bottom, 'y', middle.x, plate!.pixel(0, bottom).y],
          [top, 'y', middle.x, plate!.pixel(0, top).y],
        ] as const) {
          const centre = lineCentre(plate!, along, fixed, at);
          expect(centre).toBeDefined();
          offsets.push(Math.abs(centre! - edge) / MM);
        }
        for (const [cx, cy, sx, sy] of [
          [left, bottom, 1, 1],
          [right, bottom, -1, 1],
          [right, top, -1, -1],
          [left, top, 1, -1],
        ] as const) {
          const corner = plate!.pixel(cx, cy);
          expect(inkNear(plate!, corner.x, corner.y)).toBe(false);
          const arc = plate!.pixel(cx + sx * inset, cy + sy * inset);
          expect(inkNear(plate!, arc.x, arc.y, 1)).toBe(true);
        }
      }
      expect(offsets.length).toBe(4 * fronts!.length);
      expect(Math.max(...offsets)).toBeLessThanOrEqual(0.05);
    });
  });
});
