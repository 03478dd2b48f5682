import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SheetProfileSchema, type SheetProfile } from '../../../src/deck/sheet-profile-schema.ts';
import { mmToPt } from '../../../src/deck/units.ts';
import { validateSource } from '../../../src/deck/validate.ts';
import { readYamlFile } from '../../../src/deck/yaml-source.ts';
import { schoolPdf, schoolProfile, type PrintKit, type SchoolChoices } from '../../../src/impose/school-pdf.ts';
import { sheetFontFiles } from '../../../src/impose/sheet-font-file.ts';
import { planSheet } from '../../../src/impose/sheet-plan.ts';
import { readMillimetres, schoolPageCount } from '../../../src/print-page/school-choices.ts';
import { readCalibrationSheet } from '../../support/calibration.ts';
import { REPO } from '../../support/fixtures.ts';
import { tool } from '../../support/pdf-tools.ts';
import { placedFaces } from '../../support/sheet-faces.ts';

// The school PDF the print page makes, from a small kit: three cards whose faces say which card
// and side they are, on the project's A4 school profile.

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const geometry = {
  trimWidth: mmToPt(74),
  trimHeight: mmToPt(105),
  bleed: mmToPt(3),
  safe: mmToPt(5),
  width: mmToPt(80),
  height: mmToPt(111),
};
const CARDS = ['A', 'B', 'C'];
let dir: string;
let kit: PrintKit;

async function facesPdf(): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const card of CARDS) {
    for (const side of ['front', 'back']) {
      const page = doc.addPage([geometry.width, geometry.height]);
      page.drawText(`${side} ${card}`, { x: 30, y: 150, size: 14, font });
      page.setTrimBox(geometry.bleed, geometry.bleed, geometry.trimWidth, geometry.trimHeight);
      page.setBleedBox(0, 0, geometry.width, geometry.height);
    }
  }
  return Buffer.from(await doc.save()).toString('base64');
}

async function profile(name: string): Promise<SheetProfile> {
  const read = await readYamlFile(path.join(REPO, 'templates', 'sheets', `${name}.yaml`));
  return validateSource(read.source!, SheetProfileSchema).value!;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-school-pdf-'));
  const cover = {
    title: 'Proefdeck',
    subtitle: 'Ondertitel',
    heading: 'Zo print je',
    steps: ['Print.'],
    calibration: 'Houd het vel tegen het licht.',
  };
  const slugWords = {
    printers: { 'long-edge': 'dubbelzijdig, lange zijde', 'short-edge': 'dubbelzijdig, korte zijde', 'fold-over': 'vouwvel' },
    correction: 'afgelezen {x} / {y} · achterkanten {moves}',
    sides: { right: 'rechts', left: 'links', above: 'boven', below: 'onder' },
    moves: {
      left: '{mm} mm naar links',
      right: '{mm} mm naar rechts',
      up: '{mm} mm omhoog',
      down: '{mm} mm omlaag',
      and: 'en',
      none: 'niet verschoven',
    },
  };
  const words = [
    cover.title,
    cover.subtitle,
    cover.heading,
    cover.calibration,
    ...cover.steps,
    ...Object.values(slugWords.printers),
    ...Object.values(slugWords.sides),
    ...Object.values(slugWords.moves),
  ];
  const everything = [...words, slugWords.correction, 'Proefdeck nl Vel voorkanten achterkanten A4 0123456789 ·/+\u2212.,()'].join('');
  const fonts = sheetFontFiles();
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  kit = {
    deck: 'proef',
    language: 'nl',
    direction: 'ltr',
    title: 'Proefdeck',
    geometry,
    cards: CARDS.map((card, i) => ({ id: card.toLowerCase(), title: card, front: 2 * i, back: 2 * i + 1, count: 1 })),
    faces: { standard: await facesPdf() },
    profiles: { 'school-a4': await profile('school-a4'), 'school-a4-fold': await profile('school-a4-fold') },
    slug: { deck: 'Proefdeck', language: 'nl', sheet: 'Vel', front: 'voorkanten', back: 'achterkanten' },
    covers: { 'long-edge': cover, 'short-edge': cover, 'fold-over': cover },
    fileTitles: {
      duplex: 'Printvellen',
      foldOver: 'Vouwvellen',
      inks: { standard: 'Volledige kleur', 'low-ink': 'Zuinig met inkt', grayscale: 'Grijstinten' },
      sets: 'aantal sets: {sets}',
      subject: '{sheets} vellen, {cards} kaarten per vel',
    },
    slugWords,
    fonts: { 400: (await fonts(400, everything)).map(base64), 700: (await fonts(700, everything)).map(base64) },
  };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const choices = (change: Partial<SchoolChoices> = {}): SchoolChoices => ({
  paper: 'A4',
  printer: 'long-edge',
  offsetMm: { x: 0, y: 0 },
  ink: 'standard',
  sets: 1,
  ...change,
});

async function make(name: string, change: Partial<SchoolChoices>): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, await schoolPdf(kit, choices(change)));
  return file;
}

