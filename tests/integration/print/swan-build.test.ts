import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { sharedBuild } from '../../support/built.ts';
import { REPO } from '../../support/fixtures.ts';
import { boxesOf, expectPt, fontsOf, openPdf, tool } from '../../support/pdf-tools.ts';
import { compareWithGolden, goldenSet, renderGoldenPages } from '../../support/visual.ts';
import { sheetStructure } from '../../support/structure.ts';

const MM = 72 / 25.4;
let out: string;
let again: string;

beforeAll(async () => {
  out = await sharedBuild();
  again = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-swan-again-'));
  await buildDecks({ root: REPO, out: again, decks: ['swan'], languages: ['nl'], previews: false });
});

afterAll(async () => {
  await rm(again, { recursive: true, force: true });
});

describe('cards.pdf of the SWAN deck', () => {
  const file = () => path.join(out, 'swan', 'nl', 'swan-nl-cards.pdf');

  it('holds one page per face, front then back, for all 25 cards', async () => {
    const doc = await openPdf(file());
    expect(doc.getPageCount()).toBe(50);
    const text = await tool('pdftotext', ['-f', '1', '-l', '2', file(), '-']);
    expect(text).toContain('Zo werkt het');
    expect(text).toMatch(/Zo\s+gebruik\s+je\s+de\s+kaarten/);
  });

  it('gives every face MediaBox = BleedBox = trim + 2 x 3 mm bleed and TrimBox = the A7 card, to 0.01 pt', async () => {
    const doc = await openPdf(file());
    const [trimWidth, trimHeight, bleed] = [74 * MM, 105 * MM, 3 * MM];
    for (const [index, page] of doc.getPages().entries()) {
      const boxes = boxesOf(page);
      expect(boxes.bleed, `page ${index + 1}`).toEqual(boxes.media);
      expectPt(boxes.media[2], trimWidth + 2 * bleed, 'MediaBox width');
      expectPt(boxes.media[3], trimHeight + 2 * bleed, 'MediaBox height');
      expectPt(boxes.trim[0]! - boxes.media[0]!, bleed, 'bleed left');
      expectPt(boxes.trim[1]! - boxes.media[1]!, bleed, 'bleed bottom');
      expectPt(boxes.trim[2], trimWidth, 'TrimBox width');
      expectPt(boxes.trim[3], trimHeight, 'TrimBox height');
    }
  });

  it('embeds only the bundled fonts, every one of them', async () => {
    const fonts = await fontsOf(file());
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.name).toMatch(/^[A-Z]{6}\+(SourceSans3|Fraunces|NotoSansArabic)-/);
    }
  });

  it('is byte-identical when built again from the same input', async () => {
    const [first, second] = await Promise.all([readFile(file()), readFile(path.join(again, 'swan', 'nl', 'swan-nl-cards.pdf'))]);
    expect(first.equals(second)).toBe(true);
  });

  it('passes qpdf --check', async () => {
    expect(await tool('qpdf', ['--check', file()])).toContain('No syntax or stream encoding errors');
  });
});

describe('previews of the SWAN deck', () => {
  it('are one trimmed PNG and one WebP thumbnail per face, plus a contact sheet', async () => {
    const dir = path.join(out, 'swan', 'nl', 'previews');
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(50);
    expect(files.filter((f) => f.endsWith('.webp'))).toHaveLength(50);
    expect(files).toContain('06-r1-question-front.png');
    const png = await sharp(path.join(dir, '01-intro-how-front.png')).metadata();
    expect(png.width).toBe(Math.round(74 * MM * (150 / 72)));
    const sheet = await sharp(path.join(out, 'swan', 'nl', 'contact-sheet.png')).metadata();
    expect(sheet.width).toBeGreaterThan(1000);
  });
});

describe('visual goldens (pdftoppm + pixelmatch; npm run goldens rewrites them after an intended change)', () => {
  it('renders the chosen faces as they were approved, within 0.5 % of pixels', async () => {
    const set = await goldenSet();
    const pages = await renderGoldenPages(path.join(out, set.deck, set.language, `${set.deck}-${set.language}-cards.pdf`), set);
    for (const [name, png] of pages) {
      const share = await compareWithGolden(name, png);
      expect(share, `${name}: see tests/golden/visual/${name}.diff.png`).toBeLessThanOrEqual(0.005);
    }
  });
});

