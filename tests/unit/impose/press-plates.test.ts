import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { concatTransformationMatrix, drawObject, PDFDict, PDFDocument, PDFName, popGraphicsState, pushGraphicsState, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SheetProfileSchema, type SheetProfile } from '../../../src/deck/sheet-profile-schema.ts';
import { mmToPt } from '../../../src/deck/units.ts';
import { validateSource } from '../../../src/deck/validate.ts';
import { parseYamlText, readYamlFile } from '../../../src/deck/yaml-source.ts';
import { imposeSheets, type ImposedSheets } from '../../../src/impose/impose-sheets.ts';
import { sheetFontFiles } from '../../../src/impose/sheet-font-file.ts';
import { preflightFile } from '../../../src/preflight/preflight.ts';
import { saveDeterministic } from '../../../src/pdf-write/save-pdf.ts';
import { REPO } from '../../support/fixtures.ts';
import { tool } from '../../support/pdf-tools.ts';
import { renderSide, type Box } from '../../support/registration.ts';

const geometry = {
  trimWidth: mmToPt(74),
  trimHeight: mmToPt(105),
  bleed: mmToPt(3),
  safe: mmToPt(5),
  width: mmToPt(80),
  height: mmToPt(111),
};
const slug = { deck: 'Sociaal Werk op Alle Niveaus', language: 'nl', sheet: 'Vel', front: 'voorkanten', back: 'achterkanten' };
/** Card i's front is painted in FRONT_HUES[i], its back in BACK_HUES[i]: every face can be told apart on a rendered page. */
const FRONT_HUES = [0, 120, 240];
const BACK_HUES = [60, 180, 300];
const DPI = 50;
const fontFiles = sheetFontFiles();

/** Six faces, boxed as the print stage hands them over, each filled edge to edge with its own saturated hue. */
async function huedFaces(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const hue of [...FRONT_HUES, ...BACK_HUES]) {
    const page = doc.addPage([geometry.width, geometry.height]);
    page.drawRectangle({ x: 0, y: 0, width: geometry.width, height: geometry.height, color: hueColour(hue) });
    page.setTrimBox(geometry.bleed, geometry.bleed, geometry.trimWidth, geometry.trimHeight);
    page.setBleedBox(0, 0, geometry.width, geometry.height);
  }
  return doc.save();
}

/** The fully saturated RGB colour of a hue on the colour wheel (0 red, 60 yellow, 120 green, ...). */
function hueColour(hue: number) {
  const channel = (n: number) => {
    const k = (n + hue / 60) % 6;
    return 1 - Math.max(0, Math.min(k, 4 - k, 1));
  };
  return rgb(channel(5), channel(3), channel(1));
}

async function profile(name: string, change: (p: SheetProfile) => SheetProfile = (p) => p): Promise<SheetProfile> {
  const read = await readYamlFile(path.join(REPO, 'templates', 'sheets', `${name}.yaml`));
  return change(validateSource(read.source!, SheetProfileSchema).value!);
}

const cards = FRONT_HUES.map((_, i) => ({ id: `card-${i}`, front: i, back: FRONT_HUES.length + i, count: 1 }));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-plates-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function impose(name: string, sheetProfile: SheetProfile): Promise<{ file: string; imposed: ImposedSheets }> {
  const imposed = await imposeSheets({
    faces: await huedFaces(),
    cards,
    geometry,
    profileName: name,
    profile: sheetProfile,
    slug,
    fontFiles,
  });
  const file = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, await imposed.doc.save());
  return { file, imposed };
}

const near = (a: Box, b: Box, pixels: number) =>
  Math.max(Math.abs(a.left - b.left), Math.abs(a.right - b.right), Math.abs(a.top - b.top), Math.abs(a.bottom - b.bottom)) <= pixels;

