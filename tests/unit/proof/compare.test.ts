import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/output/manifest.ts';
import { compareBuilds } from '../../../src/proof/compare.ts';

/*
 * Two builds written by hand: a manifest and a cards.pdf of one page per face (each card's front,
 * then its category's back), so each case changes exactly what it names. By default with the
 * names of a build made before file names carried deck and language; `named` gives today's.
 */

interface CardSpec {
  id: string;
  template?: string;
  front: string;
  /** The hash the manifest gives the front (by default one made of its text). */
  hash?: string;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-proof-unit-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function writeBuild(
  name: string,
  cards: CardSpec[],
  options: { bleedMm?: number; sheets?: number; sheetPages?: number; language?: string; named?: boolean } = {},
): Promise<string> {
  const out = path.join(work, name);
  const language = options.language ?? 'en';
  const dir = path.join(out, 'mini', language);
  await mkdir(dir, { recursive: true });
  const prefix = options.named ? `mini-${language}-` : '';
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const card of cards)
    for (const text of [card.front, 'Basics']) {
      const page = doc.addPage([195, 266]);
      page.drawText(text, { x: 20, y: 200, size: 14, font });
    }
  await writeFile(path.join(dir, `${prefix}cards.pdf`), await doc.save());
  const manifest = {
    deck: 'mini',
    language,
    title: 'Mini',
    languageName: 'English',
    direction: 'ltr',
    trimMm: { width: 63, height: 88 },
    bleedMm: options.bleedMm ?? 3,
    safeZoneMm: 4,
    cards: {
      distinct: cards.length,
      printed: cards.length,
      list: cards.map((card) => ({ id: card.id, category: 'basis', template: card.template ?? 'condition', count: 1 })),
    },
    sheets: [
      {
        profile: 'school-a4',
        variant: 'standard',
        file: `${prefix}sheets-school-a4.pdf`,
        sheets: options.sheets ?? 1,
        cardsPerSheet: 8,
        imposition: 'sheetwise',
        rotated: true,
        description: '',
      },
    ],
    faceHashes: [
      ...cards.map((card) => ({ face: `${card.id}/front`, hash: card.hash ?? `h-${card.front}` })),
      { face: 'back/basis', hash: 'back' },
    ],
    files: [
      ...(options.named ? [{ file: `${prefix}cards.pdf`, label: '', bytes: 1, sha256: 'x', pages: cards.length * 2 }] : []),
      { file: `${prefix}sheets-school-a4.pdf`, label: '', bytes: 1, sha256: 'x', pages: options.sheetPages ?? 3 },
    ],
  } as unknown as Manifest;
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return out;
}

const side = (out: string) => ({ out, label: path.basename(out) });

describe('comparing two builds', () => {
  it('skips faces whose hash is the same without rendering them, even where their pages differ', async () => {
    const before = await writeBuild('same-hash-a', [{ id: 'a', front: 'Apple', hash: 'same' }]);
    const after = await writeBuild('same-hash-b', [{ id: 'a', front: 'Pear', hash: 'same' }]);
    const comparison = await compareBuilds(side(before), side(after));
    expect(comparison.changed).toBe(false);
    expect(comparison.counts).toEqual({ faces: 2, rendered: 0 });
  });

  it('names the changed card and side, its words, and renders only the faces whose hashes differ', async () => {
    const before = await writeBuild('word-a', [
      { id: 'a', front: 'Apple tree' },
      { id: 'b', front: 'Banana' },
    ]);
    const after = await writeBuild('word-b', [
      { id: 'a', front: 'Apple bush' },
      { id: 'b', front: 'Banana' },
    ]);
    const comparison = await compareBuilds(side(before), side(after));
    expect(comparison.counts.rendered).toBe(1);
    const [set] = comparison.sets;
    expect(set!.faces.map(({ face, side, card, change }) => ({ face, side, card, change }))).toEqual([
      { face: 'a/front', side: 'front', card: 'a', change: 'changed' },
    ]);
    expect(set!.faces[0]!.fields.map(({ field, added, removed }) => ({ field, added, removed }))).toEqual([
      { field: 'text', added: ['bush'], removed: ['tree'] },
    ]);
    expect(set!.faces[0]!.pixels!.areasMm.length).toBeGreaterThan(0);
    expect(set!.hashes).toContainEqual({ face: 'a/front', hash: 'h-Apple bush', previous: 'h-Apple tree' });
  });

  it('names cards added and removed, and a face whose hash changed but prints the same as the same look', async () => {
    const before = await writeBuild('cards-a', [
      { id: 'a', front: 'Apple' },
      { id: 'b', front: 'Banana', hash: 'one' },
    ]);
    const after = await writeBuild('cards-b', [
      { id: 'b', front: 'Banana', hash: 'two' },
      { id: 'c', front: 'Cherry' },
    ]);
    const [set] = (await compareBuilds(side(before), side(after))).sets;
    expect(set!.faces.map(({ face, change }) => `${face} ${change}`).sort()).toEqual(['a/front removed', 'c/front added']);
    expect(set!.sameLook).toEqual(['b/front']);
  });

  it('says in words how the geometry and the sheets changed', async () => {
    const cards = [{ id: 'a', front: 'Apple' }];
    const before = await writeBuild('geometry-a', cards);
    const after = await writeBuild('geometry-b', cards, { bleedMm: 2, sheets: 2, sheetPages: 5 });
    const comparison = await compareBuilds(side(before), side(after));
    expect(comparison.changed).toBe(true);
    expect(comparison.sets[0]!.geometry).toEqual(['bleed 3 mm → 2 mm']);
    expect(comparison.sets[0]!.sheets).toEqual(['sheets-school-a4.pdf: 1 → 2 sheet(s), 3 → 5 pages']);
  });

  it('compares a build from before file names carried deck and language with one after, file by file', async () => {
    const before = await writeBuild('renamed-a', [{ id: 'a', front: 'Apple tree' }]);
    const after = await writeBuild('renamed-b', [{ id: 'a', front: 'Apple bush' }], { named: true, sheets: 2 });
    const comparison = await compareBuilds(side(before), side(after));
    const [set] = comparison.sets;
    expect(set!.cardsFile).toEqual({ before: 'cards.pdf', after: 'mini-en-cards.pdf' });
    expect(set!.faces[0]!.fields.map(({ added, removed }) => ({ added, removed }))).toEqual([{ added: ['bush'], removed: ['tree'] }]);
    expect(set!.sheets).toEqual(['mini-en-sheets-school-a4.pdf: 1 → 2 sheet(s)']);
  });

  it('names a language added to the deck', async () => {
    const before = await writeBuild('language-a', [{ id: 'a', front: 'Apple' }]);
    const after = await writeBuild('language-b', [{ id: 'a', front: 'Apple' }]);
    await writeBuild('language-b', [{ id: 'a', front: 'Appel' }], { language: 'nl' });
    const comparison = await compareBuilds(side(before), side(after));
    expect(comparison.sets.map(({ language, change }) => `${language} ${change}`)).toEqual(['en unchanged', 'nl added']);
  });
});
