import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFArray, PDFDocument, PDFName, type PDFPage } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mmToPt, ptToMm } from '../../../src/deck/units.ts';
import { runCli } from '../../support/cli.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

const PROFILES = ['school-a4', 'school-a4-fold', 'school-letter', 'school-letter-fold', 'press-sra3', 'press-sra3-work-and-turn'];

/** Each side's distance from TrimBox to BleedBox, in mm (left, bottom, right, top), as the file's own boxes say. */
function bleedSides(page: PDFPage): number[] {
  const box = (name: string) => {
    const [x1, y1, x2, y2] = page.node
      .lookup(PDFName.of(name), PDFArray)
      .asArray()
      .map((item) => Number(item.toString()));
    return { left: Math.min(x1!, x2!), bottom: Math.min(y1!, y2!), right: Math.max(x1!, x2!), top: Math.max(y1!, y2!) };
  };
  const trim = box('TrimBox');
  const bleed = box('BleedBox');
  return [trim.left - bleed.left, trim.bottom - bleed.bottom, bleed.right - trim.right, bleed.top - trim.top].map((pt) =>
    Number(ptToMm(pt).toFixed(3)),
  );
}

/**
 * A deck whose print shop asks 2 mm of bleed: allowed, built on every sheet profile, every file
 * carrying and declaring 2 mm, and a print shop's preflight of each file passing.
 */
describe('a deck with a 2 mm bleed', () => {
  let project: TempProject;
  let pdfs: string[];
  beforeAll(async () => {
    project = await tempProject(['mini']);
    await project.edit('deck/mini/deck.yaml', (text) =>
      text.replace('bleed: 3mm', 'bleed: 2mm').replace(/^profiles: .*$/m, `profiles: [${PROFILES.join(', ')}]`),
    );
    // The one label of these profiles the mini deck does not carry: the work-and-turn sheets'.
    for (const [language, questions, label] of [
      ['nl', 'Vragen', 'Persvellen, schoon- en weerdruk in één plaat'],
      ['en', 'Questions', 'Press sheets, work-and-turn'],
    ])
      await project.edit(`deck/mini/locales/${language}.yaml`, (text) =>
        text.replace(`  questions: ${questions}\n`, `  questions: ${questions}\n  file-work-and-turn: ${label}\n`),
      );
  }, 60_000);
  afterAll(async () => {
    await project.cleanup();
  });

  it('checks clean', async () => {
    const checked = await runCli(['--root', project.root, 'check']);
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
  }, 120_000);

  it('builds every profile, in RGB and CMYK', async () => {
    const built = await runCli(['--root', project.root, 'build', '--out', project.out, '--no-previews', '--cmyk'], { timeout: 900_000 });
    expect(built.code, built.stderr).toBe(0);
    const dir = path.join(project.out, 'mini', 'en');
    pdfs = (await readdir(dir)).filter((file) => file.endsWith('.pdf')).map((file) => path.join(dir, file));
    // cards.pdf, the worksheet, and per profile its RGB and CMYK sheets.
    expect(pdfs.length).toBeGreaterThanOrEqual(2 + 2 * PROFILES.length);
  }, 900_000);

  it('gives every face of cards.pdf a BleedBox 2 mm larger than its TrimBox on every side, as pdf-lib and poppler read them', async () => {
    const file = pdfs.find((candidate) => path.basename(candidate) === 'mini-en-cards.pdf')!;
    const doc = await PDFDocument.load(await readFile(file));
    expect(doc.getPageCount()).toBeGreaterThan(0);
    for (const page of doc.getPages()) expect(bleedSides(page)).toEqual([2, 2, 2, 2]);
    // poppler's reading of the same boxes.
    const info = await tool('pdfinfo', ['-box', '-f', '1', '-l', String(doc.getPageCount()), file]);
    const boxes = (name: string) =>
      [...info.matchAll(new RegExp(`Page\\s+\\d+ ${name}:\\s+([\\d. ]+)\\n`, 'g'))].map((m) => m[1]!.trim().split(/\s+/).map(Number));
    const trims = boxes('TrimBox');
    const bleeds = boxes('BleedBox');
    expect(trims).toHaveLength(doc.getPageCount());
    trims.forEach((trim, page) => {
      const [x1, y1, x2, y2] = bleeds[page]!;
      const sides = [trim[0]! - x1!, trim[1]! - y1!, x2! - trim[2]!, y2! - trim[3]!];
      expect(sides.map((pt) => Number(ptToMm(pt).toFixed(1)))).toEqual([2, 2, 2, 2]);
    });
  });

  it('declares 2 mm in every card file and sheet, and a print shop preflight of every PDF passes', async () => {
    // The worksheet, if a deck has one, is an office document printed edge to edge: it declares 0.
    const printed = pdfs.filter((candidate) => !/worksheet/.test(candidate));
    for (const file of printed) {
      const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
      expect(doc.getKeywords(), path.basename(file)).toMatch(new RegExp(`Bleed=${Number(mmToPt(2).toFixed(3))}pt`));
    }
    const preflight = await runCli(['--root', project.root, 'preflight', ...pdfs], { timeout: 600_000 });
    expect(preflight.code, preflight.stdout + preflight.stderr).toBe(0);
    expect(preflight.stdout.match(/held to the 2\.00 mm the file says it is made with/g)).toHaveLength(printed.length);
  }, 600_000);
});