describe('work-and-turn press sheets', () => {
  it('put every front and its back on one page; turned on the long edge, each back lands behind its front (rendered by poppler)', async () => {
    const { file, imposed } = await impose('press-sra3-work-and-turn', await profile('press-sra3-work-and-turn'));
    expect(imposed.doc.getPageCount()).toBe(1);
    expect(imposed.pagesPerSheet).toBe(1);
    const hues = [...FRONT_HUES, ...BACK_HUES];
    const side1 = await renderSide(file, 1, hues, DPI);
    const turned = await renderSide(file, 1, hues, DPI, 'vertical');
    FRONT_HUES.forEach((frontHue, i) => {
      const front = side1.hues.get(frontHue);
      const back = turned.hues.get(BACK_HUES[i]!);
      expect(front, `front ${i}`).toBeDefined();
      expect(back, `back ${i}`).toBeDefined();
      // Fronts on the half before the turn axis, backs on the other half.
      expect(front!.right).toBeLessThan(side1.width / 2);
      expect(side1.hues.get(BACK_HUES[i]!)!.left).toBeGreaterThan(side1.width / 2);
      expect(near(front!, back!, 2), `back of card ${i} behind its front: ${JSON.stringify(front)} / ${JSON.stringify(back)}`).toBe(true);
    });
  });

  it('would be caught by the same reading when a back sits beside the wrong front', async () => {
    const { file } = await impose('press-sra3-work-and-turn', await profile('press-sra3-work-and-turn'));
    const side1 = await renderSide(file, 1, [...FRONT_HUES, ...BACK_HUES], DPI);
    const unturned = side1.hues.get(BACK_HUES[0]!)!;
    expect(near(side1.hues.get(FRONT_HUES[0]!)!, unturned, 2)).toBe(false);
  });

  it('pass preflight, which reads the work style from the file (as `kaartenset preflight` does), and fail it with one face off its mirror place', async () => {
    const workAndTurn = await profile('press-sra3-work-and-turn');
    const fresh = async () =>
      imposeSheets({
        faces: await huedFaces(),
        cards,
        geometry,
        profileName: 'press-sra3-work-and-turn',
        profile: workAndTurn,
        slug,
        fontFiles,
      });
    const imposed = await fresh();
    const good = path.join(dir, 'wt-good.pdf');
    await writeFile(good, await saveDeterministic(imposed.doc, { title: 't', language: 'nl', workStyle: 'WorkAndTurn' }));
    expect(await tool('pdfinfo', [good])).toMatch(/Keywords:\s+WorkStyle=WorkAndTurn/);
    const report = await preflightFile(good);
    const check = (name: string) => report.checks.find((c) => c.name === name)!;
    expect(check('registration')).toMatchObject({ ok: true });
    expect(check('registration').detail).toContain('1 work-and-turn sheet(s): turned on the long edge');
    expect(check('duplex')).toMatchObject({ ok: true, detail: '1 page(s), each printed on both sides from one plate (work-and-turn)' });

    const defective = await fresh();
    // One more copy of a face the plate already holds, with no partner across the turn.
    const page = defective.doc.getPage(0);
    const face = page.node.Resources()!.lookup(PDFName.of('XObject'), PDFDict).keys()[0]!;
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(1, 0, 0, 1, mmToPt(40), mmToPt(30)),
      drawObject(face),
      popGraphicsState(),
    );
    const bad = path.join(dir, 'wt-bad.pdf');
    await writeFile(bad, await saveDeterministic(defective.doc, { title: 't', language: 'nl', workStyle: 'WorkAndTurn' }));
    const failed = (await preflightFile(bad)).checks.find((c) => c.name === 'registration')!;
    expect(failed.ok).toBe(false);
    expect(failed.detail).toMatch(/page 1: turned on either edge, faces miss each other/);
  });

  it('are refused when the turn would move the gripper edge (that is work-and-tumble)', async () => {
    const file = path.join(REPO, 'templates', 'sheets', 'press-sra3-work-and-turn.yaml');
    const text = (await readFile(file, 'utf8')).replace('  edge: bottom', '  edge: left');
    const result = validateSource(parseYamlText(file, new TextEncoder().encode(text)).source!, SheetProfileSchema);
    expect(result.value).toBeUndefined();
    expect(JSON.stringify(result)).toContain('keeps only its top and bottom edges');
  });
});

/** The rows of pixels within `depth` of the bottom edge that carry any ink, rendered by poppler at `dpi`. */
async function inkInBottomBand(file: string, page: number, depthPt: number, dpi: number): Promise<number> {
  const prefix = path.join(dir, `band-${page}-${Math.random().toString(36).slice(2)}`);
  await tool('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', '-gray', '-png', file, prefix]);
  const { data, info } = await sharp(await readFile(`${prefix}.png`))
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rows = Math.floor((depthPt / 72) * dpi);
  let inked = 0;
  for (let y = info.height - rows; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) if (data[y * info.width + x]! < 250) inked++;
  }
  return inked;
}

describe('the gripper edge of a press sheet', () => {
  const depth = mmToPt(10);
  it.each(['press-sra3', 'press-sra3-work-and-turn'])(
    '%s: nothing is drawn within 10 mm of the gripper edge, on any page, read from the rendered pages',
    async (name) => {
      const sheetProfile = await profile(name);
      expect(sheetProfile.gripper).toEqual({ edge: 'bottom', depth });
      const { file, imposed } = await impose(name, sheetProfile);
      const text = await tool('pdftotext', [file, '-']);
      expect(text).toContain('Sociaal Werk op Alle Niveaus');
      for (let page = 1; page <= imposed.doc.getPageCount(); page++)
        expect(await inkInBottomBand(file, page, depth, 150), `${name} page ${page}`).toBe(0);
    },
  );

  it('the same sheet without a gripper prints marks and slug in that band: the reading sees them', async () => {
    const { file } = await impose('press-sra3', await profile('press-sra3', (p) => ({ ...p, gripper: undefined })));
    expect(await inkInBottomBand(file, 1, depth, 150)).toBeGreaterThan(0);
  });
});