/** The card of each front, sheet after sheet, as pdf.js reads the faces. */
async function frontsInOrder(file: string, pagesPerSheet: 1 | 2): Promise<string[]> {
  const pages = await placedFaces(file);
  return pages
    .slice(pagesPerSheet)
    .filter((_, i) => i % pagesPerSheet === 0)
    .flatMap((faces) => faces.map((face) => /front (\w)/.exec(face.text)?.[1]).filter(Boolean)) as string[];
}

describe('the school PDF of several sets', () => {
  it('comes out set by set: 3 sets of A, B, C are A B C A B C A B C, duplex and fold-over', async () => {
    expect(await frontsInOrder(await make('duplex.pdf', { sets: 3 }), 2)).toEqual([...CARDS, ...CARDS, ...CARDS]);
    expect(await frontsInOrder(await make('fold.pdf', { sets: 3, printer: 'fold-over' }), 1)).toEqual([...CARDS, ...CARDS, ...CARDS]);
  });

  it('has the sheets and pages the page announces before making it', async () => {
    for (const printer of ['long-edge', 'fold-over'] as const) {
      for (const sets of [1, 3, 7]) {
        const { profile: chosen } = schoolProfile(kit, choices({ printer }));
        const plan = planSheet(chosen, geometry);
        const layout = { perSheet: plan.slots.length, pagesPerSheet: plan.fold ? 1 : 2, cover: true, copies: false } as const;
        const file = await make(`count-${printer}-${sets}.pdf`, { printer, sets });
        const pages = Number(/Pages:\s+(\d+)/.exec(await tool('pdfinfo', [file]))![1]);
        expect(pages, `${printer}, ${sets} sets`).toBe(schoolPageCount(layout, CARDS.length * sets).pages);
      }
    }
  });
});

describe("the school PDF's slug", () => {
  it("names paper, printer, the reading with its side and where it moved the backs, in the teacher's words, never the profile's id", async () => {
    const duplex = await tool('pdftotext', ['-f', '3', '-l', '4', await make('slug.pdf', { offsetMm: { x: 1.5, y: -0.5 } }), '-']);
    expect(duplex.replace(/\s+/g, ' ')).toContain(
      'A4 · dubbelzijdig, lange zijde · afgelezen +1,5 (rechts) / \u22120,5 (onder) · achterkanten 1,5 mm naar links en 0,5 mm omhoog',
    );
    // The calibration sheet (pages 1 and 2) says which reading it was made with too.
    for (const calibrationPage of ['1', '2']) {
      const calibration = await tool('pdftotext', ['-f', calibrationPage, '-l', calibrationPage, path.join(dir, 'slug.pdf'), '-']);
      expect(calibration.replace(/\s+/g, ' '), `page ${calibrationPage}`).toContain('afgelezen +1,5 (rechts) / \u22120,5 (onder)');
    }
    const moved = await tool('pdftotext', ['-f', '3', '-l', '3', await make('slug-x.pdf', { offsetMm: { x: 2, y: 0 } }), '-']);
    expect(moved.replace(/\s+/g, ' ')).toContain('afgelezen +2 (rechts) / 0 · achterkanten 2 mm naar links');
    const fold = await tool('pdftotext', ['-f', '2', '-l', '2', await make('slug-fold.pdf', { printer: 'fold-over' }), '-']);
    expect(fold.replace(/\s+/g, ' ')).toContain('A4 · vouwvel');
    for (const text of [duplex, fold]) expect(text).not.toMatch(/school-a4/);
  });
});

