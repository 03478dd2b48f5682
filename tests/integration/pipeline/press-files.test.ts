import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/output/manifest.ts';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { REPO } from '../../support/fixtures.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { inkNear, separate } from '../../support/separations.ts';
import { placedFaces } from '../../support/sheet-faces.ts';

const MM = 72 / 25.4;

/** The mini deck cut with 3 mm round corners, on both SRA3 press layouts: every press profile gets a die file. */
describe('press files of a deck with a corner radius and both press layouts', () => {
  let project: TempProject;
  let manifest: Manifest;
  const file = (name: string) => path.join(project.out, 'mini', 'nl', name);
  beforeAll(async () => {
    project = await tempProject(['mini']);
    await project.edit('deck/mini/deck.yaml', (text) =>
      text.replace('safeZone: 4mm\n', 'safeZone: 4mm\ncornerRadius: 3mm\nprofiles: [press-sra3, press-sra3-work-and-turn, school-a4]\n'),
    );
    await project.edit('deck/mini/locales/nl.yaml', (text) =>
      text.replace('  file-cmyk:', '  file-die: stanslijn (CutContour)\n  file-work-and-turn: omslaan\n  file-cmyk:'),
    );
    await project.edit('deck/mini/locales/en.yaml', (text) =>
      text.replace('  file-cmyk:', '  file-die: die line (CutContour)\n  file-work-and-turn: work-and-turn\n  file-cmyk:'),
    );
    const summary = await buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false, cmyk: true });
    expect(summary.builds[0]!.files).toContain('sheets-press-sra3-die.pdf');
    manifest = JSON.parse(await readFile(file('manifest.json'), 'utf8')) as Manifest;
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('lists the die file in the manifest, named for its sheets, preflighted with its spot colours named', () => {
    const die = manifest.files.find((entry) => entry.file === 'sheets-press-sra3-die.pdf');
    expect(die).toMatchObject({ pages: 1, pageSizeMm: [320, 450] });
    expect(die!.label).toContain('stanslijn (CutContour)');
    const report = manifest.preflight.find((entry) => entry.file === 'sheets-press-sra3-die.pdf')!;
    expect(report.ok).toBe(true);
    expect(report.checks.find((check) => check.name === 'spot colours')!.detail).toMatch(
      /^All \(registration\), CutContour; 1 CutContour stroke/,
    );
  });

  it('names the work-and-turn file for what it is, in its file name, label, manifest and work style, and passes its preflight in RGB and CMYK', async () => {
    const entry = manifest.files.find((file) => file.file === 'sheets-press-sra3-work-and-turn.pdf');
    expect(entry!.label).toMatch(/\(SRA3, omslaan\)$/);
    const sheetwise = manifest.sheets.find((sheet) => sheet.file === 'sheets-press-sra3.pdf')!;
    const turned = manifest.sheets.find((sheet) => sheet.file === 'sheets-press-sra3-work-and-turn.pdf')!;
    expect(sheetwise.imposition).toBe('sheetwise');
    expect(turned.imposition).toBe('work-and-turn');
    expect(entry!.pages).toBe(turned.sheets);
    for (const name of ['sheets-press-sra3-work-and-turn.pdf', 'sheets-press-sra3-work-and-turn-cmyk.pdf']) {
      const report = manifest.preflight.find((candidate) => candidate.file === name)!;
      expect(report.ok, name).toBe(true);
      expect(report.checks.find((check) => check.name === 'registration')!.detail, name).toContain(
        'work-and-turn sheet(s): turned on the long edge',
      );
      expect(await tool('pdfinfo', [file(name)]), name).toMatch(/Keywords:\s+WorkStyle=WorkAndTurn/);
    }
    expect(manifest.files.map((file) => file.file)).toContain('sheets-press-sra3-work-and-turn-die.pdf');
  });

  it('labels the CMYK file as the PDF/X it is, and records how each duplex sheet turns', () => {
    expect(manifest.files.find((entry) => entry.file === 'sheets-press-sra3-cmyk.pdf')!.label).toMatch(/\(SRA3, CMYK, PDF\/X-3:2002\)$/);
    for (const name of ['sheets-press-sra3.pdf', 'sheets-press-sra3-work-and-turn.pdf', 'sheets-school-a4.pdf'])
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
    expect(ticket('sheets-press-sra3.pdf')).toMatchObject({
      product: { cardMm: { width: 63, height: 88 }, sheetMm: { width: 320, height: 450 } },
      imposition: { method: 'sheetwise', turnEdge: 'long-edge', gripper: { edge: 'bottom', depthMm: 10 } },
      colour: { model: 'RGB', inkLimitPercent: 300 },
      finishing: { cut: 'crop-marks', cornerRadiusMm: 3, dieFile: 'sheets-press-sra3-die.pdf' },
      pageOrder: expect.arrayContaining(['sheet 1: fronts', 'sheet 1: backs']),
    });
    expect(ticket('sheets-press-sra3-cmyk.pdf').colour).toEqual({
      model: 'CMYK',
      pdfx: 'PDF/X-3:2002',
      outputIntent: expect.objectContaining({ profile: expect.any(String) }),
      inkLimitPercent: 300,
    });
    expect(ticket('sheets-press-sra3-work-and-turn.pdf').imposition).toMatchObject({ method: 'work-and-turn', turnEdge: 'long-edge' });
    expect(ticket('sheets-school-a4.pdf')).toMatchObject({ finishing: { cut: 'cut-lines' }, pageOrder: expect.arrayContaining(['cover']) });
  });

  it("cuts where the press sheet's faces are trimmed: the CutContour plate runs along each trim (pdf.js) and rounds its corners", async () => {
    const [fronts] = await placedFaces(file('sheets-press-sra3.pdf'));
    expect(fronts!.length).toBeGreaterThan(1);
    const { plate } = await separate(file('sheets-press-sra3-die.pdf'), 1, 300, 'CutContour');
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
});
