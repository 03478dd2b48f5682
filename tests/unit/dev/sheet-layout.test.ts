import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { mmToPt } from '../../../src/deck/units.ts';
import { readYamlFile } from '../../../src/deck/yaml-source.ts';
import { validateSource } from '../../../src/deck/validate.ts';
import { SheetProfileSchema, type SheetProfile } from '../../../src/deck/sheet-profile-schema.ts';
import { imposeSheets } from '../../../src/impose/impose-sheets.ts';
import { sheetFontFiles } from '../../../src/impose/sheet-font-file.ts';
import { sheetViewLayout } from '../../../src/dev/sheet-layout.ts';
import { REPO } from '../../support/fixtures.ts';

/** Poker cards (they turn on A4) and A7 cards (they do not), each with 3 mm bleed. */
const GEOMETRIES = [
  { trimWidth: mmToPt(63), trimHeight: mmToPt(88), bleed: mmToPt(3), safe: mmToPt(4), width: mmToPt(69), height: mmToPt(94) },
  { trimWidth: mmToPt(74), trimHeight: mmToPt(105), bleed: mmToPt(3), safe: mmToPt(5), width: mmToPt(80), height: mmToPt(111) },
];
const CARDS = [
  { id: 'a', count: 3 },
  { id: 'b', count: 1 },
  { id: 'c', count: 9 },
];

async function profiles(): Promise<Array<[string, SheetProfile]>> {
  const dir = path.join(REPO, 'templates', 'sheets');
  const names = (await readdir(dir)).filter((file) => file.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(
      async (file) =>
        [file.slice(0, -5), validateSource((await readYamlFile(path.join(dir, file))).source!, SheetProfileSchema).value!] as [
          string,
          SheetProfile,
        ],
    ),
  );
}

/** One front and one back page per card, boxed as the print stage hands them to the imposer. */
async function facesPdf(geometry: (typeof GEOMETRIES)[number]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < CARDS.length * 2; i++) {
    const page = doc.addPage([geometry.width, geometry.height]);
    page.drawRectangle({ x: 0, y: 0, width: geometry.width, height: geometry.height, borderWidth: 1 });
    page.setTrimBox(geometry.bleed, geometry.bleed, geometry.trimWidth, geometry.trimHeight);
  }
  return doc.save();
}

const rounded = (rect: { x: number; y: number; width: number; height: number }) =>
  [rect.x, rect.y, rect.width, rect.height].map((n) => Math.round(n * 100) / 100);

describe('the dev sheet view puts every face where the imposer does', () => {
  it('on every profile in templates/sheets, with and without copies, turned and not', async () => {
    for (const [name, base] of await profiles()) {
      for (const profile of [base, { ...base, copies: false }, { ...base, gutter: 0, bleed: false }]) {
        for (const geometry of GEOMETRIES) {
          const imposed = await imposeSheets({
            faces: await facesPdf(geometry),
            cards: CARDS.map((card, i) => ({ ...card, front: 2 * i, back: 2 * i + 1 })),
            geometry,
            profileName: name,
            profile,
            fontFiles: sheetFontFiles(),
            slug: { deck: 'd', language: 'nl', sheet: 'sheet', front: 'fronts', back: 'backs' },
          });
          const layout = sheetViewLayout(profile, geometry, CARDS);
          const shown = layout.pages.flatMap((page) =>
            page.faces.map((face) => `${page.sheet} ${face.side} ${face.cardId} ${face.rotation} ${rounded(face.rect)}`),
          );
          const printed = imposed.placements.map((p) => `${p.sheet} ${p.side} ${p.card} ${p.rotation} ${rounded(p.rect)}`);
          expect(shown.sort(), `${name} ${geometry.trimWidth}`).toEqual(printed.sort());
          expect(layout.sheets).toBe(imposed.sheets);
          expect(layout.rotated).toBe(imposed.grid.rotated);
        }
      }
    }
  });
});