describe("the school PDF's title and subject", () => {
  it("say in the deck's language what was made: printer, reading, ink, sets, sheets", async () => {
    const info = await tool('pdfinfo', [await make('info.pdf', { offsetMm: { x: 2, y: 0 }, ink: 'standard', sets: 3 })]);
    expect(info).toMatch(
      /Title:\s+Proefdeck: Printvellen \(A4 · dubbelzijdig, lange zijde · afgelezen \+2 \(rechts\) \/ 0 · achterkanten 2 mm naar links · Volledige kleur · aantal sets: 3\)/,
    );
    expect(info).toMatch(/Subject:\s+\d+ vellen, \d+ kaarten per vel/);
  });
});

describe('the calibration, followed as docs/schools.md tells it', () => {
  for (const drift of [
    { x: 2, y: 0 },
    { x: 0, y: -2 },
    { x: -1.5, y: 2 },
  ]) {
    it(`on a printer whose backs land ${drift.x} mm right and ${drift.y} mm up: one reading typed as the sheet shows it ends within 0.2 mm`, async () => {
      const first = await make('calibration-1.pdf', {});
      const { read } = await readCalibrationSheet(first, drift, 'vertical', A4);
      // The teacher types the scale's reading in Dutch, decimal comma and all.
      const typed = (mm: number) => readMillimetres(mm.toLocaleString('nl-NL'));
      const [x, y] = [typed(read.x), typed(read.y)];
      expect(x.ok && y.ok).toBe(true);
      const second = await make('calibration-2.pdf', { offsetMm: { x: x.ok ? x.value : Number.NaN, y: y.ok ? y.value : Number.NaN } });
      const { exact } = await readCalibrationSheet(second, drift, 'vertical', A4);
      expect(Math.abs(exact.x), `left over across: ${exact.x} mm`).toBeLessThan(0.2);
      expect(Math.abs(exact.y), `left over up and down: ${exact.y} mm`).toBeLessThan(0.2);
      // And every card's back, printed with the same drift, lands within 0.2 mm behind its front.
      const pages = await placedFaces(second);
      for (let index = 2; index < pages.length; index += 2) {
        for (const front of pages[index]!) {
          const card = /front (\w)/.exec(front.text)![1];
          const back = pages[index + 1]!.find((face) => face.text.includes(`back ${card}`))!;
          const seenX = A4.width - (back.rect.x + drift.x * MM) - back.rect.width;
          const seenY = back.rect.y + drift.y * MM;
          expect(Math.abs(seenX - front.rect.x) / MM).toBeLessThan(0.2);
          expect(Math.abs(seenY - front.rect.y) / MM).toBeLessThan(0.2);
        }
      }
    });
  }
});

describe('a fold-over sheet as pdftoppm draws it', () => {
  it('has a cut mark above and below the card edge beside the fold, on both halves', async () => {
    const file = await make('fold-marks.pdf', { printer: 'fold-over' });
    const { profile: chosen } = schoolProfile(kit, choices({ printer: 'fold-over' }));
    const { grid, fold } = planSheet(chosen, geometry);
    expect(fold?.axis).toBe('vertical');
    const dpi = 100;
    const png = path.join(dir, 'fold-marks');
    await tool('pdftoppm', ['-gray', '-r', String(dpi), '-f', '2', '-l', '2', file, png]);
    const bytes = await readFile(`${png}-2.pgm`);
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 32).toString('latin1'))!;
    const width = Number(header[1]);
    const pixels = bytes.subarray(header[0].length);
    const px = (pt: number) => Math.round((pt * dpi) / 72);
    /** Whether a line crosses the row at `y` (pt) within a pixel of `x` (pt). */
    const inked = (x: number, y: number) => [-1, 0, 1].some((dx) => pixels[px(A4.height - y) * width + px(x) + dx]! < 160);
    const top = grid.trimExtent.y + grid.trimExtent.height;
    const above = (top + A4.height) / 2;
    const below = grid.trimExtent.y / 2;
    const edge = grid.trimExtent.x + grid.trimExtent.width;
    for (const x of [edge, A4.width - edge]) {
      expect(inked(x, above), `a mark above x = ${x.toFixed(1)} pt`).toBe(true);
      expect(inked(x, below), `a mark below x = ${x.toFixed(1)} pt`).toBe(true);
    }
  });
});