describe('imposed sheets of the SWAN deck', () => {
  const file = (name: string) => path.join(out, 'swan', 'nl', name);

  it.each(['press-sra3', 'school-a4'])('%s puts every face where the structure golden says', async (profile) => {
    const golden = JSON.parse(await readFile(path.join(REPO, 'tests', 'golden', 'structure', `swan-nl-${profile}.json`), 'utf8'));
    expect(await sheetStructure(file(`swan-nl-sheets-${profile}.pdf`))).toEqual(golden);
  });

  it('embeds each distinct face once (25 fronts, 5 backs) and reuses it', async () => {
    const structure = await sheetStructure(file('swan-nl-sheets-press-sra3.pdf'));
    expect(structure.distinctFaces).toBe(30);
    expect(structure.pages.flat()).toHaveLength(50);
  });

  it('lands the back of every card exactly behind its front (long-edge flip)', async () => {
    const structure = await sheetStructure(file('swan-nl-sheets-school-a4.pdf'));
    const sheetWidth = 210 * MM;
    for (let page = 2; page < structure.pages.length; page += 2) {
      const fronts = structure.pages[page]!;
      const backs = structure.pages[page + 1]!;
      expect(backs).toHaveLength(fronts.length);
      fronts.forEach((front, slot) => {
        const back = backs[slot]!;
        expect(back[1]).toBeCloseTo(sheetWidth - front[1] - front[3], 1);
        expect(back[2]).toBeCloseTo(front[2], 1);
      });
    }
  });

  it('keeps the press file within 1.15 x the faces file', async () => {
    const [press = 0, cards = 1] = await Promise.all(
      ['swan-nl-sheets-press-sra3.pdf', 'swan-nl-cards.pdf'].map(async (name) => (await readFile(file(name))).length),
    );
    expect(press / cards).toBeLessThanOrEqual(1.15);
  });

  it("writes sheet files that pass qpdf --check and the build's own preflight", async () => {
    const pdfs = (await readdir(path.join(out, 'swan', 'nl'))).filter((name) => name.endsWith('.pdf'));
    expect(pdfs).toEqual(
      expect.arrayContaining([
        'swan-nl-sheets-press-sra3.pdf',
        'swan-nl-sheets-school-a4.pdf',
        'swan-nl-sheets-school-a4-low-ink.pdf',
        'swan-nl-sheets-school-a4-grayscale.pdf',
        'swan-nl-sheets-school-letter.pdf',
        'swan-nl-sheets-school-a4-fold-low-ink.pdf',
        'swan-nl-sheets-school-letter-fold-grayscale.pdf',
      ]),
    );
    for (const name of pdfs) expect(await tool('qpdf', ['--check', file(name)]), name).toContain('No syntax or stream encoding errors');
    const report = await readFile(file('preflight.txt'), 'utf8');
    expect(report).not.toContain('FAIL');
    expect(report.match(/^PASS/gm)).toHaveLength(pdfs.length);
  });

  it('describes the set in manifest.json: counts, sizes, sheets, hashes', async () => {
    const manifest = JSON.parse(await readFile(file('manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ deck: 'swan', language: 'nl', trimMm: { width: 74, height: 105 }, bleedMm: 3 });
    expect(manifest.cards.distinct).toBe(25);
    expect(manifest.faces.distinctBacks).toBe(5);
    const press = manifest.sheets.find((s: { profile: string }) => s.profile === 'press-sra3');
    expect(press).toMatchObject({ sheets: 3, cardsPerSheet: 10, rotated: true });
    const cards = manifest.files.find((f: { file: string }) => f.file === 'swan-nl-cards.pdf');
    expect(cards.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(cards.pageSizeMm).toEqual([80, 111]);
    const worksheet = manifest.files.find((f: { file: string }) => f.file === 'swan-nl-invulblad.pdf');
    expect(worksheet).toMatchObject({ pages: 2, pageSizeMm: [210, 297] });
  });

  it("lists every file on dist/index.html under the deck's picture, in the deck's language, offline", async () => {
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('href="swan/nl/swan-nl-sheets-school-a4.pdf"');
    expect(html).toContain('Printvellen voor school, dubbelzijdig (A4, zuinig met inkt)');
    expect(html).toContain('src="swan/nl/previews/01-intro-how-front.png"');
    expect(html).toContain('href="swan/nl/contact-sheet.png"');
    expect(html).not.toMatch(/https?:\/\//);
  });
});
